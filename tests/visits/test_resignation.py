"""An organisation that leaves the network takes its hubs out of the network pass: their vouches
end, the upcoming visits of their coworkers and to them are called off, and no request goes through
them, whether it resigns through the service or the secretariat sets the status in the admin. The
past stays as it was, and doing it twice changes nothing more."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from members.models import Organisation
from members.services.organisations import organisation_resign
from tests.factories import (
    HostSettingsFactory,
    MemberHubFactory,
    UserFactory,
    VisitFactory,
    VouchFactory,
)
from visits import selectors
from visits.models import Visit, Vouch
from visits.services import visit_request, vouch_invite, vouches_end_for_organisation

pytestmark = pytest.mark.django_db

Status = Visit.Status
TODAY = timezone.localdate()
LEFT = "The hub's organisation has left Coworking Norge."
NO_LONGER_VOUCHED = "The home hub no longer vouches for you."


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def in_days(days: int) -> date:
    return TODAY + timedelta(days=days)


def next_weekday() -> date:
    """A weekday a week or so ahead: the factory's hosts have desks Monday to Friday."""
    day = in_days(7)
    while day.weekday() > 4:
        day += timedelta(days=1)
    return day


def weekday_from(day: date) -> date:
    while day.weekday() > 4:
        day += timedelta(days=1)
    return day


def resign(organisation: Organisation) -> None:
    organisation_resign(organisation=organisation, on=TODAY, user=UserFactory())


def rows() -> dict[int, tuple[str, str]]:
    return {v.pk: (v.status, v.decline_reason) for v in Visit.objects.all()}


@pytest.fixture
def home():
    """A member organisation with two hubs, each vouching for a coworker (and one open invitation),
    and the first coworker's visits: two upcoming, two past."""
    hub = MemberHubFactory()
    second_hub = MemberHubFactory(organisation=hub.organisation)
    vouch = VouchFactory(home_hub=hub)
    VouchFactory(home_hub=second_hub)
    VouchFactory(home_hub=hub, coworker=None, email="invitert@example.org")
    coworker = vouch.coworker
    visits = {
        "upcoming": VisitFactory(visitor=coworker, home_hub=hub, date=in_days(5)),
        "requested": VisitFactory(
            visitor=coworker, home_hub=hub, date=in_days(6), status=Status.REQUESTED
        ),
        "past": VisitFactory(visitor=coworker, home_hub=hub, date=in_days(-5)),
        "arrived": VisitFactory(
            visitor=coworker, home_hub=hub, date=in_days(-4), status=Status.ARRIVED
        ),
    }
    return hub, coworker, visits


def assert_home_left(home) -> None:
    hub, coworker, visits = home
    assert not Vouch.objects.live().filter(home_hub__organisation=hub.organisation).exists()
    reasons = set(
        Vouch.objects.filter(home_hub__organisation=hub.organisation).values_list(
            "revoked_reason", flat=True
        )
    )
    assert reasons == {LEFT}
    assert rows() == {
        visits["upcoming"].pk: ("cancelled", NO_LONGER_VOUCHED),
        visits["requested"].pk: ("cancelled", NO_LONGER_VOUCHED),
        visits["past"].pk: ("confirmed", ""),
        visits["arrived"].pk: ("arrived", ""),
    }
    with pytest.raises(ValidationError, match="You need a member hub's vouch"):
        visit_request(visitor=coworker, host=HostSettingsFactory().hub, day=next_weekday())


# --- The home organisation leaves ----------------------------------------------------------------


def test_the_home_organisation_resigning_ends_its_vouches_and_calls_off_its_coworkers_visits(home):
    resign(home[0].organisation)

    assert_home_left(home)
    assert Vouch.objects.filter(revoked_at__isnull=False).count() == 3


def test_the_secretariat_setting_the_status_in_the_admin_does_the_same(home):
    organisation = Organisation.objects.get(pk=home[0].organisation_id)
    organisation.status = Organisation.Status.RESIGNED
    organisation.resigned_on = TODAY

    organisation.save()

    assert_home_left(home)


