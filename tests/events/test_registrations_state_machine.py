"""The registration services under random sequences of registering, cancelling, changing the
capacity and cancelling the event, checked against a model of the room and its queue after every
step: never more seats than the capacity, no free seat while someone waits, a queue numbered 1, 2,
3… in the order people joined it, one registration per address, nobody left on a cancelled event."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from events.models import Registration
from events.services import (
    Attendee,
    event_cancel,
    event_capacity_change,
    registration_cancel,
    registration_create,
)
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

MIN_STEPS = 1000
_steps = itertools.count()
_addresses = itertools.count()


class Registrations(RuleBasedStateMachine):
    """The model: the seated addresses, the queue in order, and whether the event is cancelled."""

    def __init__(self) -> None:
        super().__init__()
        self.event = EventFactory(capacity=3)
        self.booker = UserFactory()
        self.seated: set[str] = set()
        self.queue: list[str] = []
        self.cancelled = False

    def _fill_seats(self) -> None:
        while self.queue and len(self.seated) < self.event.capacity:
            self.seated.add(self.queue.pop(0))

    @rule(count=st.integers(min_value=1, max_value=4), again=st.booleans())
    def register(self, count: int, again: bool) -> None:
        next(_steps)
        active = sorted(self.seated | set(self.queue))
        emails = [f"a{next(_addresses)}@example.org" for _ in range(count)]
        if again and active:
            emails[-1] = active[0]  # someone already registered: the whole order is refused
        attendees = [Attendee(name=email, email=email) for email in emails]
        try:
            registration_create(event=self.event, booked_by=self.booker, attendees=attendees)
        except ValidationError:
            assert self.cancelled or (again and active)
            return
        assert not self.cancelled
        assert not (again and active)
        self.queue.extend(emails)
        self._fill_seats()

    @precondition(lambda self: self.seated or self.queue)
    @rule(data=st.data())
    def cancel(self, data) -> None:
        next(_steps)
        email = data.draw(st.sampled_from(sorted(self.seated | set(self.queue))))
        registration = Registration.objects.get(
            event=self.event, email=email, status__in=["confirmed", "waitlisted"]
        )
        registration_cancel(registration=registration)
        self.seated.discard(email)
        if email in self.queue:
            self.queue.remove(email)
        self._fill_seats()

    @precondition(lambda self: not self.cancelled)
    @rule(capacity=st.integers(min_value=1, max_value=8))
    def change_capacity(self, capacity: int) -> None:
        next(_steps)
        try:
            self.event = event_capacity_change(event=self.event, capacity=capacity)
        except ValidationError:
            assert capacity < len(self.seated)
            return
        assert capacity >= len(self.seated)
        self._fill_seats()

    @precondition(lambda self: not self.cancelled)
    @rule()
    def cancel_event(self) -> None:
        next(_steps)
        self.event = event_cancel(event=self.event)
        self.cancelled = True
        self.seated, self.queue = set(), []

    @invariant()
    def the_room_matches_the_model(self) -> None:
        rows = Registration.objects.filter(event=self.event).exclude(status="cancelled")
        seated = set(rows.filter(status="confirmed").values_list("email", flat=True))
        queue = list(rows.filter(status="waitlisted").order_by("position"))
        self.event.refresh_from_db()
        assert seated == self.seated
        assert len(seated) <= self.event.capacity
        assert [r.email for r in queue] == self.queue
        assert [r.position for r in queue] == list(range(1, len(queue) + 1))
        assert not queue or len(seated) == self.event.capacity
        assert rows.count() == len(seated) + len(queue)
        assert not (self.cancelled and rows.exists())


def test_registrations_keep_their_invariants_over_random_steps():
    machine = settings(
        max_examples=80,
        stateful_step_count=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )(Registrations)
    start = next(_steps)

    machine.TestCase("runTest").runTest()

    steps = next(_steps) - start - 1
    print(f"{steps} steps")
    assert steps >= MIN_STEPS, f"only {steps} steps ran"
