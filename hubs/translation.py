from modeltranslation.translator import TranslationOptions, register

from hubs.models import Facility, Hub


@register(Facility)
class FacilityTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Hub)
class HubTranslationOptions(TranslationOptions):
    fields = ("tagline", "description", "opening_hours", "accessibility_notes", "visitor_info")
