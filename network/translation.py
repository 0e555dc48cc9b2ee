from modeltranslation.translator import TranslationOptions, register

from network.models import Partner


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("description", "offer", "place")
