import re

import pytest

from hubs.counties import County
from hubs.services import seed_reference_data

pytestmark = pytest.mark.django_db

FOUNDING_NAMES = sorted(
    [
        "657",
        "Beta",
        "Blender Collective",
        "Brodahls GummivareFabrikk",
        "CoWorks",
        "Fabrikken",
        "Flow",
        "Impact HUB Bergen",
        "InkubatorSalten",
        "Innovation Dock",
        "WorkWork",
    ]
)


def card_names(html: str) -> list[str]:
    return re.findall(r'<h2 class="h5 card-title"><a href="[^"]+">([^<]+)</a>', html)


def marker_names(html: str) -> list[str]:
    return re.findall(r'class="hub-map__marker" aria-label="([^"]+)"', html)


def test_directory_lists_every_published_founding_hub(client):
    seed_reference_data()
    html = client.get("/hubs/").content.decode()
    assert sorted(card_names(html)) == FOUNDING_NAMES
    assert sorted(marker_names(html)) == FOUNDING_NAMES
    assert "11 hubber" in html


def test_directory_card_shows_city_county_tagline_and_capacity(client, hub_factory):
    hub_factory(
        name="Sjøhuset",
        slug="sjohuset",
        city="Ålesund",
        county=County.MORE_OG_ROMSDAL,
        tagline_nb="Kontorfellesskap ved sjøen",
        capacity=42,
    )
    html = client.get("/hubs/").content.decode()
    assert '<a href="/hubs/sjohuset/">Sjøhuset</a>' in html
    assert "Ålesund, Møre og Romsdal" in html
    assert "Kontorfellesskap ved sjøen" in html
    assert "42 plasser" in html


def test_directory_hides_unpublished_hubs(client, hub_factory):
    hub_factory(name="Synlig")
    hub_factory(name="Skjult", is_published=False)
    html = client.get("/hubs/").content.decode()
    assert card_names(html) == ["Synlig"]
    assert marker_names(html) == ["Synlig"]


def test_directory_filters_by_county(client):
    seed_reference_data()
    html = client.get("/hubs/", {"county": "innlandet"}).content.decode()
    assert card_names(html) == ["Beta", "Fabrikken"]
    assert marker_names(html) == ["Beta", "Fabrikken"]
    assert '<option value="innlandet" selected>' in html
    assert "2 hubber" in html


def test_directory_filters_combine_county_facility_and_text(client, hub_factory, facility_factory):
    workshop = facility_factory(slug="verksted", name_nb="Verksted", name_en="Workshop")
    hub_factory(name="Snekkerverkstedet", county=County.OSLO, facilities=[workshop])
    hub_factory(
        name="Sløydsalen", county=County.OSLO, facilities=[workshop], tagline_nb="Tre og metall"
    )
    hub_factory(name="Kontorhotellet", county=County.OSLO)
    hub_factory(name="Verkstedhallen", county=County.VESTLAND, facilities=[workshop])

    def names(**params):
        return card_names(client.get("/hubs/", params).content.decode())

    assert names(county="oslo") == ["Kontorhotellet", "Sløydsalen", "Snekkerverkstedet"]
    assert names(county="oslo", facility="verksted") == ["Sløydsalen", "Snekkerverkstedet"]
    assert names(county="oslo", facility="verksted", q="metall") == ["Sløydsalen"]
    assert names(facility="verksted") == ["Sløydsalen", "Snekkerverkstedet", "Verkstedhallen"]
    assert names(q="verksted hallen") == ["Verkstedhallen"]


def test_directory_keeps_filter_values_in_the_form(client, hub_factory, facility_factory):
    facility_factory(slug="dusj", name_nb="Dusj", name_en="Shower")
    hub_factory(name="Badehuset", county=County.OSLO, facilities=[facility_factory(slug="dusj")])
    html = client.get(
        "/hubs/", {"county": "oslo", "facility": "dusj", "q": "bade"}
    ).content.decode()
    assert '<option value="oslo" selected>' in html
    assert '<option value="dusj" selected>' in html
    assert 'value="bade"' in html


def test_directory_text_search_matches_facility_names_in_either_language(
    client, hub_factory, facility_factory
):
    shower = facility_factory(slug="dusj", name_nb="Dusj", name_en="Shower")
    hub_factory(name="Badehuset", facilities=[shower])
    hub_factory(name="Tørrhuset")
    assert card_names(client.get("/hubs/", {"q": "dusj"}).content.decode()) == ["Badehuset"]
    assert card_names(client.get("/en/hubs/", {"q": "shower"}).content.decode()) == ["Badehuset"]


def test_directory_empty_result_says_so(client, hub_factory):
    hub_factory(name="Noe")
    html = client.get("/hubs/", {"q": "finnes-ikke"}).content.decode()
    assert card_names(html) == []
    assert "Ingen hubber passer til disse filtrene" in html
    assert "0 hubber" in html


def test_directory_unknown_county_shows_error_next_to_the_field_and_ignores_it(client, hub_factory):
    hub_factory(name="Noe")
    response = client.get("/hubs/", {"county": "atlantis"})
    html = response.content.decode()
    assert response.status_code == 200
    assert card_names(html) == ["Noe"]
    assert 'id="id_county"' in html
    assert "is-invalid" in html
    assert "Velg et gyldig valg" in html


def test_directory_in_english(client, hub_factory):
    hub_factory(
        name="Sjøhuset",
        slug="sjohuset",
        tagline_nb="Ved sjøen",
        tagline_en="By the sea",
        capacity=1,
    )
    html = client.get("/en/hubs/").content.decode()
    assert '<html lang="en">' in html
    assert '<a href="/en/hubs/sjohuset/">Sjøhuset</a>' in html
    assert "By the sea" in html
    assert "1 desk" in html
    assert "1 hub" in html


def test_english_falls_back_to_norwegian_tagline(client, hub_factory):
    hub_factory(name="Fjellstua", tagline_nb="Kontor på fjellet", tagline_en="")
    assert "Kontor på fjellet" in client.get("/en/hubs/").content.decode()


def test_directory_page_changes_the_moment_a_hub_changes(
    client, hub_factory, django_capture_on_commit_callbacks
):
    hub = hub_factory(name="Gammelt navn")
    assert card_names(client.get("/hubs/").content.decode()) == ["Gammelt navn"]
    with django_capture_on_commit_callbacks(execute=True):
        hub.name = "Nytt navn"
        hub.save()
    assert card_names(client.get("/hubs/").content.decode()) == ["Nytt navn"]
    with django_capture_on_commit_callbacks(execute=True):
        hub.is_published = False
        hub.save()
    assert card_names(client.get("/hubs/").content.decode()) == []


def test_adding_a_facility_to_a_hub_refreshes_the_facility_filter(
    client, hub_factory, facility_factory, django_capture_on_commit_callbacks
):
    hub = hub_factory(name="Huben")
    sauna = facility_factory(slug="badstue", name_nb="Badstue", name_en="Sauna")
    assert card_names(client.get("/hubs/", {"facility": "badstue"}).content.decode()) == []
    with django_capture_on_commit_callbacks(execute=True):
        hub.facilities.add(sauna)
    assert card_names(client.get("/hubs/", {"facility": "badstue"}).content.decode()) == ["Huben"]


def test_long_tagline_is_shortened_on_the_card(client, hub_factory):
    hub_factory(name="Ordrik", tagline_nb="ord " * 37)
    html = client.get("/hubs/").content.decode()
    assert "ord " * 37 not in html
    assert "…" in html


def test_directory_rejects_post(client):
    assert client.post("/hubs/").status_code == 405
