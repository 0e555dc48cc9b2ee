"""The secretariat's admin site."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coworking_norge.admin_helpers import OddInputMixin


class PortalAdminSite(admin.AdminSite):
    """Django's admin under the network's name, where every model admin registered, the portal's
    and other apps' alike, answers odd query strings without a server error (OddInputMixin)."""

    site_header = _("Coworking Norge – administration")
    site_title = _("Coworking Norge – administration")
    index_title = _("The secretariat's back office")

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, OddInputMixin):
            admin_class = type(
                admin_class.__name__,
                (OddInputMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)
