"""The network in numbers (/network/) and the year's figures for the grant-giver, read from the
other apps. Every read here is a fixed number of queries whatever the number of hubs, events or
visits: the counting is done by the database (COUNT and SUM with GROUP BY), never row by row.

What counts, said once:
- a member hub is a published hub of an organisation whose status is member;
- an organisation was a member at a day if it became one on or before that day and had not
  resigned by then (status member or resigned: applicants and rejected ones never count);
- an event was held if it is published, not cancelled and ended before the day asked about; its
  participants are its confirmed registrations, checked in at the door or not (waiting list and
  cancelled ones do not count);
- a network-pass visit counts once the host marked the visitor as arrived (SETTLED in
  visits.selectors);
- a resource is in the library once it is published and its publication day has come.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from events.models import Event, Registration
from hubs.counties import County
from hubs.models import Hub
from knowledge.models import Resource
from knowledge.selectors import resources_published_in
from members.models import Organisation
from network.models import Survey
from network.selectors.survey import survey_aggregates, survey_latest_with_answers
from visits.models import Visit
from visits.selectors import SETTLED, ledger, network_visits_by_month

MEMBER = Organisation.Status.MEMBER
EVER_MEMBERS = (Organisation.Status.MEMBER, Organisation.Status.RESIGNED)
CONFIRMED = Registration.Status.CONFIRMED
MONTHS_SHOWN = 12


def member_hubs() -> QuerySet[Hub]:
    return Hub.objects.filter(is_published=True, organisation__status=MEMBER)


# --- Hubs, desks and counties --------------------------------------------------------------------


@dataclass(frozen=True)
class CountyRow:
    county: str
    label: str
    hubs: int
    desks: int


def hubs_by_county() -> list[CountyRow]:
    """Member hubs and their desks in each of the 15 counties, in the counties' order, zeros
    included (one query)."""
    counts = {
        county: (hubs, desks or 0)
        for county, hubs, desks in member_hubs()
        .order_by()
        .values_list("county")
        .annotate(hubs=Count("pk"), desks=Sum("capacity"))
        .values_list("county", "hubs", "desks")
    }
    return [CountyRow(value, label, *counts.get(value, (0, 0))) for value, label in County.choices]


def hub_totals() -> dict[str, int]:
    """Member hubs, their desks (of the hubs that state them, with how many do) and the counties
    they are in, of the 15 (one query)."""
    totals = member_hubs().aggregate(
        hubs=Count("pk"),
        desks=Sum("capacity"),
        hubs_with_desks=Count("capacity"),
        counties=Count("county", distinct=True),
    )
    totals = {key: value or 0 for key, value in totals.items()}
    return totals | {"all_counties": len(County.choices)}


# --- Member organisations -------------------------------------------------------------------------


def member_on(day: date) -> Q:
    """An organisation that was a member at the end of `day`."""
    return Q(status__in=EVER_MEMBERS, member_since__lte=day) & (
        Q(resigned_on__isnull=True) | Q(resigned_on__gt=day)
    )


def year_end(year: int, today: date) -> date:
    """The last day of the year, or today for the year under way."""
    return min(date(year, 12, 31), today)


def members_by_year(today: date | None = None) -> list[tuple[int, int]]:
    """(year, member organisations at its end — today for this year), from the year the first
    one joined to this year (two queries)."""
    today = today or timezone.localdate()
    first = Organisation.objects.filter(status__in=EVER_MEMBERS).aggregate(
        first=Min("member_since")
    )["first"]
    if first is None or first > today:
        return []
    years = range(first.year, today.year + 1)
    counts = Organisation.objects.aggregate(
        **{f"y{year}": Count("pk", filter=member_on(year_end(year, today))) for year in years}
    )
    return [(year, counts[f"y{year}"]) for year in years]


# --- Events ---------------------------------------------------------------------------------------


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def events_held(before: datetime) -> QuerySet[Event]:
    """Published, not cancelled, and over before `before`."""
    return Event.objects.public().filter(cancelled_at__isnull=True, ends_at__lt=before)


@dataclass(frozen=True)
class EventYear:
    year: int
    events: int
    participants: int


def events_by_year(today: date | None = None) -> list[EventYear]:
    """Events held before today and their participants, by the year they started, from the first
    such year to this one, years without any included (one query)."""
    today = today or timezone.localdate()
    counts = {
        year: (events, participants)
        for year, events, participants in events_held(start_of(today))
        .annotate(year=ExtractYear("starts_at"))
        .order_by()
        .values_list("year")
        .annotate(
            events=Count("pk", distinct=True),
            participants=Count("registrations", filter=Q(registrations__status=CONFIRMED)),
        )
        .values_list("year", "events", "participants")
    }
    if not counts:
        return []
    years = range(min(counts), today.year + 1)
    return [EventYear(year, *counts.get(year, (0, 0))) for year in years]


# --- Network-pass visits --------------------------------------------------------------------------


def months_back(today: date, count: int = MONTHS_SHOWN) -> list[date]:
    """The first days of the `count` months up to and including today's, oldest first."""
    index = today.year * 12 + today.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def visits_by_month(today: date | None = None) -> list[tuple[date, int]]:
    """(first day of the month, arrived visits) for the last 12 months, this one so far
    included (one query)."""
    months = months_back(today or timezone.localdate())
    counts = {
        (year, month): n
        for year, month, n in Visit.objects.filter(
            status=SETTLED, date__gte=months[0], date__lt=_next_month(months[-1])
        )
        .annotate(year=ExtractYear("date"), month=ExtractMonth("date"))
        .order_by()
        .values_list("year", "month")
        .annotate(n=Count("pk"))
        .values_list("year", "month", "n")
    }
    return [(month, counts.get((month.year, month.month), 0)) for month in months]


