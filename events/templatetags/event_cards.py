"""{% event_card_items cards %}: the `<li>` of every event card (events.selectors.EventCard).

Built in Python, as hubs' directory cards are: twenty cards through the template engine cost
several times more than the rest of /events/ (bench/ measures it). Every value is escaped. The
heading's link covers the card (stretched-link); the hub's link stays clickable above it."""

from django import template
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

from coworking_norge.formats.money import money
from coworking_norge.text import escape

register = template.Library()

_CARD = (
    '<li class="col"><article class="card event-card h-100{modifier}"><div class="card-body">'
    '<p class="event-card__badges"><span class="badge text-bg-light">{kind}</span>{cancelled}</p>'
    '<h2 class="card-title h5"><a href="{url}" class="stretched-link">{title}</a></h2>'
    '<p class="event-card__when"><time datetime="{iso}">{when}</time></p>'
    "{place}{facts}</div></article></li>"
)
_CANCELLED = ' <span class="badge text-bg-danger">{text}</span>'
_PLACE = '<p class="event-card__place">{place}</p>'
_HUB = '<a href="{url}">{name}</a>'
_FACTS = (
    '<p class="event-card__facts"><span class="event-card__price">{price}</span>'
    '<span class="event-card__seats">{seats}</span></p>'
)


@register.simple_tag
def event_card_items(cards, past: bool = False) -> SafeString:
    return mark_safe("".join(_card(card, past) for card in cards))  # noqa: S308 (escaped)


def _card(card, past: bool) -> str:
    return _CARD.format(
        modifier=" event-card--cancelled" if card.cancelled else "",
        kind=escape(capfirst(card.kind_label)),
        cancelled=_CANCELLED.format(text=escape(gettext("Cancelled"))) if card.cancelled else "",
        url=escape(card.url),
        title=escape(card.title),
        iso=timezone.localtime(card.starts_at).isoformat(),
        when=escape(capfirst(card.when)),
        place=_place(card),
        facts="" if past or card.cancelled else _facts(card),
    )


def _place(card) -> str:
    if not card.place:
        return ""
    if card.hub_url:
        return _PLACE.format(place=_HUB.format(url=escape(card.hub_url), name=escape(card.place)))
    return _PLACE.format(place=escape(card.place))


def _facts(card) -> str:
    return _FACTS.format(price=escape(_price(card)), seats=escape(_seats(card)))


def _price(card) -> str:
    if card.price_from is None:
        return gettext("Free")
    if card.price_varies:
        return gettext("from %(price)s incl. VAT") % {"price": money(card.price_from)}
    return gettext("%(price)s incl. VAT") % {"price": money(card.price_from)}


def _seats(card) -> str:
    if card.state == "closed":
        return gettext("Registration closed")
    if card.state == "not_open":
        opens = formats_datetime(card.opens_at)
        return gettext("Registration opens %(date)s") % {"date": opens}
    if card.full:
        return gettext("Full – waiting list")
    return ngettext("%(counter)s seat left", "%(counter)s seats left", card.seats_left) % {
        "counter": card.seats_left
    }


def formats_datetime(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
