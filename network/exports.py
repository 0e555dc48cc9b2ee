"""The year's report for the grant-giver (network.selectors.figures.grant_report), for the
secretariat to download from the admin: as CSV, one file for machines (docs/exports.md says what
each row holds), and as XLSX, a workbook for people: a sheet of key figures, then one sheet for
each list behind them. Labels are in the language the admin is shown in; the CSV's are not."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from coworking_norge.csv_responses import csv_response, spreadsheet_safe
from network.selectors.figures import grant_report
from network.selectors.survey import FIGURES as SURVEY_FIGURES

CSV_COLUMNS = ("section", "name", "date", "value")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
MONTH_FORMAT = "yyyy-mm"
# Column widths in characters: wide enough for a heading, never wider than a screen's share.
MIN_WIDTH, MAX_WIDTH = 10, 60


def report_name(year: int) -> str:
    return f"rapport-{year}"


# The key figures, in order: (name, label, when each is counted: "year_end" as of the year's end
# (today for the year under way), "today" as of today — the portal keeps no history of hubs —, or
# "year" over the whole year).
KEY_FIGURES = (
    ("member_organisations", gettext_lazy("Member organisations"), "year_end"),
    ("new_member_organisations", gettext_lazy("New member organisations"), "year"),
    ("member_hubs", gettext_lazy("Member hubs"), "today"),
    ("desks", gettext_lazy("Desks (as the hubs state them)"), "today"),
    ("hubs_with_desks", gettext_lazy("Member hubs that state their desks"), "today"),
    ("counties", gettext_lazy("Counties with a member hub"), "today"),
    ("events_held", gettext_lazy("Events held"), "year"),
    ("participants", gettext_lazy("Participants in events"), "year"),
    ("visits", gettext_lazy("Network-pass visits"), "year"),
    ("resources_published", gettext_lazy("Resources published in the library"), "year"),
)


def key_figures(report: dict) -> list[tuple[str, str, int, date | None]]:
    """(name, label, value, as of — None for a count over the whole year) for each key figure."""
    days = {"year_end": report["as_of"], "today": report["today"], "year": None}
    return [
        (name, str(label), report["figures"][name], days[when]) for name, label, when in KEY_FIGURES
    ]


def survey_figures(report: dict) -> list[tuple[str, str, object]]:
    """(name, label, value) for the year's survey: the number of answers, then each figure's
    median, lowest and highest when at least SURVEY_MIN_ANSWERS hubs answered."""
    survey = report["survey"]
    if survey is None:
        return []
    rows = [("answers", _("Hubs that answered the survey"), survey["answers"])]
    labels = dict(SURVEY_FIGURES)
    for figure in survey["figures"]:
        name, label = figure["name"], labels[figure["name"]]
        for part, text in (
            ("median", _("%(figure)s, median")),
            ("low", _("%(figure)s, lowest")),
            ("high", _("%(figure)s, highest")),
        ):
            rows.append((f"{name}_{part}", text % {"figure": label}, figure[part]))
    return rows


# --- CSV ----------------------------------------------------------------------------------------


def grant_report_csv(year: int) -> HttpResponse:
    """coworking-norge-rapport-<year>.csv: one row per figure and per item of each list."""
    return csv_response(report_name(year), CSV_COLUMNS, _csv_rows(grant_report(year)))


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _csv_rows(report: dict) -> Iterable[list]:
    for name, _label, value, as_of in key_figures(report):
        yield ["figure", name, _iso(as_of), value]
    for name, _label, value in survey_figures(report):
        yield ["survey", name, "", value]
    for event in report["events"]:
        yield ["event", spreadsheet_safe(event.title), _iso(event.starts_on), event.participants]
    for month, count in report["visits_by_month"]:
        yield ["visits_month", f"{report['year']}-{month:02d}", "", count]
    for row in report["visits_by_hub"]:
        if row.hosted:
            yield ["visits_hub", spreadsheet_safe(row.hub.name), "", row.hosted]
    for organisation in report["new_members"]:
        name = spreadsheet_safe(organisation.legal_name)
        yield ["new_member", name, _iso(organisation.member_since), ""]
    for resource in report["resources"]:
        yield ["resource", spreadsheet_safe(resource.title), _iso(resource.published_on), ""]


# --- XLSX ---------------------------------------------------------------------------------------


def grant_report_xlsx(year: int) -> HttpResponse:
    """coworking-norge-rapport-<year>.xlsx: key figures, events, visits by month and by hub, new
    members and resources, a sheet each."""
    report = grant_report(year)
    workbook = Workbook()
    _key_figures_sheet(workbook.active, report)
    for title, columns, rows, *date_format in _list_sheets(report):
        _fill(workbook.create_sheet(title), columns, rows, *date_format)
    content = BytesIO()
    workbook.save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX_TYPE)
    filename = f"coworking-norge-{report_name(year)}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _key_figures_sheet(sheet: Worksheet, report: dict) -> None:
    sheet.title = _("Key figures")
    rows = [[label, value, as_of] for _name, label, value, as_of in key_figures(report)]
    rows += [[label, value, None] for _name, label, value in survey_figures(report)]
    columns = [_("Figure %(year)s") % {"year": report["year"]}, _("Value"), _("As of")]
    _fill(sheet, columns, rows)


def _list_sheets(report: dict) -> list[tuple]:
    """(sheet title, column headings, rows[, the date format when not a day])."""
    year = report["year"]
    return [
        (
            _("Events"),
            [_("Event"), _("Kind"), _("Date"), _("Venue"), _("Participants"), _("Checked in")],
            [
                [e.title, e.kind, e.starts_on, e.venue, e.participants, e.checked_in]
                for e in report["events"]
            ],
        ),
        (
            _("Visits by month"),
            [_("Month"), _("Visits")],
            [[date(year, month, 1), count] for month, count in report["visits_by_month"]],
            MONTH_FORMAT,
        ),
        (
            _("Visits by hub"),
            [_("Hub"), _("Hosted"), _("Sent"), _("Balance")],
            [[r.hub.name, r.hosted, r.sent, r.balance] for r in report["visits_by_hub"]],
        ),
        (
            _("New members"),
            [_("Organisation"), _("Organisation number"), _("Member since")],
            [[o.legal_name, o.organisation_number, o.member_since] for o in report["new_members"]],
        ),
        (
            _("Resources"),
            [_("Title"), _("Kind"), _("Published"), _("Contributed by")],
            [
                [r.title, r.get_kind_display(), r.published_on, _contributor(r)]
                for r in report["resources"]
            ],
        ),
    ]


def _contributor(resource) -> str:
    if resource.hub:
        return resource.hub.name
    return resource.organisation.legal_name if resource.organisation else ""


def _fill(
    sheet: Worksheet, columns: list[str], rows: list[list], date_format: str = DATE_FORMAT
) -> None:
    """A bold header row, then the rows: numbers as numbers, dates as dates, text as text (never
    a formula), each column as wide as its content."""
    sheet.append([str(column) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([str(value) if _is_text(value) else value for value in row])
        for cell in sheet[sheet.max_row]:
            _typed(cell, date_format)
    sheet.freeze_panes = "A2"
    _widths(sheet)


def _is_text(value) -> bool:
    return value is not None and not isinstance(value, int | float | Decimal | date)


def _typed(cell, date_format: str) -> None:
    if isinstance(cell.value, str):
        cell.data_type = "s"  # "=…" is text here, never a formula
    elif isinstance(cell.value, date):
        cell.number_format = date_format


def _widths(sheet: Worksheet) -> None:
    for index, column in enumerate(sheet.iter_cols(values_only=True), start=1):
        longest = max(len(_shown(value)) for value in column)
        width = min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = width


def _shown(value) -> str:
    if isinstance(value, date):
        return "yyyy-mm-dd"
    return "" if value is None else str(value)
