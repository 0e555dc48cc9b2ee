"""Where each hub's marker sits on the map: its projected position, moved apart from its
neighbours just enough that no two clickable circles overlap.

Worked out once when hubs change (hubs.services.hub_map_positions_update), never per page view.
"""

import math
from dataclasses import dataclass
from functools import lru_cache

from hubs import geo

MARKER_RADIUS = 9
"""The visible dot, in map units (the map is 600 units wide and drawn at most 520 px wide)."""
TARGET_RADIUS = 16
"""The clickable circle around the dot: at least 24 CSS px across (WCAG 2.2 target size, 2.5.8)
wherever the map is drawn 450 px wide or more, as on the home page and the directory on a desktop.
On narrower screens it shrinks with the map; the page then lists the same links beside it at full
size (the "equivalent" exception of 2.5.8)."""
_SPREAD_ROUNDS = 60


def projected(latitude, longitude) -> tuple[float, float]:
    return geo.project(float(latitude), float(longitude))


def spread(points: dict, *, distance: float = 2 * TARGET_RADIUS) -> dict:
    """{key: (x, y)} moved apart until every pair is `distance` apart (or the rounds run out).

    Hubs a few kilometres apart (Oslo and Drammen) would otherwise cover each other, and a pointer
    could not reach the one underneath. Each overlapping pair is pushed apart along the line
    between them, a little at a time. Keys are visited in sorted order, so the result never varies.
    """
    keys = sorted(points)
    spread_out = _spread(tuple(tuple(points[key]) for key in keys), distance)
    return dict(zip(keys, spread_out, strict=True))


@lru_cache(maxsize=64)
def _spread(
    points: tuple[tuple[float, float], ...], distance: float
) -> tuple[tuple[float, float], ...]:
    """The same points spread the same way: the directory's close-up asks on every request."""
    xy = [list(point) for point in points]
    for _ in range(_SPREAD_ROUNDS):
        if not _push_apart(xy, distance):
            break
    return tuple((round(x, 1), round(y, 1)) for x, y in xy)


def _push_apart(points: list[list[float]], distance: float) -> bool:
    moved = False
    for i, a in enumerate(points):
        for b in points[i + 1 :]:
            dx, dy = b[0] - a[0], b[1] - a[1]
            gap = math.hypot(dx, dy)
            if gap >= distance - 0.05:
                continue
            # Hubs at the very same spot part along a fixed diagonal.
            ux, uy = (dx / gap, dy / gap) if gap > 1e-6 else (math.sqrt(0.5), math.sqrt(0.5))
            push = (distance - gap) / 2 + 0.05
            a[0], a[1] = a[0] - ux * push, a[1] - uy * push
            b[0], b[1] = b[0] + ux * push, b[1] + uy * push
            moved = True
    return moved


# Names beside the markers, in map units. The map is drawn 330 to 520 px wide. A name is drawn
# LABEL_TEXT high (15 px on a desktop's directory) and given room for LABEL_FONT, the size a phone's
# narrower map draws it at (hubs.css), so names placed apart stay apart at either size.
LABEL_FONT = 24.0
LABEL_TEXT = 20.0
_LABEL_GAP = 3.0
# An estimate of a name's width per character and unit of font size, for semibold text, on the
# generous side.
_CHAR_WIDTH = 0.65

# The close-up of the area around Oslo (x, y, width, height in map units): the Oslofjord from
# Hønefoss and Jessheim down to Skien and Halden, where hubs crowd too close to be told apart on
# the whole map. It is drawn about 340 px wide, some seven times the scale of the whole map, so its
# markers, targets and names are smaller in map units.
INSET = (136.0, 612.0, 70.0, 76.0)
INSET_MARKER_RADIUS = 1.5
INSET_TARGET_RADIUS = 2.6
INSET_LABEL_FONT = 2.8


@dataclass(frozen=True, slots=True)
class LabelPlace:
    x: float
    y: float  # the text's baseline
    anchor: str  # SVG text-anchor: "start", "end" or "middle"
    box: tuple[float, float, float, float]  # the room the name takes: left, top, right, bottom


def dot_box(x: float, y: float, radius: float = MARKER_RADIUS) -> tuple[float, float, float, float]:
    return (x - radius, y - radius, x + radius, y + radius)


def inset_frame_box() -> tuple[float, float, float, float]:
    """The dashed frame the whole map draws around the close-up's area."""
    left, top, width, height = INSET
    return (left, top, left + width, top + height)


def in_inset(point: tuple[float, float]) -> bool:
    x, y = point
    left, top, width, height = INSET
    return left <= x <= left + width and top <= y <= top + height


