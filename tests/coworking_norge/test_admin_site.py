"""The secretariat's admin carries the network's name, and speaks the page's language."""

import re
from html import escape

import pytest

from hubs.models import Hub
from hubs.services import hub_update_profile
from tests.factories import (
    HubFactory,
    HubManagerFactory,
    OrganisationContactFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "name", "index"),
    [
        ("/admin/", "Coworking Norge – administrasjon", "Sekretariatets kontor"),
        ("/en/admin/", "Coworking Norge – administration", "The secretariat's back office"),
    ],
)
def test_the_admin_is_branded_in_the_pages_language(client, secretariat_user, path, name, index):
    client.force_login(secretariat_user)
    html = client.get(path).content.decode()
    assert f"<title>{escape(index)} | {name}</title>" in html
    assert f'<a href="{path}">{name}</a>' in html
    assert "Django" not in html.split("<body", 1)[1].split("</header>", 1)[0]


# What Django 6.1 and simple-history printed in English on Norwegian admin pages, with what the
# page says instead.
ENGLISH_FOUND = {
    "Show counts": "Vis antall",
    "Start typing to filter…": "Skriv for å filtrere …",
    "Skip to main content": "Gå til hovedinnholdet",
    "Toggle theme (current theme: auto)": "Bytt fargetema (nå: automatisk)",
    "Breadcrumbs": "Brødsmulesti",
    "Historical hub": "Endringer av hubprofiler",
    'alt="Search"': 'alt="Søk"',
}


@pytest.fixture
def changed_hub(secretariat_user):
    hub = HubFactory(name="Endrehuben")
    hub_update_profile(hub=hub, changes={"tagline_nb": "Nytt"}, user=UserFactory())
    return hub


def test_norwegian_admin_pages_say_it_in_norwegian(client, secretariat_user, changed_hub):
    client.force_login(secretariat_user)
    record = Hub.history.filter(id=changed_hub.pk).latest()
    pages = [
        "/admin/",
        "/admin/hubs/hub/",
        "/admin/hubs/historicalhub/",
        f"/admin/hubs/historicalhub/{record.pk}/change/",
        f"/admin/hubs/historicalhub/{record.pk}/history/",
        f"/admin/hubs/hub/{changed_hub.pk}/history/",
        f"/admin/hubs/hub/{changed_hub.pk}/history/{record.pk}/",
    ]
    for path in pages:
        html = client.get(path).content.decode()
        english = [
            text for text in [*ENGLISH_FOUND, "History date", " as of ", ">None<"] if text in html
        ]
        assert (path, english) == (path, [])
    html = client.get("/admin/hubs/hub/").content.decode()
    assert [text for text in ENGLISH_FOUND.values() if text not in html] == []


def test_the_hubs_history_is_named_and_labelled_in_the_pages_language(
    client, secretariat_user, changed_hub
):
    client.force_login(secretariat_user)
    norwegian = client.get("/admin/hubs/historicalhub/").content.decode()
    english = client.get("/en/admin/hubs/historicalhub/").content.decode()
    assert "<h1>Velg endring av hubprofil å se</h1>" in norwegian
    assert "Etter type endring" in norwegian
    assert "Filtrer etter endringsdato" in norwegian
    assert "<h1>Select hub profile change to view</h1>" in english


def test_the_admins_scripts_speak_norwegian(client, secretariat_user):
    client.force_login(secretariat_user)
    catalogue = client.get("/admin/jsi18n/").content.decode()
    for english, norwegian in [("Choose all %s", "Velg alle %s"), ("Sunday", "s\\u00f8ndag")]:
        assert f'"{english}": "{norwegian}"' in catalogue


def test_inputs_in_the_admins_tables_carry_their_columns_name(client, secretariat_user):
    """Inline rows, editable list columns and file inputs: each input has a label of its own."""
    organisation = OrganisationContactFactory(role="admin").organisation
    hub = HubFactory(organisation=organisation)
    HubManagerFactory(hub=hub)
    client.force_login(secretariat_user)
    form = client.get(f"/admin/members/organisation/{organisation.pk}/change/").content.decode()
    assert 'aria-label="Rolle" id="id_contacts-0-role"' in form
    assert 'aria-label="Slett" id="id_contacts-0-DELETE"' in form
    hubs = client.get("/admin/hubs/hub/").content.decode()
    assert 'name="form-0-is_published" aria-label="Publisert"' in hubs
    hub_form = client.get(f"/admin/hubs/hub/{hub.pk}/change/").content.decode()
    assert 'aria-label="Logo" id="id_logo"' in hub_form
    # A related field's select, which the admin wraps in its add/change links: the first row too.
    assert re.search(r'<select name="managers-0-user"[^>]* aria-label="Bruker"', hub_form)


ASTERISK = '<span class="asteriskField" aria-hidden="true">*</span>'


@pytest.mark.parametrize(
    ("prefix", "note"),
    [
        ("", f"Felt merket med {ASTERISK} må fylles ut."),
        ("/en", f"Fields marked with {ASTERISK} are required."),
    ],
)
def test_change_forms_say_what_the_asterisk_means_as_the_site_does(
    client, secretariat_user, changed_hub, prefix, note
):
    client.force_login(secretariat_user)
    record = Hub.history.filter(id=changed_hub.pk).latest()
    forms = [
        "/admin/billing/invoice/add/",
        f"/admin/hubs/hub/{changed_hub.pk}/change/",
        "/admin/members/organisation/add/",
    ]
    for path in forms:
        html = client.get(f"{prefix}{path}").content.decode()
        assert (path, html.count(note)) == (path, 1)
        assert '<label class="required" for="id_' in html  # what the stylesheet marks
    # A record nobody edits, only looked at: nothing to fill in, no note.
    seen = client.get(f"{prefix}/admin/hubs/historicalhub/{record.pk}/change/").content.decode()
    assert "asteriskField" not in seen
