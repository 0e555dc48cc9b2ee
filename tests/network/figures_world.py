"""Data for the network's figures, counted by hand in the tests that use it."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from events.models import Registration, RegistrationOrder
from hubs.counties import County
from members.models import Organisation
from tests.factories import (
    EventFactory,
    HubFactory,
    MemberHubFactory,
    OrganisationFactory,
    UserFactory,
    VisitFactory,
)
from visits.models import Visit

Status = Organisation.Status


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def event_on(day: date, **fields):
    """An event from 10 to 16 on the day."""
    return EventFactory(starts_at=at(day, 10), ends_at=at(day, 16), **fields)


def registrations(event, *, confirmed=0, checked_in=0, waitlisted=0, cancelled=0) -> None:
    """Registrations as they stand after the fact (the services refuse a past event's)."""
    order = RegistrationOrder.objects.create(event=event, booked_by=UserFactory())
    people = iter(range(1000))

    def add(status, **fields):
        n = next(people)
        Registration.objects.create(
            event=event, order=order, name=f"P {n}", email=f"p{n}@example.org", status=status,
            **fields,
        )  # fmt: skip

    for _ in range(confirmed):
        add(Registration.Status.CONFIRMED)
    for _ in range(checked_in):
        add(Registration.Status.CONFIRMED, checked_in_at=event.starts_at)
    for position in range(1, waitlisted + 1):
        add(Registration.Status.WAITLISTED, position=position)
    for _ in range(cancelled):
        add(Registration.Status.CANCELLED, cancelled_at=event.starts_at)


def arrived(home, host, day: date, status=Visit.Status.ARRIVED) -> Visit:
    return VisitFactory(home_hub=home, host=host, date=day, status=status)


def member_hubs(count: int, *, county=County.OSLO, capacity=10) -> list:
    return [MemberHubFactory(county=county, capacity=capacity) for _ in range(count)]


def hubs_and_members() -> dict:
    """Three member hubs (Oslo 10 and 20 desks, Vestland 30) of two member organisations; not
    counted: an unpublished hub of a member, the published hub of an applicant, and the hubs of
    an organisation that resigned. Over the years (member since / resigned on):
    Alfa 2019-03-01, Bravo 2021-05-01, Delta 2020-01-01 / 2023-06-30, Foxtrot 2025-09-01; the
    applicant and the rejected one (member since 2018, never a member) never count."""
    alfa = OrganisationFactory(legal_name="Alfa AS", member_since=date(2019, 3, 1))
    bravo = OrganisationFactory(legal_name="Bravo AS", member_since=date(2021, 5, 1))
    delta = OrganisationFactory(
        legal_name="Delta AS", status=Status.RESIGNED, member_since=date(2020, 1, 1),
        resigned_on=date(2023, 6, 30),
    )  # fmt: skip
    OrganisationFactory(legal_name="Foxtrot AS", member_since=date(2025, 9, 1))
    applicant = OrganisationFactory(status=Status.APPLICANT, member_since=None)
    OrganisationFactory(status=Status.REJECTED, member_since=date(2018, 1, 1))
    hubs = {
        "oslo_10": HubFactory(organisation=alfa, county=County.OSLO, capacity=10),
        "oslo_20": HubFactory(organisation=alfa, county=County.OSLO, capacity=20),
        "vestland_30": HubFactory(organisation=bravo, county=County.VESTLAND, capacity=30),
    }
    HubFactory(organisation=bravo, county=County.AGDER, capacity=100, is_published=False)
    HubFactory(organisation=applicant, county=County.ROGALAND, capacity=50)
    HubFactory(organisation=delta, county=County.TROMS, capacity=40)
    return hubs


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)
