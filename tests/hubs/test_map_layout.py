import math

import pytest

from hubs.map_layout import TARGET_RADIUS, projected, spread
from hubs.models import Hub
from hubs.services import hub_map_positions_update, seed_reference_data
from hubs.signals import _place_markers
from tests.factories import HubFactory


def test_spread_keeps_distant_markers_where_they_are():
    points = {"oslo": projected(59.9139, 10.7522), "tromso": projected(69.6492, 18.9553)}
    assert spread(points) == {key: (round(x, 1), round(y, 1)) for key, (x, y) in points.items()}


def test_spread_parts_close_markers_to_a_full_target_apart():
    points = {"oslo": projected(59.9139, 10.7522), "drammen": projected(59.7440, 10.2045)}
    assert math.dist(*points.values()) < 2 * TARGET_RADIUS
    placed = spread(points)
    assert math.dist(placed["oslo"], placed["drammen"]) >= 2 * TARGET_RADIUS - 0.2
    # Each moves only a little, and away from the other.
    assert math.dist(placed["oslo"], points["oslo"]) < TARGET_RADIUS
    assert placed["drammen"][0] < points["drammen"][0]


def test_spread_parts_markers_at_the_very_same_spot_the_same_way_every_time():
    points = {1: (100.0, 100.0), 2: (100.0, 100.0), 3: (100.0, 100.0)}
    first = spread(points)
    assert first == spread(dict(reversed(list(points.items()))))
    assert len(set(first.values())) == 3


@pytest.mark.django_db
def test_positions_are_stored_for_published_hubs_and_read_by_the_pages(client):
    seed_reference_data()
    HubFactory(slug="skjult", latitude="59.91390", longitude="10.75220", is_published=False)
    assert hub_map_positions_update() == 11
    hubs = {hub.slug: hub for hub in Hub.objects.all()}
    oslo, drammen = hubs["657"], hubs["brodahls-gummivarefabrikk"]
    assert math.dist((oslo.map_x, oslo.map_y), (drammen.map_x, drammen.map_y)) >= 31.8
    # The unpublished hub sits at Oslo's own spot: it is on no public map.
    assert (hubs["skjult"].map_x, hubs["skjult"].map_y) == tuple(
        round(v, 1) for v in projected(59.9139, 10.7522)
    )
    html = client.get("/").content.decode()
    assert f'cx="{oslo.map_x:.1f}" cy="{oslo.map_y:.1f}"' in html


@pytest.mark.django_db(transaction=True)
def test_saving_a_hub_places_the_markers_again():
    hub = HubFactory(latitude="59.91390", longitude="10.75220")
    hub.refresh_from_db()
    assert hub.map_x is not None
    hub.latitude, hub.longitude = "69.64920", "18.95530"
    hub.save()
    hub.refresh_from_db()
    assert (hub.map_x, hub.map_y) == tuple(round(v, 1) for v in projected(69.6492, 18.9553))


@pytest.mark.django_db
def test_markers_are_placed_once_per_transaction(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        HubFactory.create_batch(3)
    assert [c for c in callbacks if c is _place_markers] == [_place_markers]
