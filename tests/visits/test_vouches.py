"""Vouching: a hub invites an address until a date, the person with that verified address accepts,
the hub renews or revokes it, and a vouch past its end lets nobody travel. The refusals are
compared in English, the language the services write them in."""

import hashlib
from datetime import date, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from members.models import Organisation
from tests.factories import (
    HostSettingsFactory,
    MemberHubFactory,
    UserFactory,
    VisitFactory,
    VouchFactory,
    verified_user,
)
from visits.models import Visit, Vouch
from visits.services import (
    visit_request,
    vouch_accept,
    vouch_for,
    vouch_invite,
    vouch_renew,
    vouch_revoke,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def in_days(days: int) -> date:
    return TODAY + timedelta(days=days)


def weekday_ahead(days: int) -> date:
    """The first weekday (a day the factory's hosts have desks) at least `days` from today."""
    day = in_days(days)
    while day.weekday() > 4:
        day += timedelta(days=1)
    return day


def invite(hub=None, email="kari@example.org", until=None) -> Vouch:
    return vouch_invite(
        hub=hub or MemberHubFactory(), email=email, until=until or in_days(90), by=UserFactory()
    )


def open_invitation(token: str, **fields) -> Vouch:
    """An invitation whose link carries `token`: only the token's SHA-256 is stored."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    return VouchFactory(coworker=None, email="kari@example.org", token_hash=digest, **fields)


# --- Inviting ------------------------------------------------------------------------------------


def test_vouch_invite_stores_the_address_in_lower_case_and_no_token(
    django_capture_on_commit_callbacks,
):
    hub, manager = MemberHubFactory(), UserFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        vouch = vouch_invite(hub=hub, email="  Kari@Example.ORG ", until=in_days(30), by=manager)

    stored = Vouch.objects.get()
    assert (stored.pk, stored.email, stored.until) == (vouch.pk, "kari@example.org", in_days(30))
    assert (stored.home_hub, stored.vouched_by, stored.coworker) == (hub, manager, None)
    assert (stored.accepted_at, stored.revoked_at) == (None, None)
    assert len(stored.token_hash) == 64
    assert len(callbacks) == 1  # the invitation e-mail, sent once the vouch is saved (and it runs)


@pytest.mark.parametrize("until", [TODAY, TODAY + timedelta(days=366)])
def test_vouch_invite_accepts_an_end_from_today_to_a_year_ahead(until):
    assert invite(until=until).until == until


@pytest.mark.parametrize(
    ("until", "message"),
    [
        (TODAY - timedelta(days=1), "Pick today or a later date."),
        (TODAY + timedelta(days=367), "A vouch runs for at most a year; renew it later."),
    ],
)
def test_vouch_invite_refuses_an_end_in_the_past_or_over_a_year_ahead(until, message):
    with pytest.raises(ValidationError) as refused:
        invite(until=until)

    assert refused.value.message_dict == {"until": [message]}
    assert not Vouch.objects.exists()


def test_vouch_invite_refuses_a_bad_address_next_to_the_field():
    with pytest.raises(ValidationError) as refused:
        invite(email="kari.example.org")

    assert refused.value.message_dict == {"email": ["Enter a valid e-mail address."]}


def test_vouch_invite_refuses_a_second_live_vouch_for_the_same_address_next_to_the_field():
    hub = MemberHubFactory()
    invite(hub, email="kari@example.org")

    with pytest.raises(ValidationError) as refused:
        invite(hub, email="KARI@example.org")

    assert refused.value.message_dict == {
        "email": ["This hub already vouches for that address: renew it instead."]
    }
    assert Vouch.objects.count() == 1


def test_vouch_invite_after_a_revoked_vouch_or_at_another_hub_is_a_new_vouch():
    hub = MemberHubFactory()
    vouch_revoke(vouch=invite(hub), by=None)

    invite(hub)
    invite(MemberHubFactory())

    assert Vouch.objects.filter(email="kari@example.org").count() == 3
    assert Vouch.objects.live().count() == 2


@pytest.mark.parametrize(
    "status", [Organisation.Status.APPLICANT, Organisation.Status.RESIGNED, None]
)
def test_vouch_invite_is_refused_to_a_hub_without_a_member_organisation(status):
    hub = MemberHubFactory()
    if status is None:
        hub.organisation = None
        hub.save()
    else:
        # Straight to the table: the status alone, without the resignation's own effects.
        Organisation.objects.filter(pk=hub.organisation_id).update(status=status, resigned_on=TODAY)
        hub.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        invite(hub)

    assert refused.value.messages == ["Only hubs of member organisations vouch for coworkers."]
    assert not Vouch.objects.exists()


# --- Accepting -----------------------------------------------------------------------------------


def test_vouch_accept_with_the_verified_address_makes_the_person_the_coworker():
    vouch = invite(email="Kari@Example.org")
    kari = verified_user("KARI@example.org")

    vouch_accept(vouch=vouch, user=kari)

    vouch.refresh_from_db()
    assert vouch.coworker == kari
    assert vouch.accepted_at is not None
    assert vouch.is_valid_on(vouch.until)


def test_vouch_accept_works_after_the_manager_who_vouched_deleted_their_account():
    manager = UserFactory()
    vouch = vouch_invite(
        hub=MemberHubFactory(), email="kari@example.org", until=in_days(30), by=manager
    )
    manager.delete()
    vouch.refresh_from_db()

    vouch_accept(vouch=vouch, user=verified_user("kari@example.org"))

    assert Vouch.objects.get().coworker.email == "kari@example.org"


def test_vouch_accept_refuses_another_account_or_the_address_unverified():
    vouch = invite(email="kari@example.org")
    other = verified_user("ola@example.org")
    unverified = UserFactory(email="kari@example.org")
    EmailAddress.objects.create(user=unverified, email="kari@example.org", verified=False)

    for person in (other, unverified):
        with pytest.raises(ValidationError) as refused:
            vouch_accept(vouch=vouch, user=person)
        assert refused.value.messages == [
            "This vouch is for kari@example.org: accept it signed in with that address."
        ]

    vouch.refresh_from_db()
    assert (vouch.coworker, vouch.accepted_at) == (None, None)


def test_vouch_accept_refuses_a_revoked_or_expired_vouch():
    kari = verified_user("kari@example.org")
    revoked = invite(email=kari.email)
    vouch_revoke(vouch=revoked, by=None)
    expired = invite(email=kari.email)
    Vouch.objects.filter(pk=expired.pk).update(until=in_days(-1))

    for vouch in (revoked, expired):
        with pytest.raises(ValidationError, match="This vouch has ended"):
            vouch_accept(vouch=vouch, user=kari)

    assert not Vouch.objects.filter(coworker=kari).exists()


def test_vouch_accept_twice_is_refused():
    vouch = invite(email="kari@example.org")
    kari = verified_user("kari@example.org")
    vouch_accept(vouch=vouch, user=kari)
    accepted_at = Vouch.objects.get().accepted_at

    with pytest.raises(ValidationError, match="already been accepted"):
        vouch_accept(vouch=vouch, user=kari)

    assert Vouch.objects.get().accepted_at == accepted_at


# --- The invitation link -------------------------------------------------------------------------


def test_vouch_for_finds_the_open_invitation_behind_its_token_only():
    vouch = open_invitation("the-right-token")

    assert vouch_for("the-right-token") == vouch
    assert vouch_for("the-wrong-token") is None
    assert vouch_for("") is None


def test_vouch_for_finds_nothing_once_accepted_revoked_or_ended():
    accepted = open_invitation("accepted")
    vouch_accept(vouch=accepted, user=verified_user("kari@example.org"))
    vouch_revoke(vouch=open_invitation("revoked"), by=None)
    open_invitation("ended", until=in_days(-1))
    open_invitation("ends-today", until=TODAY)

    assert [vouch_for(t) for t in ("accepted", "revoked", "ended")] == [None, None, None]
    assert vouch_for("ends-today") is not None


# --- Renewing ------------------------------------------------------------------------------------


def test_vouch_renew_moves_the_end_date_later():
    vouch = VouchFactory(until=in_days(10))

    vouch_renew(vouch=vouch, until=in_days(200), by=UserFactory())

    assert Vouch.objects.get().until == in_days(200)


def test_vouch_renew_refuses_a_revoked_vouch_and_an_end_out_of_bounds():
    vouch = VouchFactory(until=in_days(10))
    with pytest.raises(ValidationError) as refused:
        vouch_renew(vouch=vouch, until=in_days(-1), by=UserFactory())
    assert refused.value.message_dict == {"until": ["Pick today or a later date."]}

    vouch_revoke(vouch=vouch, by=None)
    with pytest.raises(ValidationError, match="A revoked vouch cannot be renewed"):
        vouch_renew(vouch=vouch, until=in_days(20), by=UserFactory())
    assert Vouch.objects.get().until == in_days(10)


def test_vouch_renew_shorter_calls_off_the_visits_after_the_new_end_only():
    vouch = VouchFactory(until=in_days(60))
    home, coworker = vouch.home_hub, vouch.coworker
    new_end = weekday_ahead(14)
    on_the_end = VisitFactory(visitor=coworker, home_hub=home, date=new_end)
    after = VisitFactory(visitor=coworker, home_hub=home, date=weekday_ahead(21))
    requested = VisitFactory(
        visitor=coworker, home_hub=home, date=weekday_ahead(28), status=Visit.Status.REQUESTED
    )
    elsewhere = VisitFactory(
        visitor=coworker, home_hub=VouchFactory(coworker=coworker).home_hub, date=weekday_ahead(35)
    )
    # That other hub's vouch has ended: none of the visits could go on through it.
    Vouch.objects.exclude(pk=vouch.pk).update(revoked_at=timezone.now())

    vouch_renew(vouch=vouch, until=new_end, by=UserFactory())

    statuses = dict(Visit.objects.values_list("pk", "status"))
    assert statuses == {
        on_the_end.pk: "confirmed",
        after.pk: "cancelled",
        requested.pk: "cancelled",
        elsewhere.pk: "confirmed",
    }
    assert set(
        Visit.objects.filter(status="cancelled").values_list("decline_reason", flat=True)
    ) == {"The home hub's vouch ends before this day."}


# --- Revoking ------------------------------------------------------------------------------------


def test_vouch_revoke_calls_off_the_upcoming_visits_through_that_hub_and_keeps_the_past():
    vouch = VouchFactory()
    home, coworker = vouch.home_hub, vouch.coworker
    past = VisitFactory(visitor=coworker, home_hub=home, date=in_days(-3))
    arrived = VisitFactory(
        visitor=coworker, home_hub=home, date=in_days(-2), status=Visit.Status.ARRIVED
    )
    today = VisitFactory(visitor=coworker, home_hub=home, date=TODAY)
    upcoming = VisitFactory(
        visitor=coworker, home_hub=home, date=in_days(9), status=Visit.Status.REQUESTED
    )
    through_another_hub = VisitFactory(
        visitor=coworker, home_hub=VouchFactory(coworker=coworker).home_hub, date=in_days(10)
    )
    # That other hub's vouch has ended: none of the visits could go on through it.
    Vouch.objects.exclude(pk=vouch.pk).update(revoked_at=timezone.now())

    vouch_revoke(vouch=vouch, by=UserFactory(), reason="Sluttet hos oss")

    rows = {v.pk: (v.status, v.decline_reason) for v in Visit.objects.all()}
    called_off = ("cancelled", "The home hub no longer vouches for you.")
    assert rows == {
        past.pk: ("confirmed", ""),
        arrived.pk: ("arrived", ""),
        today.pk: called_off,
        upcoming.pk: called_off,
        through_another_hub.pk: ("confirmed", ""),
    }
    vouch.refresh_from_db()
    assert vouch.revoked_reason == "Sluttet hos oss"
    assert vouch.revoked_at is not None


def test_vouch_revoke_without_a_reason_says_the_home_hub_revoked_it():
    vouch = vouch_revoke(vouch=VouchFactory(), by=None)

    assert Vouch.objects.get(pk=vouch.pk).revoked_reason == "Revoked by the home hub."


def test_vouch_revoke_twice_is_refused_and_keeps_the_first_end():
    vouch = vouch_revoke(vouch=VouchFactory(), by=None, reason="Først")

    with pytest.raises(ValidationError, match="This vouch has already ended"):
        vouch_revoke(vouch=vouch, by=None, reason="Igjen")

    assert Vouch.objects.get().revoked_reason == "Først"


def test_a_revoked_vouch_no_longer_lets_the_coworker_request():
    vouch = VouchFactory()
    host = HostSettingsFactory().hub
    vouch_revoke(vouch=vouch, by=None)

    with pytest.raises(ValidationError, match="You need a member hub's vouch"):
        visit_request(visitor=vouch.coworker, host=host, day=weekday_ahead(3), today=TODAY)

    assert not Visit.objects.exists()


# --- Expiry --------------------------------------------------------------------------------------


def test_a_vouch_lets_the_coworker_request_up_to_its_end_date_and_not_after():
    end = weekday_ahead(10)
    vouch = VouchFactory(until=end)
    host = HostSettingsFactory().hub
    day_after = end + timedelta(days=3 if end.weekday() == 4 else 1)

    visit_request(visitor=vouch.coworker, host=host, day=end, today=TODAY)
    with pytest.raises(ValidationError, match="valid on that day"):
        visit_request(visitor=vouch.coworker, host=host, day=day_after, today=TODAY)

    assert list(Visit.objects.values_list("date", flat=True)) == [end]


def test_a_vouch_past_its_end_lets_the_coworker_request_nothing():
    vouch = VouchFactory(until=in_days(-1))
    host = HostSettingsFactory().hub

    with pytest.raises(ValidationError, match="valid on that day"):
        visit_request(visitor=vouch.coworker, host=host, day=weekday_ahead(2), today=TODAY)

    assert not Visit.objects.exists()


def test_vouch_revoke_moves_visits_to_another_vouch_that_covers_their_day():
    """Vouched for by two hubs, the coworker keeps the visits the other hub's vouch covers; a
    visit after the other vouch's end, or to the other hub itself, is called off."""
    vouch = VouchFactory(until=in_days(60))
    other = VouchFactory(coworker=vouch.coworker, email=vouch.coworker.email, until=in_days(20))
    covered = VisitFactory(visitor=vouch.coworker, home_hub=vouch.home_hub, date=in_days(10))
    too_late = VisitFactory(visitor=vouch.coworker, home_hub=vouch.home_hub, date=in_days(30))
    to_the_other = VisitFactory(
        visitor=vouch.coworker, home_hub=vouch.home_hub, host=other.home_hub, date=in_days(12)
    )

    vouch_revoke(vouch=vouch, by=None)

    rows = dict(Visit.objects.values_list("pk", "status"))
    homes = dict(Visit.objects.values_list("pk", "home_hub"))
    assert rows == {covered.pk: "confirmed", too_late.pk: "cancelled", to_the_other.pk: "cancelled"}
    assert homes[covered.pk] == other.home_hub_id
