from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    name = "hubs"
    verbose_name = _("Hubs")

    def ready(self) -> None:
        # Inline: signals imports the models, which load only once the apps are ready.
        from coworking_norge.admin_todo import admin_todo  # noqa: PLC0415
        from hubs import signals  # noqa: F401, PLC0415  (connects the cache invalidation)
        from hubs.admin import admin_todo_items  # noqa: PLC0415

        admin_todo.connect(admin_todo_items, dispatch_uid="hubs")
