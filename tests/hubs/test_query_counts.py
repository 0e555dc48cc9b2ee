"""Every public page runs the same number of queries whatever the number of hubs."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import HubFactory, HubPhotoFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/hubs/",
    "/hubs/?county=innlandet&facility=verksted&q=hub",
    "/hubs/?facility=verksted&facility=kafe",
    "/hubs/?county=oslo&facility=verksted",  # nothing found: the ways out are worked out
    "/hubs/hub-profile/",
    "/hubs.json",
]


def queries_for(path: str, client) -> int:
    caches["fragments"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def make_hubs(count: int, facility) -> None:
    for index in range(count):
        hub = HubFactory(facilities=[facility], county="innlandet")
        HubPhotoFactory(hub=hub)
        if index % 2:
            hub.logo = "logos/logo.png"
            hub.save()


@pytest.mark.parametrize("path", PAGES)
def test_page_runs_the_same_queries_with_11_and_100_hubs(path, client, facility_factory):
    workshop = facility_factory(slug="verksted")
    profile = HubFactory(slug="hub-profile", facilities=[workshop, facility_factory(slug="kafe")])
    HubPhotoFactory.create_batch(3, hub=profile)
    make_hubs(10, workshop)
    with_11 = queries_for(path, client)
    make_hubs(89, workshop)
    with_100 = queries_for(path, client)
    assert with_11 == with_100


# The directory reads the facilities, every published hub's county (and whether it matches the
# search), every published hub's facilities, and the cards with their first photo and logo: the
# options' counts, the badges and the ways out of an empty result are worked out from these.
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", 3),  # and the next events
        ("/hubs/", 4),
        ("/hubs/?q=hub", 4),
        ("/hubs/?county=oslo", 3),  # nothing found: no cards to read
        ("/hubs/hub-profile/", 5),  # and the hub's upcoming events, and whether it hosts guests
        ("/hubs.json", 1),
    ],
)
def test_page_query_count_is_pinned(path, expected, client, facility_factory):
    make_hubs(5, facility_factory())
    profile = HubFactory(slug="hub-profile")
    HubPhotoFactory(hub=profile)
    assert queries_for(path, client) == expected


def test_cached_page_runs_no_query(client, facility_factory):
    make_hubs(3, facility_factory())
    client.get("/hubs/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/hubs/")
    assert len(captured) == 0
