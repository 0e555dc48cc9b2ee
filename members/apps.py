from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        # Inline: the admin imports the models, which load only once the apps are ready.
        from coworking_norge.admin_todo import admin_todo  # noqa: PLC0415
        from members.admin import admin_todo_items  # noqa: PLC0415

        admin_todo.connect(admin_todo_items, dispatch_uid="members")
