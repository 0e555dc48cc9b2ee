from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    name = "hubs"
    verbose_name = _("Hubs")

    def ready(self) -> None:
        from hubs import signals  # noqa: F401  (connects the cache invalidation)
