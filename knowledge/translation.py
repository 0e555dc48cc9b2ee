from modeltranslation.translator import TranslationOptions, register

from knowledge.models import Resource, Tag


@register(Resource)
class ResourceTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)
