"""`manage.py seed` adds the library's two founding reports as published entries that link to where
they are described (the sources of ../shared/founding-hubs.md), saying only what that sheet says;
running it again adds nothing and keeps what the secretariat edited."""

import pytest
from django.core.management import call_command

from knowledge.models import Resource
from knowledge.seed import seed_create

pytestmark = pytest.mark.django_db

# The sources founding-hubs.md gives for each report ("The network").
SOURCES = {
    "Bedre sammen": "https://kunnskapsverket.org/nyheter/fabrikkenkonferansen-2018-10-punkter-vellykket-coworking",
    "Coworking på norsk": "https://kunnskapsverket.org/nyheter/det-handler-om-folka-ikke-sant",
}


def test_seed_adds_the_two_founding_reports_linking_to_their_sources():
    call_command("seed", verbosity=0)

    reports = Resource.objects.order_by("title_nb")
    assert {r.title_nb: r.url for r in reports} == SOURCES
    assert {(r.kind, r.phase, r.visibility, r.status) for r in reports} == {
        ("report", "starting", "public", "published")
    }
    assert {r.title_nb: r.published_on.year for r in reports} == {
        "Bedre sammen": 2016,
        "Coworking på norsk": 2018,
    }
    # Nothing beyond the sheet: no text, file, author or contributing hub is made up.
    assert {(r.body_nb, r.body_en, r.file.name, r.authors, r.hub_id) for r in reports} == {
        ("", "", "", "", None)
    }
    bedre, coworking = reports
    assert "høsten 2016" in bedre.summary_nb
    assert "autumn 2016" in bedre.summary_en
    assert "nye Blender" in coworking.summary_nb
    assert "new Blender" in coworking.summary_en


def test_seeding_again_adds_nothing_and_keeps_the_secretariats_edits():
    seed_create()
    Resource.objects.filter(slug="bedre-sammen").update(summary_nb="Rettet av sekretariatet.")

    assert seed_create() == ["Seed: 0 founding reports added to the library."]

    assert Resource.objects.count() == 2
    assert Resource.objects.get(slug="bedre-sammen").summary_nb == "Rettet av sekretariatet."


def test_a_founding_report_shows_the_year_it_came_out_and_no_made_up_day(client):
    seed_create()
    html = client.get("/knowledge/bedre-sammen/").content.decode()
    assert '<time datetime="2016">2016</time>' in html
    assert "01.01.2016" not in html
