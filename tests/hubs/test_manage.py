"""A hub manager keeps the profile current on "Min side"; the history records every change."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from hubs.models import Hub
from hubs.notifications import hub_changes_digest_send
from hubs.selectors import hub_record_changes
from tests.factories import FacilityFactory, HubFactory, HubManagerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def managed():
    hub = HubFactory(slug="fabrikken", name="Fabrikken", city="Lillehammer", county="innlandet")
    manager = HubManagerFactory(hub=hub, user__name="Mona Manager").user
    return hub, manager


def profile_post(hub, **changes) -> dict:
    data = {
        "tagline_nb": hub.tagline_nb,
        "tagline_en": hub.tagline_en or "",
        "description_nb": hub.description_nb or "",
        "city": hub.city,
        "county": hub.county,
        "latitude": str(hub.latitude),
        "longitude": str(hub.longitude),
        "capacity": hub.capacity or "",
    }
    data.update(changes)
    return data


def test_me_lists_the_hubs_a_person_manages_and_their_fellow_managers(client, managed):
    hub, manager = managed
    HubManagerFactory(hub=hub, user__name="Kari Kollega")
    HubFactory(name="Ikke min")
    client.force_login(manager)
    html = client.get("/me/").content.decode()
    assert "Fabrikken" in html
    assert "Ikke min" not in html
    assert "Kari Kollega" in html
    assert "Mona Manager (deg)" in html
    assert 'href="/me/hubs/fabrikken/edit/"' in html


def test_me_without_roles_says_how_to_join_or_be_added(client):
    client.force_login(UserFactory())
    html = client.get("/me/").content.decode()
    assert "Ingenting å administrere ennå" in html
    assert "/me/hubs/" not in html


def test_manager_edits_the_profile_in_both_languages(client, managed):
    hub, manager = managed
    workshop = FacilityFactory(slug="verksted")
    client.force_login(manager)
    response = client.post(
        "/me/hubs/fabrikken/edit/",
        profile_post(
            hub,
            description_nb="Ny beskrivelse",
            description_en="New description",
            capacity="55",
            facilities=[workshop.pk],
            step_free_entrance="true",
            hearing_loop="false",
        ),
    )
    assert response.status_code == 302
    hub.refresh_from_db()
    assert (hub.description_nb, hub.description_en, hub.capacity) == (
        "Ny beskrivelse",
        "New description",
        55,
    )
    assert list(hub.facilities.all()) == [workshop]
    assert (hub.step_free_entrance, hub.hearing_loop, hub.lift) == (True, False, None)
    assert "Ny beskrivelse" in client.get("/hubs/fabrikken/").content.decode()
    assert "New description" in client.get("/en/hubs/fabrikken/").content.decode()


def test_secretariat_only_fields_cannot_be_set_by_posting_them(client, managed):
    hub, manager = managed
    client.force_login(manager)
    client.post(
        "/me/hubs/fabrikken/edit/",
        profile_post(hub, is_published="", name="Kapret", slug="kapret", is_founding="on"),
    )
    hub.refresh_from_db()
    assert (hub.name, hub.slug, hub.is_published, hub.is_founding) == (
        "Fabrikken",
        "fabrikken",
        True,
        False,
    )


def test_bad_input_shows_errors_next_to_the_fields_and_saves_nothing(client, managed):
    hub, manager = managed
    client.force_login(manager)
    before = Hub.objects.filter(pk=hub.pk).values().get()
    response = client.post(
        "/me/hubs/fabrikken/edit/",
        profile_post(
            hub,
            description_nb="Skal ikke lagres",
            latitude="48.8",
            postcode="12",
            website="ikke en adresse",
            capacity="-4",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"latitude", "postcode", "website", "capacity"}
    assert "Et norsk postnummer har fire sifre." in errors["postcode"]
    html = response.content.decode()
    assert html.count("invalid-feedback") >= 4
    assert Hub.objects.filter(pk=hub.pk).values().get() == before


def test_english_page_falls_back_to_norwegian_and_says_so(client, managed):
    hub, _manager = managed
    hub.description_nb = "Bare på norsk"
    hub.description_en = ""
    hub.save()
    html = client.get("/en/hubs/fabrikken/").content.decode()
    assert '<div class="local-text" lang="nb"><p>Bare på norsk</p></div>' in html
    assert "Not yet translated into English; shown in Norwegian." in html
    norwegian = client.get("/hubs/fabrikken/").content.decode()
    assert "Not yet translated" not in norwegian
    assert 'lang="nb"><p>' not in norwegian


def test_every_change_is_recorded_with_who_when_and_what(client, managed):
    hub, manager = managed
    client.force_login(manager)
    client.post("/me/hubs/fabrikken/edit/", profile_post(hub, tagline_nb="Nytt slagord"))
    record = hub.history.first()
    assert record.history_user == manager
    assert record.history_date > timezone.now() - timedelta(minutes=1)
    assert hub_record_changes(record) == [("tagline_nb", hub.tagline_nb, "Nytt slagord")]


def test_secretariat_restores_an_earlier_version_in_the_admin(client, managed, secretariat_user):
    hub, manager = managed
    client.force_login(manager)
    client.post("/me/hubs/fabrikken/edit/", profile_post(hub, tagline_nb="Feil slagord"))
    first = hub.history.earliest()
    client.force_login(secretariat_user)
    history = client.get(f"/admin/hubs/hub/{hub.pk}/history/").content.decode()
    assert "Mona Manager" in history
    revert_url = f"/admin/hubs/hub/{hub.pk}/history/{first.history_id}/"
    form = client.get(revert_url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "logo"}
    data["facilities"] = [f.pk for f in data.get("facilities", [])]
    response = client.post(
        revert_url,
        {
            **data,
            "photos-TOTAL_FORMS": 0,
            "photos-INITIAL_FORMS": 0,
            "managers-TOTAL_FORMS": 0,
            "managers-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    hub.refresh_from_db()
    assert hub.tagline_nb == first.tagline_nb


def test_digest_tells_the_secretariat_what_managers_changed(client, managed, secretariat_user):
    hub, manager = managed
    client.force_login(manager)
    client.post("/me/hubs/fabrikken/edit/", profile_post(hub, tagline_nb="Nytt", capacity="77"))
    hub.name = "Endret av sekretariatet"
    hub._history_user = secretariat_user
    hub.save()
    mail.outbox.clear()
    count = hub_changes_digest_send(since=timezone.now() - timedelta(hours=1))
    assert count == 1
    [message] = mail.outbox
    assert message.to == [secretariat_user.email]
    assert "1 endring av hubprofil å se over" in message.subject
    assert "Fabrikken" in message.body
    assert "Mona Manager" in message.body
    assert "slagord [nb]" in message.body
    assert "kapasitet (arbeidsplasser)" in message.body
    assert "Endret av sekretariatet" not in message.body


def test_digest_command_sends_nothing_when_nothing_changed(secretariat_user):
    mail.outbox.clear()
    call_command("hub_changes_digest", verbosity=0)
    assert mail.outbox == []


def test_admin_lists_profile_changes_by_managers(client, managed, secretariat_user):
    hub, manager = managed
    client.force_login(manager)
    client.post("/me/hubs/fabrikken/edit/", profile_post(hub, tagline_nb="Nytt"))
    client.force_login(secretariat_user)
    html = client.get("/admin/hubs/historicalhub/", {"by": "managers"}).content.decode()
    assert "Mona Manager" in html
    assert "slagord [nb]" in html


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("capacity", "9223372036854775807", "Verdien må være mindre enn eller lik 10000."),
        ("area", "1000001", "Verdien må være mindre enn eller lik 1000000."),
    ],
)
def test_desks_and_area_beyond_any_real_hub_are_refused_next_to_the_field(
    client, managed, field, value, error
):
    """A manager once saved 2**63 - 1 desks, and the front page, which adds them up, gave 500."""
    hub, manager = managed
    client.force_login(manager)
    response = client.post("/me/hubs/fabrikken/edit/", profile_post(hub, **{field: value}))
    assert response.context["form"].errors[field] == [error]
    hub.refresh_from_db()
    assert getattr(hub, field) != int(value)
    HubFactory(capacity=5)
    assert client.get("/").status_code == 200
