import io

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from hubs.images import image_process
from hubs.services import hub_photo_add, hub_photo_delete, hub_photo_update
from tests.factories import FacilityFactory, HubFactory

pytestmark = pytest.mark.django_db


def get_counting(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response, len(captured)


@pytest.mark.parametrize(
    "path", ["/", "/hubs/", "/hubs/?county=oslo&facility=dusj", "/hubs/hub-a/", "/en/hubs/"]
)
def test_visitors_get_the_stored_page_without_a_query(client, path):
    HubFactory(slug="hub-a", county="oslo")
    FacilityFactory(slug="dusj")  # a facility the directory offers
    first, _ = get_counting(client, path)
    second, queries = get_counting(client, path)
    assert queries == 0
    assert second.content == first.content
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Security-Policy" in second


def test_signed_in_people_never_get_the_visitors_page(client, user):
    HubFactory()
    client.get("/hubs/")
    client.force_login(user)
    html = client.get("/hubs/").content.decode()
    assert "Logg ut" in html
    assert "Logg inn" not in html


def test_the_visitors_page_is_per_language_and_query(client):
    HubFactory(name="Oslohuben", county="oslo")
    HubFactory(name="Bergenshuben", county="vestland")
    assert "Oslohuben" in client.get("/hubs/?county=oslo").content.decode()
    bergen = client.get("/hubs/?county=vestland").content.decode()
    assert "Bergenshuben" in bergen
    assert "Oslohuben" not in bergen
    assert '<html lang="en">' in client.get("/en/hubs/?county=oslo").content.decode()


def test_page_cache_can_be_switched_off(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    HubFactory()
    client.get("/hubs/")
    _, queries = get_counting(client, "/hubs/")
    assert queries == 4  # as tests/hubs/test_query_counts.py pins it


def stored_entries() -> int:
    return len(caches["fragments"]._cache)  # the worker's store: fragments and whole pages


@pytest.mark.parametrize(
    ("path", "entries"),
    [
        ("/hubs/?county=oslo", 3),  # the facilities, the directory's content, the whole page
        ("/hubs/?q=fjord", 1),  # a free-text search: the facilities only, nothing of the search
        ("/hubs/?utm_source=x", 2),  # an unknown parameter: the facilities and the content
        ("/?fbclid=1", 1),
    ],
)
def test_searches_and_unknown_parameters_are_never_stored_as_pages(client, path, entries):
    HubFactory()
    client.get(path)
    client.get(path)
    assert stored_entries() == entries


def test_pages_are_stored_per_host(client, settings):
    settings.ALLOWED_HOSTS = ["a.example.org", "b.example.org"]
    HubFactory(slug="hub-a")
    client.get("/hubs.json", HTTP_HOST="a.example.org")
    data = client.get("/hubs.json", HTTP_HOST="b.example.org").json()
    assert data["hubs"][0]["url"] == "http://b.example.org/hubs/hub-a/"


def _jpeg() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "teal").save(buffer, "JPEG")
    buffer.seek(0)
    return buffer


def test_a_visitors_hub_page_changes_at_once_when_a_photo_is_added_edited_or_deleted(
    client, user, django_capture_on_commit_callbacks
):
    hub = HubFactory(slug="huben")
    assert 'alt="Kaffekroken"' not in client.get("/hubs/huben/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        photo = hub_photo_add(
            hub=hub, image=image_process(_jpeg()), alt_text="Kaffekroken", user=user
        )
    assert 'alt="Kaffekroken"' in client.get("/hubs/huben/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        hub_photo_update(photo=photo, alt_text="Lesesalen", order=0, user=user)
    html = client.get("/hubs/huben/").content.decode()
    assert ('alt="Lesesalen"' in html, 'alt="Kaffekroken"' in html) == (True, False)
    with django_capture_on_commit_callbacks(execute=True):
        hub_photo_delete(photo=photo, user=user)
    assert 'alt="Lesesalen"' not in client.get("/hubs/huben/").content.decode()


@pytest.mark.parametrize(
    "query", ["?county=atlantis", "?facility=made-up", "?county=oslo&facility=made-up", "?q=kaffe"]
)
def test_made_up_filters_and_searches_are_never_kept(client, query):
    HubFactory(county="oslo")
    caches["fragments"].clear()
    client.get("/hubs/")  # the real page, and its fragments, are kept
    kept = stored_entries()
    for number in range(3):
        client.get(f"/hubs/{query}{number}")
    assert stored_entries() == kept
