"""A hub's hosting on Min side (/me/hubs/<slug>/hosting/): its settings and its closed dates, two
forms on one page; a hub of a non-member organisation cannot switch hosting on."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import Organisation
from tests.factories import (
    ClosedDayFactory,
    HostSettingsFactory,
    HubManagerFactory,
    MemberHubFactory,
    VisitFactory,
)
from visits.models import ClosedDay, HostSettings, Visit

pytestmark = pytest.mark.django_db

URL = "/me/hubs/huset/hosting/"


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ").split())


def settings_data(**changes) -> dict:
    data = {
        "part": "settings",
        "hosts_guests": "on",
        "desks_monday": "2",
        "desks_tuesday": "2",
        "desks_wednesday": "0",
        "desks_thursday": "4",
        "desks_friday": "1",
        "desks_saturday": "0",
        "desks_sunday": "0",
        "confirmation": "automatic",
        "house_rules": "Rydd etter deg.",
        "arrival_instructions": "Ring på hos Huset, 2. etasje.",
    }
    return {**data, **changes}


def desks(settings_: HostSettings) -> list[int]:
    return [count for _label, count in settings_.weekly_desks]


@pytest.fixture
def hub():
    return MemberHubFactory(slug="huset", name="Huset")


@pytest.fixture
def manager(client, hub):
    user = HubManagerFactory(hub=hub).user
    client.force_login(user)
    return user


def test_a_hub_without_settings_sees_the_form_and_saving_makes_them(client, manager, hub):
    html = client.get(URL).content.decode()
    words = text(html)
    assert "Vertskap ved Huset" in words
    assert "Vi tar imot coworkere fra andre medlemshubber" in words
    assert "Gjesteplasser per ukedag" in words
    assert 'name="part" value="settings"' in html
    assert 'name="part" value="closed"' in html
    response = client.post(URL, settings_data())
    assert response["Location"] == URL
    saved = HostSettings.objects.get(hub=hub)
    assert saved.hosts_guests is True
    assert desks(saved) == [2, 2, 0, 4, 1, 0, 0]
    assert (saved.confirmation, saved.house_rules) == ("automatic", "Rydd etter deg.")
    assert saved.arrival_instructions == "Ring på hos Huset, 2. etasje."
    assert "Vertskapsinnstillingene er lagret." in text(client.get(URL).content.decode())


def test_the_form_shows_the_saved_settings(client, manager, hub):
    HostSettingsFactory(hub=hub, desks_thursday=7, house_rules="Ingen hunder.")
    html = client.get(URL).content.decode()
    assert re.search(r'name="desks_thursday" value="7"', html)
    assert "Ingen hunder.</textarea>" in html
    assert re.search(r'name="hosts_guests"[^>]*checked', html)


def test_too_many_desks_is_shown_by_the_field_and_nothing_is_saved(client, manager, hub):
    HostSettingsFactory(hub=hub)
    response = client.post(URL, settings_data(desks_monday="51", house_rules="Ny"))
    assert response.status_code == 400
    html = response.content.decode()
    assert '<p id="error_1_id_desks_monday">' in html
    assert 'href="#id_desks_monday"' in html
    saved = HostSettings.objects.get(hub=hub)
    assert (saved.desks_monday, saved.house_rules) == (3, "")


def test_a_non_member_hub_is_told_it_cannot_host_and_cannot_switch_it_on(client, manager, hub):
    Organisation.objects.filter(pk=hub.organisation_id).update(status="applicant")
    HostSettingsFactory(hub=hub, hosts_guests=True)
    html = client.get(URL).content.decode()
    assert "Huset kan ikke ta imot gjester fra nettverket" in text(html)
    assert re.search(r'name="hosts_guests"[^>]*disabled', html)
    client.post(URL, settings_data(hosts_guests="on", house_rules="Lagret likevel"))
    saved = HostSettings.objects.get(hub=hub)
    assert (saved.hosts_guests, saved.house_rules) == (False, "Lagret likevel")


def test_closing_a_date_adds_it_and_leaves_the_settings_alone(client, manager, hub):
    HostSettingsFactory(hub=hub, house_rules="Uendret")
    day = timezone.localdate() + timedelta(days=10)
    data = {"part": "closed", "closed-date": day.isoformat(), "closed-reason": "Juleferie"}
    response = client.post(URL, data)
    assert response["Location"] == URL
    assert list(ClosedDay.objects.values_list("hub", "date", "reason")) == [
        (hub.pk, day, "Juleferie")
    ]
    assert HostSettings.objects.get(hub=hub).house_rules == "Uendret"
    words = text(client.get(URL).content.decode())
    assert f"{day:%d.%m.%Y} er stengt for gjester fra nettverket." in words
    assert f"{day:%d.%m.%Y} – Juleferie Fjern …" in words


def test_a_past_or_booked_date_is_refused_by_the_date_field(client, manager, hub):
    HostSettingsFactory(hub=hub)
    past = timezone.localdate() - timedelta(days=1)
    response = client.post(URL, {"part": "closed", "closed-date": past.isoformat()})
    assert response.status_code == 400
    html = response.content.decode()
    error = "<strong>Velg i dag eller en senere dato.</strong>"
    assert f'<p id="error_1_id_closed-date">{error}</p>' in html
    booked = VisitFactory(host=hub, date=timezone.localdate() + timedelta(days=3))
    response = client.post(URL, {"part": "closed", "closed-date": booked.date.isoformat()})
    assert (
        "1 besøk er bestilt den dagen: avlys eller avslå det først, så den besøkende får beskjed."
        in text(response.content.decode())
    )
    VisitFactory(host=hub, date=booked.date, status=Visit.Status.CONFIRMED)
    response = client.post(URL, {"part": "closed", "closed-date": booked.date.isoformat()})
    assert (
        "2 besøk er bestilt den dagen: avlys eller avslå dem først, så hver besøkende får beskjed."
        in text(response.content.decode())
    )
    assert not ClosedDay.objects.exists()


def test_a_date_is_required_to_close_one(client, manager, hub):
    response = client.post(URL, {"part": "closed", "closed-date": ""})
    assert response.status_code == 400
    assert '<p id="error_1_id_closed-date">' in response.content.decode()
    assert not ClosedDay.objects.exists()
    assert not HostSettings.objects.exists()


def test_only_upcoming_closed_dates_are_listed(client, manager, hub):
    today = timezone.localdate()
    ClosedDayFactory(hub=hub, date=today - timedelta(days=2), reason="Før")
    ClosedDayFactory(hub=hub, date=today + timedelta(days=2), reason="Etter")
    ClosedDayFactory(date=today + timedelta(days=2), reason="Annen hub")
    words = text(client.get(URL).content.decode())
    assert "Etter" in words
    assert "Før" not in words
    assert "Annen hub" not in words


def test_an_empty_closed_dates_list_says_so(client, manager):
    assert "Ingen stengte datoer framover." in text(client.get(URL).content.decode())


def test_removing_a_closed_date_asks_first(client, manager, hub):
    closed = ClosedDayFactory(hub=hub, reason="Juleferie")
    url = f"{URL}closed/{closed.pk}/remove/"
    html = client.get(url).content.decode()
    words = text(html)
    assert f"Åpne {closed.date:%d.%m.%Y} for gjester igjen?" in words
    assert "Den var stengt på grunn av: Juleferie" in words
    button = '<button type="submit" class="btn btn-danger actions__danger">Åpne datoen</button>'
    assert button in html
    assert ClosedDay.objects.exists()
    response = client.post(url)
    assert response["Location"] == URL
    assert not ClosedDay.objects.exists()
    assert f"{closed.date:%d.%m.%Y} er åpen for gjester fra nettverket igjen." in text(
        client.get(URL).content.decode()
    )


def test_a_weekday_left_empty_has_no_guest_desks(client, manager, hub):
    HostSettingsFactory(hub=hub)
    client.post(URL, settings_data(desks_monday="", desks_friday=""))
    assert desks(HostSettings.objects.get(hub=hub)) == [0, 2, 0, 4, 0, 0, 0]
