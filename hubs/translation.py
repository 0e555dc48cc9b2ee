import simple_history
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import TranslationOptions, register

from hubs.models import Facility, Hub


@register(Facility)
class FacilityTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Hub)
class HubTranslationOptions(TranslationOptions):
    fields = ("tagline", "description", "opening_hours", "accessibility_notes", "visitor_info")


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
