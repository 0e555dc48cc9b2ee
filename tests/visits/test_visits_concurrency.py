"""Desks and quotas under a rush, on PostgreSQL: 50 coworkers at once for the last 3 desks of a day
get exactly 3 visits, a coworker firing 10 requests at once for 10 days gets exactly the monthly
quota, and requests between two hubs in opposite directions never deadlock. Each with a negative
control that swaps `desks_and_quota_lock` for a version without the lock (or, for the deadlock, one
that also locks the hub's row) and shows the rule break. SQLite runs one writer at a time, so the
race cannot happen there and these tests are skipped."""

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.utils import timezone, translation

from hubs.models import Hub
from tests.concurrency import in_two_threads
from tests.factories import HostSettingsFactory, MemberHubFactory, VisitFactory, VouchFactory
from visits.models import HostSettings, Visit, Vouch
from visits.services import visit_request, vouch_invite
from visits.services import visits as visit_service

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"),
]

RUSH = 50  # PostgreSQL allows 100 connections: one thread and connection per request
DESKS, ALREADY_BOOKED = 5, 2
QUOTA_SHOTS = 10
NO_DESK = "There is no guest desk left at this hub on that day."
NO_DAYS = "You have used your 3 days in the network this month."


def _monday_two_months_ahead() -> date:
    day = (timezone.localdate().replace(day=1) + timedelta(days=62)).replace(day=1)
    return day + timedelta(days=-day.weekday() % 7)


MONDAY = _monday_two_months_ahead()
# Ten weekdays of one month: the first two working weeks from MONDAY.
WEEKDAYS = [MONDAY + timedelta(days=w * 7 + d) for w in (0, 1) for d in range(5)]


def at_once(calls) -> tuple[list[Visit], list[str], list[Exception]]:
    """Each call in its own thread and connection, all released together: the visits made, the
    refusals (in English) and anything else raised, which must never happen."""
    barrier, lock = threading.Barrier(len(calls)), threading.Lock()
    made, refused, errors = [], [], []

    def work(call) -> None:
        try:
            with translation.override("en"):
                barrier.wait()
                visit = call()
            with lock:
                made.append(visit)
        except ValidationError as error:
            with lock:
                refused.extend(error.messages)
        except Exception as error:  # every failure is counted; none may happen
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return made, refused, errors


def unlocked_together(parties: int):
    """desks_and_quota_lock without the lock: it reads the host's settings and waits until every
    request has read them, so that all of them count the free desks and days before any books."""
    barrier = threading.Barrier(parties, timeout=30)

    def unlocked(*, host_id: int, visitor_id: int | None = None) -> HostSettings:
        settings_ = HostSettings.objects.select_related("hub__organisation").get(hub_id=host_id)
        barrier.wait()
        return settings_

    return unlocked


# --- The last desks of a day ---------------------------------------------------------------------


def host_with_last_desks(day: date) -> Hub:
    weekday = ("monday", "tuesday", "wednesday", "thursday", "friday")[day.weekday()]
    host = HostSettingsFactory(**{f"desks_{weekday}": DESKS}).hub
    for _ in range(ALREADY_BOOKED):
        VisitFactory(host=host, date=day)
    return host


def rush_for_the_last_desks(host: Hub, day: date):
    home = MemberHubFactory()
    coworkers = [VouchFactory(home_hub=home).coworker for _ in range(RUSH)]
    calls = [
        lambda person=person: visit_request(visitor=person, host=host, day=day, today=MONDAY)
        for person in coworkers
    ]
    return at_once(calls)


@pytest.mark.parametrize("day", WEEKDAYS[:2])
def test_50_coworkers_at_once_for_the_last_3_desks_get_exactly_3(day):
    host = host_with_last_desks(day)

    made, refused, errors = rush_for_the_last_desks(host, day)

    assert errors == []
    assert len(made) == DESKS - ALREADY_BOOKED
    assert refused == [NO_DESK] * (RUSH - len(made))
    holding = Visit.objects.filter(host=host, date=day, status__in=Visit.HOLDING)
    assert holding.count() == DESKS


def test_negative_control_without_the_lock_the_last_desks_are_oversold(monkeypatch):
    monkeypatch.setattr(visit_service, "desks_and_quota_lock", unlocked_together(RUSH))
    day = WEEKDAYS[2]
    host = host_with_last_desks(day)

    made, refused, errors = rush_for_the_last_desks(host, day)

    holding = Visit.objects.filter(host=host, date=day, status__in=Visit.HOLDING).count()
    print(f"without the lock: {len(made)} booked, {len(refused)} refused, {len(errors)} errors")
    assert errors == []
    assert holding > DESKS


