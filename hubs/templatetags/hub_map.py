import math

from django import template

from hubs import geo

register = template.Library()

MARKER_RADIUS = 9
"""The visible dot, in map units (the map is 600 units wide and drawn at most 520 px wide)."""
TARGET_RADIUS = 16
"""The clickable circle around the dot: at least 24 CSS px across (WCAG 2.2 target size, 2.5.8)
wherever the map is drawn 450 px wide or more, as on the home page and the directory on a desktop.
On narrower screens it shrinks with the map; the page then lists the same links beside it at full
size (the "equivalent" exception of 2.5.8)."""
_SPREAD_ROUNDS = 60


@register.inclusion_tag("includes/_map.html")
def hub_map(markers, label: str, caption: str = "", small: bool = False) -> dict:
    """The map of Norway with one link per marker (anything with name, url, x and y)."""
    scale = 2 if small else 1
    return {
        "markers": spread_markers(markers, distance=2 * TARGET_RADIUS * scale),
        "label": label,
        "caption": caption,
        "small": small,
        "map": {
            "width": geo.VIEWBOX_WIDTH,
            "height": geo.VIEWBOX_HEIGHT,
            "radius": MARKER_RADIUS * scale,
            "target_radius": TARGET_RADIUS * scale,
        },
    }


def spread_markers(markers, *, distance: float) -> list[dict]:
    """Markers moved apart just enough that no two clickable circles overlap.

    Hubs a few kilometres apart (Oslo and Drammen) would otherwise cover each other, and a pointer
    could not reach the one underneath. Each overlapping pair is pushed apart along the line
    between them, a little at a time, until every pair is `distance` apart.
    """
    points = [_point(marker) for marker in markers]
    for _ in range(_SPREAD_ROUNDS):
        if not _push_apart(points, distance):
            break
    for point in points:
        # As text: a number would be localised ("365,1") by the template.
        point["x"], point["y"] = f"{point['x']:.1f}", f"{point['y']:.1f}"
    return points


def _point(marker) -> dict:
    def value(name):
        return marker[name] if isinstance(marker, dict) else getattr(marker, name)

    return {
        "name": value("name"),
        "url": value("url"),
        "x": float(value("x")),
        "y": float(value("y")),
    }


def _push_apart(points: list[dict], distance: float) -> bool:
    moved = False
    for i, a in enumerate(points):
        for j in range(i + 1, len(points)):
            b = points[j]
            dx, dy = b["x"] - a["x"], b["y"] - a["y"]
            gap = math.hypot(dx, dy)
            if gap >= distance - 0.05:
                continue
            # Hubs at the very same spot part along a fixed diagonal, so the result never varies.
            ux, uy = (dx / gap, dy / gap) if gap > 1e-6 else (math.sqrt(0.5), math.sqrt(0.5))
            push = (distance - gap) / 2 + 0.05
            a["x"], a["y"] = a["x"] - ux * push, a["y"] - uy * push
            b["x"], b["y"] = b["x"] + ux * push, b["y"] + uy * push
            moved = True
    return moved