def test_a_coworker_vouched_for_by_another_hub_too_keeps_that_vouch_and_its_visits(home):
    hub, coworker, _visits = home
    other = VouchFactory(coworker=coworker)
    # Next month: this month's days are the fixture's (past visits count in the quota too).
    day = weekday_from((TODAY.replace(day=1) + timedelta(days=32)).replace(day=1))
    through_other = VisitFactory(
        visitor=coworker, home_hub=other.home_hub, date=weekday_from(day + timedelta(days=1))
    )

    resign(hub.organisation)

    assert Vouch.objects.live().filter(coworker=coworker).get() == other
    assert Visit.objects.get(pk=through_other.pk).status == "confirmed"
    visit = visit_request(visitor=coworker, host=HostSettingsFactory().hub, day=day)
    assert visit.home_hub == other.home_hub


def test_an_upcoming_visit_sent_without_a_vouch_behind_it_any_longer_is_called_off_too(home):
    hub = home[0]
    orphan = VisitFactory(home_hub=hub, date=in_days(10))
    Vouch.objects.filter(coworker=orphan.visitor).delete()  # deleted in the admin, say

    resign(hub.organisation)

    assert rows()[orphan.pk] == ("cancelled", LEFT)


def test_a_hub_whose_organisation_left_vouches_for_nobody_new(home):
    hub = home[0]
    resign(hub.organisation)
    hub.refresh_from_db()

    with pytest.raises(ValidationError, match="Only hubs of member organisations vouch"):
        vouch_invite(hub=hub, email="ny@example.org", until=in_days(30), by=UserFactory())


# --- The host organisation leaves ----------------------------------------------------------------


@pytest.fixture
def host():
    """A hosting hub with two upcoming visits, one past arrival and one upcoming cancellation."""
    hub = HostSettingsFactory().hub
    visits = {
        "confirmed": VisitFactory(host=hub, date=in_days(3)),
        "requested": VisitFactory(host=hub, date=in_days(4), status=Status.REQUESTED),
        "today": VisitFactory(host=hub, date=TODAY),
        "arrived": VisitFactory(host=hub, date=in_days(-3), status=Status.ARRIVED),
        "cancelled": VisitFactory(host=hub, date=in_days(9), status=Status.CANCELLED),
    }
    return hub, visits


def assert_host_left(host) -> None:
    hub, visits = host
    assert rows() == {
        visits["confirmed"].pk: ("cancelled", LEFT),
        visits["requested"].pk: ("cancelled", LEFT),
        visits["today"].pk: ("cancelled", LEFT),
        visits["arrived"].pk: ("arrived", ""),
        visits["cancelled"].pk: ("cancelled", ""),
    }
    assert list(selectors.hosts()) == []
    with pytest.raises(ValidationError, match="This hub does not host network guests"):
        visit_request(visitor=VouchFactory().coworker, host=hub, day=next_weekday())
    # The ledger keeps the arrival the hub hosted before it left.
    year, month = visits["arrived"].date.year, visits["arrived"].date.month
    assert [(r.hub, r.hosted) for r in selectors.ledger(year, month) if r.hub == hub] == [(hub, 1)]


def test_the_host_organisation_resigning_calls_off_its_upcoming_visits(host):
    resign(host[0].organisation)

    assert_host_left(host)


def test_the_host_organisation_set_to_resigned_in_the_admin_does_the_same(host):
    organisation = Organisation.objects.get(pk=host[0].organisation_id)
    organisation.status = Organisation.Status.RESIGNED
    organisation.resigned_on = TODAY

    organisation.save()

    assert_host_left(host)


# --- Twice ---------------------------------------------------------------------------------------


def test_ending_twice_changes_nothing_more(home):
    hub = home[0]
    resign(hub.organisation)
    ended = {v.pk: (v.revoked_at, v.revoked_reason) for v in Vouch.objects.all()}
    before = rows()

    assert vouches_end_for_organisation(hub.organisation) == 0
    organisation = Organisation.objects.get(pk=hub.organisation_id)
    organisation.save()  # the admin saving the resigned organisation again

    assert {v.pk: (v.revoked_at, v.revoked_reason) for v in Vouch.objects.all()} == ended
    assert rows() == before
    assert_home_left(home)


def test_resigning_returns_the_number_of_vouches_ended(home):
    organisation = home[0].organisation
    Organisation.objects.filter(pk=organisation.pk).update(
        status=Organisation.Status.RESIGNED, resigned_on=TODAY
    )

    assert vouches_end_for_organisation(organisation) == 3
    assert vouches_end_for_organisation(organisation) == 0