# --- One coworker's monthly quota ----------------------------------------------------------------


def fire_ten_requests():
    """One coworker, ten requests at once: ten weekdays of one month at ten hosts."""
    coworker = VouchFactory().coworker
    hosts = [HostSettingsFactory().hub for _ in range(QUOTA_SHOTS)]
    calls = [
        lambda host=host, day=day: visit_request(visitor=coworker, host=host, day=day, today=MONDAY)
        for host, day in zip(hosts, WEEKDAYS, strict=True)
    ]
    made, refused, errors = at_once(calls)
    return coworker, made, refused, errors


def test_a_coworker_firing_10_requests_at_once_gets_exactly_the_quota():
    for _round in range(3):
        coworker, made, refused, errors = fire_ten_requests()

        assert errors == []
        assert len(made) == 3
        assert refused == [NO_DAYS] * (QUOTA_SHOTS - 3)
        assert Visit.objects.filter(visitor=coworker, status__in=Visit.HOLDING).count() == 3


def test_negative_control_without_the_lock_the_quota_is_exceeded(monkeypatch):
    monkeypatch.setattr(visit_service, "desks_and_quota_lock", unlocked_together(QUOTA_SHOTS))

    coworker, _made, refused, errors = fire_ten_requests()

    holding = Visit.objects.filter(visitor=coworker, status__in=Visit.HOLDING).count()
    print(f"without the lock: {holding} days booked, refused: {refused}")
    assert errors == []
    assert holding > 3


# --- Requests in opposite directions -------------------------------------------------------------


def _book(item, barrier):
    visitor, host, day = item
    barrier.wait()
    try:
        return visit_request(visitor=visitor, host=host, day=day, today=MONDAY)
    except DatabaseError as error:  # a deadlock: handed to the test, which counts it
        return error


def crossed(day: date) -> list:
    """A coworker of each of two hubs books `day` at the other hub, both at once."""
    first, second = HostSettingsFactory().hub, HostSettingsFactory().hub
    there = VouchFactory(home_hub=first).coworker
    back = VouchFactory(home_hub=second).coworker
    return in_two_threads(_book, [(there, second, day), (back, first, day)])


def test_two_requests_between_two_hubs_in_opposite_directions_never_deadlock():
    results = [result for day in WEEKDAYS[:5] for result in crossed(day)]

    assert [type(result) for result in results] == [Visit] * 10, results
    assert Visit.objects.filter(status="confirmed").count() == 10


def test_negative_control_a_lock_on_the_hub_s_row_too_deadlocks_them(monkeypatch):
    """The lock as it would be if it also locked the host hub's row (select_for_update without
    `of`): each request holds its host's row, and its insert waits to check the other hub's row,
    which the other request holds."""
    both_locked = threading.Barrier(2, timeout=30)

    def locking_the_hub_too(*, host_id: int, visitor_id: int | None = None) -> HostSettings:
        locked = HostSettings.objects.select_for_update().select_related("hub")
        settings_ = locked.get(hub_id=host_id)
        both_locked.wait()
        return settings_

    monkeypatch.setattr(visit_service, "desks_and_quota_lock", locking_the_hub_too)

    results = crossed(MONDAY)

    deadlocked = [r for r in results if isinstance(r, DatabaseError)]
    assert ["deadlock detected" in str(error) for error in deadlocked] == [True], results
    assert Visit.objects.count() == 1


def test_a_vouch_sent_twice_at_once_is_made_once_and_the_second_is_refused_next_to_its_field():
    """A double-clicked "vouch" form: one vouch, and the other request told why, never a 500
    (the database's unique constraint decides; the service turns its refusal into the form's)."""
    hub = MemberHubFactory()
    until = timezone.localdate() + timedelta(days=30)

    def work(email, barrier):
        with translation.override("en"):
            barrier.wait()
            return vouch_invite(hub=hub, email=email, until=until, by=None)

    results = in_two_threads(work, ["Kari@Example.org", "kari@example.org"])

    refusals = [r.message_dict for r in results if isinstance(r, ValidationError)]
    assert refusals == [{"email": ["This hub already vouches for that address: renew it instead."]}]
    assert list(Vouch.objects.values_list("email", flat=True)) == ["kari@example.org"]
