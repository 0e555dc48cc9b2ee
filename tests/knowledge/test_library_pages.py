"""The library's public pages: /knowledge/ lists, filters, searches and pages the published
resources; a resource's page shows its text and file; both run a fixed number of queries."""

import re

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.models import Resource
from knowledge.services import resource_file_attach
from knowledge.sitemaps import ResourceSitemap
from tests.factories import HubFactory, ResourceFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").split())


def titles(client, path: str) -> list[str]:
    html = client.get(path).content.decode()
    return re.findall(r'class="stretched-link"[^>]*>([^<]+)</a>', html)


def with_file(resource: Resource, name: str = "rapport.pdf") -> Resource:
    resource_file_attach(resource, SimpleUploadedFile(name, PDF, "application/pdf"))
    resource.save()
    return resource


@pytest.fixture
def library():
    economy = TagFactory(slug="okonomi", name_nb="Økonomi", name_en="Finances")
    ResourceFactory(
        title_nb="Budsjett for nye hubber",
        title_en="Budgets for new hubs",
        kind=Resource.Kind.TEMPLATE,
        phase=Resource.Phase.STARTING,
        tags=[economy],
        hub=HubFactory(name="Fabrikken"),
        visibility=Resource.Visibility.MEMBERS,
    )
    ResourceFactory(title_nb="Vertskap i praksis", kind=Resource.Kind.GUIDE)
    ResourceFactory(title_nb="Ikke publisert ennå", status=Resource.Status.SUBMITTED)
    return economy


def test_list_shows_published_resources_with_kind_phase_tags_hub_and_members_badge(client, library):
    assert titles(client, "/knowledge/") == ["Budsjett for nye hubber", "Vertskap i praksis"]
    page = text(client.get("/en/knowledge/").content.decode())
    assert "2 resources" in page
    assert (
        "Template Members only Budgets for new hubs In short, how a coworking space is run. "
        "Finances Starting a space Fabrikken" in page
    )


def test_list_filters_by_kind_phase_and_tag_and_searches(client, library):
    assert titles(client, "/knowledge/?kind=guide") == ["Vertskap i praksis"]
    assert titles(client, "/knowledge/?phase=starting") == ["Budsjett for nye hubber"]
    assert titles(client, "/knowledge/?tag=okonomi&kind=template") == ["Budsjett for nye hubber"]
    assert titles(client, "/knowledge/?q=vertskap") == ["Vertskap i praksis"]


def test_list_says_when_nothing_matches_and_links_back_to_the_whole_library(client, library):
    html = client.get("/en/knowledge/?q=zzzxq&kind=guide").content.decode()
    assert "No resources match your search and filters." in text(html)
    assert 'href="/en/knowledge/">Clear the filters and see the whole library' in html
    unknown = text(client.get("/en/knowledge/?tag=no-such-tag").content.decode())
    assert "one of the filters is not a value the library knows" in unknown


def test_an_empty_library_says_who_fills_it(client):
    assert "The library has no resources yet." in text(
        client.get("/en/knowledge/").content.decode()
    )


def test_list_shows_24_a_page_and_links_to_the_next(client):
    ResourceFactory.create_batch(25)
    assert len(titles(client, "/knowledge/")) == 24
    assert 'href="?page=2"' in client.get("/knowledge/").content.decode()
    assert len(titles(client, "/knowledge/?page=2")) == 1


def test_detail_of_a_public_resource_shows_body_file_and_facts(client):
    with_file(ResourceFactory(slug="guide", authors="Kari Nordmann"))
    html = client.get("/en/knowledge/guide/").content.decode()
    assert "<h3>First steps</h3>" in html
    assert "Talk to the members." in html
    assert 'href="/knowledge/guide/file/"' not in html  # the English page links the English URL
    assert 'href="/en/knowledge/guide/file/">Download the file</a>' in html
    assert f"rapport.pdf · PDF · {len(PDF)} bytes" in text(html)
    assert "Kari Nordmann" in text(html)
    assert '<meta name="description" content="In short, how a coworking space is run.">' in html


def test_detail_falls_back_to_norwegian_and_marks_the_language(client):
    ResourceFactory(slug="guide", title_en="", body_en="", summary_en="")
    html = client.get("/en/knowledge/guide/").content.decode()
    assert '<h1 lang="nb">Veileder' in html
    assert "Not yet translated into English; shown in Norwegian." in html
    assert "Snakk med medlemmene." in html


def test_a_submitters_preview_says_it_is_not_published(client):
    person = UserFactory()
    ResourceFactory(slug="utkast", status=Resource.Status.SUBMITTED, submitted_by=person)
    assert client.get("/knowledge/utkast/").status_code == 404
    client.force_login(person)
    html = client.get("/en/knowledge/utkast/").content.decode()
    assert "Not published – preview" in html
    assert '<meta name="robots" content="noindex">' in html


def test_sitemap_lists_published_public_resources_only():
    ResourceFactory(slug="open")
    ResourceFactory(slug="members", visibility=Resource.Visibility.MEMBERS)
    ResourceFactory(slug="waiting", status=Resource.Status.SUBMITTED)
    assert [resource.slug for resource in ResourceSitemap().items()] == ["open"]


# --- Query counts --------------------------------------------------------------------------------


def queries_for(client, path: str) -> int:
    caches["fragments"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def make_resources(count: int) -> None:
    tags = [TagFactory(slug=f"emne-{n}") for n in range(3)]
    for number in range(count):
        ResourceFactory(
            tags=tags[: number % 3 + 1],
            hub=HubFactory() if number % 2 else None,
            visibility=Resource.Visibility.MEMBERS if number % 3 else Resource.Visibility.PUBLIC,
        )


@pytest.mark.parametrize(
    ("path", "pinned"),
    [
        ("/knowledge/", 4),
        ("/knowledge/?tag=emne-0&phase=running", 4),
        ("/knowledge/?q=veileder", 4),
    ],
)
def test_list_runs_the_same_queries_with_2_and_12_resources(client, path, pinned):
    make_resources(2)
    few = queries_for(client, path)
    make_resources(10)
    assert queries_for(client, path) == few == pinned


def test_detail_runs_a_pinned_number_of_queries(client, django_assert_num_queries):
    tags = [TagFactory() for _ in range(4)]
    ResourceFactory(slug="guide", tags=tags, hub=HubFactory())
    with django_assert_num_queries(2):  # the resource with its hub, its tags
        assert client.get("/knowledge/guide/").status_code == 200


def test_visitors_get_the_stored_list_until_the_library_changes(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    ResourceFactory(title_nb="Første")
    first = client.get("/knowledge/").content
    with django_assert_num_queries(0):
        assert client.get("/knowledge/").content == first
    with django_capture_on_commit_callbacks(execute=True):
        ResourceFactory(title_nb="Andre")
    assert titles(client, "/knowledge/") == ["Andre", "Første"]
