import json
import re

import pytest

from hubs.counties import County
from hubs.models import Hub
from hubs.services import hub_update_profile, seed_reference_data
from tests.factories import HubPhotoFactory, UserFactory

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
        "Ikke oppgitt ennå: heis til alle etasjer, teleslynge, HC-parkering.",
        "Ring på hos Fabrikken i andre etasje.",
        "Fåberggata 1",
        "2615 Lillehammer",
        'href="mailto:hei@fabrikken.example.org"',
        'href="tel:+4761234567"',
        '<a href="https://fabrikken.example.org" rel="noopener">fabrikken.example.org</a>',
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


def meta_tags(html: str) -> dict[str, str]:
    return dict(
        re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)">', html)
    )


def test_profile_has_open_graph_metadata_on_the_sites_own_address(client, full_hub, settings):
    settings.SITE_URL = "https://coworkingnorge.no"
    photo = full_hub.photos.get()
    html = client.get("/hubs/fabrikken/", HTTP_HOST="testserver").content.decode()
    assert meta_tags(html) == {
        "og:type": "website",
        "og:site_name": "Coworking Norge",
        "og:title": "Fabrikken",
        "og:description": "Kreativt fellesskap i gamle fabrikklokaler",
        "og:url": "https://coworkingnorge.no/hubs/fabrikken/",
        "og:locale": "nb_NO",
        "og:locale:alternate": "en_GB",
        "og:image": f"https://coworkingnorge.no{photo.image.url}",
        "og:image:width": "40",
        "og:image:height": "30",
        "og:image:alt": "Langbord med folk som jobber under store vinduer",
        "twitter:card": "summary_large_image",
    }
    assert '<link rel="canonical" href="https://coworkingnorge.no/hubs/fabrikken/">' in html


def test_english_profile_has_english_open_graph_metadata(client, full_hub, settings):
    settings.SITE_URL = "https://coworkingnorge.no"
    tags = meta_tags(client.get("/en/hubs/fabrikken/").content.decode())
    assert tags["og:url"] == "https://coworkingnorge.no/en/hubs/fabrikken/"
    assert tags["og:description"] == "A creative community in an old factory"
    assert (tags["og:locale"], tags["og:locale:alternate"]) == ("en_GB", "nb_NO")


def test_profile_without_photo_or_tagline_has_a_plain_preview(client, hub_factory, settings):
    settings.SITE_URL = "https://coworkingnorge.no"
    hub_factory(
        slug="tom", name="Tomhuset", city="Vågå", tagline_nb="", tagline_en="", description_nb=""
    )
    tags = meta_tags(client.get("/hubs/tom/").content.decode())
    assert tags == {
        "og:type": "website",
        "og:site_name": "Coworking Norge",
        "og:title": "Tomhuset",
        "og:description": "Tomhuset, en medlemshub i Coworking Norge i Vågå, Innlandet.",
        "og:url": "https://coworkingnorge.no/hubs/tom/",
        "og:locale": "nb_NO",
        "og:locale:alternate": "en_GB",
        "twitter:card": "summary",
    }


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


# Empty sections, the unfilled profile, contact first


def section_headings(html: str) -> list[str]:
    article = re.search(r'<article class="hub-profile">.*</article>', html, re.DOTALL).group(0)
    return re.findall(r'<h2 id="[^"]+" class="[^"]*">([^<]+)</h2>', article)


def test_unfilled_profile_shows_no_empty_sections_says_so_once_and_points_to_the_secretariat(
    client, hub_factory, settings
):
    settings.NETWORK_EMAIL = "post@coworkingnorge.no"
    hub_factory(
        slug="tom",
        name="Tomhuset",
        city="Vågå",
        tagline_nb="Kontorfellesskap i Vågå",
        description_nb="",
        capacity=None,
    )
    html = client.get("/hubs/tom/").content.decode()
    assert section_headings(html) == ["Kontakt"]
    assert "ikke oppgitt" not in html.lower()
    assert html.count("har ikke fylt ut profilen sin ennå") == 1
    assert (
        '<p class="hub-profile__unfilled">Tomhuset har ikke fylt ut profilen sin ennå.</p>' in html
    )
    assert (
        "Tomhuset har ikke lagt inn kontaktinformasjon her ennå. Coworking Norge setter deg i "
        'kontakt: <a href="mailto:post@coworkingnorge.no">post@coworkingnorge.no</a>'
    ) in html


