"""Tests for the Norway map projection and the static map drawn with it (no database needed)."""

import math
import re
from pathlib import Path

import pytest

from hubs.geo import VIEWBOX_HEIGHT, VIEWBOX_WIDTH, project

SVG_PATH = Path(__file__).resolve().parents[2] / "static" / "map" / "norway.svg"

CITIES = {
    "Oslo": (59.9139, 10.7522),
    "Bergen": (60.3913, 5.3221),
    "Trondheim": (63.4305, 10.3951),
    "Tromsø": (69.6492, 18.9553),
    "Stavanger": (58.9700, 5.7331),
    "Fredrikstad": (59.2181, 10.9298),
    "Lillehammer": (61.1153, 10.4662),
    "Vågå": (61.8753, 9.0967),
    "Bodø": (67.2804, 14.4049),
    "Kristiansand": (58.1467, 7.9956),
    "Drammen": (59.7440, 10.2045),
}


def test_oslo_is_south_west_of_tromso() -> None:
    oslo_x, oslo_y = project(*CITIES["Oslo"])
    tromso_x, tromso_y = project(*CITIES["Tromsø"])
    assert oslo_y > tromso_y
    assert oslo_x < tromso_x


def test_bergen_is_west_of_oslo() -> None:
    assert project(*CITIES["Bergen"])[0] < project(*CITIES["Oslo"])[0]


def test_trondheim_lies_between_oslo_and_tromso_vertically() -> None:
    ys = [project(*CITIES[name])[1] for name in ("Oslo", "Trondheim", "Tromsø")]
    assert ys[0] > ys[1] > ys[2]


@pytest.mark.parametrize("name", sorted(CITIES))
def test_city_lies_inside_viewbox(name: str) -> None:
    x, y = project(*CITIES[name])
    assert 0 < x < VIEWBOX_WIDTH
    assert 0 < y < VIEWBOX_HEIGHT


def test_kirkenes_is_near_right_edge() -> None:
    x, _ = project(69.73, 30.05)
    assert x > 0.8 * VIEWBOX_WIDTH


def test_lindesnes_is_near_bottom() -> None:
    _, y = project(57.98, 7.05)
    assert y > 0.85 * VIEWBOX_HEIGHT


def test_map_is_taller_than_wide() -> None:
    assert VIEWBOX_HEIGHT > VIEWBOX_WIDTH


def test_projection_is_conformal_near_trondheim() -> None:
    """Small steps of equal ground distance north and east map to equal lengths."""
    lat, lng, step = 63.43, 10.40, 0.01
    x0, y0 = project(lat, lng)
    x_north, y_north = project(lat + step, lng)
    x_east, y_east = project(lat, lng + step / math.cos(math.radians(lat)))
    north = ((x_north - x0) ** 2 + (y_north - y0) ** 2) ** 0.5
    east = ((x_east - x0) ** 2 + (y_east - y0) ** 2) ** 0.5
    assert east == pytest.approx(north, rel=0.01)


def test_svg_viewbox_matches_projection_constants() -> None:
    svg = SVG_PATH.read_text(encoding="utf-8")
    match = re.search(r'<svg[^>]*\sviewBox="([^"]+)"', svg)
    assert match is not None
    assert match.group(1).split() == ["0", "0", str(VIEWBOX_WIDTH), str(VIEWBOX_HEIGHT)]


def test_svg_is_self_contained_decoration() -> None:
    svg = SVG_PATH.read_text(encoding="utf-8")
    assert "<script" not in svg
    assert "href" not in svg
    assert "style=" not in svg
    assert "Natural Earth" in svg
