import json

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info, override

register = template.Library()

# Each language named in itself, as the switch shows it: "Norsk · English".
LANGUAGE_LABELS = {"nb": "Norsk", "en": "English"}
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.inclusion_tag("includes/_language_switch.html", takes_context=True)
def language_switch(context) -> dict:
    """Links to the same page in every language, so switching never loses your place."""
    request = context["request"]
    path = request.get_full_path()
    current = get_language()
    languages = [
        {
            "code": code,
            "name": LANGUAGE_LABELS.get(code) or get_language_info(code)["name_local"],
            "url": _in_language(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    return {"languages": languages}


def _in_language(path: str, code: str) -> str:
    """The page in that language; its home page when the path names no page (a 404)."""
    translated = translate_url(path, code)
    if translated == path and code != get_language():
        with override(code):
            return reverse("home")
    return translated


@register.filter
def jsonld(data: str) -> SafeString:
    """A JSON string as a schema.org data block; '<', '>' and '&' are escaped so it cannot end."""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(json.dumps(json.loads(data)).translate(_JSON_ESCAPES)),  # noqa: S308
    )
