"""Reads of events that several views share: the lists and their cards, one event's page, the
price a person pays, a person's registrations, and the signed code of the cancellation link."""

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core import signing
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from billing.permissions import invoice_pdfs_downloadable_by
from billing.totals import round_ore
from coworking_norge.secretariat import is_secretariat
from events.models import Event, FeedEvent, Registration, RegistrationState
from events.permissions import registrations_visible_to
from members.permissions import organisations_of

CANCEL_SALT = "events.cancel"
# "2026-03": a month of this millennium (year 0 or 9999-12 would have no month after it).
MONTH = re.compile(r"^(2[0-9]{3})-(0[1-9]|1[0-2])$")
# What a card shows, read in one query with the hub's name and place and the seats taken.
CARD_FIELDS = (
    "title", "title_nb", "title_en", "slug", "kind", "starts_at", "ends_at", "hub",
    "venue_name", "venue_address", "capacity", "registration_opens_at",
    "registration_closes_at", "member_price", "non_member_price", "vat_rate", "published",
    "cancelled_at", "hub__name", "hub__slug", "hub__city", "hub__county",
)  # fmt: skip


# --- The signed code of the cancellation link in the e-mails --------------------------------


def cancel_code(registration: Registration) -> str:
    """The code of the link that cancels this registration without signing in."""
    return signing.Signer(salt=CANCEL_SALT).sign(registration.ticket_code)


def registration_from_cancel_code(code: str) -> Registration | None:
    """The registration a cancellation code names; None for a code not made by `cancel_code`."""
    try:
        ticket_code = signing.Signer(salt=CANCEL_SALT).unsign(code)
    except signing.BadSignature:
        return None
    return (
        Registration.objects.select_related("event__hub", "invoice_line")
        .filter(ticket_code=ticket_code)
        .first()
    )


# --- Seats, prices and times, as pages show them ---------------------------------------------


