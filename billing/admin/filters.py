"""The invoice list's filters: overdue, refund due, and the year of issue."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from billing.models import Invoice
from billing.selectors import invoices_overdue_q, invoices_refund_due_q


def year_from(value) -> int | None:
    """A year from a query parameter: ASCII digits within what a date can hold, else None."""
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()) or len(value) > 4:
        return None
    year = int(value)
    return year if 1 <= year <= 9999 else None


class OverdueFilter(admin.SimpleListFilter):
    """The overdue list: money still owed after the due date."""

    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return (("yes", _("Overdue")), ("no", _("Not overdue")))

    def queryset(self, request, queryset):
        overdue = invoices_overdue_q(timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(overdue)
        if self.value() == "no":
            return queryset.exclude(overdue)
        return queryset


class RefundDueFilter(admin.SimpleListFilter):
    """Credited (or partly credited) invoices paid beyond what they still ask for: the money is
    owed back."""

    title = _("refund due")
    parameter_name = "refund_due"

    def lookups(self, request, model_admin):
        return (("yes", _("Refund due")),)

    def queryset(self, request, queryset):
        return queryset.filter(invoices_refund_due_q()) if self.value() == "yes" else queryset


class IssueYearFilter(admin.SimpleListFilter):
    title = _("issue year")
    parameter_name = "issue_year"

    def lookups(self, request, model_admin):
        years = Invoice.objects.dates("issue_date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        year = year_from(self.value())
        return queryset if year is None else queryset.filter(issue_date__year=year)
