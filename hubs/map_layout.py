"""Where each hub's marker sits on the map: its projected position, moved apart from its
neighbours just enough that no two clickable circles overlap.

Worked out once when hubs change (hubs.services.hub_map_positions_update), never per page view.
"""

import math

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
    xy = [list(points[key]) for key in keys]
    for _ in range(_SPREAD_ROUNDS):
        if not _push_apart(xy, distance):
            break
    return {key: (round(x, 1), round(y, 1)) for key, (x, y) in zip(keys, xy, strict=True)}


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
