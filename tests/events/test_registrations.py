"""Registering, the waiting list and promotion, cancelling: the registration services. Their
refusals are read in Norwegian, the language a request without one gets."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import Registration
from events.services import (
    Attendee,
    event_cancel,
    event_capacity_change,
    registration_cancel,
    registration_create,
)
from tests.factories import EventFactory, OrganisationContactFactory, UserFactory

pytestmark = pytest.mark.django_db


def people(count: int, start: int = 0) -> list[Attendee]:
    return [
        Attendee(name=f"Person {n}", email=f"p{n}@example.org") for n in range(start, start + count)
    ]


def states(event) -> list[tuple[str, str, int | None]]:
    return list(
        Registration.objects.filter(event=event)
        .order_by("email")
        .values_list("email", "status", "position")
    )


def test_registration_create_confirms_until_full_then_queues_in_order():
    event = EventFactory(capacity=2)
    booker = UserFactory(email="p0@example.org")

    registration_create(event=event, booked_by=booker, attendees=people(3))
    registration_create(event=event, booked_by=UserFactory(), attendees=people(1, start=3))

    assert states(event) == [
        ("p0@example.org", "confirmed", None),
        ("p1@example.org", "confirmed", None),
        ("p2@example.org", "waitlisted", 1),
        ("p3@example.org", "waitlisted", 2),
    ]
    assert Registration.objects.get(email="p0@example.org").user == booker


def test_cancelling_a_seat_promotes_the_first_in_the_queue_and_closes_the_gap():
    event = EventFactory(capacity=1)
    registration_create(event=event, booked_by=UserFactory(), attendees=people(4))

    registration_cancel(registration=Registration.objects.get(email="p0@example.org"))

    assert states(event) == [
        ("p0@example.org", "cancelled", None),
        ("p1@example.org", "confirmed", None),
        ("p2@example.org", "waitlisted", 1),
        ("p3@example.org", "waitlisted", 2),
    ]


def test_leaving_the_queue_moves_those_behind_up_one_place():
    event = EventFactory(capacity=1)
    registration_create(event=event, booked_by=UserFactory(), attendees=people(4))

    registration_cancel(registration=Registration.objects.get(email="p1@example.org"))

    assert states(event) == [
        ("p0@example.org", "confirmed", None),
        ("p1@example.org", "cancelled", None),
        ("p2@example.org", "waitlisted", 1),
        ("p3@example.org", "waitlisted", 2),
    ]


def test_raising_the_capacity_promotes_as_many_as_fit():
    event = EventFactory(capacity=1)
    registration_create(event=event, booked_by=UserFactory(), attendees=people(4))

    event_capacity_change(event=event, capacity=3)

    assert [status for _email, status, _position in states(event)] == [
        "confirmed",
        "confirmed",
        "confirmed",
        "waitlisted",
    ]
    assert states(event)[3] == ("p3@example.org", "waitlisted", 1)


def test_capacity_below_the_seats_taken_is_refused():
    event = EventFactory(capacity=3)
    registration_create(event=event, booked_by=UserFactory(), attendees=people(3))

    with pytest.raises(ValidationError) as refused:
        event_capacity_change(event=event, capacity=2)

    assert "3 personer har allerede plass" in str(refused.value)
    event.refresh_from_db()
    assert event.capacity == 3


def test_one_registration_per_email_per_event():
    event = EventFactory()
    registration_create(event=event, booked_by=UserFactory(), attendees=people(1))

    with pytest.raises(
        ValidationError, match=r"Allerede påmeldt til dette arrangementet: p0@example\.org"
    ):
        registration_create(
            event=event,
            booked_by=UserFactory(),
            attendees=[Attendee(name="Again", email="P0@Example.org")],
        )

    assert Registration.objects.filter(event=event).count() == 1


def test_the_same_address_twice_in_one_order_is_refused():
    event = EventFactory()
    with pytest.raises(ValidationError, match="oppgitt to ganger"):
        registration_create(
            event=event,
            booked_by=UserFactory(),
            attendees=[Attendee("A", "a@example.org"), Attendee("B", "A@example.org")],
        )
    assert not Registration.objects.exists()


def test_a_cancelled_registration_may_register_again():
    event = EventFactory()
    registration_create(event=event, booked_by=UserFactory(), attendees=people(1))
    registration_cancel(registration=Registration.objects.get())

    registration_create(event=event, booked_by=UserFactory(), attendees=people(1))

    assert sorted(Registration.objects.values_list("status", flat=True)) == [
        "cancelled",
        "confirmed",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "har ikke åpnet ennå"),
        (
            {
                "registration_closes_at": timezone.now() - timedelta(minutes=1),
                "registration_opens_at": timezone.now() - timedelta(days=2),
            },
            "Påmeldingen er stengt",
        ),
        ({"published": False}, "ikke publisert"),
    ],
)
def test_registration_outside_the_window_is_refused(changes, message):
    event = EventFactory(**changes)
    with pytest.raises(ValidationError, match=message):
        registration_create(event=event, booked_by=UserFactory(), attendees=people(1))
    assert not Registration.objects.exists()


def test_a_started_event_takes_no_registrations():
    start = timezone.now() - timedelta(hours=1)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=3))
    with pytest.raises(ValidationError, match="Påmeldingen er stengt"):
        registration_create(event=event, booked_by=UserFactory(), attendees=people(1))


def test_a_cancelled_event_takes_no_registrations_and_cancels_everyone():
    event = EventFactory(capacity=1)
    registration_create(event=event, booked_by=UserFactory(), attendees=people(2))

    event_cancel(event=event)

    assert [status for _e, status, _p in states(event)] == ["cancelled", "cancelled"]
    with pytest.raises(ValidationError, match="er avlyst"):
        registration_create(event=event, booked_by=UserFactory(), attendees=people(1, start=5))


def test_only_a_contact_may_book_for_an_organisation():
    event = EventFactory()
    contact = OrganisationContactFactory()
    with pytest.raises(ValidationError, match="din egen organisasjon"):
        registration_create(
            event=event,
            booked_by=UserFactory(),
            attendees=people(1),
            organisation=contact.organisation,
        )
    order = registration_create(
        event=event, booked_by=contact.user, attendees=people(2), organisation=contact.organisation
    )
    assert order.member_price is True
    assert order.registrations.count() == 2
