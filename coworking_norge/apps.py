from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoworkingNorgeConfig(AppConfig):
    name = "coworking_norge"
    verbose_name = _("Coworking Norge")

    def ready(self) -> None:
        from django.db.models import fields

        # Django 6.1's "- Select an option -" has no Norwegian translation; ours has.
        fields.BLANK_CHOICE_LABEL = _("Choose…")
