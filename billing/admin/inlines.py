"""The invoice admin's inlines: a draft's lines, editable until it is issued; its payments and
reminders, only looked at. Amounts and quantities read as everywhere else (money, quantity)."""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from billing.forms import InvoiceLineFormSet
from billing.models import InvoiceLine, InvoiceReminder, Payment
from coworking_norge.admin_helpers import ReadOnlyAdminMixin
from coworking_norge.formats.money import money, quantity


def is_draft(obj) -> bool:
    return obj is None or not obj.is_issued


class PlainNumberInput(forms.NumberInput):
    """A number field that shows 1 and 25, not the column's 1.000 and 25.00."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return super().format_value(value)


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
    # An issued invoice's lines are only shown: its figures as the PDF writes them ("1", not
    # "1,000", which reads as a thousand in English).
    issued_fields = (
        "description",
        "kind",
        "line_quantity",
        "line_unit_price",
        "line_vat_rate",
        "period_start",
        "period_end",
        "line_net",
    )
    readonly_fields = ("line_quantity", "line_unit_price", "line_vat_rate", "line_net")
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("quantity", "vat_rate"):
            kwargs["widget"] = PlainNumberInput(attrs={"step": "any"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fields(self, request, obj=None):
        return self.fields if is_draft(obj) else self.issued_fields

    @admin.display(description=_("quantity"))
    def line_quantity(self, line: InvoiceLine) -> str:
        return quantity(line.quantity)

    @admin.display(description=_("unit price excl. VAT"))
    def line_unit_price(self, line: InvoiceLine) -> str:
        return money(line.unit_price)

    @admin.display(description=_("VAT rate (%)"))
    def line_vat_rate(self, line: InvoiceLine) -> str:
        return quantity(line.vat_rate)

    @admin.display(description=_("amount excl. VAT"))
    def line_net(self, line: InvoiceLine) -> str:
        return money(line.net_amount) if line.pk else ""

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
    fields = ("paid_on", "payment_amount", "source", "reference", "external_id", "registered_by")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("registered_by")

    @admin.display(description=_("amount"))
    def payment_amount(self, payment: Payment) -> str:
        return money(payment.amount)


class ReminderInline(ReadOnlyInline):
    model = InvoiceReminder
    fields = ("sent_on", "reminder_outstanding")

    @admin.display(description=_("outstanding"))
    def reminder_outstanding(self, reminder: InvoiceReminder) -> str:
        return money(reminder.outstanding)
