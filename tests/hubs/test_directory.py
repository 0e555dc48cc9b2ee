import re

import pytest
from django.core.files.base import ContentFile

from hubs.counties import County
from hubs.services import seed_reference_data
from tests.factories import HubPhotoFactory

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
    return re.findall(
        r'<h2 class="card-title"><a href="[^"]+" class="stretched-link">([^<]+)</a>', html
    )


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
    assert '<a href="/hubs/sjohuset/" class="stretched-link">Sjøhuset</a>' in html
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
    assert re.search(
        r'<input type="checkbox" class="btn-check" name="facility" value="dusj"[^>]* checked>', html
    )
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
    assert "Ingen hubber passer til disse filtrene." in html
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
    assert '<a href="/en/hubs/sjohuset/" class="stretched-link">Sjøhuset</a>' in html
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


# The facility filter, the options' counts and the ways out of an empty result


def offered_facilities(html: str) -> dict[str, int]:
    """{slug: count} of the facility choices the page offers."""
    found = re.findall(
        r'name="facility" value="([^"]+)"[^>]*>\s*<label[^>]*>[^<]+'
        r'<span class="hub-filters__count">\((\d+)\)</span>',
        html,
    )
    return {slug: int(count) for slug, count in found}


def county_options(html: str) -> list[str]:
    select = re.search(r'<select name="county".*?</select>', html, re.DOTALL).group(0)
    return re.findall(r"<option [^>]*>([^<]+)</option>", select)


def test_seeded_directory_offers_only_facilities_some_hub_has_and_each_finds_its_count(client):
    """The facility filter said "0 hubber" for all 13 facilities: no founding hub had any facility,
    and the filter offered every facility all the same."""
    seed_reference_data()
    html = client.get("/hubs/").content.decode()
    offered = offered_facilities(html)
    assert offered == {
        "fast-plass": 1,
        "motterom": 1,
        "arrangementslokale": 1,
        "kafe": 1,
        "studio": 1,
    }
    for slug, count in offered.items():
        found = card_names(client.get("/hubs/", {"facility": slug}).content.decode())
        assert len(found) == count > 0, slug
    assert card_names(client.get("/hubs/", {"facility": "kafe"}).content.decode()) == ["WorkWork"]


def test_facility_options_count_the_hubs_shown_and_leave_out_those_without_hubs(
    client, hub_factory, facility_factory
):
    shower = facility_factory(slug="dusj", name_nb="Dusj", order=1)
    workshop = facility_factory(slug="verksted", name_nb="Verksted", order=2)
    facility_factory(slug="badstue", name_nb="Badstue", order=3)
    hub_factory(name="A", county=County.OSLO, facilities=[shower, workshop])
    hub_factory(name="B", county=County.OSLO, facilities=[shower])
    hub_factory(name="C", county=County.VESTLAND, facilities=[workshop])
    hub_factory(name="Skjult", is_published=False, facilities=[facility_factory(slug="kafe")])

    html = client.get("/hubs/").content.decode()
    assert offered_facilities(html) == {"dusj": 2, "verksted": 2}
    assert county_options(html) == ["Alle fylker", "Oslo (2)", "Vestland (1)"]

    html = client.get("/hubs/", {"county": "oslo"}).content.decode()
    assert offered_facilities(html) == {"dusj": 2, "verksted": 1}
    # The counties are counted with the other filters kept, so another county can be chosen.
    html = client.get("/hubs/", {"facility": "verksted"}).content.decode()
    assert county_options(html) == ["Alle fylker", "Oslo (1)", "Vestland (1)"]
    assert offered_facilities(html) == {"dusj": 1, "verksted": 2}


