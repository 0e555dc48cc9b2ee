"""The network pass's services under random sequences of vouching, revoking, renewing, requesting
(any coworker, any host, any day), confirming, declining, cancelling, marking arrivals, closing
days and days passing, checked against a model after every step: a request goes through exactly
when the model says it should, and the rules hold in the database whatever happened — per host
and day no more visits holding a desk than its desks (none on a closed day), per coworker and month
no more than the quota, one place a day, and statuses move only along the allowed transitions."""

import itertools
from collections import Counter
from datetime import date, datetime, time, timedelta
from functools import partial

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tests.factories import HostSettingsFactory, UserFactory, verified_user
from visits.models import ClosedDay, Visit, Vouch
from visits.services import (
    closed_day_add,
    visit_cancel,
    visit_confirm,
    visit_decline,
    visit_mark,
    visit_request,
    vouch_accept,
    vouch_invite,
    vouch_renew,
    vouch_revoke,
)

pytestmark = pytest.mark.django_db

MIN_STEPS = 1000
OUTCOMES = Counter()
_steps = itertools.count()
_people = itertools.count()

S = Visit.Status
HOLDING = set(Visit.HOLDING)
ALLOWED = {
    (S.REQUESTED, S.CONFIRMED),
    (S.REQUESTED, S.DECLINED),
    (S.REQUESTED, S.CANCELLED),
    (S.CONFIRMED, S.DECLINED),
    (S.CONFIRMED, S.CANCELLED),
    (S.CONFIRMED, S.ARRIVED),
    (S.CONFIRMED, S.NO_SHOW),
    (S.ARRIVED, S.NO_SHOW),
    (S.NO_SHOW, S.ARRIVED),
}
# Guest desks Monday to Sunday, and whether requests are confirmed automatically; the last hub
# vouches for its coworkers but hosts nobody.
HOSTS = [
    ((1, 2, 0, 1, 2, 0, 1), True, True),
    ((2, 1, 1, 0, 1, 1, 0), False, True),
    ((1, 1, 2, 1, 0, 0, 0), True, True),
    ((3, 3, 3, 3, 3, 0, 0), True, False),
]
COWORKERS = 4
MARKABLE = (S.CONFIRMED, S.ARRIVED, S.NO_SHOW)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _monday_two_months_ahead() -> date:
    day = (timezone.localdate().replace(day=1) + timedelta(days=62)).replace(day=1)
    return day + timedelta(days=-day.weekday() % 7)


START = _monday_two_months_ahead()


def attempt(action):
    """What the service returned, or the ValidationError it refused with (None when it returned
    nothing)."""
    try:
        return action()
    except ValidationError as refused:
        return refused


def noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def month(day: date) -> tuple[int, int]:
    return day.year, day.month


