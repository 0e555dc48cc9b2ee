from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from members import checks  # noqa: F401  (registers the fee settings' checks)
        from members.signals import secretariat_permissions_sync

        # After every migrate, so models added later are in the group too.
        post_migrate.connect(secretariat_permissions_sync, dispatch_uid="secretariat_permissions")
