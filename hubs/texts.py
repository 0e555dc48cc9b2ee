"""A hub's translated texts in the page's language, falling back to Norwegian and saying so."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language

TRANSLATED_FIELDS = (
    "tagline",
    "description",
    "opening_hours",
    "accessibility_notes",
    "visitor_info",
)


@dataclass(frozen=True, slots=True)
class LocalText:
    text: str
    lang: str
    fallback: bool  # True when the page's language had no text and Norwegian stands in

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def local_text(obj, field: str) -> LocalText:
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    language = get_language() or default
    own = getattr(obj, f"{field}_{language}", "") or ""
    if own or language == default:
        return LocalText(own, language, False)
    norwegian = getattr(obj, f"{field}_{default}", "") or ""
    return LocalText(norwegian, default, bool(norwegian))


def local_texts(obj) -> dict[str, LocalText]:
    return {field: local_text(obj, field) for field in TRANSLATED_FIELDS}
