from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("The network")

    def ready(self) -> None:
        # Inline: signals imports the models, which load only once the apps are ready.
        from network import signals  # noqa: F401, PLC0415  (the statistics' cache)
