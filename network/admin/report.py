"""The year's report for the grant-giver, in the admin: a page to pick a year and see its key
figures, and the downloads as CSV and XLSX (network.exports). A mixin of a ModelAdmin (the
survey's), for the secretariat only: someone else on the admin's staff is refused (403, as the
fairness ledger does), and anyone not on the staff is sent to the admin's sign-in."""

from django.core.exceptions import PermissionDenied
from django.db.models import Min
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext

from coworking_norge.secretariat import is_secretariat
from members.models import Organisation
from network.exports import grant_report_csv, grant_report_xlsx, key_figures, survey_figures
from network.selectors.figures import grant_report

# No report is made for a year before the network's portal could know of it.
FIRST_YEAR = 2016


class GrantReportMixin:
    """Adds admin URLs report/, report/<year>.csv and report/<year>.xlsx to a ModelAdmin, and the
    report's link (`grant_report_url`) to its change list's context."""

    report_template = "admin/network/grant_report.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("report/", view(self.report_view), name="network_grant_report"),
            path("report/<int:year>.csv", view(self.report_csv), name="network_grant_report_csv"),
            path(
                "report/<int:year>.xlsx", view(self.report_xlsx), name="network_grant_report_xlsx"
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if is_secretariat(request.user):
            extra_context = {**(extra_context or {}), "grant_report_url": _report_url()}
        return super().changelist_view(request, extra_context)

    def report_view(self, request):
        _require_secretariat(request)
        years = _years()
        year = _chosen(request.GET.get("year"), years)
        report = grant_report(year)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Report for the grant-giver, %(year)s") % {"year": year},
            "year": year,
            "years": years,
            "report": report,
            "figures": key_figures(report),
            "survey_figures": survey_figures(report),
            "csv_url": reverse("admin:network_grant_report_csv", args=[year]),
            "xlsx_url": reverse("admin:network_grant_report_xlsx", args=[year]),
        }
        return TemplateResponse(request, self.report_template, context)

    def report_csv(self, request, year: int):
        _require_secretariat(request, year)
        return grant_report_csv(year)

    def report_xlsx(self, request, year: int):
        _require_secretariat(request, year)
        return grant_report_xlsx(year)


def _report_url() -> str:
    return reverse("admin:network_grant_report")


def _require_secretariat(request, year: int | None = None) -> None:
    if not is_secretariat(request.user):
        raise PermissionDenied
    if year is not None and year not in _years():
        raise Http404


def _years() -> list[int]:
    """From the year the first member joined (this year if none has) to this year, newest first."""
    this_year = timezone.localdate().year
    first = Organisation.objects.aggregate(first=Min("member_since"))["first"]
    start = max(FIRST_YEAR, min(first.year if first else this_year, this_year))
    return list(range(this_year, start - 1, -1))


def _chosen(value: str | None, years: list[int]) -> int:
    """The year asked for, if offered; else last year, the one a report is usually for."""
    # Compared as text: int() of thousands of digits raises (Python's limit on long numbers).
    offered = {str(year): year for year in years}
    if value in offered:
        return offered[value]
    return years[1] if len(years) > 1 else years[0]
