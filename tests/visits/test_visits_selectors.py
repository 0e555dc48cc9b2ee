"""The reads the pages are built on: which days of the booking window have room at a host (and in
how many queries), how many days a coworker has left this month, which hubs take guests, and a
person's vouches."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from members.models import Organisation
from tests.factories import (
    ClosedDayFactory,
    HostSettingsFactory,
    MemberHubFactory,
    UserFactory,
    VisitFactory,
    VouchFactory,
    verified_user,
)
from visits import selectors
from visits.models import Visit
from visits.selectors import Day
from visits.services import vouch_revoke

pytestmark = pytest.mark.django_db

Status = Visit.Status


def _monday_two_months_ahead() -> date:
    """The first Monday of the month after next: in the future whatever the clock says."""
    day = (timezone.localdate().replace(day=1) + timedelta(days=62)).replace(day=1)
    return day + timedelta(days=-day.weekday() % 7)


MONDAY = _monday_two_months_ahead()


def on(weekday: int, week: int = 0) -> date:
    return MONDAY + timedelta(days=week * 7 + weekday)


# --- days_with_room ------------------------------------------------------------------------------


@pytest.fixture
def week_at_a_host():
    """A host with 2, 0, 3, 1 and 3 guest desks Monday to Friday and none at the weekend; the
    Wednesday closed; visits by others and one by the coworker (elsewhere) on the Thursday."""
    settings_ = HostSettingsFactory(
        desks_monday=2, desks_tuesday=0, desks_wednesday=3, desks_thursday=1, desks_friday=3
    )
    at, visitor = settings_.hub, VouchFactory().coworker
    ClosedDayFactory(hub=at, date=on(2), reason="Fagdag")
    VisitFactory(host=at, date=on(0), status=Status.CONFIRMED)
    VisitFactory(host=at, date=on(0), status=Status.CANCELLED)
    VisitFactory(host=at, date=on(4), status=Status.REQUESTED)
    VisitFactory(host=at, date=on(4), status=Status.ARRIVED)
    VisitFactory(host=at, date=on(4), status=Status.DECLINED, decline_reason="-")
    VisitFactory(host=at, date=on(4), status=Status.NO_SHOW)
    VisitFactory(visitor=visitor, date=on(3), status=Status.REQUESTED)
    return at, visitor


def test_days_with_room_gives_desks_left_closed_days_and_the_coworker_s_own_days(week_at_a_host):
    at, visitor = week_at_a_host

    days = selectors.days_with_room(at, visitor, today=MONDAY)

    assert days[:8] == [
        Day(on(0), desks=2, left=1, closed=False, closed_reason="", yours=False),
        Day(on(1), desks=0, left=0, closed=False, closed_reason="", yours=False),
        Day(on(2), desks=3, left=0, closed=True, closed_reason="Fagdag", yours=False),
        Day(on(3), desks=1, left=1, closed=False, closed_reason="", yours=True),
        Day(on(4), desks=3, left=1, closed=False, closed_reason="", yours=False),
        Day(on(5), desks=0, left=0, closed=False, closed_reason="", yours=False),
        Day(on(6), desks=0, left=0, closed=False, closed_reason="", yours=False),
        Day(on(0, week=1), desks=2, left=2, closed=False, closed_reason="", yours=False),
    ]
    assert [day.bookable for day in days[:5]] == [True, False, False, False, True]
    assert (len(days), days[-1].date) == (56, MONDAY + timedelta(days=55))


def test_days_with_room_for_nobody_in_particular_marks_no_day_as_yours(week_at_a_host):
    at, _visitor = week_at_a_host

    for visitor in (None, AnonymousUser()):
        days = selectors.days_with_room(at, visitor, today=MONDAY)
        assert not any(day.yours for day in days)
        assert days[3].left == 1


def test_days_with_room_at_a_hub_without_host_settings_is_empty():
    assert selectors.days_with_room(MemberHubFactory(), today=MONDAY) == []


@pytest.mark.parametrize("visits", [1, 30])
def test_days_with_room_runs_four_queries_whatever_the_number_of_visits(
    visits, django_assert_num_queries
):
    at = HostSettingsFactory(desks_saturday=5, desks_sunday=5).hub
    visitor = VouchFactory().coworker
    for n in range(visits):
        VisitFactory(host=at, home_hub=MemberHubFactory(), date=MONDAY + timedelta(days=n))
    ClosedDayFactory(hub=at, date=MONDAY + timedelta(days=40))
    VisitFactory(visitor=visitor, date=MONDAY + timedelta(days=50))

    with django_assert_num_queries(4):
        days = selectors.days_with_room(at, visitor, today=MONDAY)

    assert sum(day.desks - day.left for day in days if not day.closed) == visits
    assert [day.date for day in days if day.yours] == [MONDAY + timedelta(days=50)]


# --- quota_left ----------------------------------------------------------------------------------


def test_quota_left_counts_the_holding_visits_of_the_day_s_month_only():
    visitor = VouchFactory().coworker
    for day, status in [(0, Status.REQUESTED), (1, Status.CONFIRMED), (2, Status.CANCELLED)]:
        VisitFactory(visitor=visitor, date=on(day), status=status)
    next_month = (MONDAY.replace(day=28) + timedelta(days=4)).replace(day=1)

    assert selectors.quota_left(visitor, MONDAY) == 1
    assert selectors.quota_left(visitor, MONDAY.replace(day=1)) == 1
    assert selectors.quota_left(visitor, next_month) == 3
    assert selectors.quota_left(UserFactory(), MONDAY) == 3


def test_quota_left_is_never_below_zero_when_the_setting_is_lowered(settings):
    visitor = VouchFactory().coworker
    VisitFactory(visitor=visitor, date=on(0))
    VisitFactory(visitor=visitor, date=on(1))
    settings.VISITS_MONTHLY_QUOTA = 1

    assert selectors.quota_left(visitor, MONDAY) == 0


# --- hosts ---------------------------------------------------------------------------------------


def test_hosts_are_the_published_hosting_hubs_of_member_organisations():
    hosting = HostSettingsFactory(hub=MemberHubFactory(name="Aaa vertskap")).hub
    HostSettingsFactory(hosts_guests=False)
    MemberHubFactory()
    unpublished = HostSettingsFactory().hub
    unpublished.is_published = False
    unpublished.save()
    for status in (Organisation.Status.RESIGNED, Organisation.Status.APPLICANT):
        left = HostSettingsFactory().hub
        Organisation.objects.filter(pk=left.organisation_id).update(
            status=status, resigned_on=MONDAY
        )

    assert list(selectors.hosts()) == [hosting]
    assert (selectors.is_host(hosting), selectors.is_host(unpublished)) == (True, False)


# --- A person's vouches --------------------------------------------------------------------------


def test_vouches_of_are_the_live_vouches_and_the_open_invitations_to_the_address():
    kari = verified_user("kari@example.org")
    accepted = VouchFactory(coworker=kari, until=on(0, week=20))
    invitation = VouchFactory(coworker=None, email="KARI@example.org", until=on(0, week=10))
    vouch_revoke(vouch=VouchFactory(coworker=kari), by=None)
    VouchFactory(coworker=None, email="ola@example.org")

    assert list(selectors.vouches_of(kari)) == [accepted, invitation]
    assert list(selectors.vouches_of(AnonymousUser())) == []


def test_valid_vouch_is_the_accepted_vouch_running_longest_on_the_day():
    kari = verified_user("kari@example.org")
    VouchFactory(coworker=kari, until=on(0))
    longest = VouchFactory(coworker=kari, until=on(0, week=8))
    VouchFactory(coworker=None, email=kari.email, until=on(0, week=9))

    assert selectors.valid_vouch(kari, MONDAY) == longest
    assert selectors.valid_vouch(kari, on(0, week=9)) is None
    assert selectors.valid_vouch(AnonymousUser()) is None
