"""The fairness ledger between hubs, in the visit admin: per hub, the visits it hosted and sent in
a year or one month of it (visits.selectors.ledger: arrived visits), with the balance, and the
same as CSV for settling between hubs. A mixin of the visit admin, whose view permission it
takes."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext

from coworking_norge.csv_responses import csv_response, spreadsheet_safe
from hubs.models import Hub
from visits.models import Visit
from visits.selectors import ledger

LEDGER_COLUMNS = (
    "hub",
    "organisation_number",
    "year",
    "month",
    "hosted",
    "sent",
    "balance",
)


class LedgerMixin:
    def ledger_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("ledger/", view(self.ledger_view), name="visits_visit_ledger"),
            path("ledger.csv", view(self.ledger_csv), name="visits_visit_ledger_csv"),
        ]

    def _period(self, request) -> tuple[int, int | None]:
        if not self.has_view_permission(request):
            raise PermissionDenied
        year = _number(request.GET.get("year"), 1, 9999) or timezone.localdate().year
        return year, _number(request.GET.get("month"), 1, 12)

    def ledger_view(self, request):
        year, month = self._period(request)
        rows = ledger(year, month)
        query = f"year={year}" + (f"&month={month}" if month else "")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _title(year, month),
            "year": year,
            "month": month,
            "years": _years(year),
            "months": list(MONTHS.items()),
            "rows": rows,
            **_totals(rows),
            "changelist_url": reverse("admin:visits_visit_changelist"),
            "csv_url": f"{reverse('admin:visits_visit_ledger_csv')}?{query}",
        }
        return TemplateResponse(request, "admin/visits/visit/ledger.html", context)

    def ledger_csv(self, request):
        year, month = self._period(request)
        rows = ledger(year, month)
        numbers = _organisation_numbers(rows)
        lines = (_csv_row(row, year, month, numbers.get(row.hub.pk) or "") for row in rows)
        name = f"ledger-{year}" + (f"-{month:02d}" if month else "")
        return csv_response(name, LEDGER_COLUMNS, lines)


def _totals(rows) -> dict[str, int]:
    hosted, sent = sum(row.hosted for row in rows), sum(row.sent for row in rows)
    return {"hosted": hosted, "sent": sent, "balance": hosted - sent}


def _organisation_numbers(rows) -> dict[int, str]:
    """Each hub's organisation's number, in one query, for the accounts to match."""
    hubs = Hub.objects.filter(pk__in=[row.hub.pk for row in rows])
    return dict(hubs.values_list("pk", "organisation__organisation_number"))


def _csv_row(row, year: int, month: int | None, number: str) -> list:
    hub = spreadsheet_safe(row.hub.name)
    return [hub, number, year, month or "", row.hosted, row.sent, row.balance]


def _number(value, low: int, high: int) -> int | None:
    """A whole number from a query parameter within [low, high], else None."""
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()) or len(value) > 4:
        return None
    number = int(value)
    return number if low <= number <= high else None


def _years(year: int) -> list[int]:
    years = {day.year for day in Visit.objects.dates("date", "year")}
    return sorted(years | {year, timezone.localdate().year}, reverse=True)


def _title(year: int, month: int | None) -> str:
    if month:
        return gettext("Fairness ledger, %(month)s %(year)s") % {
            "month": MONTHS[month],
            "year": year,
        }
    return gettext("Fairness ledger, %(year)s") % {"year": year}
