"""Amounts and quantities written the one way, per language, with the separators of the
language's format module (coworking_norge/formats/<language>/formats.py):

    money(Decimal("5000"))         nb "5 000,00 kr"     en "NOK 5,000.00"
    money(Decimal("-150"))         nb "\u2212150,00 kr"  en "\u2212NOK 150.00"
    money(x, currency=False)       nb "5 000,00"        en "5,000.00"   (a column headed "NOK")
    quantity(Decimal("1.000"))     nb "1"               en "1"
    quantity(Decimal("2.5"))       nb "2,5"             en "2.5"
    percent(Decimal("25.00"))      nb "25 %"            en "25%"

Thousands are grouped with the language's separator (nb a non-breaking space, so an amount never
wraps), and the currency is joined by a non-breaking space, as Norwegian joins the per cent sign
(English writes it right after the number). A negative amount takes a minus sign (U+2212, which
screen readers read as "minus") before the whole amount, currency included.
The language is the active one unless `language` names another (an invoice's, say).
Templates use the `money`, `quantity` and `percent` filters (coworking_norge/templatetags/money.py).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, numberformat

MINUS = "\u2212"
ORE = Decimal("0.01")
DEFAULT_MONEY_FORMAT = "NOK\xa0{amount}"
DEFAULT_PERCENT_FORMAT = "{value}%"


def money(amount, *, language: str | None = None, currency: bool = True) -> str:
    """The amount in kroner with two decimals; "" for None (an empty cell)."""
    if amount is None or amount == "":
        return ""
    value = Decimal(amount).quantize(ORE, rounding=ROUND_HALF_UP)
    text = _grouped(abs(value), 2, language)
    if currency:
        text = _money_format(language).format(amount=text)
    return f"{MINUS}{text}" if value < 0 else text


def quantity(value, *, language: str | None = None) -> str:
    """A quantity or a rate without trailing zeros: 1, 2,5, 12,5, 1 000."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    whole = value == value.to_integral_value()
    places = 0 if whole else -value.normalize().as_tuple().exponent
    text = _grouped(abs(value), places, language)
    return f"{MINUS}{text}" if value < 0 else text


def percent(value, *, language: str | None = None) -> str:
    """A rate in per cent, as quantity() writes it, with the language's sign: nb "25 %", en
    "25%"; "" for None."""
    if value is None or value == "":
        return ""
    pattern = _format_of("PERCENT_FORMAT", language) or DEFAULT_PERCENT_FORMAT
    return pattern.format(value=quantity(value, language=language))


def _grouped(value: Decimal, places: int, language: str | None) -> str:
    return numberformat.format(
        value,
        formats.get_format("DECIMAL_SEPARATOR", language),
        decimal_pos=places,
        grouping=formats.get_format("NUMBER_GROUPING", language),
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR", language),
        force_grouping=True,
    )


def _money_format(language: str | None) -> str:
    return _format_of("MONEY_FORMAT", language) or DEFAULT_MONEY_FORMAT


def _format_of(name: str, language: str | None) -> str:
    """MONEY_FORMAT or PERCENT_FORMAT of the language's format module; Django's get_format() knows
    only its own settings, so the modules are read directly (the first that has it wins)."""
    for module in formats.get_format_modules(language):
        pattern = getattr(module, name, None)
        if pattern:
            return pattern
    return ""
