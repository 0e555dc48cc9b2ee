"""The last seats under a rush, on PostgreSQL: 200 people registering at once for the last 10 seats
get exactly 10 seats and a waiting list numbered 1 to 190 without gaps. SQLite runs one writer at a
time, so the race cannot happen there and these tests are skipped."""

import threading
from collections import Counter

import pytest
from django.db import connection

from events.models import Event, Registration
from events.services import Attendee, registration_create
from events.services import registrations as registration_service
from tests.factories import EventFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"),
]

ROUNDS = 3
PEOPLE = 200
SEATS_LEFT = 10
ALREADY_IN = 30
# PostgreSQL allows 100 connections; 40 threads each register 5 people, all starting at once.
THREADS = 40


def event_with_last_seats() -> Event:
    event = EventFactory(capacity=ALREADY_IN + SEATS_LEFT)
    early = [Attendee(f"Tidlig {n}", f"early{n}@example.org") for n in range(ALREADY_IN)]
    for start in range(0, ALREADY_IN, 10):
        registration_create(
            event=event, booked_by=UserFactory(), attendees=early[start : start + 10]
        )
    return event


def rush(event: Event) -> list[Exception]:
    """PEOPLE registrations from THREADS threads, each on its own connection; the errors."""
    bookers = [UserFactory(email=f"rush{event.pk}-{n}@example.org") for n in range(PEOPLE)]
    barrier, errors = threading.Barrier(THREADS), []

    def work(index: int) -> None:
        try:
            barrier.wait()
            for booker in bookers[index::THREADS]:
                attendee = Attendee(name=booker.name, email=booker.email)
                registration_create(event=event, booked_by=booker, attendees=[attendee])
        except Exception as error:  # every failure is counted; none may happen
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def outcome(event: Event) -> tuple[int, list[int]]:
    rushed = Registration.objects.filter(event=event, email__startswith="rush")
    confirmed = rushed.filter(status=Registration.Status.CONFIRMED).count()
    positions = sorted(
        rushed.filter(status=Registration.Status.WAITLISTED).values_list("position", flat=True)
    )
    return confirmed, positions


def test_200_at_once_for_the_last_10_seats_give_10_seats_and_a_queue_of_190():
    for _ in range(ROUNDS):
        event = event_with_last_seats()

        errors = rush(event)

        assert errors == []
        confirmed, positions = outcome(event)
        assert confirmed == SEATS_LEFT
        assert positions == list(range(1, PEOPLE - SEATS_LEFT + 1))
        assert Registration.objects.filter(event=event).count() == ALREADY_IN + PEOPLE


def test_negative_control_without_the_event_lock_seats_are_oversold_or_the_queue_breaks(
    monkeypatch,
):
    """The same service with `event_lock` reading the event without locking it: registrations
    count the free seats and the last place in the queue side by side, and the rush oversells the
    room, gives two people one place, or fails."""

    def unlocked(event_id: int) -> Event:
        return Event.objects.get(pk=event_id)

    monkeypatch.setattr(registration_service, "event_lock", unlocked)
    event = event_with_last_seats()

    errors = rush(event)

    confirmed, positions = outcome(event)
    broken = (
        errors or confirmed != SEATS_LEFT or positions != list(range(1, PEOPLE - SEATS_LEFT + 1))
    )
    print(
        f"without the lock: {len(errors)} errors, {confirmed} seats, "
        f"{len(positions)} queued at {len(set(positions))} distinct places"
    )
    assert broken, (confirmed, Counter(positions).most_common(3))
