"""Requesting a visit: automatic or manual confirmation, the monthly quota, the host's desks per
weekday and closed days, one place a day, the booking window, hosts that take no guests, and what
the visitor chooses to show. Dates are weekdays from a Monday two months ahead (`today` is passed
to the service); the refusals are compared in English, the language the services write them in."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from members.models import Organisation
from tests.factories import (
    ClosedDayFactory,
    HostSettingsFactory,
    MemberHubFactory,
    UserFactory,
    VisitFactory,
    VouchFactory,
)
from visits.models import HostSettings, Visit
from visits.services import visit_cancel, visit_request

pytestmark = pytest.mark.django_db

Status = Visit.Status
NO_DESK = "There is no guest desk left at this hub on that day."
NOT_HOSTING = "This hub does not host network guests."
NO_VOUCH = "You need a member hub's vouch that is valid on that day to visit another hub."


def _monday_two_months_ahead() -> date:
    """The first Monday of the month after next: in the future whatever the clock says, and the
    start of two working weeks inside one month."""
    day = (timezone.localdate().replace(day=1) + timedelta(days=62)).replace(day=1)
    return day + timedelta(days=-day.weekday() % 7)


MONDAY = _monday_two_months_ahead()
# Ten weekdays of one month: the first two working weeks from MONDAY.
WEEKDAYS = [MONDAY + timedelta(days=w * 7 + d) for w in (0, 1) for d in range(5)]
# The first Monday of the month after MONDAY's, still inside the booking window.
NEXT_MONTH = (MONDAY.replace(day=28) + timedelta(days=4)).replace(day=1)
NEXT_MONTH += timedelta(days=-NEXT_MONTH.weekday() % 7)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def coworker(**vouch):
    return VouchFactory(**vouch).coworker


def host(**settings_):
    return HostSettingsFactory(**settings_).hub


def request(visitor, at, day=MONDAY, **options) -> Visit:
    return visit_request(visitor=visitor, host=at, day=day, today=MONDAY, **options)


def refused(visitor, at, day=MONDAY, today=MONDAY) -> str:
    with pytest.raises(ValidationError) as error:
        visit_request(visitor=visitor, host=at, day=day, today=today)
    return " ".join(error.value.messages)


def holding_dates(visitor) -> list[date]:
    return list(
        Visit.objects.filter(visitor=visitor, status__in=Visit.HOLDING)
        .order_by("date")
        .values_list("date", flat=True)
    )


# --- Confirmation --------------------------------------------------------------------------------


def test_a_request_to_an_automatic_host_is_confirmed_at_once():
    vouch = VouchFactory()
    visitor = vouch.coworker

    visit = request(visitor, host(confirmation=HostSettings.Confirmation.AUTOMATIC))

    visit.refresh_from_db()
    assert (visit.status, visit.home_hub, visit.visitor, visit.date) == (
        "confirmed",
        vouch.home_hub,
        visitor,
        MONDAY,
    )
    assert visit.visitor_name == visitor.name
    assert visit.decided_at is not None
    assert visit.decided_by is None


def test_a_request_to_a_manual_host_waits_and_still_holds_a_desk():
    at = host(confirmation=HostSettings.Confirmation.MANUAL, desks_monday=2)

    visits = [request(coworker(), at) for _ in range(2)]

    assert [(v.status, v.decided_at) for v in visits] == [("requested", None)] * 2
    assert refused(coworker(), at) == NO_DESK


def test_a_visitor_without_a_name_is_never_shown_by_their_address():
    """The visitor chooses whether the host sees their address: never in place of a name."""
    visitor = coworker(coworker=UserFactory(name="", email="uten.navn@example.org"))

    assert request(visitor, host()).visitor_name == "—"


# --- The visibility choice -----------------------------------------------------------------------


def test_by_default_the_host_sees_neither_e_mail_address_nor_phone():
    visit = request(coworker(), host())

    visit.refresh_from_db()
    assert (visit.share_email, visit.phone, visit.message) == (False, "", "")


def test_the_visitor_s_choice_to_show_address_and_phone_is_stored_as_made():
    visit = request(
        coworker(), host(), share_email=True, phone=" +47 900\n00 000 ", message="Kommer kl. 9"
    )

    visit.refresh_from_db()
    assert (visit.share_email, visit.phone, visit.message) == (
        True,
        "+47 900 00 000",
        "Kommer kl. 9",
    )


# --- The monthly quota ---------------------------------------------------------------------------


def test_three_days_a_month_and_the_fourth_is_refused():
    visitor, hosts = coworker(), [host(), host()]
    for n, day in enumerate(WEEKDAYS[:3]):
        request(visitor, hosts[n % 2], day)

    message = refused(visitor, hosts[1], WEEKDAYS[3])

    assert message == "You have used your 3 days in the network this month."
    assert holding_dates(visitor) == WEEKDAYS[:3]


def test_requested_confirmed_and_arrived_visits_count_against_the_quota():
    visitor, at = coworker(), host()
    for day, status in zip(
        WEEKDAYS[:3], (Status.REQUESTED, Status.CONFIRMED, Status.ARRIVED), strict=True
    ):
        VisitFactory(visitor=visitor, host=at, date=day, status=status)

    assert "used your 3 days" in refused(visitor, at, WEEKDAYS[5])


def test_declined_cancelled_and_no_show_visits_do_not_count_against_the_quota():
    visitor, at = coworker(), host()
    VisitFactory(
        visitor=visitor, host=at, date=WEEKDAYS[0], status=Status.DECLINED, decline_reason="-"
    )
    VisitFactory(visitor=visitor, host=at, date=WEEKDAYS[1], status=Status.CANCELLED)
    VisitFactory(visitor=visitor, host=at, date=WEEKDAYS[2], status=Status.NO_SHOW)

    for day in WEEKDAYS[5:8]:
        request(visitor, at, day)

    assert holding_dates(visitor) == WEEKDAYS[5:8]
    assert "used your 3 days" in refused(visitor, at, WEEKDAYS[8])


def test_the_quota_starts_afresh_each_month_and_unused_days_do_not_roll_over():
    visitor, at = coworker(), host()
    for day in WEEKDAYS[:3]:
        request(visitor, at, day)
    next_month = [NEXT_MONTH + timedelta(days=d) for d in range(4)]

    for day in next_month[:3]:
        request(visitor, at, day)

    assert "used your 3 days" in refused(visitor, at, next_month[3])
    assert holding_dates(visitor) == WEEKDAYS[:3] + next_month[:3]


def test_a_month_left_unused_gives_no_extra_days_the_next():
    visitor, at = coworker(), host()
    for day in [NEXT_MONTH + timedelta(days=d) for d in range(3)]:
        request(visitor, at, day)

    assert "used your 3 days" in refused(visitor, at, NEXT_MONTH + timedelta(days=3))


@pytest.mark.parametrize("quota", [1, 5])
def test_the_quota_follows_the_setting(settings, quota):
    settings.VISITS_MONTHLY_QUOTA = quota
    visitor, at = coworker(), host()
    for day in WEEKDAYS[:quota]:
        request(visitor, at, day)

    message = refused(visitor, at, WEEKDAYS[quota])

    assert message == f"You have used your {quota} days in the network this month."
    assert len(holding_dates(visitor)) == quota


# --- The host's desks ----------------------------------------------------------------------------


def test_desks_per_weekday_and_no_guests_on_a_weekday_with_none():
    at = host(desks_monday=2, desks_tuesday=0)
    request(coworker(), at, MONDAY)
    request(coworker(), at, MONDAY)

    assert refused(coworker(), at, MONDAY) == NO_DESK
    assert refused(coworker(), at, MONDAY + timedelta(days=1)) == NO_DESK
    assert refused(coworker(), at, MONDAY + timedelta(days=5)) == NO_DESK  # Saturday: 0 by default
    assert Visit.objects.filter(host=at).count() == 2


def test_desks_freed_by_declined_or_cancelled_visits_are_free_again():
    at = host(desks_monday=2)
    VisitFactory(host=at, date=MONDAY, status=Status.DECLINED, decline_reason="-")
    visit_cancel(visit=request(coworker(), at), by=UserFactory())

    request(coworker(), at)
    request(coworker(), at)

    assert Visit.objects.filter(host=at, status__in=Visit.HOLDING).count() == 2


def test_no_visit_on_a_closed_day():
    at = host()
    ClosedDayFactory(hub=at, date=MONDAY + timedelta(days=2))

    assert refused(coworker(), at, MONDAY + timedelta(days=2)) == NO_DESK
    assert request(coworker(), at, MONDAY + timedelta(days=3)).status == "confirmed"


def test_a_closed_day_at_another_hub_changes_nothing():
    at = host()
    ClosedDayFactory(hub=host(), date=MONDAY)

    assert request(coworker(), at, MONDAY).status == "confirmed"


# --- One place a day, never at home --------------------------------------------------------------


def test_a_second_visit_the_same_day_is_refused_here_or_elsewhere_until_the_first_is_cancelled():
    visitor, first_host, second_host = coworker(), host(), host()
    first = request(visitor, first_host)

    assert refused(visitor, second_host) == "You already have a visit on that day."
    assert refused(visitor, first_host) == "You already have a visit on that day."
    visit_cancel(visit=first, by=visitor)
    assert request(visitor, second_host).status == "confirmed"


def test_a_coworker_cannot_visit_their_own_home_hub():
    vouch = VouchFactory()
    HostSettingsFactory(hub=vouch.home_hub)

    assert refused(vouch.coworker, vouch.home_hub) == (
        "This is your home hub: the network pass is for days at other member hubs."
    )
    assert not Visit.objects.exists()


def test_a_coworker_without_a_vouch_or_with_an_unaccepted_one_cannot_request():
    VouchFactory(coworker=None, email="invitert@example.org")

    assert refused(UserFactory(email="invitert@example.org"), host()) == NO_VOUCH
    assert refused(UserFactory(), host()) == NO_VOUCH


def test_a_vouch_from_a_hub_whose_organisation_left_lets_nobody_travel():
    vouch = VouchFactory()
    # Straight to the table: the status alone, without the resignation's own effects.
    Organisation.objects.filter(pk=vouch.home_hub.organisation_id).update(
        status=Organisation.Status.RESIGNED, resigned_on=MONDAY
    )

    assert refused(vouch.coworker, host()) == NO_VOUCH


# --- The booking window --------------------------------------------------------------------------


def test_the_booking_window_runs_from_today_for_56_days():
    at = host(desks_saturday=3, desks_sunday=3)
    last = MONDAY + timedelta(days=55)

    assert request(coworker(), at, MONDAY).date == MONDAY
    assert request(coworker(), at, last).date == last
    for day in (MONDAY - timedelta(days=1), last + timedelta(days=1)):
        assert refused(coworker(), at, day).startswith("Pick a day from ")
    assert Visit.objects.count() == 2


def test_the_booking_window_follows_the_setting(settings):
    settings.VISITS_BOOKING_DAYS = 7
    at = host(desks_sunday=3)

    assert request(coworker(), at, MONDAY + timedelta(days=6)).status == "confirmed"
    assert refused(coworker(), at, MONDAY + timedelta(days=7)).startswith("Pick a day from ")


# --- Hosts that take no guests -------------------------------------------------------------------


def test_a_hub_that_does_not_host_is_refused():
    assert refused(coworker(), host(hosts_guests=False)) == NOT_HOSTING


def test_an_unpublished_hub_is_refused():
    at = host()
    at.is_published = False
    at.save()

    assert refused(coworker(), at) == NOT_HOSTING


def test_a_hub_without_host_settings_is_refused():
    assert refused(coworker(), MemberHubFactory()) == NOT_HOSTING


def test_a_hub_whose_organisation_left_is_refused():
    at = host()
    Organisation.objects.filter(pk=at.organisation_id).update(
        status=Organisation.Status.RESIGNED, resigned_on=MONDAY
    )

    assert refused(coworker(), at) == NOT_HOSTING
    assert not Visit.objects.exists()
