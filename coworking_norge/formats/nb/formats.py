"""Norwegian Bokmål: 15.01.2026, 15.01.2026 kl. 09:00, 5 000,00 kr (see formats/__init__.py)."""

DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = r"d.m.Y \k\l. H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # a non-breaking space, so that an amount never wraps
NUMBER_GROUPING = 3
# An amount in kroner, read by coworking_norge.formats.money (not one of Django's settings).
MONEY_FORMAT = "{amount}\xa0kr"
# A rate in per cent, 25 % with a non-breaking space (coworking_norge.formats.money).
PERCENT_FORMAT = "{value}\xa0%"
