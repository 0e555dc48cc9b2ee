"""The invoice admin's inlines: a draft's lines, editable until it is issued; its payments and
reminders, only looked at."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from billing.forms import InvoiceLineFormSet
from billing.models import InvoiceLine, InvoiceReminder, Payment
from coworking_norge.admin_helpers import ReadOnlyAdminMixin


def is_draft(obj) -> bool:
    return obj is None or not obj.is_issued


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    formset = InvoiceLineFormSet
    fields = (
        "description",
        "kind",
        "quantity",
        "unit_price",
        "vat_rate",
        "period_start",
        "period_end",
        "line_net",
    )
    readonly_fields = ("line_net",)
    extra = 0

    @admin.display(description=_("amount excl. VAT"))
    def line_net(self, line: InvoiceLine):
        return line.net_amount if line.pk else ""

    def has_add_permission(self, request, obj=None) -> bool:
        return is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_draft(obj) and super().has_delete_permission(request, obj)


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ("paid_on", "amount", "source", "reference", "external_id", "registered_by")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("registered_by")


class ReminderInline(ReadOnlyInline):
    model = InvoiceReminder
    fields = ("sent_on", "outstanding")
