"""The library's search, on SQLite and on PostgreSQL alike (Norwegian stemming on PostgreSQL
only): a title hit ranks first, and the text of a members-only resource is searched only for
people who may read it, so a hit never tells an outsider what it holds."""

import re

import pytest
from django.db import connection

from knowledge.models import Resource
from knowledge.selectors import resources_listed
from tests.factories import OrganisationContactFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def found(q: str, **options) -> list[str]:
    return [resource.slug for resource in resources_listed(q=q, **options)]


def listed(client, q: str) -> list[str]:
    html = client.get("/knowledge/", {"q": q}).content.decode()
    return re.findall(r'<a href="/knowledge/([^/"]+)/" class="stretched-link"', html)


def test_a_title_hit_ranks_above_a_hit_in_the_text_only():
    ResourceFactory(slug="i-teksten", title_nb="Om fellesskap", body_nb="Husleie og strøm.")
    ResourceFactory(slug="i-tittelen", title_nb="Husleie i kontorfellesskap", body_nb="Tekst.")
    ResourceFactory(slug="uten-treff", title_nb="Arrangementer", body_nb="Program.")
    assert found("husleie") == ["i-tittelen", "i-teksten"]


def test_every_word_must_match_and_authors_and_summaries_are_searched():
    ResourceFactory(slug="begge", title_nb="Budsjett", summary_nb="Husleie for hubber.")
    ResourceFactory(slug="ett", title_nb="Budsjett", summary_nb="Strøm.")
    ResourceFactory(slug="forfatter", authors="Kari Nordmann")
    assert found("budsjett husleie") == ["begge"]
    assert found("Nordmann") == ["forfatter"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_a_norwegian_word_form_finds_its_stem_on_postgresql():
    ResourceFactory(slug="stammen", title_nb="Slik drives et kontorfellesskap")
    assert found("kontorfellesskapet") == ["stammen"]
    assert found("kontorfellesskapene") == ["stammen"]


def test_a_members_only_body_is_searched_only_for_readers(client):
    ResourceFactory(
        slug="priser",
        visibility=Resource.Visibility.MEMBERS,
        title_nb="Prisrapport",
        body_nb="Sjokoladekaken koster mest.",
    )
    ResourceFactory(slug="apen", body_nb="Sjokoladekaken er god.")
    assert found("sjokoladekaken") == ["apen"]
    assert sorted(found("sjokoladekaken", include_members_bodies=True)) == ["apen", "priser"]
    assert found("prisrapport") == ["priser"]  # its title is public
    assert listed(client, "sjokoladekaken") == ["apen"]
    client.force_login(OrganisationContactFactory().user)
    assert sorted(listed(client, "sjokoladekaken")) == ["apen", "priser"]
