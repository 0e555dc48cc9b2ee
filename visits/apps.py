from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Network pass")

    def ready(self) -> None:
        # Inline: signals imports the models, which load only once the apps are ready.
        from visits import signals  # noqa: F401, PLC0415  (resignations, the page cache)
