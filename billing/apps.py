from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        # Inline imports: the models and the other apps' signals must be loaded first.
        from billing import checks, views  # noqa: F401, PLC0415  (checks registers the checks)
        from billing.admin import todo  # noqa: PLC0415
        from coworking_norge.admin_todo import admin_todo  # noqa: PLC0415
        from members.signals import organisation_page_sections  # noqa: PLC0415

        organisation_page_sections.connect(views.invoices_sections, dispatch_uid="invoices")
        admin_todo.connect(todo.admin_todo_items, dispatch_uid="billing")
