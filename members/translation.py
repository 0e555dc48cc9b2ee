from modeltranslation.translator import TranslationOptions, register

from members.models import MembershipTier


@register(MembershipTier)
class MembershipTierTranslationOptions(TranslationOptions):
    fields = ("name",)
