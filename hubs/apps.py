from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    name = "hubs"
    verbose_name = _("Hubs")

    def ready(self) -> None:
        # Inline: signals imports the models, which load only once the apps are ready.
        from hubs import signals  # noqa: F401, PLC0415  (connects the cache invalidation)
