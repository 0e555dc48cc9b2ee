from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from coworking_norge.text import escape

register = template.Library()

# The directory's card for one hub. Built in Python: a hundred cards through the template engine
# cost several times more than the rest of the page (the benchmark in bench/ measures it).
# The heading's link covers the whole card (stretched-link), so the picture leads there too.
# Short markup, styled by the classes in static/css/hubs.css: a hundred cards are most of the
# page's bytes, which the cached page's throughput follows.
_CARD = (
    '<li class="col"><article class="card hub-card">{image}<div class="card-body">'
    '<h2 class="card-title"><a href="{url}" class="stretched-link">{name}</a></h2>'
    '<p class="hub-card__place">{place}</p>'
    "{tagline}{facilities}{desks}</div></article></li>"
)
# The heading already names the hub, so the picture is decorative on the card: empty alt, always.
_IMAGE = (
    '<img class="card-img-top hub-card__image--{kind}" src="{src}"{srcset} '
    'width="{width}" height="{height}" alt="" loading="lazy">'
)
# The placeholder's picture is the stylesheet's (a background), so it costs the page nothing.
_PLACEHOLDER = '<div class="hub-card__placeholder"></div>'
_SRCSET = ' srcset="{srcset}" sizes="(min-width: 992px) 290px, (min-width: 768px) 45vw, 100vw"'
_TAGLINE = '<p class="hub-card__tagline"{lang}>{text}</p>'
_FACILITIES = '<ul class="hub-card__facilities" aria-label="{label}">{items}</ul>'
_FACILITY = "<li>{name}</li>"
_MORE = '<li class="hub-card__more">{text}</li>'
_DESKS = '<p class="hub-card__desks">{text}</p>'


@register.simple_tag
def hub_card_items(cards) -> SafeString:
    """The `<li>` of every card (hubs.selectors.HubCard), every value escaped."""
    facilities_label = escape(gettext("Facilities"))
    return mark_safe(  # noqa: S308 (escaped below)
        "".join(_card(card, facilities_label) for card in cards)
    )


def _card(card, facilities_label: str) -> str:
    tagline = ""
    if card.tagline:
        lang = f' lang="{escape(card.tagline_lang)}"' if card.tagline_lang else ""
        tagline = _TAGLINE.format(lang=lang, text=escape(card.tagline))
    return _CARD.format(
        image=_image(card.image) if card.image else "",
        url=escape(card.url),
        name=escape(card.name),
        place=escape(card.place or f"{card.city}, {card.county}"),
        tagline=tagline,
        facilities=_facilities(card, facilities_label),
        desks=_DESKS.format(text=escape(card.desks)) if card.desks else "",
    )


def _image(image) -> str:
    if image.kind == "placeholder":
        return _PLACEHOLDER
    return _IMAGE.format(
        kind=image.kind,
        src=escape(image.src),
        srcset=_SRCSET.format(srcset=escape(image.srcset)) if image.srcset else "",
        width=image.width,
        height=image.height,
    )


def _facilities(card, label: str) -> str:
    if not card.facilities:
        return ""
    items = "".join(_FACILITY.format(name=escape(name)) for name in card.facilities)
    if card.more_facilities:
        more = ngettext("+%(count)s more", "+%(count)s more", card.more_facilities) % {
            "count": card.more_facilities
        }
        items += _MORE.format(text=escape(more))
    return _FACILITIES.format(label=label, items=items)