def with_seats_taken(events: QuerySet[Event]) -> QuerySet[Event]:
    """Each event with `taken`, its confirmed seats, counted in the same query."""
    confirmed = (
        Registration.objects.filter(event=OuterRef("pk"), status=Registration.Status.CONFIRMED)
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return events.annotate(
        taken=Coalesce(Subquery(confirmed, output_field=IntegerField()), Value(0))
    )


def seats_left(event: Event) -> int:
    """From `with_seats_taken`'s count."""
    return max(event.capacity - event.taken, 0)


def with_vat(amount: Decimal, vat_rate: Decimal) -> Decimal:
    return round_ore(amount * (100 + vat_rate) / 100)


def when(event) -> str:
    """The event's time in Oslo, as "Tuesday 15 Jan 2026, 09:00-16:00" (with an en dash), or
    both ends in full when it lasts several days."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    parts = {
        "weekday": formats.date_format(start, "l"),
        "date": formats.date_format(start, "DATE_FORMAT"),
        "start": formats.time_format(start, "TIME_FORMAT"),
        "end": formats.time_format(end, "TIME_FORMAT"),
    }
    if start.date() == end.date():
        return _("%(weekday)s %(date)s, %(start)s–%(end)s") % parts
    parts["end_date"] = formats.date_format(end, "DATE_FORMAT")
    return _("%(weekday)s %(date)s, %(start)s – %(end_date)s, %(end)s") % parts


# --- Cards: the lists, the home page, a hub's profile ----------------------------------------


@dataclass(frozen=True)
class EventCard:
    """What a list shows of an event, worked out once, in the page's language."""

    title: str
    url: str
    kind: str
    kind_label: str
    starts_at: datetime
    when: str
    place: str
    hub_url: str
    price_from: Decimal | None  # incl. VAT; None when free
    price_varies: bool  # members pay less: "from"
    seats_left: int
    state: str
    opens_at: datetime | None

    @property
    def full(self) -> bool:
        return self.seats_left == 0

    @property
    def cancelled(self) -> bool:
        return self.state == RegistrationState.CANCELLED


def event_card(event: Event, now: datetime | None = None, urls=None) -> EventCard:
    urls = urls or _Urls()
    prices = {event.member_price, event.non_member_price}
    lowest = min(prices)
    return EventCard(
        title=event.title,
        url=urls.event(event.slug),
        kind=event.kind,
        kind_label=event.get_kind_display(),
        starts_at=event.starts_at,
        when=when(event),
        place=place(event),
        hub_url=urls.hub(event.hub.slug) if event.hub_id else "",
        price_from=None if event.is_free else with_vat(lowest, event.vat_rate),
        price_varies=len(prices) > 1,
        seats_left=seats_left(event),
        state=event.registration_state(now),
        opens_at=event.registration_opens_at,
    )


def place(event: Event) -> str:
    """Where, in a few words: the hub and its town, the venue, or "Online"; never the online
    link (participants get it with their ticket)."""
    if event.hub_id:
        return f"{event.hub.name}, {event.hub.city}"
    if event.venue_name or event.venue_address:
        return ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    if event.kind == Event.Kind.WEBINAR:
        return _("Online")
    return ""


class _Urls:
    """Events' and hubs' addresses, reversed once for a whole list rather than once a card."""

    def __init__(self) -> None:
        self._event = reverse("events:detail", kwargs={"slug": "-"})[:-2]
        self._hub = reverse("hubs:detail", kwargs={"slug": "-"})[:-2]

    def event(self, slug: str) -> str:
        return f"{self._event}{slug}/"

    def hub(self, slug: str) -> str:
        return f"{self._hub}{slug}/"


def event_cards(events: QuerySet[Event], now: datetime | None = None) -> list[EventCard]:
    rows = with_seats_taken(events.select_related("hub").only(*CARD_FIELDS))
    urls = _Urls()
    return [event_card(event, now, urls) for event in rows]


@dataclass(frozen=True)
class EventFilters:
    kind: str = ""
    county: str = ""
    month: str = ""


def events_upcoming(filters: EventFilters = EventFilters(), now=None) -> QuerySet[Event]:
    """Published events not yet over, soonest first; the filters combine. An event's county is
    its hub's; an event elsewhere is in no county."""
    events = Event.objects.upcoming(now or timezone.now())
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.county:
        events = events.filter(hub__county=filters.county)
    if filters.month:
        first, after = month_bounds(filters.month)
        events = events.filter(starts_at__lt=after, ends_at__gte=first)
    return events.order_by("starts_at", "pk")


def events_past(now=None) -> QuerySet[Event]:
    return Event.objects.past(now or timezone.now()).order_by("-starts_at", "-pk")


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """The first moment of a "YYYY-MM" month in Oslo, and of the month after."""
    year, number = (int(part) for part in MONTH.match(month).groups())
    oslo = timezone.get_default_timezone()
    first = datetime(year, number, 1, tzinfo=oslo)
    after = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=oslo)
    return first, after


def feed_events_upcoming(limit: int = 12, now=None) -> list[FeedEvent]:
    """What the hubs publish in their own calendars, not yet over, soonest first."""
    now = now or timezone.now()
    return list(
        FeedEvent.objects.filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now))
        .select_related("feed__hub")
        .only("title", "starts_at", "ends_at", "location", "url", "feed__hub__name")
        .order_by("starts_at", "pk")[:limit]
    )


def next_events(limit: int = 3) -> list[EventCard]:
    """The home page's: the next events, cancelled ones left out."""
    events = events_upcoming().filter(cancelled_at__isnull=True)[:limit]
    return event_cards(events)


def hub_events(hub, limit: int = 5) -> list[EventCard]:
    """A hub profile's: its next events, cancelled ones left out."""
    events = events_upcoming().filter(hub=hub, cancelled_at__isnull=True)[:limit]
    return event_cards(events)


# --- One event's page -------------------------------------------------------------------------


def events_visible_to(user) -> QuerySet[Event]:
    """Published events for everyone; unpublished ones too for the secretariat, and a hub
    manager's own proposals for them."""
    if is_secretariat(user):
        return Event.objects.all()
    if user.is_authenticated:
        return Event.objects.filter(Q(published=True) | Q(proposed_by=user))
    return Event.objects.public()


