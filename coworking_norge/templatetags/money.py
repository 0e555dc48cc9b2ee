"""{{ amount|money }} "5 000,00 kr" / "NOK 5,000.00", {{ amount|money:"plain" }} without the
currency, {{ line.quantity|quantity }} "1" / "2,5", {{ rate|percent }} "25 %" / "25%":
coworking_norge/formats/money.py says how."""

from django import template

from coworking_norge.formats import money as formats_money

register = template.Library()


@register.filter
def money(amount, arg: str = "") -> str:
    return formats_money.money(amount, currency=arg != "plain")


@register.filter
def quantity(value) -> str:
    return formats_money.quantity(value)


@register.filter
def percent(value) -> str:
    return formats_money.percent(value)
