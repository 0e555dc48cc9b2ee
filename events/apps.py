from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # Inline: signals imports the models, which load only once the apps are ready.
        from coworking_norge.admin_todo import admin_todo  # noqa: PLC0415
        from events import signals  # noqa: F401, PLC0415  (page cache and hub profiles)
        from events.admin.todo import admin_todo_items  # noqa: PLC0415

        admin_todo.connect(admin_todo_items, dispatch_uid="events")
