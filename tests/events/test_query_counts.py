"""The events' pages run a fixed number of queries whatever the number of events, programme items,
registrations or imported hub events (measured with the page cache emptied first)."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event, FeedEvent, HubFeed
from events.services import Attendee, registration_create
from tests.factories import (
    EventFactory,
    HubFactory,
    OrganisationContactFactory,
    ProgrammeItemFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def queries_for(client, path: str) -> int:
    caches["fragments"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def make_events(count: int, hub) -> None:
    """Events at the hub and elsewhere, each with registrations, programme and a feed event."""
    feed, _ = HubFeed.objects.get_or_create(hub=hub, url="https://example.org/cal.ics")
    for number in range(count):
        event = EventFactory(hub=hub if number % 2 else None, kind=Event.Kind.CONFERENCE)
        ProgrammeItemFactory(event=event)
        attendees = [Attendee(f"P{number}", f"p{number}-{event.pk}@example.org")]
        registration_create(event=event, booked_by=UserFactory(), attendees=attendees)
        FeedEvent.objects.create(
            feed=feed,
            uid=f"uid-{event.pk}",
            title=f"Ved huben {number}",
            starts_at=timezone.now() + timedelta(days=number + 1),
        )


PAGES = [
    "/events/",
    "/events/?county=innlandet&kind=conference",
    "/events/past/",
    "/events/profil/",
    "/",
    "/hubs/huset/",
    "/en/events/",
]


@pytest.mark.parametrize("path", PAGES)
def test_public_page_runs_the_same_queries_with_3_and_30_events(client, path):
    hub = HubFactory(slug="huset")
    profile = EventFactory(slug="profil", hub=hub)
    ProgrammeItemFactory.create_batch(2, event=profile)
    make_events(3, hub)
    few = queries_for(client, path)
    make_events(27, hub)
    ProgrammeItemFactory.create_batch(20, event=profile)
    assert queries_for(client, path) == few


def book(event, user, organisation=None, count=1) -> None:
    attendees = [
        Attendee(user.name, user.email) if n == 0 else Attendee(f"K{n}", f"k{n}-{event.pk}@x.org")
        for n in range(count)
    ]
    registration_create(event=event, booked_by=user, attendees=attendees, organisation=organisation)


@pytest.mark.parametrize("path", ["/me/events/", "/events/profil/", "/events/profil/register/"])
def test_signed_in_pages_run_the_same_queries_with_2_and_12_registrations(client, path):
    contact = OrganisationContactFactory()
    EventFactory(slug="profil")
    client.force_login(contact.user)

    def more(count):
        for _ in range(count):
            book(EventFactory(member_price=100), contact.user, contact.organisation, count=2)

    more(1)
    few = queries_for(client, path)
    more(5)
    assert queries_for(client, path) == few


# The list reads the count, the page of cards (with each hub and seats taken) and, unfiltered,
# the hubs' imported events; an event's page the event (with its hub and seats taken) and its
# programme; a filter value the list does not know reads nothing.
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/events/", 3),
        ("/events/?kind=conference", 2),
        ("/events/?kind=webinar", 1),  # nothing found: no page of cards to read
        ("/events/?kind=made-up", 0),
        ("/events/past/", 2),
        ("/events/profil/", 2),
        ("/", 3),
        ("/hubs/huset/", 5),  # its events, and whether it hosts network guests
    ],
)
def test_public_page_query_count_is_pinned(client, path, expected):
    hub = HubFactory(slug="huset")
    EventFactory(slug="profil", hub=hub)
    make_events(4, hub)
    Event.objects.filter(pk=EventFactory().pk).update(
        starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=2)
    )
    assert queries_for(client, path) == expected


def test_the_stored_page_runs_no_query(client):
    make_events(3, HubFactory())
    client.get("/events/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/events/")
    assert len(captured) == 0
