"""The fee dashboard: a year's billed, paid, outstanding, overdue and to refund, with the year's
invoices and payments as CSV. A mixin of the invoice admin, whose permissions it takes."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext

from billing.admin.filters import year_from
from billing.exports import invoices_csv, payments_csv
from billing.models import Invoice, Payment
from billing.selectors import billing_year_by_status, billing_year_figures


class InvoiceDashboardMixin:
    def dashboard_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("dashboard/", view(self.dashboard_view), name="billing_invoice_dashboard"),
            path(
                "dashboard/invoices.csv",
                view(self.dashboard_invoices_csv),
                name="billing_invoice_dashboard_invoices",
            ),
            path(
                "dashboard/payments.csv",
                view(self.dashboard_payments_csv),
                name="billing_invoice_dashboard_payments",
            ),
        ]

    def _dashboard_year(self, request) -> int:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return year_from(request.GET.get("year")) or _this_year()

    def dashboard_view(self, request):
        year = self._dashboard_year(request)
        today = timezone.localdate()
        years = {day.year for day in Invoice.objects.dates("issue_date", "year")}
        changelist = reverse("admin:billing_invoice_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Invoices in %(year)s") % {"year": year},
            "year": year,
            "years": sorted(years | {year, today.year}, reverse=True),
            "figures": billing_year_figures(year=year, today=today),
            "by_status": billing_year_by_status(year=year),
            "changelist_url": changelist,
            "overdue_url": f"{changelist}?overdue=yes&issue_year={year}",
            "all_overdue_url": f"{changelist}?overdue=yes",
            "drafts_url": f"{changelist}?status={Invoice.Status.DRAFT}",
            "refund_url": f"{changelist}?refund_due=yes&issue_year={year}",
            "can_view_payments": self.has_view_payments_permission(request),
        }
        return TemplateResponse(request, "admin/billing/invoice/dashboard.html", context)

    def dashboard_invoices_csv(self, request):
        year = self._dashboard_year(request)
        return invoices_csv(Invoice.objects.filter(issue_date__year=year), name=str(year))

    def dashboard_payments_csv(self, request):
        year = self._dashboard_year(request)
        if not self.has_view_payments_permission(request):
            raise PermissionDenied
        return payments_csv(Payment.objects.filter(paid_on__year=year), name=str(year))


def _this_year() -> int:
    return timezone.localdate().year
