from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoworkingNorgeConfig(AppConfig):
    name = "coworking_norge"
    verbose_name = _("Coworking Norge")

    def ready(self) -> None:
        # Inline imports: Django's model machinery must be ready before these load.
        from django.db.models import fields  # noqa: PLC0415

        from coworking_norge.secretariat import secretariat_permissions_sync  # noqa: PLC0415

        # Django 6.1's "- Select an option -" has no Norwegian translation; ours has.
        fields.BLANK_CHOICE_LABEL = _("Choose…")
        # After every migrate, so models added later are in the group too.
        post_migrate.connect(secretariat_permissions_sync, dispatch_uid="secretariat_permissions")


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's own site (coworking_norge/admin_site.py)."""

    default = False  # named in INSTALLED_APPS; CoworkingNorgeConfig is this module's app
    default_site = "coworking_norge.admin_site.PortalAdminSite"