class NetworkPass(RuleBasedStateMachine):
    """The model: the day it is, the hubs' desks and closed days, the vouches and every visit's
    status."""

    def __init__(self) -> None:
        super().__init__()
        self.today = START
        self.hubs, self.desks, self.hosting, self.automatic = [], {}, {}, {}
        for desks, automatic, hosting in HOSTS:
            settings_ = HostSettingsFactory(
                hosts_guests=hosting,
                confirmation="automatic" if automatic else "manual",
                **{f"desks_{day}": n for day, n in zip(WEEKDAYS, desks, strict=True)},
            )
            self.hubs.append(settings_.hub)
            self.desks[settings_.hub_id], self.hosting[settings_.hub_id] = desks, hosting
            self.automatic[settings_.hub_id] = automatic
        self.closed = {(self.hubs[0].pk, START + timedelta(days=2)), (self.hubs[1].pk, START)}
        for hub_id, day in self.closed:
            ClosedDay.objects.create(hub_id=hub_id, date=day)
        self.manager = UserFactory()
        self.people = [verified_user(f"sm{next(_people)}@example.org") for _ in range(COWORKERS)]
        self.vouches: dict[int, dict] = {}  # pk: coworker, hub, until, live
        self.visits: dict[int, list] = {}  # pk: [visitor, host, home, date, status]
        self.seen: dict[int, str] = {}
        for n, person in enumerate(self.people):  # each vouched for by two hubs to begin with
            for hub in (self.hubs[n % len(HOSTS)], self.hubs[(n + 1) % len(HOSTS)]):
                self._vouch(person, hub, START + timedelta(days=120))

    # --- The model's reads ---

    def _holding(self, **match) -> list[list]:
        fields = {"visitor": 0, "host": 1, "date": 3}
        return [
            visit
            for visit in self.visits.values()
            if visit[4] in HOLDING and all(visit[fields[k]] == v for k, v in match.items())
        ]

    def _desks_left(self, host_id: int, day: date) -> int:
        if (host_id, day) in self.closed:
            return 0
        return self.desks[host_id][day.weekday()] - len(self._holding(host=host_id, date=day))

    def _used(self, person_id: int, day: date) -> int:
        return sum(1 for v in self._holding(visitor=person_id) if month(v[3]) == month(day))

    def _valid_vouches(self, person_id: int, day: date) -> list[dict]:
        """The person's vouches valid on the day, the one a visit goes through first (the latest
        end, then the oldest)."""
        valid = sorted(
            (-v["until"].toordinal(), pk, v)
            for pk, v in self.vouches.items()
            if v["live"] and v["coworker"] == person_id and v["until"] >= day
        )
        return [v for *_key, v in valid]

    def _expected_refusal(self, person_id: int, host_id: int, day: date) -> str | None:
        if not self.today <= day <= self.today + timedelta(days=55):
            return "Pick a day from"
        valid = self._valid_vouches(person_id, day)
        if any(v["hub"] == host_id for v in valid):  # one of their own home hubs
            return "This is your home hub"
        if not valid:
            return "You need a member hub's vouch"
        if not self.hosting[host_id]:
            return "This hub does not host network guests."
        if self._holding(visitor=person_id, date=day):
            return "You already have a visit on that day."
        if self._desks_left(host_id, day) <= 0:
            return "There is no guest desk left"
        if self._used(person_id, day) >= django_settings.VISITS_MONTHLY_QUOTA:
            return "You have used your"
        return None

    def _move(self, pk: int, status: str) -> None:
        assert (self.visits[pk][4], status) in ALLOWED
        self.visits[pk][4] = status

    # --- Vouching ---

    def _vouch(self, person, hub, until: date) -> None:
        vouch = vouch_invite(hub=hub, email=person.email, until=until, by=self.manager)
        vouch_accept(vouch=vouch, user=person)
        self.vouches[vouch.pk] = {
            "coworker": person.pk, "hub": hub.pk, "until": until, "live": True
        }  # fmt: skip

    @rule(person=st.integers(0, COWORKERS - 1), hub=st.integers(0, 3), days=st.integers(0, 90))
    def vouch(self, person: int, hub: int, days: int) -> None:
        next(_steps)
        person, hub = self.people[person], self.hubs[hub]
        live = [v for v in self.vouches.values() if v["live"]]
        taken = any(v["coworker"] == person.pk and v["hub"] == hub.pk for v in live)
        result = attempt(partial(self._vouch, person, hub, self.today + timedelta(days=days)))
        assert isinstance(result, ValidationError) == taken  # a hub's second live vouch for one
        assert not taken or list(result.message_dict) == ["email"]

    def _live_vouches(self) -> list[int]:
        return sorted(pk for pk, v in self.vouches.items() if v["live"])

    @precondition(lambda self: self._live_vouches())
    @rule(data=st.data())
    def revoke(self, data) -> None:
        next(_steps)
        pk = data.draw(st.sampled_from(self._live_vouches()))
        vouch = self.vouches[pk]
        vouch_revoke(vouch=Vouch.objects.get(pk=pk), by=self.manager, now=noon(self.today))
        vouch["live"] = False
        self._visits_through_ending(vouch, after=self.today - timedelta(days=1))

    @precondition(lambda self: self._live_vouches())
    @rule(data=st.data(), days=st.integers(0, 90))
    def renew(self, data, days: int) -> None:
        next(_steps)
        pk = data.draw(st.sampled_from(self._live_vouches()))
        vouch, until = self.vouches[pk], self.today + timedelta(days=days)
        vouch_renew(vouch=Vouch.objects.get(pk=pk), until=until, by=self.manager)
        vouch["until"] = until
        self._visits_through_ending(vouch, after=max(until, self.today - timedelta(days=1)))

    def _visits_through_ending(self, vouch: dict, after: date) -> None:
        """Upcoming visits through the vouch after `after` go on through another vouch that
        covers their day (the one ending last), else they are called off."""
        for visit_pk, visit in self.visits.items():
            mine = visit[0] == vouch["coworker"] and visit[2] == vouch["hub"]
            if not (mine and visit[4] in (S.REQUESTED, S.CONFIRMED) and visit[3] > after):
                continue
            others = [
                v
                for v in self._valid_vouches(vouch["coworker"], visit[3])
                if v is not vouch and v["hub"] != visit[1]
            ]
            if others:
                visit[2] = others[0]["hub"]
            else:
                self._move(visit_pk, S.CANCELLED)

    # --- Requesting ---

    # Up to six requests in a step: one coworker's days in a month run out, as do a day's desks.
    @rule(
        batch=st.lists(
            st.tuples(st.integers(0, COWORKERS - 1), st.integers(0, 3), st.integers(-1, 24)),
            min_size=1,
            max_size=6,
        )
    )
    def request(self, batch: list[tuple[int, int, int]]) -> None:
        next(_steps)
        for person, host, offset in batch:
            self._request(self.people[person], self.hubs[host], offset)

    def _request(self, person, host, offset: int) -> None:
        day = self.today + timedelta(days=offset)
        expected = self._expected_refusal(person.pk, host.pk, day)
        with translation.override("en"):
            visit = attempt(
                partial(visit_request, visitor=person, host=host, day=day, today=self.today)
            )
        OUTCOMES[expected or "booked"] += 1
        if expected is not None:
            assert isinstance(visit, ValidationError), expected
            assert visit.messages[0].startswith(expected), (expected, visit.messages)
            return
        assert isinstance(visit, Visit), visit.messages
        home = self._valid_vouches(person.pk, day)[0]["hub"]
        assert visit.home_hub_id == home
        assert visit.status == (S.CONFIRMED if self.automatic[host.pk] else S.REQUESTED)
        self.visits[visit.pk] = [person.pk, host.pk, home, day, visit.status]

    # --- Deciding, cancelling, marking ---

    def _pick(self, data, likely) -> tuple[int, list, Visit]:
        """A visit: three times in four one the step may well act on (`likely(model)`), else any,
        which the service may have to refuse."""
        fitting = sorted(pk for pk, visit in self.visits.items() if likely(visit))
        pool = fitting if fitting and data.draw(st.integers(0, 3)) else sorted(self.visits)
        pk = data.draw(st.sampled_from(pool))
        return pk, self.visits[pk], Visit.objects.get(pk=pk)

    def _try(self, action, ok: bool) -> bool:
        """Run the service; it must succeed exactly when the model says `ok`."""
        refused = isinstance(result := attempt(action), ValidationError)
        OUTCOMES[f"{action.func.__name__} {'refused' if refused else 'done'}"] += 1
        assert refused != ok, result
        return ok

    @precondition(lambda self: self.visits)
    @rule(data=st.data())
    def confirm(self, data) -> None:
        next(_steps)
        pk, model, visit = self._pick(data, lambda v: v[4] == S.REQUESTED)
        ok = model[4] == S.REQUESTED and model[3] >= self.today
        call = partial(visit_confirm, visit=visit, by=self.manager, now=noon(self.today))
        if self._try(call, ok):
            self._move(pk, S.CONFIRMED)

    @precondition(lambda self: self.visits)
    @rule(data=st.data(), reason=st.sampled_from(["", "  ", "Fullt"]))
    def decline(self, data, reason: str) -> None:
        next(_steps)
        pk, model, visit = self._pick(data, lambda v: v[4] in (S.REQUESTED, S.CONFIRMED))
        ok = model[4] in (S.REQUESTED, S.CONFIRMED) and model[3] >= self.today and reason.strip()
        now = noon(self.today)
        call = partial(visit_decline, visit=visit, by=self.manager, reason=reason, now=now)
        if self._try(call, bool(ok)):
            self._move(pk, S.DECLINED)

    @precondition(lambda self: self.visits)
    @rule(data=st.data())
    def cancel(self, data) -> None:
        next(_steps)
        pk, model, visit = self._pick(data, lambda v: v[4] in (S.REQUESTED, S.CONFIRMED))
        ok = model[4] in (S.REQUESTED, S.CONFIRMED) and model[3] > self.today
        call = partial(visit_cancel, visit=visit, by=visit.visitor, now=noon(self.today))
        if self._try(call, ok):
            self._move(pk, S.CANCELLED)

    @precondition(lambda self: self.visits)
    @rule(data=st.data(), arrived=st.booleans())
    def mark(self, data, arrived: bool) -> None:
        next(_steps)
        pk, model, visit = self._pick(data, lambda v: v[4] in MARKABLE and v[3] <= self.today)
        person, host, _home, day, status = model
        ok = status in MARKABLE and self.today - timedelta(days=14) <= day <= self.today
        if ok and arrived and status == S.NO_SHOW:  # back to holding a desk and a day
            ok = (
                self._desks_left(host, day) > 0
                and not self._holding(visitor=person, date=day)
                and self._used(person, day) < django_settings.VISITS_MONTHLY_QUOTA
            )
        now = noon(self.today)
        call = partial(visit_mark, visit=visit, by=self.manager, arrived=arrived, now=now)
        new = S.ARRIVED if arrived else S.NO_SHOW
        if self._try(call, ok) and new != status:
            self._move(pk, new)

    # --- The hosts' calendars and the clock ---

    @precondition(lambda self: len(self.closed) < 8)  # some closed days, not a closed network
    @rule(host=st.integers(0, 2), offset=st.integers(0, 20))
    def close_day(self, host: int, offset: int) -> None:
        next(_steps)
        host, day = self.hubs[host], self.today + timedelta(days=offset)
        ok = (host.pk, day) not in self.closed and not self._holding(host=host.pk, date=day)
        if self._try(partial(closed_day_add, hub=host, day=day), ok):
            self.closed.add((host.pk, day))

    @rule(days=st.integers(1, 7))
    def days_pass(self, days: int) -> None:
        next(_steps)
        self.today += timedelta(days=days)

    # --- The rules, read from the database ---

    @invariant()
    def the_rules_hold_in_the_database(self) -> None:
        rows = list(
            Visit.objects.filter(host__in=self.hubs).values_list(
                "pk", "visitor", "host", "date", "status"
            )
        )
        holding = [row for row in rows if row[4] in HOLDING]
        per_host_day = Counter((host, day) for _pk, _v, host, day, _s in holding)
        for (host, day), n in per_host_day.items():
            assert n <= self.desks[host][day.weekday()], (host, day, n)
            assert (host, day) not in self.closed, (host, day, n)
        per_month = Counter((visitor, month(day)) for _pk, visitor, _h, day, _s in holding)
        assert max(per_month.values(), default=0) <= django_settings.VISITS_MONTHLY_QUOTA
        per_day = Counter((visitor, day) for _pk, visitor, _h, day, _s in holding)
        assert max(per_day.values(), default=0) <= 1
        for pk, *_rest, status in rows:
            before = self.seen.get(pk, status)
            assert before == status or (before, status) in ALLOWED, (pk, before, status)
            self.seen[pk] = status
        assert {row[0]: row[4] for row in rows} == {pk: v[4] for pk, v in self.visits.items()}
        live = Vouch.objects.live().filter(home_hub__in=self.hubs).values_list("pk", flat=True)
        assert set(live) == set(self._live_vouches())


def test_the_network_pass_keeps_its_rules_over_random_steps():
    machine = settings(
        max_examples=40,
        stateful_step_count=50,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )(NetworkPass)
    start = next(_steps)

    machine.TestCase("runTest").runTest()

    steps = next(_steps) - start - 1
    print(f"{steps} steps", sorted(OUTCOMES.items()))
    assert steps >= MIN_STEPS, f"only {steps} steps ran"
