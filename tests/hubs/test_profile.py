import json
import re

import pytest

from hubs.counties import County
from tests.factories import HubPhotoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_hub(hub_factory, facility_factory):
    hub = hub_factory(
        name="Fabrikken",
        slug="fabrikken",
        city="Lillehammer",
        county=County.INNLANDET,
        address="Fåberggata 1",
        postcode="2615",
        tagline_nb="Kreativt fellesskap i gamle fabrikklokaler",
        tagline_en="A creative community in an old factory",
        description_nb="Vi er 40 kreative folk.\n\nVelkommen innom!",
        description_en="We are 40 creative people.\n\nDo drop by!",
        opening_hours_nb="Man–fre 08–17",
        visitor_info_nb="Ring på hos Fabrikken i andre etasje.",
        website="https://fabrikken.example.org",
        email="hei@fabrikken.example.org",
        phone="+47 612 34 567",
        capacity=40,
        area=800,
        step_free_entrance=True,
        accessible_toilet=False,
        facilities=[
            facility_factory(slug="verksted", name_nb="Verksted", name_en="Workshop"),
            facility_factory(slug="kafe", name_nb="Kafé", name_en="Café"),
        ],
    )
    HubPhotoFactory(hub=hub, alt_text="Langbord med folk som jobber under store vinduer")
    return hub


def test_profile_shows_everything_a_visitor_needs(client, full_hub):
    html = client.get("/hubs/fabrikken/").content.decode()
    assert '<h1 class="mb-1">Fabrikken</h1>' in html
    for text in [
        "Kreativt fellesskap i gamle fabrikklokaler",
        "<p>Vi er 40 kreative folk.</p>",
        "Man–fre 08–17",
        "40 plasser",
        "800 m²",
        ">Verksted</a>",
        ">Kafé</a>",
        'alt="Langbord med folk som jobber under store vinduer"',
        "Trinnfri inngang: <strong>ja</strong>",
        "Tilgjengelig toalett: <strong>nei</strong>",
        "Teleslynge: <strong>ikke oppgitt</strong>",
        "Ring på hos Fabrikken i andre etasje.",
        "Fåberggata 1",
        "2615 Lillehammer",
        'href="mailto:hei@fabrikken.example.org"',
        'href="tel:+4761234567"',
        'href="https://fabrikken.example.org"',
        'aria-label="Fabrikken"',  # the small map's marker
    ]:
        assert text in html, text


def test_profile_in_english_uses_english_texts(client, full_hub):
    html = client.get("/en/hubs/fabrikken/").content.decode()
    assert "A creative community in an old factory" in html
    assert "<p>We are 40 creative people.</p>" in html
    assert "Step-free entrance: <strong>yes</strong>" in html
    assert ">Workshop</a>" in html


def test_profile_has_schema_org_json_ld(client, full_hub):
    html = client.get("/hubs/fabrikken/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL).group(
        1
    )
    data = json.loads(block)
    assert data["@type"] == "LocalBusiness"
    assert data["name"] == "Fabrikken"
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Fåberggata 1",
        "postalCode": "2615",
        "addressLocality": "Lillehammer",
        "addressRegion": "Innlandet",
        "addressCountry": "NO",
    }
    assert data["geo"]["@type"] == "GeoCoordinates"
    assert data["geo"]["latitude"] == float(full_hub.latitude)


def test_json_ld_cannot_break_out_of_its_script_element(client, hub_factory):
    hub_factory(slug="lur", name="</script><script>alert(1)</script>")
    html = client.get("/hubs/lur/").content.decode()
    assert "<script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html


def test_profile_has_opengraph_metadata(client, full_hub):
    html = client.get("/hubs/fabrikken/").content.decode()
    assert '<meta property="og:title" content="Fabrikken">' in html
    assert (
        '<meta property="og:description" content="Kreativt fellesskap i gamle fabrikklokaler">'
        in html
    )
    assert '<meta property="og:url" content="http://testserver/hubs/fabrikken/">' in html
    assert '<meta property="og:locale" content="nb_NO">' in html
    assert re.search(
        r'<meta property="og:image" content="http://testserver/media/hubs/[0-9a-f]{32}\.jpg">', html
    )


def test_unpublished_hub_is_not_found_for_visitors_and_members(client, hub_factory, user):
    hub_factory(slug="skjult", is_published=False)
    assert client.get("/hubs/skjult/").status_code == 404
    client.force_login(user)
    assert client.get("/hubs/skjult/").status_code == 404


def test_unpublished_hub_is_shown_to_the_secretariat_with_a_warning(
    client, hub_factory, secretariat_user
):
    hub_factory(slug="skjult", name="Den skjulte", is_published=False)
    client.force_login(secretariat_user)
    html = client.get("/hubs/skjult/").content.decode()
    assert "Den skjulte" in html
    assert "Denne hubben er ikke publisert" in html
    assert '<meta name="robots" content="noindex">' in html


def test_unknown_hub_is_not_found(client):
    assert client.get("/hubs/finnes-ikke/").status_code == 404


def test_profile_changes_the_moment_the_hub_changes(
    client, full_hub, django_capture_on_commit_callbacks
):
    assert "Kreativt fellesskap" in client.get("/hubs/fabrikken/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        full_hub.tagline_nb = "Nytt slagord"
        full_hub.save()
    assert "Nytt slagord" in client.get("/hubs/fabrikken/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        full_hub.is_published = False
        full_hub.save()
    assert client.get("/hubs/fabrikken/").status_code == 404
