"""The events as iCalendar: parsed back with icalendar and checked property by property, one event
and the whole feed, in both languages; SEQUENCE grows when an event changes; a cancelled event
stays in the feed as cancelled."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.ics import event_calendar, events_calendar
from events.models import Event
from events.services import event_cancel, event_save
from tests.factories import EventFactory, HubFactory, ProgrammeItemFactory

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2031, 6, day, hour, minute, tzinfo=OSLO)


def vevents(content: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(content).walk("VEVENT")


def only_vevent(content: bytes) -> icalendar.Event:
    (entry,) = vevents(content)
    return entry


def test_an_event_has_every_property_a_calendar_needs():
    event = EventFactory(
        title_nb="Driftsseminar",
        slug="driftsseminar",
        starts_at=at(12, 9),
        ends_at=at(12, 16, 30),
        venue_name="Fabrikken",
        venue_address="Fabrikkgata 1, 2317 Hamar",
        description_nb="Om å drive et kontorfellesskap.",
    )

    calendar = icalendar.Calendar.from_ical(event_calendar(event))
    entry = only_vevent(event_calendar(event))

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Coworking Norge//Arrangementer//NO"
    assert calendar["METHOD"] == "PUBLISH"
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    assert str(entry["UID"]) == f"event-{event.pk}@coworkingnorge.no"
    assert entry.start == at(12, 9)
    assert entry.end == at(12, 16, 30)
    assert str(entry.start.tzinfo) == "Europe/Oslo"
    assert entry["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert entry["DTEND"].params["TZID"] == "Europe/Oslo"
    assert abs(entry.DTSTAMP - timezone.now()) < timedelta(minutes=1)
    assert entry["SEQUENCE"] == 0
    assert entry["STATUS"] == "CONFIRMED"
    assert entry["SUMMARY"] == "Driftsseminar"
    assert entry["LOCATION"] == "Fabrikken, Fabrikkgata 1, 2317 Hamar"
    assert entry["URL"] == "https://coworkingnorge.no/events/driftsseminar/"
    assert entry["DESCRIPTION"] == "Om å drive et kontorfellesskap."


def test_the_same_event_keeps_its_uid_in_every_file():
    event = EventFactory()
    first = only_vevent(event_calendar(event))["UID"]
    again = only_vevent(events_calendar(Event.objects.all()))["UID"]
    assert first == again == f"event-{event.pk}@coworkingnorge.no"


def test_an_event_at_a_member_hub_is_located_at_the_hub():
    hub = HubFactory(
        name="Blender Collective", address="Storgata 2", postcode="9008", city="Tromsø"
    )
    event = EventFactory(hub=hub, venue_name="", venue_address="")
    assert only_vevent(event_calendar(event))["LOCATION"] == (
        "Blender Collective, Storgata 2, 9008 Tromsø"
    )


def test_a_webinar_is_online():
    event = EventFactory(kind=Event.Kind.WEBINAR, venue_name="", venue_address="")
    assert only_vevent(event_calendar(event))["LOCATION"] == "Digitalt"


def test_a_conference_has_its_programme_after_its_description():
    event = EventFactory(
        kind=Event.Kind.CONFERENCE,
        starts_at=at(12, 9),
        ends_at=at(12, 17),
        description_nb="Den nasjonale konferansen.",
    )
    ProgrammeItemFactory(
        event=event,
        starts_at=at(12, 9, 30),
        ends_at=at(12, 10),
        title_nb="Velkommen",
        speakers="Kari Nordmann",
        room="Sal 1",
    )
    ProgrammeItemFactory(
        event=event, starts_at=at(12, 10, 15), title_nb="Paneldebatt", speakers="", room=""
    )

    description = only_vevent(event_calendar(event))["DESCRIPTION"]

    assert description == (
        "Den nasjonale konferansen.\n\n"
        "Program\n"
        "09:30–10:00 – Velkommen – Kari Nordmann – Sal 1\n"
        "10:15 – Paneldebatt"
    )


def test_a_programme_over_several_days_names_each_item_s_day():
    event = EventFactory(kind=Event.Kind.CONFERENCE, starts_at=at(11, 12), ends_at=at(12, 16))
    ProgrammeItemFactory(event=event, starts_at=at(12, 9), title_nb="Dag to", room="Sal 2")
    assert only_vevent(event_calendar(event))["DESCRIPTION"].endswith(
        "12.06.2031 09:00 – Dag to – Kari Nordmann – Sal 2"
    )


def test_sequence_grows_when_the_start_moves_and_not_for_the_capacity():
    event = EventFactory()
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    event_save(event=event, changed=["starts_at", "ends_at"])
    assert only_vevent(event_calendar(Event.objects.get(pk=event.pk)))["SEQUENCE"] == 1

    event.capacity += 5
    event_save(event=event, changed=["capacity"])
    assert only_vevent(event_calendar(Event.objects.get(pk=event.pk)))["SEQUENCE"] == 1


def test_a_cancelled_event_says_so_with_a_higher_sequence():
    event = event_cancel(event=EventFactory())
    entry = only_vevent(event_calendar(event))
    assert entry["STATUS"] == "CANCELLED"
    assert entry["SEQUENCE"] == 1


# The views


def test_one_event_s_file_is_a_calendar_attachment(client):
    event = EventFactory(slug="driftsseminar", title_nb="Driftsseminar", title_en="Operations")

    response = client.get("/events/driftsseminar.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="driftsseminar.ics"'
    entry = only_vevent(response.content)
    assert entry["SUMMARY"] == "Driftsseminar"
    assert str(entry["UID"]) == f"event-{event.pk}@coworkingnorge.no"


def test_one_event_s_file_in_english_has_the_english_title_and_page(client):
    EventFactory(slug="driftsseminar", title_nb="Driftsseminar", title_en="Running a space")
    entry = only_vevent(client.get("/en/events/driftsseminar.ics").content)
    assert entry["SUMMARY"] == "Running a space"
    assert entry["URL"] == "https://coworkingnorge.no/en/events/driftsseminar/"


def test_an_unpublished_event_has_no_file(client):
    EventFactory(slug="utkast", published=False)
    assert client.get("/events/utkast.ics").status_code == 404
    assert client.get("/events/finnes-ikke.ics").status_code == 404


def test_the_feed_lists_upcoming_published_events_and_the_cancelled_ones_as_cancelled(client):
    soon = EventFactory(title_nb="Snart", starts_at=timezone.now() + timedelta(days=3))
    later = EventFactory(title_nb="Senere", starts_at=timezone.now() + timedelta(days=60))
    cancelled = event_cancel(event=EventFactory(title_nb="Avlyst"))
    EventFactory(title_nb="Utkast", published=False)
    EventFactory(
        title_nb="Forbi",
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=2),
    )

    response = client.get("/events.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="coworking-norge.ics"'
    entries = {str(entry["UID"]): entry for entry in vevents(response.content)}
    uid = "event-{}@coworkingnorge.no".format
    assert sorted(entries) == sorted([uid(soon.pk), uid(later.pk), uid(cancelled.pk)])
    assert entries[uid(cancelled.pk)]["STATUS"] == "CANCELLED"
    assert entries[uid(soon.pk)]["STATUS"] == "CONFIRMED"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]


def test_the_feed_in_english_is_written_in_english(client):
    EventFactory(kind=Event.Kind.WEBINAR, venue_name="", venue_address="", title_en="Webinar")
    calendar = icalendar.Calendar.from_ical(client.get("/en/events.ics").content)
    assert calendar["X-WR-CALNAME"] == "Coworking Norge events"
    (entry,) = calendar.walk("VEVENT")
    assert entry["SUMMARY"] == "Webinar"
    assert entry["LOCATION"] == "Online"
    norwegian = icalendar.Calendar.from_ical(client.get("/events.ics").content)
    assert norwegian["X-WR-CALNAME"] == "Arrangementer i Coworking Norge"


def feed_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/events.ics")
    assert response.status_code == 200
    return len(captured)


def test_the_feed_runs_the_same_queries_for_2_and_40_events(client):
    for _ in range(2):
        ProgrammeItemFactory()
    few = feed_queries(client)
    for index in range(38):
        event = EventFactory(hub=HubFactory() if index % 2 else None)
        ProgrammeItemFactory(event=event)
    assert len(vevents(client.get("/events.ics").content)) == 40
    assert feed_queries(client) == few == 2