# --- The library and the survey -------------------------------------------------------------------


def resources_in_library() -> int:
    """Resources published in the library, public and members-only alike (one query)."""
    return Resource.objects.published().count()


def survey_figures() -> dict | None:
    """The newest survey with enough answers to show (survey_aggregates), or None (two queries)."""
    survey = survey_latest_with_answers()
    return survey_aggregates(survey) if survey else None


# --- The page -------------------------------------------------------------------------------------


def network_figures(today: date | None = None) -> dict:
    """Everything /network/ shows, as of `today` (a fixed number of queries, about a dozen)."""
    today = today or timezone.localdate()
    return {
        "today": today,
        "totals": hub_totals(),
        "counties": hubs_by_county(),
        "members": members_by_year(today),
        "events": events_by_year(today),
        "visits": visits_by_month(today),
        "balance": ledger(today.year),
        "resources": resources_in_library(),
        "survey": survey_figures(),
    }


# --- The grant report -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HeldEvent:
    title: str
    kind: str
    starts_on: date
    venue: str
    participants: int
    checked_in: int


def events_held_in(year: int, today: date) -> list[HeldEvent]:
    """The events held in the year (by the day they started), with their participants, in
    order (one query)."""
    events = (
        events_held(start_of(today))
        .filter(
            starts_at__gte=start_of(date(year, 1, 1)), starts_at__lt=start_of(date(year + 1, 1, 1))
        )
        .select_related("hub")
        .annotate(
            participants=Count("registrations", filter=Q(registrations__status=CONFIRMED)),
            checked_in=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
        )
        .order_by("starts_at", "pk")
    )
    return [
        HeldEvent(
            event.title,
            event.get_kind_display(),
            timezone.localdate(event.starts_at),
            event.hub.name if event.hub else event.venue_name,
            event.participants,
            event.checked_in,
        )
        for event in events
    ]


def new_members_in(year: int, today: date) -> QuerySet[Organisation]:
    """Organisations that became members in the year (up to today), whether or not they still
    are."""
    joined = Q(member_since__year=year, member_since__lte=today)
    return Organisation.objects.filter(joined, status__in=EVER_MEMBERS).order_by(
        "member_since", "legal_name"
    )


def grant_report(year: int, today: date | None = None) -> dict:
    """The year's figures for the grant-giver, with the lists behind them (a fixed number of
    queries, about a dozen). Hubs, desks and counties are as of today: the portal keeps no
    history of them."""
    today = today or timezone.localdate()
    events = events_held_in(year, today)
    visits = network_visits_by_month(year)
    new_members = list(new_members_in(year, today))
    resources = list(
        resources_published_in(year)
        .select_related("hub", "organisation")
        .order_by("published_on", "title")
    )
    survey = Survey.objects.filter(year=year).first()
    totals = hub_totals()
    members = Organisation.objects.filter(member_on(year_end(year, today))).count()
    return {
        "year": year,
        "as_of": year_end(year, today),
        "today": today,
        "figures": {
            "member_organisations": members,
            "new_member_organisations": len(new_members),
            "member_hubs": totals["hubs"],
            "desks": totals["desks"],
            "hubs_with_desks": totals["hubs_with_desks"],
            "counties": totals["counties"],
            "events_held": len(events),
            "participants": sum(event.participants for event in events),
            "visits": sum(n for _month, n in visits),
            "resources_published": len(resources),
        },
        "events": events,
        "visits_by_month": visits,
        "visits_by_hub": ledger(year),
        "new_members": new_members,
        "resources": resources,
        "survey": survey_aggregates(survey) if survey else None,
    }
