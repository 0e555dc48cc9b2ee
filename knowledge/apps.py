from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Library")

    def ready(self) -> None:
        # Inline: signals imports the models, which load only once the apps are ready.
        from coworking_norge.admin_todo import admin_todo  # noqa: PLC0415
        from knowledge import signals  # noqa: F401, PLC0415  (the page cache, Min side)
        from knowledge.admin import admin_todo_items  # noqa: PLC0415

        admin_todo.connect(admin_todo_items, dispatch_uid="knowledge")