def event_for_page(user, slug: str) -> Event | None:
    events = with_seats_taken(events_visible_to(user).select_related("hub"))
    return events.prefetch_related("programme").filter(slug=slug).first()


@dataclass(frozen=True)
class Price:
    label: str
    net: Decimal
    gross: Decimal
    yours: bool


def prices(event: Event, *, member: bool) -> list[Price]:
    """The member and non-member price excl. and incl. VAT, the one this person pays marked;
    one line when both are the same."""
    if event.member_price == event.non_member_price:
        return [_price(_("Price"), event.member_price, event, yours=True)]
    return [
        _price(_("Member price"), event.member_price, event, yours=member),
        _price(_("Non-member price"), event.non_member_price, event, yours=not member),
    ]


def _price(label: str, net: Decimal, event: Event, *, yours: bool) -> Price:
    return Price(label=label, net=net, gross=with_vat(net, event.vat_rate), yours=yours)


def own_registrations(user, event: Event) -> list[Registration]:
    """This person's live registrations for the event (theirs, not the colleagues they booked)."""
    if not user.is_authenticated:
        return []
    return list(
        event.registrations.exclude(status=Registration.Status.CANCELLED)
        .filter(Q(user=user) | Q(email__iexact=user.email))
        .order_by("pk")
    )


# --- Min side: a person's registrations, and their organisations' ----------------------------


def registrations_of(user) -> list[Registration]:
    """The person's own registrations: upcoming events first (soonest first), then past ones
    (latest first)."""
    rows = _registration_rows(
        registrations_visible_to(user).filter(Q(user=user) | Q(email__iexact=user.email))
    )
    return _upcoming_then_past(rows)


def registrations_booked_for_organisations(user) -> list[Registration]:
    """What the person's organisations booked for others, as one of their contacts sees it."""
    organisations = organisations_of(user).values("pk")
    rows = _registration_rows(
        Registration.objects.filter(order__organisation__in=organisations)
        .exclude(user=user)
        .exclude(email__iexact=user.email)
    )
    return _upcoming_then_past(rows)


def _registration_rows(registrations: QuerySet[Registration]) -> list[Registration]:
    return list(
        Registration.objects.filter(pk__in=registrations.values("pk"))
        .select_related("event__hub", "order__organisation", "invoice_line")
        .order_by("event__starts_at", "pk")
    )


def _upcoming_then_past(rows: list[Registration]) -> list[Registration]:
    now = timezone.now()
    upcoming = [row for row in rows if row.event.ends_at >= now]
    past = [row for row in rows if row.event.ends_at < now]
    return upcoming + past[::-1]


def invoices_downloadable(user, registrations: list[Registration]) -> set[int]:
    """Which of the registrations' invoices this person may download, in one query."""
    ids = {r.invoice_line.invoice_id for r in registrations if r.invoice_line is not None}
    if not ids:
        return set()
    return set(invoice_pdfs_downloadable_by(user).filter(pk__in=ids).values_list("pk", flat=True))


def cancellable(registrations: list[Registration]) -> set[int]:
    """Which still hold a seat or a place in the queue at an event that is not over."""
    now = timezone.now()
    live = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
    return {
        registration.pk
        for registration in registrations
        if registration.status in live
        and registration.event.ends_at > now
        and not registration.event.is_cancelled
    }


@dataclass(frozen=True)
class EventBookings:
    """One event's registrations on Min side, and the invoices for them this person may open."""

    event: Event
    registrations: list[Registration]
    invoice_ids: list[int]


def by_event(registrations: list[Registration], invoices: set[int]) -> list[EventBookings]:
    """The registrations grouped by event, in the order given."""
    groups: dict[int, list[Registration]] = {}
    for registration in registrations:
        groups.setdefault(registration.event_id, []).append(registration)
    return [
        EventBookings(
            event=rows[0].event,
            registrations=rows,
            invoice_ids=sorted(
                {r.invoice_line.invoice_id for r in rows if r.invoice_line}.intersection(invoices)
            ),
        )
        for rows in groups.values()
    ]
