"""A hub's coworkers on Min side (/me/hubs/<slug>/coworkers/): the vouches it gives, vouching for an
address (an account's or not), renewing and revoking; a hub of a non-member organisation cannot
vouch."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from members.models import Organisation
from tests.factories import (
    HubManagerFactory,
    MemberHubFactory,
    UserFactory,
    VisitFactory,
    VouchFactory,
    verified_user,
)
from visits.forms import months_later
from visits.models import Visit, Vouch
from visits.selectors import vouches_of

pytestmark = pytest.mark.django_db

URL = "/me/hubs/huset/coworkers/"


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ").split())


def nb(day: date) -> str:
    return day.strftime("%d.%m.%Y")


@pytest.fixture
def hub():
    return MemberHubFactory(slug="huset", name="Huset")


@pytest.fixture
def manager(client, hub):
    user = HubManagerFactory(hub=hub, user__name="Mona Leder").user
    client.force_login(user)
    return user


def test_six_months_ahead_keeps_the_day_or_takes_the_months_last():
    assert months_later(date(2026, 3, 15), 6) == date(2026, 9, 15)
    assert months_later(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert months_later(date(2026, 12, 5), 6) == date(2027, 6, 5)


def test_the_page_lists_running_and_lately_ended_vouches(client, manager, hub):
    today = timezone.localdate()
    kari = verified_user("kari@example.org", name="Kari Nordmann")
    accepted = VouchFactory(home_hub=hub, coworker=kari, vouched_by=manager)
    waiting = VouchFactory(home_hub=hub, coworker=None, email="ny@example.org", until=today)
    ran_out = VouchFactory(home_hub=hub, until=today - timedelta(days=1))
    revoked = VouchFactory(
        home_hub=hub, revoked_at=timezone.now(), revoked_reason="Sluttet hos oss."
    )
    VouchFactory(home_hub=hub, revoked_at=timezone.now() - timedelta(days=200))
    VouchFactory(email="annen@example.org")
    html = client.get(URL).content.decode()
    words = text(html)
    assert (
        f"Kari Nordmann {accepted.email} Godtatt {nb(accepted.until)} Mona Leder Forleng …" in words
    )
    assert f"ny@example.org Venter på svar {nb(today)} – Forleng …" in words
    assert f"{ran_out.email} {nb(ran_out.until)} Den gikk ut. Forleng …" in words
    assert f"{revoked.email} {nb(timezone.localdate())} Sluttet hos oss." in words
    assert "annen@example.org" not in words
    assert len(re.findall(r'<tr id="vouch-', html)) == 4
    assert f'href="{URL}{waiting.pk}/revoke/"' in html
    assert f'href="{URL}{revoked.pk}/renew/"' not in html


def test_the_form_offers_six_months_and_says_an_account_is_linked(client, manager):
    html = client.get(URL).content.decode()
    until = months_later(timezone.localdate(), 6)
    assert f'name="until" value="{until.isoformat()}"' in html
    assert "vises godkjenningen også på Min side for den personen" in text(html)
    assert "Huben har ikke godkjent noen ennå." in text(html)


def test_vouching_for_an_address_makes_an_open_vouch(client, manager, hub):
    until = timezone.localdate() + timedelta(days=90)
    response = client.post(URL, {"email": "Kari@Example.org", "until": until.isoformat()})
    assert response["Location"] == URL
    vouch = Vouch.objects.get()
    assert (vouch.home_hub, vouch.email, vouch.until, vouch.vouched_by) == (
        hub,
        "kari@example.org",
        until,
        manager,
    )
    assert vouch.coworker is None
    assert vouch.accepted_at is None
    words = text(client.get(URL).content.decode())
    assert "kari@example.org er invitert til å godta godkjenningen." in words
    assert f"kari@example.org Venter på svar {nb(until)} Mona Leder" in words


def test_vouching_for_an_existing_account_offers_it_to_that_account(client, manager, hub):
    kari = verified_user("kari@example.org", name="Kari Nordmann")
    until = timezone.localdate() + timedelta(days=90)
    client.post(URL, {"email": "kari@example.org", "until": until.isoformat()})
    assert list(vouches_of(kari)) == [Vouch.objects.get(email="kari@example.org")]


def test_an_address_already_vouched_for_is_refused_by_the_field(client, manager, hub):
    VouchFactory(home_hub=hub, email="kari@example.org", coworker=None)
    until = timezone.localdate() + timedelta(days=30)
    response = client.post(URL, {"email": "KARI@example.org", "until": until.isoformat()})
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        '<p id="error_1_id_email"><strong>Huben har allerede godkjent den adressen: forleng '
        "godkjenningen i stedet.</strong></p>"
    ) in html
    assert Vouch.objects.count() == 1


def test_a_vouch_beyond_a_year_is_refused_by_the_date_field(client, manager):
    until = timezone.localdate() + timedelta(days=400)
    response = client.post(URL, {"email": "kari@example.org", "until": until.isoformat()})
    assert response.status_code == 400
    assert '<p id="error_1_id_until"><strong>En godkjenning varer høyst ett år' in (
        response.content.decode()
    )
    assert not Vouch.objects.exists()


def test_a_non_member_hub_is_told_it_cannot_vouch(client, manager, hub):
    Organisation.objects.filter(pk=hub.organisation_id).update(status="applicant")
    vouch = VouchFactory(home_hub=hub)
    html = client.get(URL).content.decode()
    assert "Huset kan ikke godkjenne coworkere" in text(html)
    assert 'name="email"' not in html
    assert f"{URL}{vouch.pk}/renew/" not in html
    until = timezone.localdate() + timedelta(days=30)
    client.post(URL, {"email": "kari@example.org", "until": until.isoformat()})
    assert list(Vouch.objects.all()) == [vouch]
    assert client.get(f"{URL}{vouch.pk}/renew/").status_code == 404


def test_renewing_moves_the_end_date(client, manager, hub):
    vouch = VouchFactory(home_hub=hub)
    url = f"{URL}{vouch.pk}/renew/"
    words = text(client.get(url).content.decode())
    assert f"Forleng godkjenningen av {vouch.email}" in words
    assert f"Godkjenningen varer til {nb(vouch.until)}." in words
    until = timezone.localdate() + timedelta(days=300)
    response = client.post(url, {"until": until.isoformat()})
    assert response["Location"] == URL
    vouch.refresh_from_db()
    assert vouch.until == until
    assert f"Godkjenningen av {vouch.email} varer nå til {nb(until)}." in text(
        client.get(URL).content.decode()
    )


def test_renewing_offers_half_a_year_past_the_end_date_within_a_year_from_today(
    client, manager, hub
):
    today = timezone.localdate()
    soon = VouchFactory(home_hub=hub, until=today + timedelta(days=30))
    late = VouchFactory(home_hub=hub, until=today + timedelta(days=300))
    ran_out = VouchFactory(home_hub=hub, until=today - timedelta(days=10))
    for vouch, offered in (
        (soon, months_later(soon.until, 6)),
        (late, today + timedelta(days=366)),
        (ran_out, months_later(today, 6)),
    ):
        html = client.get(f"{URL}{vouch.pk}/renew/").content.decode()
        assert f'name="until" value="{offered.isoformat()}"' in html


def test_renewing_to_a_past_date_is_refused_by_the_field(client, manager, hub):
    vouch = VouchFactory(home_hub=hub)
    before = vouch.until
    response = client.post(
        f"{URL}{vouch.pk}/renew/", {"until": (timezone.localdate() - timedelta(1)).isoformat()}
    )
    assert response.status_code == 400
    assert (
        '<p id="error_1_id_until"><strong>Velg i dag eller en senere dato.</strong></p>'
        in response.content.decode()
    )
    vouch.refresh_from_db()
    assert vouch.until == before


def test_revoking_asks_first_then_ends_the_vouch_and_calls_off_visits(client, manager, hub):
    vouch = VouchFactory(home_hub=hub)
    upcoming = VisitFactory(visitor=vouch.coworker, home_hub=hub)
    url = f"{URL}{vouch.pk}/revoke/"
    html = client.get(url).content.decode()
    words = text(html)
    assert f"Trekke tilbake godkjenningen av {vouch.email}?" in words
    assert "de kommende besøkene deres gjennom Huset avlyses" in words
    assert (
        '<button type="submit" class="btn btn-danger actions__danger">Trekk tilbake '
        "godkjenningen</button>"
    ) in html
    assert Vouch.objects.get().revoked_at is None
    response = client.post(url)
    assert response["Location"] == URL
    vouch.refresh_from_db()
    assert vouch.revoked_at is not None
    upcoming.refresh_from_db()
    assert upcoming.status == Visit.Status.CANCELLED
    words = text(client.get(URL).content.decode())
    assert f"Godkjenningen av {vouch.email} er avsluttet." in words
    assert "Avsluttet nylig" in words


def test_a_revoked_vouch_cannot_be_revoked_or_renewed_again(client, manager, hub):
    vouch = VouchFactory(home_hub=hub, revoked_at=timezone.now(), revoked_reason="Slutt")
    response = client.post(f"{URL}{vouch.pk}/revoke/", follow=True)
    assert "Denne godkjenningen er allerede avsluttet." in text(response.content.decode())
    until = timezone.localdate() + timedelta(days=30)
    response = client.post(f"{URL}{vouch.pk}/renew/", {"until": until.isoformat()}, follow=True)
    assert "Denne godkjenningen er avsluttet: godkjenn coworkeren på nytt." in text(
        response.content.decode()
    )
    vouch.refresh_from_db()
    assert (vouch.revoked_reason, vouch.until != until) == ("Slutt", True)


def test_a_waiting_invitation_says_its_link_stops_working(client, manager, hub):
    vouch = VouchFactory(home_hub=hub, coworker=None, email=UserFactory().email)
    words = text(client.get(f"{URL}{vouch.pk}/revoke/").content.decode())
    assert "Invitasjonen er ikke godtatt ennå: lenken i den slutter å virke med en gang." in words
