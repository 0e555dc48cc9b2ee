from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoworkingNorgeConfig(AppConfig):
    name = "coworking_norge"
    verbose_name = _("Coworking Norge")
