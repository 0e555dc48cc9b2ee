"""The founding hubs start with what public sources say about them (founding-hubs.md), nothing
more; the seed fills only empty fields nobody has edited, and running it again changes nothing."""

import re

import pytest
from django.core.management import call_command

from hubs.demo import FULL_PROFILE
from hubs.models import Hub
from hubs.reference_data import FOUNDING_HUBS
from hubs.services import hub_update_profile, seed_reference_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# People named in the sources: the seed publishes places, not people.
PEOPLE = [
    "Anniken", "Fjelberg", "Joachim", "Levin", "Silje", "Grastveit", "Nilsen", "Stokke",
    "Gjedebo", "Warland", "Aanonsen", "Larrieu", "Torhild", "Andersen", "Sommerli", "Klungland",
]  # fmt: skip


def test_seed_gives_the_founding_hubs_their_public_facts():
    call_command("seed", verbosity=0)
    hubs = {hub.slug: hub for hub in Hub.objects.all()}
    assert {slug: hub.website for slug, hub in hubs.items() if hub.website} == {
        "657": "http://www.657.no",
        "impact-hub-bergen": "https://bergen.impacthub.net",
        "flow": "http://www.flownorway.com",
        "fabrikken": "https://www.fabrikken.org",
        "inkubatorsalten": "http://www.inkubatorsalten.no",
        "brodahls-gummivarefabrikk": "https://brodahlsgummivarefabrik.no",
    }
    assert {slug: hub.address for slug, hub in hubs.items() if hub.address} == {
        "657": "Fredensborgveien",
        "workwork": "Munkegata 58",
        "blender-collective": "Nygaardsgata 33",
        "fabrikken": "Busmoen",
    }
    assert hubs["fabrikken"].area == 1200
    assert hubs["beta"].tagline_nb == "Kontorfellesskap i Vågå"
    assert not hubs["beta"].description_nb
    assert "2012" in hubs["657"].description_nb
    assert "2011" in hubs["impact-hub-bergen"].description_en
    facilities = {
        hub.slug: sorted(hub.facilities.values_list("slug", flat=True))
        for hub in Hub.objects.all()
        if hub.facilities.exists()
    }
    assert facilities == {
        "657": ["arrangementslokale", "studio"],
        "workwork": ["kafe", "motterom"],
        "innovation-dock": ["fast-plass"],
    }


def test_every_founding_hub_with_a_tagline_has_it_in_both_languages_and_no_person_is_named():
    call_command("seed", verbosity=0)
    for hub in Hub.objects.all():
        assert bool(hub.tagline_nb) == bool(hub.tagline_en), hub.slug
        assert bool(hub.description_nb) == bool(hub.description_en), hub.slug
        text = " ".join(str(value) for name, value in vars(hub).items() if isinstance(value, str))
        assert [person for person in PEOPLE if person in text] == [], hub.slug


def test_coworks_gets_nothing_the_sources_do_not_say():
    call_command("seed", verbosity=0)
    coworks = Hub.objects.get(slug="coworks")
    fields = ("tagline_nb", "tagline_en", "description_nb", "description_en", "website", "address")
    assert [name for name in fields if getattr(coworks, name)] == []
    assert not coworks.facilities.exists()


def test_seed_twice_changes_nothing():
    first = seed_reference_data()
    assert first["hubs"] == 11
    assert first["facts"] == sum(len(h.facts) + bool(h.facilities) for h in FOUNDING_HUBS)
    before = list(Hub.objects.order_by("pk").values())
    history = Hub.history.count()
    assert seed_reference_data() == {"facilities": 0, "hubs": 0, "facts": 0}
    assert list(Hub.objects.order_by("pk").values()) == before
    assert Hub.history.count() == history


def test_seed_fills_founding_hubs_that_were_made_before_it_knew_their_facts():
    Hub.objects.create(
        name="Flow", slug="flow", city="Tromsø", county="troms", latitude=69.6, longitude=18.9
    )
    seed_reference_data()
    flow = Hub.objects.get(slug="flow")
    assert flow.website == "http://www.flownorway.com"
    assert flow.tagline_en.startswith("An entrepreneur house")


def test_seed_never_overwrites_nor_refills_what_a_manager_edited():
    seed_reference_data()
    manager = UserFactory()
    flow = Hub.objects.get(slug="flow")
    hub_update_profile(
        hub=flow,
        changes={"tagline_nb": "Skrevet av huben", "website": "", "facilities": []},
        user=manager,
    )
    workwork = Hub.objects.get(slug="workwork")
    hub_update_profile(hub=workwork, changes={"facilities": []}, user=manager)
    seed_reference_data()
    flow.refresh_from_db()
    assert flow.tagline_nb == "Skrevet av huben"
    # Emptied on purpose: the seed leaves it empty.
    assert flow.website == ""
    assert not Hub.objects.get(slug="workwork").facilities.exists()
    # A field nobody touched is still the source's.
    assert flow.tagline_en.startswith("An entrepreneur house")


# A number and its unit stay on one line: "1 200 m²" must not end a phone's line with "1".
BREAKABLE_NUMBER = re.compile(
    r"\d[ \t\n]\d{3}\b"  # an ordinary space inside a number: "1 200"
    r"|\d[ \t\n](?:m²|kvadratmeter|square met|år\b|years?\b|%)"  # before its unit: "900 m²"
)


def _texts():
    """Every text the seed and the demo write into a profile, with where it comes from."""
    for founding in FOUNDING_HUBS:
        for name, value in founding.facts.items():
            if isinstance(value, str):
                yield f"{founding.slug}.{name}", value
    for name, value in FULL_PROFILE.items():
        if isinstance(value, str):
            yield f"demo.{name}", value


def test_the_seed_and_demo_texts_keep_numbers_and_their_units_together():
    breakable = {where: BREAKABLE_NUMBER.findall(text) for where, text in _texts()}
    assert {where: found for where, found in breakable.items() if found} == {}
    fabrikken = next(hub for hub in FOUNDING_HUBS if hub.slug == "fabrikken").facts
    assert "på 1\xa0200\xa0m²," in fabrikken["description_nb"]
    assert "in 1,200\xa0m²," in fabrikken["description_en"]


def test_fabrikkens_about_text_reaches_the_page_with_its_area_unbroken(client):
    call_command("seed", verbosity=0)
    assert "60 mennesker på 1\xa0200\xa0m²," in client.get("/hubs/fabrikken/").content.decode()
    assert "60 people in 1,200\xa0m²," in client.get("/en/hubs/fabrikken/").content.decode()
