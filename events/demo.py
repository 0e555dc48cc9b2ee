"""Clearly fake demo events, for local use only (see `manage.py demo`): a two-day conference with
a programme at Fabrikken, a free seminar that is full and has a waiting list, a free webinar, an
open day whose registration opens later, and an event that is over (free seats only, so the demo
adds no invoice to those of billing's demo). Each is made once (by its slug),
so running the demo again changes nothing. Registrations go through the services (their e-mails
are printed to the console in development)."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from events.models import Event, ProgrammeItem
from events.services import Attendee, event_save, registration_create
from hubs.models import Hub
from members.demo import DEMO_ORGANISATION_NUMBER
from members.models import Organisation, User

CONFERENCE = "demo-konferansen"
FULL_SEMINAR = "demo-fullt-seminar"
WEBINAR = "demo-webinar"
OPEN_DAY = "demo-apen-dag"
PAST = "demo-tidligere-seminar"


def demo_create() -> list[str]:
    made = [
        slug
        for slug, make in (
            (CONFERENCE, _conference),
            (FULL_SEMINAR, _full_seminar),
            (WEBINAR, _webinar),
            (OPEN_DAY, _open_day),
            (PAST, _past_seminar),
        )
        if not Event.objects.filter(slug=slug).exists() and make(slug)
    ]
    return [f"Demo events: {', '.join(made)}"] if made else []


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    """`days` from today at the given Oslo time."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _working(days: int, length: int = 1) -> int:
    """`days` from today, or the next such number whose `length` days are all working days: a
    breakfast seminar on a Sunday, or a conference over a weekend, reads as a mistake."""
    today = timezone.localdate()
    while any((today + timedelta(days=days + n)).weekday() >= 5 for n in range(length)):
        days += 1
    return days


def _event(slug: str, **fields) -> Event:
    event = Event(slug=slug, published=True, **fields)
    return event_save(event=event, changed=list(fields))


def _conference(slug: str) -> Event | None:
    fabrikken = Hub.objects.filter(slug="fabrikken").first()
    if fabrikken is None:
        return None
    first = _working(60, length=2)
    event = _event(
        slug,
        kind=Event.Kind.CONFERENCE,
        title_nb="Kontorfellesskapskonferansen (demo)",
        title_en="The coworking conference (demo)",
        description_nb="To dager for dem som driver kontorfellesskap: innlegg, verksteder og "
        "samlingen av de ledende kontorfellesskapene dagen før. (Demotekst – konferansen finnes "
        "ikke.)",
        description_en="Two days for the people who run coworking spaces: talks, workshops and "
        "the gathering of the leading spaces the day before. (Demo text – the conference does not "
        "exist.)",
        hub=fabrikken,
        starts_at=_at(first, 10),
        ends_at=_at(first + 1, 16),
        capacity=120,
        member_price=Decimal(1200),
        non_member_price=Decimal(2400),
        refund_deadline=_at(first - 14, 23, 59),
    )
    for day, hour, minute, title_nb, title_en, speakers, room in PROGRAMME:
        ProgrammeItem.objects.create(
            event=event,
            starts_at=_at(first + day, hour, minute),
            ends_at=_at(first + day, hour, minute) + timedelta(minutes=45),
            title_nb=title_nb,
            title_en=title_en,
            speakers=speakers,
            room=room,
        )
    return event


PROGRAMME = [
    (0, 10, 0, "Velkommen til Lillehammer", "Welcome to Lillehammer", "Kari Demo", "Storsalen"),
    (0, 11, 0, "Fellesskap som ikke skjer av seg selv", "Community does not just happen",
     "Ola Eksempel, Demohuset", "Storsalen"),
    (0, 13, 0, "Verksted: økonomien i et kontorfellesskap", "Workshop: the economics of a space",
     "Anne Prøve", "Verkstedet"),
    (0, 13, 0, "Verksted: vertskap og fasilitering", "Workshop: hosting and facilitation",
     "Per Test", "Sal 2"),
    (1, 9, 30, "Europa og nettverkene", "Europe and the networks", "Demo Partner", "Storsalen"),
    (1, 14, 30, "Oppsummering og veien videre", "Summing up and next steps", "Kari Demo",
     "Storsalen"),
]  # fmt: skip


def _full_seminar(slug: str) -> Event | None:
    organisation = Organisation.objects.filter(organisation_number=DEMO_ORGANISATION_NUMBER).first()
    contact = User.objects.filter(email="contact@example.org").first()
    if organisation is None or contact is None:
        return None
    event = _event(
        slug,
        kind=Event.Kind.SEMINAR,
        title_nb="Frokostseminar: medlemsavtaler (demo)",
        title_en="Breakfast seminar: membership agreements (demo)",
        description_nb="Hva bør stå i avtalen med medlemmene? Et kort seminar med frokost, "
        "gratis for alle. (Demotekst.)",
        description_en="What belongs in the agreement with your members? A short seminar with "
        "breakfast, free for everyone. (Demo text.)",
        venue_name="Demohuset (oppdiktet)",
        venue_address="Demogata 1, 0150 Oslo",
        starts_at=_at(_working(21), 8, 30),
        ends_at=_at(_working(21), 10, 30),
        capacity=4,
    )
    colleagues = [
        Attendee(name=f"Demo Kollega {n}", email=f"kollega{n}@example.org") for n in range(1, 7)
    ]
    registration_create(
        event=event, booked_by=contact, attendees=colleagues, organisation=organisation
    )
    return event


def _webinar(slug: str) -> Event:
    event = _event(
        slug,
        kind=Event.Kind.WEBINAR,
        title_nb="Webinar: slik bruker du nettverkspasset (demo)",
        title_en="Webinar: how to use the network pass (demo)",
        description_nb="En halvtime om dagsbesøk hos andre medlemshubber. Gratis. (Demotekst.)",
        description_en="Half an hour on day visits to other member hubs. Free. (Demo text.)",
        online_url="https://example.org/demo-webinar",
        starts_at=_at(_working(10), 12),
        ends_at=_at(_working(10), 12, 45),
        capacity=200,
    )
    member = User.objects.filter(email="member@example.org").first()
    if member is not None:
        attendee = Attendee(name=member.name, email=member.email)
        registration_create(event=event, booked_by=member, attendees=[attendee])
    return event


def _open_day(slug: str) -> Event | None:
    hub = Hub.objects.filter(slug="blender-collective").first()
    if hub is None:
        return None
    return _event(
        slug,
        kind=Event.Kind.OPEN_DAY,
        title_nb="Åpen dag (demo)",
        title_en="Open day (demo)",
        description_nb="Kom innom og se hvordan vi jobber. (Demotekst.)",
        description_en="Drop in and see how we work. (Demo text.)",
        hub=hub,
        starts_at=_at(_working(45), 12),
        ends_at=_at(_working(45), 18),
        capacity=60,
        registration_opens_at=_at(7, 9),
    )


def _past_seminar(slug: str) -> Event:
    return _event(
        slug,
        kind=Event.Kind.SEMINAR,
        title_nb="Seminar om bærekraftige lokaler (demo)",
        title_en="Seminar on sustainable premises (demo)",
        description_nb="Et seminar som er over. (Demotekst.)",
        description_en="A seminar that is over. (Demo text.)",
        venue_name="Demohuset (oppdiktet)",
        venue_address="Demogata 1, 0150 Oslo",
        starts_at=_at(_working(-30), 9),
        ends_at=_at(_working(-30), 15),
        capacity=40,
        member_price=Decimal(300),
        non_member_price=Decimal(600),
    )
