"""Reads over vouches, hosting and visits that several views, services and other apps use: where a
coworker may go, which days have room, how many days are left this month, and the ledger between
hubs (visits hosted and sent), which the network's statistics also read."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from hubs.models import Hub
from visits.models import ClosedDay, HostSettings, Visit, Vouch

# Visit changes (the ledger, the statistics) and hosting changes (the hub profile's "visit us").
CACHE_SCOPE = "visits"
HOSTING_SCOPE = "hosting"
MEMBER = "member"


def booking_window(today: date | None = None) -> tuple[date, date]:
    """The first and last day a visit may be requested for: today up to VISITS_BOOKING_DAYS on."""
    today = today or timezone.localdate()
    return today, today + timedelta(days=settings.VISITS_BOOKING_DAYS - 1)


def month_bounds(day: date) -> tuple[date, date]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def hosts() -> QuerySet[Hub]:
    """The hubs that take network guests: published, of a member organisation, hosting."""
    return Hub.objects.filter(
        is_published=True,
        organisation__status=MEMBER,
        host_settings__hosts_guests=True,
    )


def is_host(hub: Hub) -> bool:
    return hosts().filter(pk=hub.pk).exists()


def quota_used(visitor, first: date, last: date) -> int:
    """Days the coworker holds from `first` to `last` (requested, confirmed or arrived)."""
    return Visit.objects.filter(
        visitor=visitor, date__range=(first, last), status__in=Visit.HOLDING
    ).count()


def quota_left(visitor, day: date | None = None) -> int:
    day = day or timezone.localdate()
    return max(0, settings.VISITS_MONTHLY_QUOTA - quota_used(visitor, *month_bounds(day)))


def desks_taken(host_id: int, day: date) -> int:
    return Visit.objects.filter(host_id=host_id, date=day, status__in=Visit.HOLDING).count()


def desks_left(settings_: HostSettings, day: date) -> int:
    """Guest desks still free at the host on `day`: none on a closed day."""
    if ClosedDay.objects.filter(hub_id=settings_.hub_id, date=day).exists():
        return 0
    return max(0, settings_.desks_on(day) - desks_taken(settings_.hub_id, day))


@dataclass(frozen=True)
class Day:
    date: date
    desks: int  # guest desks that day (0: the hub takes no guests that weekday)
    left: int
    closed: bool
    closed_reason: str
    yours: bool  # the coworker already holds a desk somewhere that day

    @property
    def bookable(self) -> bool:
        return self.left > 0 and not self.closed and not self.yours


def days_with_room(host: Hub, visitor=None, today: date | None = None) -> list[Day]:
    """Every day of the booking window at `host`, with its desks left, in four queries whatever
    the number of days and visits."""
    first, last = booking_window(today)
    settings_ = HostSettings.objects.filter(hub=host).first()
    if settings_ is None:
        return []
    closed = dict(
        ClosedDay.objects.filter(hub=host, date__range=(first, last)).values_list("date", "reason")
    )
    taken = dict(
        Visit.objects.filter(host=host, date__range=(first, last), status__in=Visit.HOLDING)
        .values_list("date")
        .annotate(n=Count("pk"))
        .values_list("date", "n")
    )
    yours = set()
    if visitor is not None and visitor.is_authenticated:
        yours = set(
            Visit.objects.filter(
                visitor=visitor, date__range=(first, last), status__in=Visit.HOLDING
            ).values_list("date", flat=True)
        )
    days = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        desks = settings_.desks_on(day)
        left = 0 if day in closed else max(0, desks - taken.get(day, 0))
        days.append(Day(day, desks, left, day in closed, closed.get(day, ""), day in yours))
    return days


def vouches_of(user) -> QuerySet[Vouch]:
    """The person's vouches, open invitations to them included, newest first."""
    if not user.is_authenticated:
        return Vouch.objects.none()
    return (
        Vouch.objects.live()
        .filter(Q(coworker=user) | Q(coworker__isnull=True, email__iexact=user.email))
        .select_related("home_hub", "home_hub__organisation", "vouched_by")
        .order_by("-until")
    )


def valid_vouch(user, day: date | None = None) -> Vouch | None:
    """The vouch that lets the person travel on `day` (today by default), if any."""
    if not user.is_authenticated:
        return None
    day = day or timezone.localdate()
    return (
        Vouch.objects.valid_on(day)
        .filter(coworker=user)
        .select_related("home_hub")
        .order_by("-until", "pk")
        .first()
    )


def visits_of(user) -> QuerySet[Visit]:
    return Visit.objects.filter(visitor=user).select_related("host", "home_hub")


def visits_to(host: Hub) -> QuerySet[Visit]:
    """A host's visits, with what each visitor chose to show (read only through this)."""
    return Visit.objects.filter(host=host).select_related("home_hub", "visitor")


# The ledger: a visit is settled between hubs once the host has marked the visitor as arrived.
SETTLED = Visit.Status.ARRIVED


@dataclass(frozen=True)
class LedgerRow:
    hub: Hub
    hosted: int
    sent: int

    @property
    def balance(self) -> int:
        """Positive: the hub hosted more than it sent."""
        return self.hosted - self.sent


def _period(year: int, month: int | None) -> Q:
    if month is None:
        return Q(date__year=year)
    return Q(date__year=year, date__month=month)


def ledger(year: int, month: int | None = None) -> list[LedgerRow]:
    """Visits hosted and sent by each hub in the year (or one month of it), in three queries:
    every hub that hosted or sent one, by name. Only arrivals count (SETTLED): a visit requested,
    confirmed, declined, cancelled or not come to is not settled between hubs."""
    period = _period(year, month)
    settled = Visit.objects.filter(period, status=SETTLED)
    hosted = dict(settled.values_list("host").annotate(n=Count("pk")).values_list("host", "n"))
    sent = dict(
        settled.values_list("home_hub").annotate(n=Count("pk")).values_list("home_hub", "n")
    )
    hubs = Hub.objects.filter(pk__in=set(hosted) | set(sent)).order_by("name")
    return [LedgerRow(hub, hosted.get(hub.pk, 0), sent.get(hub.pk, 0)) for hub in hubs]


@dataclass(frozen=True)
class HubMonth:
    month: int
    hosted: int
    sent: int

    @property
    def balance(self) -> int:
        return self.hosted - self.sent


def hub_ledger(hub: Hub, year: int) -> list[HubMonth]:
    """One hub's visits hosted and sent, month by month through the year, in one query."""
    rows = (
        Visit.objects.filter(Q(host=hub) | Q(home_hub=hub), date__year=year, status=SETTLED)
        .annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(hosted=Count("pk", filter=Q(host=hub)), sent=Count("pk", filter=Q(home_hub=hub)))
    )
    by_month = {row["month"]: row for row in rows}
    return [
        HubMonth(m, by_month.get(m, {}).get("hosted", 0), by_month.get(m, {}).get("sent", 0))
        for m in range(1, 13)
    ]


def network_visits_by_month(year: int) -> list[tuple[int, int]]:
    """(month, visits) across the network through the year, in one query: for the statistics."""
    rows = dict(
        Visit.objects.filter(date__year=year, status=SETTLED)
        .annotate(month=ExtractMonth("date"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return [(month, rows.get(month, 0)) for month in range(1, 13)]
