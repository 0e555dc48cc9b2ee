import simple_history
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import TranslationOptions, register

from hubs.models import Facility, Hub, HubPhoto


@register(Facility)
class FacilityTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Hub)
class HubTranslationOptions(TranslationOptions):
    fields = ("tagline", "description", "opening_hours", "accessibility_notes", "visitor_info")


@register(HubPhoto)
class HubPhotoTranslationOptions(TranslationOptions):
    # The Norwegian is required (the database's check); the English is optional, and an English
    # page without it shows the Norwegian marked lang="nb".
    fields = ("alt_text",)


# After the translated fields exist, so the history holds every language's text.
# The untranslated columns only mirror the Norwegian ones, so they are left out.
simple_history.register(
    Hub,
    m2m_fields=["facilities"],
    excluded_fields=["created_at", "updated_at", "map_x", "map_y", *HubTranslationOptions.fields],
    app="hubs",
    # simple-history's own name, "historical hub", is English whatever the page's language.
    verbose_name=_("hub profile change"),
    verbose_name_plural=_("hub profile changes"),
)

# As the hub's: after the translated alt text exists, so the history holds both languages.
simple_history.register(HubPhoto, excluded_fields=["width", "height"], app="hubs")
