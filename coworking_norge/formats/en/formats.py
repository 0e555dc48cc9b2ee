"""English, written in Norway: 15 Jan 2026, NOK 5,000.00 (coworking_norge/formats/__init__.py).

Day before month everywhere, and a 24-hour clock; a date is typed as 2026-01-15, 15 Jan 2026 or
15.01.2026, never month first, so that 01/02 cannot be misread."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-01-15, first: what date fields show
    "%d %b %Y",  # 15 Jan 2026
    "%d %B %Y",  # 15 January 2026
    "%d.%m.%Y",  # 15.01.2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d %b %Y %H:%M",
    "%d.%m.%Y %H:%M",
]
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
# An amount in kroner, read by coworking_norge.formats.money (not one of Django's settings).
MONEY_FORMAT = "NOK\xa0{amount}"
# A rate in per cent, 25% with the sign right after the number (coworking_norge.formats.money).
PERCENT_FORMAT = "{value}%"