def test_a_founding_hub_with_only_the_seeds_public_text_says_where_the_text_comes_from(client):
    """657 has an "About" from public sources but its manager has filled in nothing: the quiet
    line says so, rather than "has not filled in its profile" above two paragraphs of text."""
    seed_reference_data()
    html = client.get("/hubs/657/").content.decode()
    assert section_headings(html) == ["Kontakt", "Om oss", "Lokalet"]
    assert (
        '<p class="hub-profile__unfilled">Teksten er hentet fra offentlige kilder. 657 har ikke '
        "fylt ut resten av profilen ennå.</p>"
    ) in html
    assert "har ikke fylt ut profilen sin ennå" not in html
    assert '<a href="http://www.657.no" rel="noopener">657.no</a>' in html  # a way to reach it
    english = client.get("/en/hubs/657/").content.decode()
    assert (
        '<p class="hub-profile__unfilled">The text is taken from public sources. 657 has not '
        "filled in the rest of its profile yet.</p>"
    ) in english
    # Beta has only a seeded tagline, no "About": the plain line stays.
    assert "Beta har ikke fylt ut profilen sin ennå." in client.get("/hubs/beta/").content.decode()


def test_a_founding_hub_whose_manager_rewrote_the_about_text_is_not_said_to_quote_sources(
    client,
):
    seed_reference_data()
    hub = Hub.objects.get(slug="657")
    hub_update_profile(
        hub=hub, changes={"description_nb": "Vi skrev dette selv."}, user=UserFactory()
    )
    html = client.get("/hubs/657/").content.decode()
    assert "Vi skrev dette selv." in html
    assert "offentlige kilder" not in html
    assert '<p class="hub-profile__unfilled">657 har ikke fylt ut profilen sin ennå.</p>' in html


def test_profile_with_only_a_website_links_it_by_its_domain(client, hub_factory):
    hub_factory(slug="web", name="Webhuset", website="https://www.webhuset.example.org/no/om/")
    html = client.get("/hubs/web/").content.decode()
    assert (
        '<a href="https://www.webhuset.example.org/no/om/" rel="noopener">webhuset.example.org</a>'
        in html
    )
    assert "setter deg i kontakt" not in html


def test_full_profile_shows_every_section_with_contact_and_visiting_first(client, full_hub):
    html = client.get("/hubs/fabrikken/").content.decode()
    assert section_headings(html) == [
        "Kontakt",
        "Slik besøker du oss",
        "Bilder",
        "Om oss",
        "Lokalet",
        "Tilgjengelighet",
    ]
    assert "har ikke fylt ut profilen" not in html
    # On a wide screen the contact column moves beside the profile; first in the page's order.
    assert '<aside class="col-lg-4 order-lg-2"' in html
    assert '<div class="col-lg-8 order-lg-1">' in html


def test_address_links_to_a_map_search_and_the_page_loads_nothing_from_elsewhere(client, full_hub):
    html = client.get("/hubs/fabrikken/").content.decode()
    assert (
        '<a href="https://www.openstreetmap.org/search?query=F%C3%A5berggata+1%2C+2615+'
        'Lillehammer%2C+Norway" rel="noopener">Fåberggata 1<br>2615 Lillehammer</a>'
    ) in html
    loaded = re.findall(r'<(?:img|script)[^>]+src="([^"]+)"', html) + re.findall(
        r'<link rel="(?:stylesheet|icon|apple-touch-icon)" href="([^"]+)"', html
    )
    assert loaded
    assert [url for url in loaded if not url.startswith("/")] == []


def test_profile_without_a_street_address_searches_for_the_city(client, hub_factory):
    hub_factory(slug="by", city="Vågå", address="", postcode="")
    html = client.get("/hubs/by/").content.decode()
    assert 'href="https://www.openstreetmap.org/search?query=V%C3%A5g%C3%A5%2C+Norway"' in html


def test_profile_names_oslo_once(client, hub_factory):
    hub_factory(slug="oslo-hub", city="Oslo", county=County.OSLO)
    html = client.get("/hubs/oslo-hub/").content.decode()
    assert "Oslo, Oslo" not in html
    assert '<p class="hub-profile__place">Oslo</p>' in html


def test_accessibility_lists_what_is_stated_and_names_the_rest_in_one_line(client, hub_factory):
    hub_factory(slug="tilgang", step_free_entrance=True, lift=False)
    html = client.get("/hubs/tilgang/").content.decode()
    assert re.findall(r"<li>([^<]+): <strong>([^<]+)</strong></li>", html) == [
        ("Trinnfri inngang", "ja"),
        ("Heis til alle etasjer", "nei"),
    ]
    assert "Ikke oppgitt ennå: tilgjengelig toalett, teleslynge, HC-parkering." in html


def test_area_is_grouped_in_thousands(client, hub_factory):
    hub_factory(slug="stor", area=1200)
    assert "<dd>1\xa0200 m²</dd>" in client.get("/hubs/stor/").content.decode()
    assert "<dd>1,200 m²</dd>" in client.get("/en/hubs/stor/").content.decode()


def test_a_founding_hub_is_called_one_of_the_networks_founders(client):
    """Norwegian read "Grunnleggende hub" ("basic hub")."""
    seed_reference_data()
    place = r'<p class="hub-profile__place">(.*?)</p>'
    assert re.findall(place, client.get("/hubs/657/").content.decode()) == [
        "Oslo · Medstifter av nettverket"
    ]
    assert re.findall(place, client.get("/en/hubs/657/").content.decode()) == [
        "Oslo · Founding hub"
    ]
