from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The directory's card for one hub. Built in Python: a hundred cards through the template engine
# cost several times more than the rest of the page (the benchmark in bench/ measures it).
_CARD = (
    '<li class="col"><article class="card h-100"><div class="card-body">'
    '<h2 class="h5 card-title"><a href="{url}">{name}</a></h2>'
    '<p class="card-subtitle small text-body-secondary mb-2">{city}, {county}</p>'
    "{tagline}{desks}</div></article></li>"
)
_TAGLINE = '<p class="card-text mb-2"{lang}>{text}</p>'
_DESKS = '<p class="card-text small mb-0">{text}</p>'


@register.simple_tag
def hub_card_items(cards) -> SafeString:
    """The `<li>` of every card (hubs.selectors.HubCard), every value escaped."""
    return mark_safe("".join(_card(card) for card in cards))  # noqa: S308 (escaped below)


def _card(card) -> str:
    tagline = ""
    if card.tagline:
        lang = f' lang="{escape(card.tagline_lang)}"' if card.tagline_lang else ""
        tagline = _TAGLINE.format(lang=lang, text=escape(card.tagline))
    return _CARD.format(
        url=escape(card.url),
        name=escape(card.name),
        city=escape(card.city),
        county=escape(card.county),
        tagline=tagline,
        desks=_DESKS.format(text=escape(card.desks)) if card.desks else "",
    )
