import math
import re
from pathlib import Path

import pytest
from django.conf import settings

from hubs.map_layout import (
    _CHAR_WIDTH,
    INSET,
    LABEL_FONT,
    TARGET_RADIUS,
    dot_box,
    label_places,
    projected,
    spread,
)
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


# Names beside the markers


def test_names_go_right_of_their_markers_when_there_is_room():
    places = label_places([("Flow", 300.0, 100.0), ("Bodø", 200.0, 300.0)])
    assert [(p.anchor, p.x, round(p.y, 1)) for p in places] == [
        ("start", 312.0, 108.4),
        ("start", 212.0, 308.4),
    ]


def test_names_never_overlap_each_other_nor_leave_the_map():
    points = [(f"Hub nummer {i}", 500.0 + (i % 3) * 4, 100.0 + i * 9) for i in range(12)]
    places = label_places(points)
    boxes = [place.box for place in places if place]
    assert len(boxes) >= 5
    dots = [(x - 9, y - 9, x + 9, y + 9) for _name, x, y in points]
    for i, a in enumerate(boxes):
        assert a[0] >= 0
        assert a[2] <= 600
        for b in boxes[i + 1 :] + dots:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_a_name_with_no_free_place_is_left_out():
    crowd = [("Et langt navn", 300.0 + dx, 300.0 + dy) for dx in (0, 19) for dy in (0, 19, 38)]
    places = label_places(crowd)
    assert None in places
    assert places[0] is not None


def test_the_close_up_map_is_the_whole_map_with_thinner_lines():
    static = Path(settings.BASE_DIR) / "static" / "map"
    whole = (static / "norway.svg").read_text()
    closeup = (static / "norway-closeup.svg").read_text()
    assert re.findall(r' d="([^"]+)"', closeup) == re.findall(r' d="([^"]+)"', whole)
    assert re.findall(r'stroke-width="([^"]+)"', whole) == ["0.6", "0.8"]
    assert re.findall(r'stroke-width="([^"]+)"', closeup) == ["0.15", "0.25"]
    assert re.search(r'viewBox="([^"]+)"', closeup).group(1) == re.search(
        r'viewBox="([^"]+)"', whole
    ).group(1)


def test_a_name_keeps_clear_of_a_box_where_it_can_and_crosses_it_where_it_cannot():
    free = label_places([("Bergen", 300.0, 300.0)])[0]
    assert free.anchor == "start"
    frame = (315.0, 280.0, 400.0, 320.0)
    moved = label_places([("Bergen", 300.0, 300.0)], keep_clear=(frame,))[0]
    assert moved.anchor == "end"
    assert not _overlap(moved.box, frame)
    # At the map's left edge there is no other place: the name crosses the frame.
    edge = label_places([("Bergen", 20.0, 300.0)], keep_clear=((35.0, 280.0, 400.0, 320.0),))[0]
    assert edge.anchor == "start"


MARKER_RE = re.compile(
    r'<a href="[^"]+" class="hub-map__marker"[^>]*>.*?<circle cx="([\d.]+)" cy="([\d.]+)" r="9"'
    r'.*?(?:<text x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)"[^>]*>([^<]+)</text>)?</a>'
)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.django_db
def test_on_the_directory_bergens_name_keeps_clear_of_the_oslo_frame_and_names_cover_no_dot(client):
    """Impact HUB Bergen's name ran across the dashed frame around Oslo. Innovation Dock, at the
    map's edge level with the frame, has no other place than across it (the close-up shows the
    frame it crosses); no name covers another hub's dot, inside the frame or out."""
    seed_reference_data()
    page = client.get("/hubs/").content.decode()
    whole_map = page[: page.index('class="hub-map__inset"')]
    markers = MARKER_RE.findall(whole_map)
    assert len(markers) == 11
    left, top, width, height = INSET
    frame = (left, top, left + width, top + height)
    dots = [dot_box(float(x), float(y)) for x, y, *_label in markers]
    boxes = {}
    for i, (_x, _y, lx, ly, anchor, name) in enumerate(markers):
        if name:
            lx, ly, w = float(lx), float(ly), len(name) * LABEL_FONT * _CHAR_WIDTH
            start = {"start": lx, "end": lx - w, "middle": lx - w / 2}[anchor]
            boxes[name] = (start, ly - 0.85 * LABEL_FONT, start + w, ly + 0.15 * LABEL_FONT)
            assert not any(_overlap(boxes[name], dot) for j, dot in enumerate(dots) if j != i), name
    assert len(boxes) == 8
    assert not _overlap(boxes["Impact HUB Bergen"], frame)
