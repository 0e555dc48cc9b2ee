"""A hub's hosting: its settings (made on the first save), fewer desks than booked, and closed
dates, which a day with visits booked cannot become. The refusals are compared in English, the
language the services write them in."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from members.models import Organisation
from tests.factories import HostSettingsFactory, MemberHubFactory, VisitFactory, VouchFactory
from visits import selectors
from visits.models import ClosedDay, HostSettings, Visit
from visits.services import closed_day_add, closed_day_remove, host_settings_save, visit_request
from visits.services.hosting import MAX_CLOSED_DAYS

pytestmark = pytest.mark.django_db

Status = Visit.Status
TODAY = timezone.localdate()


def _monday_two_months_ahead() -> date:
    """The first Monday of the month after next: in the future whatever the clock says."""
    day = (timezone.localdate().replace(day=1) + timedelta(days=62)).replace(day=1)
    return day + timedelta(days=-day.weekday() % 7)


MONDAY = _monday_two_months_ahead()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def request(host, day=MONDAY) -> Visit:
    return visit_request(visitor=VouchFactory().coworker, host=host, day=day, today=MONDAY)


def refusal(day: date, hub) -> dict:
    with pytest.raises(ValidationError) as refused:
        closed_day_add(hub=hub, day=day)
    return refused.value.message_dict


# --- Settings ------------------------------------------------------------------------------------


def test_host_settings_save_makes_the_settings_the_first_time_then_changes_them():
    hub = MemberHubFactory()

    host_settings_save(hub=hub, changes={"hosts_guests": True, "desks_monday": 4})
    host_settings_save(
        hub=hub,
        changes={"desks_tuesday": 2, "house_rules": "Ingen hunder", "confirmation": "manual"},
    )

    settings_ = HostSettings.objects.get()
    assert (settings_.hub, settings_.hosts_guests) == (hub, True)
    assert settings_.weekly_desks[:3] == [("Monday", 4), ("Tuesday", 2), ("Wednesday", 0)]
    assert (settings_.house_rules, settings_.confirmation) == ("Ingen hunder", "manual")
    assert selectors.is_host(hub)


def test_host_settings_save_refuses_hosting_to_a_hub_of_an_organisation_that_is_not_a_member():
    hub = MemberHubFactory()
    Organisation.objects.filter(pk=hub.organisation_id).update(status=Organisation.Status.APPLICANT)
    hub.refresh_from_db()

    with pytest.raises(ValidationError, match="Only hubs of member organisations host"):
        host_settings_save(hub=hub, changes={"hosts_guests": True})
    host_settings_save(hub=hub, changes={"house_rules": "Ro i kontorlandskapet"})

    assert list(HostSettings.objects.values_list("hosts_guests", "house_rules")) == [
        (False, "Ro i kontorlandskapet")
    ]


def test_host_settings_save_refuses_more_than_50_desks_a_day():
    hub = HostSettingsFactory().hub

    with pytest.raises(ValidationError) as refused:
        host_settings_save(hub=hub, changes={"desks_friday": 51})

    assert list(refused.value.message_dict) == ["desks_friday"]
    assert HostSettings.objects.get().desks_friday == 3


def test_fewer_desks_than_booked_keep_the_visits_and_stop_new_ones():
    hub = HostSettingsFactory().hub
    booked = [request(hub) for _ in range(2)]

    host_settings_save(hub=hub, changes={"desks_monday": 1})

    assert [Visit.objects.get(pk=v.pk).status for v in booked] == ["confirmed", "confirmed"]
    with pytest.raises(ValidationError, match="no guest desk left"):
        request(hub)


def test_switching_to_manual_confirmation_makes_new_requests_wait():
    hub = HostSettingsFactory().hub
    first = request(hub)

    host_settings_save(hub=hub, changes={"confirmation": HostSettings.Confirmation.MANUAL})

    assert (first.status, request(hub).status) == ("confirmed", "requested")


def test_a_hub_that_stops_hosting_keeps_its_visits_and_takes_no_new_ones():
    hub = HostSettingsFactory().hub
    first = request(hub)

    host_settings_save(hub=hub, changes={"hosts_guests": False})

    assert Visit.objects.get(pk=first.pk).status == "confirmed"
    assert list(selectors.hosts()) == []
    with pytest.raises(ValidationError, match="does not host network guests"):
        request(hub)


# --- Closed days ---------------------------------------------------------------------------------


def test_closed_day_add_closes_the_date_with_its_reason_on_one_line():
    hub = HostSettingsFactory().hub

    closed = closed_day_add(hub=hub, day=MONDAY, reason=" Jule-\nbord ")

    assert list(ClosedDay.objects.values_list("hub", "date", "reason")) == [
        (hub.pk, MONDAY, "Jule- bord")
    ]
    assert closed.pk is not None
    day = selectors.days_with_room(hub, today=MONDAY)[0]
    assert (day.closed, day.closed_reason, day.left) == (True, "Jule- bord", 0)


def test_closed_day_add_makes_the_settings_of_a_hub_that_had_none():
    hub = MemberHubFactory()

    closed_day_add(hub=hub, day=MONDAY)

    assert HostSettings.objects.get().hub == hub
    assert not selectors.is_host(hub)


def test_closed_day_add_takes_today_and_refuses_the_past():
    hub = HostSettingsFactory().hub

    closed_day_add(hub=hub, day=TODAY)

    assert refusal(TODAY - timedelta(days=1), hub) == {"date": ["Pick today or a later date."]}
    assert list(ClosedDay.objects.values_list("date", flat=True)) == [TODAY]


def test_closed_day_add_refuses_a_date_already_closed():
    hub = HostSettingsFactory().hub
    closed_day_add(hub=hub, day=MONDAY)

    assert refusal(MONDAY, hub) == {"date": ["This date is already closed."]}
    closed_day_add(hub=HostSettingsFactory().hub, day=MONDAY)  # another hub's calendar
    assert ClosedDay.objects.count() == 2


def test_closed_day_add_refuses_a_date_with_visits_booked_and_keeps_them():
    hub = HostSettingsFactory().hub
    booked = [request(hub) for _ in range(2)]

    message = refusal(MONDAY, hub)

    assert message == {
        "date": [
            "2 visits are booked that day: call off or decline them first, so that each visitor "
            "is told."
        ]
    }
    assert not ClosedDay.objects.exists()
    assert [Visit.objects.get(pk=v.pk).status for v in booked] == ["confirmed", "confirmed"]


def test_closed_day_add_takes_a_date_whose_visits_were_all_declined_cancelled_or_not_come():
    hub = HostSettingsFactory().hub
    VisitFactory(host=hub, date=MONDAY, status=Status.DECLINED, decline_reason="-")
    VisitFactory(host=hub, date=MONDAY, status=Status.CANCELLED)
    VisitFactory(host=hub, date=MONDAY, status=Status.NO_SHOW)
    VisitFactory(host=hub, date=MONDAY + timedelta(days=1))

    closed_day_add(hub=hub, day=MONDAY)

    assert list(ClosedDay.objects.values_list("date", flat=True)) == [MONDAY]


def test_closed_day_add_refuses_more_than_a_year_of_closed_dates_ahead():
    hub = HostSettingsFactory().hub
    ClosedDay.objects.bulk_create(
        [ClosedDay(hub=hub, date=TODAY + timedelta(days=n)) for n in range(MAX_CLOSED_DAYS)]
        + [ClosedDay(hub=hub, date=TODAY - timedelta(days=n)) for n in range(1, 5)]
    )

    with pytest.raises(ValidationError, match=f"at most {MAX_CLOSED_DAYS} closed dates"):
        closed_day_add(hub=hub, day=TODAY + timedelta(days=MAX_CLOSED_DAYS))


def test_closed_day_remove_opens_the_date_to_requests_again():
    hub = HostSettingsFactory().hub
    closed = closed_day_add(hub=hub, day=MONDAY)
    with pytest.raises(ValidationError, match="no guest desk left"):
        request(hub)

    closed_day_remove(closed_day=closed)

    assert request(hub).status == "confirmed"
    assert not ClosedDay.objects.exists()
