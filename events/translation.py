from modeltranslation.translator import TranslationOptions, register

from events.models import Event, ProgrammeItem


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(ProgrammeItem)
class ProgrammeItemTranslationOptions(TranslationOptions):
    fields = ("title",)
