"""The network in numbers (/network/): the figures of network.selectors.figures, each as a chart
(network.charts) with its numbers as a table.

The page's content is kept (coworking_norge.fragments) until a hub, an organisation, an event or
a registration, a visit, a resource or the survey changes. What moves with the clock alone —
events that end, the last twelve months, this year's members, resources whose publication day
comes — moves by the day, so the content's key holds today's date rather than naming MINUTE: it
is drawn at most once a day while nothing is written. The whole page kept for visitors has no
date in its key, so it is kept for the current minute only, as the home page is."""

from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from coworking_norge import fragments
from events.services.registrations import CACHE_SCOPE as EVENTS_SCOPE
from knowledge.selectors import CACHE_SCOPE as KNOWLEDGE_SCOPE
from network import charts
from network.models import SURVEY_MIN_ANSWERS
from network.selectors import MEMBERS_SCOPE, NETWORK_SCOPE
from network.selectors.figures import network_figures as figures_read
from visits.selectors import CACHE_SCOPE as VISITS_SCOPE

HUBS_SCOPE = "hubs"  # hubs.signals.SCOPE
SCOPES = (HUBS_SCOPE, MEMBERS_SCOPE, EVENTS_SCOPE, VISITS_SCOPE, KNOWLEDGE_SCOPE, NETWORK_SCOPE)


@require_safe
@fragments.cached_for_visitors((*SCOPES, fragments.MINUTE))
def network_figures(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    key = f"figures:{get_language()}:{today.isoformat()}"
    content = fragments.cached(SCOPES, key, lambda: _render(today))
    return render(request, "network/figures.html", {"content": content})


def _render(today: date) -> str:
    figures = figures_read(today)
    members = figures["members"]
    context = {
        **figures,
        "members_now": members[-1][1] if members else 0,
        "survey_minimum": SURVEY_MIN_ANSWERS,
        "charts": _charts(figures),
    }
    return render_to_string("network/includes/_figures_content.html", context)


@dataclass(frozen=True)
class Figure:
    """A chart and the same numbers as a table: a caption, the column headings, and rows whose
    first cell names the row."""

    chart: str
    caption: str
    columns: list[str]
    rows: list[list[str]]

    @property
    def stacked(self) -> bool:
        """A table of more than two columns becomes one block per row on a phone; two fit."""
        return len(self.columns) > 2

    @property
    def table(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Each row's name, and its other cells with their column's heading (for the phone)."""
        return [(row[0], list(zip(self.columns[1:], row[1:], strict=True))) for row in self.rows]


def _charts(figures: dict) -> dict:
    year = figures["today"].year
    return {
        "counties": _counties(figures["counties"]),
        "members": _members(figures["members"]),
        "events": _events(figures["events"]),
        "participants": _participants(figures["events"]),
        "visits": _visits(figures["visits"]),
        "balance": _balance(figures["balance"], year),
        "occupancy": _occupancy(figures["survey"]) if figures["survey"] else None,
    }


def _number(value) -> str:
    return charts.value_text(value)


def _one_series(draw, *, title, description, heading, name, points) -> Figure:
    """A chart of one series and its table: `points` are (label, value, label in the table)."""
    chart = draw(
        title=title,
        description=description,
        labels=[label for label, _value, _long in points],
        series=[(name, [value for _label, value, _long in points])],
    )
    table = [[long, _number(value)] for _label, value, long in points]
    return Figure(chart, title, [heading, name], table)


def _counties(rows) -> Figure:
    return _one_series(
        charts.bar_chart,
        title=gettext("Member hubs by county"),
        description=gettext("The number of member hubs in each of Norway's 15 counties."),
        heading=gettext("County"),
        name=gettext("Member hubs"),
        points=[(str(row.label), row.hubs, str(row.label)) for row in rows],
    )


def _members(rows) -> Figure:
    return _one_series(
        charts.column_chart,
        title=gettext("Member organisations by year"),
        description=gettext("Member organisations at the end of each year; this year, today."),
        heading=gettext("Year"),
        name=gettext("Member organisations"),
        points=[(str(year), count, str(year)) for year, count in rows],
    )


def _events(rows) -> Figure:
    return _one_series(
        charts.column_chart,
        title=gettext("Events held by year"),
        description=gettext("The events the network held each year."),
        heading=gettext("Year"),
        name=gettext("Events"),
        points=[(str(row.year), row.events, str(row.year)) for row in rows],
    )


def _participants(rows) -> Figure | None:
    if not any(row.participants for row in rows):
        return None  # no chart of zeros only: the page says so in words
    return _one_series(
        charts.column_chart,
        title=gettext("Participants by year"),
        description=gettext("The participants in the network's events each year."),
        heading=gettext("Year"),
        name=gettext("Participants"),
        points=[(str(row.year), row.participants, str(row.year)) for row in rows],
    )


def _visits(rows) -> Figure | None:
    if not any(count for _month, count in rows):
        return None
    return _one_series(
        charts.column_chart,
        title=gettext("Network-pass visits by month"),
        description=gettext("Visits by month over the last 12 months, this month so far."),
        heading=gettext("Month"),
        name=gettext("Visits"),
        points=[
            (
                formats.date_format(month, "M Y"),
                count,
                formats.date_format(month, "YEAR_MONTH_FORMAT"),
            )
            for month, count in rows
        ],
    )


def _listed(rows) -> list[tuple[str, int, int]]:
    """(name, hosted, sent) of each hub in the directory; the visits of hubs taken off it
    (unpublished) summed in one last row, so that this public page never names them."""
    listed = [(row.hub.name, row.hosted, row.sent) for row in rows if row.hub.is_published]
    hidden = [row for row in rows if not row.hub.is_published]
    if hidden:
        name = gettext("Other hubs (not in the directory)")
        listed.append((name, sum(r.hosted for r in hidden), sum(r.sent for r in hidden)))
    return listed


def _balance(ledger_rows, year: int) -> Figure:
    rows = _listed(ledger_rows)
    title = gettext("Visits hosted and sent by hub, %(year)s") % {"year": year}
    chart = charts.bar_chart(
        title=title,
        description=gettext(
            "For each hub, the visits it hosted and the visits its own coworkers made to other "
            "hubs in %(year)s."
        )
        % {"year": year},
        labels=[name for name, _hosted, _sent in rows],
        series=[
            (gettext("Hosted"), [hosted for _name, hosted, _sent in rows]),
            (gettext("Sent"), [sent for _name, _hosted, sent in rows]),
        ],
    )
    columns = [gettext("Hub"), gettext("Hosted"), gettext("Sent"), gettext("Balance")]
    table = [
        [name, _number(hosted), _number(sent), _signed(hosted - sent)]
        for name, hosted, sent in rows
    ]
    return Figure(chart, title, columns, table)


def _signed(balance: int) -> str:
    """A plus sign before a positive balance, a minus sign (U+2212) before a negative one, as
    the hosts' pages write it."""
    if balance > 0:
        return f"+{_number(balance)}"
    return f"\u2212{_number(-balance)}" if balance < 0 else "0"


def _occupancy(survey: dict) -> Figure:
    title = gettext("Occupancy, %(year)s") % {"year": survey["survey"].year}
    chart = charts.bar_chart(
        title=title,
        description=gettext("How many of the hubs that answered reported each occupancy band."),
        labels=[str(label) for label, _count in survey["occupancy"]],
        series=[(gettext("Hubs"), [count for _label, count in survey["occupancy"]])],
    )
    table = [[str(label), _number(count)] for label, count in survey["occupancy"]]
    return Figure(chart, title, [gettext("Occupancy"), gettext("Hubs")], table)