def test_several_facilities_combine_and_every_one_must_match(client, hub_factory, facility_factory):
    shower = facility_factory(slug="dusj", name_nb="Dusj")
    workshop = facility_factory(slug="verksted", name_nb="Verksted")
    hub_factory(name="Begge", facilities=[shower, workshop])
    hub_factory(name="Bare dusj", facilities=[shower])
    hub_factory(name="Bare verksted", facilities=[workshop])

    response = client.get("/hubs/?facility=dusj&facility=verksted")
    html = response.content.decode()
    assert card_names(html) == ["Begge"]
    assert "1 hub" in html
    checked = re.findall(r'name="facility" value="([^"]+)"[^>]*checked', html)
    assert checked == ["dusj", "verksted"]
    assert marker_names(html) == ["Begge"]


def test_a_chosen_facility_stays_offered_even_when_nothing_matches(
    client, hub_factory, facility_factory
):
    shower = facility_factory(slug="dusj", name_nb="Dusj")
    hub_factory(name="Badehuset", county=County.OSLO, facilities=[shower])
    html = client.get("/hubs/", {"facility": "dusj", "county": "vestland"}).content.decode()
    assert card_names(html) == []
    assert offered_facilities(html) == {"dusj": 0}
    assert "Vestland (0)" in county_options(html)


def test_empty_result_offers_the_nearest_ways_out_with_what_each_finds(
    client, hub_factory, facility_factory
):
    shower = facility_factory(slug="dusj", name_nb="Dusj")
    sauna = facility_factory(slug="badstue", name_nb="Badstue")
    hub_factory(name="Badehuset", county=County.OSLO, facilities=[shower])
    hub_factory(name="Dampen", county=County.VESTLAND, facilities=[shower, sauna])
    hub_factory(name="Tørrhuset", county=County.OSLO)

    html = client.get("/hubs/?q=hus&county=oslo&facility=dusj&facility=badstue").content.decode()
    assert card_names(html) == []
    assert "Ingen hubber passer til disse filtrene." in html
    ways = re.findall(
        r'<li><a href="([^"]+)">([^<]+)</a> – (\d+ \w+)</li>', html.replace("&amp;", "&")
    )
    # Only dropping Badstue finds something here (every other single step still finds nothing).
    assert ways == [
        ("?q=hus&county=oslo&facility=dusj", "Uten «Badstue»", "1 hub"),
        ("?", "Alle hubber", "3 hubber"),
    ]


def test_empty_search_offers_to_drop_the_search(client, hub_factory):
    hub_factory(name="Noe", county=County.OSLO)
    hub_factory(name="Annet", county=County.OSLO)
    html = client.get("/hubs/", {"q": "finnes-ikke", "county": "oslo"}).content.decode()
    ways_out = re.search(r'<ul class="hub-directory__ways-out.*?</ul>', html, re.DOTALL).group(0)
    ways = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', ways_out.replace("&amp;", "&"))
    # Dropping the search finds both hubs, all there are: no separate "all hubs" way.
    assert ways == [("?county=oslo", "Uten søket «finnes-ikke»")]


def test_an_unknown_facility_is_shown_as_an_error_and_ignored(client, hub_factory):
    hub_factory(name="Noe")
    html = client.get("/hubs/", {"facility": "finnes-ikke"}).content.decode()
    assert card_names(html) == ["Noe"]
    assert 'id="facility-errors"' in html
    assert "Velg et gyldig valg" in html


# The cards


def card_of(html: str, name: str) -> str:
    for card in re.findall(r'<li class="col"><article.*?</article></li>', html, re.DOTALL):
        if f">{name}</a></h2>" in card:
            return card
    raise AssertionError(f"no card for {name}")


def test_card_shows_the_first_photo_as_a_sized_lazy_thumbnail_with_empty_alt(client, hub_factory):
    hub = hub_factory(name="Bildehuset")
    second = HubPhotoFactory(hub=hub, order=2)
    first = HubPhotoFactory(hub=hub, order=1, image__width=1600, image__height=1200)
    first.card.save("card.jpg", ContentFile(b"card"), save=False)
    first.thumbnail.save("thumb.jpg", ContentFile(b"thumb"), save=False)
    first.save()
    card = card_of(client.get("/hubs/").content.decode(), "Bildehuset")
    image = re.search(r"<img [^>]+>", card).group(0)
    assert f'src="{first.thumbnail.url}"' in image
    assert f'srcset="{first.thumbnail.url} 320w, {first.card.url} 800w"' in image
    assert 'width="320" height="240"' in image
    assert 'alt=""' in image
    assert 'loading="lazy"' in image
    assert second.image.url not in card