def label_places(
    points: list[tuple[str, float, float]],
    *,
    radius: float = MARKER_RADIUS,
    font: float = LABEL_FONT,
    bounds: tuple[float, float, float, float] = (0, 0, geo.VIEWBOX_WIDTH, geo.VIEWBOX_HEIGHT),
    avoid: tuple[tuple[float, float, float, float], ...] = (),
    keep_clear: tuple[tuple[float, float, float, float], ...] = (),
) -> list[LabelPlace | None]:
    """Where each marker's name goes: beside the dot (right, else left, level with it or a little
    lower or higher), else below or above it, else a line lower or higher, wherever it touches no
    other name or dot, no box to `avoid` (left, top, right, bottom: other dots the map draws) and
    stays on the map; where it can, also clear of the boxes to `keep_clear` (a frame the map
    draws). None where no place is free (the name is then only in the marker's link and in the
    list beside the map). The same markers get the same places, so each worker works them out
    once until the hubs change (the directory draws them on every request)."""
    return list(_label_places(tuple(points), radius, font, bounds, tuple(avoid), tuple(keep_clear)))


Box = tuple[float, float, float, float]


@lru_cache(maxsize=64)
def _label_places(
    points: tuple[tuple[str, float, float], ...],
    radius: float,
    font: float,
    bounds: Box,
    avoid: tuple[Box, ...],
    keep_clear: tuple[Box, ...],
) -> tuple[LabelPlace | None, ...]:
    dots = [dot_box(x, y, radius) for _name, x, y in points]

    def candidates(index: int, blocked: tuple[Box, ...] | list[Box]) -> list[LabelPlace]:
        name, x, y = points[index]
        others = [*dots[:index], *dots[index + 1 :], *avoid]
        return [
            place
            for place in _label_candidates(name, x, y, radius, font)
            if _within(place.box, bounds)
            and not any(_overlap(place.box, other) for other in (*blocked, *others))
        ]

    places: list[LabelPlace | None] = []
    for index in range(len(points)):
        taken = [place.box for place in places if place]
        free = candidates(index, [*taken, *keep_clear]) or candidates(index, taken)
        places.append(free[0] if free else None)
    # A name that had to cross what it should keep clear of (a west-coast name level with the
    # frame around Oslo) takes a clear place a neighbour's name holds, if that name can move to
    # another place that also touches no name, no dot and nothing to keep clear of.
    for index, place in enumerate(places):
        if place is None or not any(_overlap(place.box, box) for box in keep_clear):
            continue
        for better in candidates(index, keep_clear):
            held = [j for j, other in enumerate(places) if other and j != index]
            holders = [j for j in held if _overlap(places[j].box, better.box)]
            if len(holders) != 1:
                continue
            holder = holders[0]
            rest = [places[j].box for j in held if j != holder]
            moved = candidates(holder, [*rest, better.box, *keep_clear])
            if moved:
                places[holder], places[index] = moved[0], better
                break
    return tuple(places)


def _label_candidates(name: str, x: float, y: float, radius: float, font: float):
    """Right of the dot, left of it, the same a little lower or higher, then below and above,
    then right or left a line lower or higher."""
    width, gap = len(name) * font * _CHAR_WIDTH, radius + _LABEL_GAP * font / LABEL_FONT
    for shift in (0, font / 2, -font / 2):
        middle, baseline = y + shift, y + shift + font * 0.35
        top, bottom = middle - font / 2, middle + font / 2
        yield LabelPlace(x + gap, baseline, "start", (x + gap, top, x + gap + width, bottom))
        yield LabelPlace(x - gap, baseline, "end", (x - gap - width, top, x - gap, bottom))
    below = (x - width / 2, y + gap, x + width / 2, y + gap + font)
    yield LabelPlace(x, y + gap + font * 0.8, "middle", below)
    above = (x - width / 2, y - gap - font, x + width / 2, y - gap)
    yield LabelPlace(x, y - gap - font * 0.25, "middle", above)
    for shift in (font, -font):
        middle, baseline = y + shift, y + shift + font * 0.35
        top, bottom = middle - font / 2, middle + font / 2
        yield LabelPlace(x + gap, baseline, "start", (x + gap, top, x + gap + width, bottom))
        yield LabelPlace(x - gap, baseline, "end", (x - gap - width, top, x - gap, bottom))


def _within(box, bounds) -> bool:
    return (
        box[0] >= bounds[0] and box[1] >= bounds[1] and box[2] <= bounds[2] and box[3] <= bounds[3]
    )


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