def test_card_falls_back_to_the_logo_then_to_the_placeholder(client, hub_factory):
    with_logo = hub_factory(name="Logohuset")
    with_logo.logo.save("logo.png", ContentFile(b"logo"), save=True)
    hub_factory(name="Tomhuset")
    html = client.get("/hubs/").content.decode()
    logo = re.search(r"<img [^>]+>", card_of(html, "Logohuset")).group(0)
    assert f'src="{with_logo.logo.url}"' in logo
    assert "hub-card__image--logo" in logo
    assert 'width="320" height="213" alt="" loading="lazy"' in logo
    placeholder = card_of(html, "Tomhuset")
    # The stylesheet draws the placeholder's picture, so the card carries no image at all.
    assert '<div class="hub-card__placeholder"></div>' in placeholder
    assert "<img" not in placeholder


def test_card_names_oslo_once_where_city_and_county_share_the_name(client, hub_factory):
    hub_factory(name="Byhuset", city="Oslo", county=County.OSLO)
    hub_factory(name="Fjellhuset", city="Vågå", county=County.INNLANDET)
    html = client.get("/hubs/").content.decode()
    assert "Oslo, Oslo" not in html
    assert '<p class="hub-card__place">Oslo</p>' in card_of(html, "Byhuset")
    assert ">Vågå, Innlandet</p>" in card_of(html, "Fjellhuset")


def test_card_shows_three_facilities_and_how_many_more(client, hub_factory, facility_factory):
    names = ["Dusj", "Kafé", "Møterom", "Verksted", "Studio"]
    facilities = [
        facility_factory(slug=f"f{order}", name_nb=name, order=order)
        for order, name in enumerate(names)
    ]
    hub_factory(name="Alt", facilities=facilities)
    card = card_of(client.get("/hubs/").content.decode(), "Alt")
    assert re.findall(r"<li>([^<]+)</li>", card) == names[:3]
    assert '<li class="hub-card__more">+2 til</li>' in card


# The map beside the list


def label_names(html: str) -> list[str]:
    return re.findall(r'<text [^>]*class="hub-map__label"[^>]*>([^<]+)</text>', html)


def test_every_card_has_its_marker_and_the_names_stand_beside_them(client):
    seed_reference_data()
    html = client.get("/hubs/").content.decode()
    assert sorted(marker_names(html)) == sorted(card_names(html)) == FOUNDING_NAMES
    # Around Oslo the markers crowd: 657, Brodahls and Blender are named in the close-up, the
    # others on the whole map.
    main, inset = html.split('<div class="hub-map__inset"')
    assert sorted(label_names(main)) == sorted(
        set(FOUNDING_NAMES) - {"657", "Brodahls GummivareFabrikk", "Blender Collective"}
    )
    assert sorted(label_names(inset)) == ["657", "Blender Collective", "Brodahls GummivareFabrikk"]
    assert inset.count('tabindex="-1"') == 3
    assert 'aria-hidden="true"' in inset[:40]
    assert "Rundt Oslo" in inset


def test_the_close_up_of_oslo_appears_only_where_markers_crowd(client, hub_factory):
    hub_factory(name="Byhuset", latitude="59.91390", longitude="10.75220")
    hub_factory(name="Fjellhuset", latitude="61.87530", longitude="9.09670")
    html = client.get("/hubs/").content.decode()
    assert 'class="hub-map__inset"' not in html
    assert sorted(label_names(html)) == ["Byhuset", "Fjellhuset"]
