"""Generate static/map/norway.svg from Natural Earth data shipped in the world-atlas npm package.

Run from the repository root after `cd tools/map && npm ci`:

    .venv/bin/python tools/map/build_map.py

Standard library only. The TopoJSON is decoded here (delta-encoded quantized arcs plus the
topology transform), projected with `hubs.geo.project` so that hub markers line up with the
map, simplified per arc (shared borders stay identical on both sides), and written with
coordinates rounded to 0.1 unit. The same input always gives a byte-identical file.
"""

import itertools
import json
import math
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from hubs.geo import VIEWBOX_HEIGHT, VIEWBOX_WIDTH, project  # noqa: E402

PACKAGE_DIR = REPO_ROOT / "tools" / "map" / "node_modules" / "world-atlas"
SOURCE = PACKAGE_DIR / "countries-10m.json"
OUTPUT = REPO_ROOT / "static" / "map" / "norway.svg"

NORWAY_ID = "578"
# Parts of Norway kept: mainland and coastal islands. Drops Svalbard and Bjørnøya (north of
# 74°N), Jan Mayen (west of 0°) and Bouvet Island (southern hemisphere, 10m data only).
MAINLAND_LAT = (57.0, 74.0)
MAINLAND_LNG = (0.0, 32.0)
# Other countries are considered only if a part overlaps this lon/lat window; what is kept of
# them is then clipped to the viewBox.
NEIGHBOUR_LAT = (50.0, 80.0)
NEIGHBOUR_LNG = (-10.0, 60.0)

# Douglas-Peucker tolerances in SVG units, applied to each arc. Arcs on Norway's outline get
# the fine one; arcs only other countries use get the coarse one.
NORWAY_TOLERANCE = 0.5
NEIGHBOUR_TOLERANCE = 1.5
MIN_NEIGHBOUR_AREA = 4.0  # square SVG units; smaller islands of other countries are dropped
CLIP_PAD = 4.0  # clip neighbours slightly outside the viewBox so clip edges are never seen

NORWAY_STYLE = 'fill="#dfe9e2" stroke="#5b7b68" stroke-width="0.8"'
NEIGHBOUR_STYLE = 'fill="#f0f2f0" stroke="#c3cdc6" stroke-width="0.6"'
COMMON_STYLE = 'stroke-linejoin="round" fill-rule="evenodd"'

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[list[int]]  # rings, each a list of arc indexes (negative = reversed)


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Return every arc as absolute (lng, lat) positions."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for step_x, step_y in arc:
            x += step_x
            y += step_y
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def polygons_of(geometry: dict) -> list[Polygon]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def arc_indexes(polygons: Iterable[Polygon]) -> set[int]:
    return {i if i >= 0 else ~i for polygon in polygons for ring in polygon for i in ring}


def bbox_within(points: Sequence[Point], lat: Sequence[float], lng: Sequence[float]) -> bool:
    return all(lng[0] <= x <= lng[1] and lat[0] <= y <= lat[1] for x, y in points)


def bbox_overlaps(points: Sequence[Point], lat: Sequence[float], lng: Sequence[float]) -> bool:
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return min(xs) <= lng[1] and max(xs) >= lng[0] and min(ys) <= lat[1] and max(ys) >= lat[0]


def join_arcs(arcs: Sequence[list[Point]] | Mapping[int, list[Point]], ring: list[int]) -> Ring:
    """Join arcs into one ring, dropping the point each arc shares with the previous one."""
    points: Ring = []
    for i in ring:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def segment_distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    vx, vy = bx - ax, by - ay
    length2 = vx * vx + vy * vy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * vx + (py - ay) * vy) / length2))
    return math.hypot(px - ax - t * vx, py - ay - t * vy)


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative; always keeps both end points."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, best_index = 0.0, -1
        for i in range(first + 1, last):
            distance = segment_distance(points[i], points[first], points[last])
            if distance > best:
                best, best_index = distance, i
        if best > tolerance:
            keep[best_index] = True
            stack.extend([(first, best_index), (best_index, last)])
    return [p for p, k in zip(points, keep, strict=True) if k]


def projected_arcs(
    arcs: list[list[Point]], fine: set[int], coarse: set[int]
) -> dict[int, list[Point]]:
    """Project and simplify the arcs in use; an arc in both sets is simplified finely."""
    return {
        i: simplify(
            [project(lat, lng) for lng, lat in arcs[i]],
            NORWAY_TOLERANCE if i in fine else NEIGHBOUR_TOLERANCE,
        )
        for i in sorted(fine | coarse)
    }


Inside = Callable[[Point], bool]
Intersect = Callable[[Point, Point], Point]


def clip_edge(ring: Ring, inside: Inside, intersect: Intersect) -> Ring:
    """One Sutherland-Hodgman pass against a half-plane."""
    result: Ring = []
    for current, previous in zip(ring, ring[-1:] + ring[:-1], strict=True):
        if inside(current):
            if not inside(previous):
                result.append(intersect(previous, current))
            result.append(current)
        elif inside(previous):
            result.append(intersect(previous, current))
    return result


def _cross_x(x: float) -> Intersect:
    return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))


def _cross_y(y: float) -> Intersect:
    return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)


def clip_to_view(ring: Ring) -> Ring:
    """Clip a ring to the viewBox grown by CLIP_PAD (winding numbers inside are preserved)."""
    lo_x, lo_y = -CLIP_PAD, -CLIP_PAD
    hi_x, hi_y = VIEWBOX_WIDTH + CLIP_PAD, VIEWBOX_HEIGHT + CLIP_PAD
    for inside, intersect in (
        (lambda p: p[0] >= lo_x, _cross_x(lo_x)),
        (lambda p: p[0] <= hi_x, _cross_x(hi_x)),
        (lambda p: p[1] >= lo_y, _cross_y(lo_y)),
        (lambda p: p[1] <= hi_y, _cross_y(hi_y)),
    ):
        if not ring:
            break
        ring = clip_edge(ring, inside, intersect)
    return ring


def area(ring: Ring) -> float:
    return abs(
        sum(ax * by - bx * ay for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True))
    )


def tenths(ring: Ring) -> list[tuple[int, int]]:
    """Round to 0.1 unit (as integer tenths) and drop consecutive duplicates."""
    out: list[tuple[int, int]] = []
    for x, y in ring:
        point = (round(x * 10), round(y * 10))
        if not out or out[-1] != point:
            out.append(point)
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    return out


def fmt(value: int) -> str:
    sign = "-" if value < 0 else ""
    whole, tenth = divmod(abs(value), 10)
    return f"{sign}{whole}.{tenth}" if tenth else f"{sign}{whole}"


def path_data(rings: Iterable[Ring]) -> str:
    """Encode rings as subpaths: absolute start point, then relative line-tos.

    Offsets are taken between already rounded points, so rounding errors never accumulate.
    """
    parts = []
    for ring in rings:
        points = tenths(ring)
        if len(points) < 3:
            continue
        steps = itertools.pairwise(points)
        deltas = " ".join(f"{fmt(bx - ax)},{fmt(by - ay)}" for (ax, ay), (bx, by) in steps)
        parts.append(f"M{fmt(points[0][0])},{fmt(points[0][1])}l{deltas}z")
    return "".join(parts)


def select(topology: dict, arcs: list[list[Point]]) -> tuple[list[Polygon], list[Polygon]]:
    """Split the countries into Norway's mainland polygons and nearby foreign polygons."""
    norway: list[Polygon] = []
    neighbours: list[Polygon] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        for polygon in polygons_of(geometry):
            outer = join_arcs(arcs, polygon[0])
            if geometry.get("id") == NORWAY_ID:
                if bbox_within(outer, MAINLAND_LAT, MAINLAND_LNG):
                    norway.append(polygon)
            elif bbox_overlaps(outer, NEIGHBOUR_LAT, NEIGHBOUR_LNG):
                neighbours.append(polygon)
    return norway, neighbours


def check_inside(rings: Iterable[Ring]) -> None:
    outside = [
        p
        for ring in rings
        for p in ring
        if not (0 <= p[0] <= VIEWBOX_WIDTH and 0 <= p[1] <= VIEWBOX_HEIGHT)
    ]
    if outside:
        raise SystemExit(
            f"{len(outside)} Norway points fall outside the viewBox, e.g. {outside[0]}"
        )


def neighbour_rings(projected: dict[int, list[Point]], polygons: list[Polygon]) -> list[Ring]:
    rings = []
    for polygon in polygons:
        for ring in polygon:
            clipped = clip_to_view(join_arcs(projected, ring))
            if len(clipped) >= 3 and area(clipped) >= MIN_NEIGHBOUR_AREA:
                rings.append(clipped)
    return rings


def render(norway_d: str, neighbour_d: str, version: str) -> str:
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEWBOX_WIDTH} {VIEWBOX_HEIGHT}">',
        f"<!-- Mainland Norway from Natural Earth 1:10m Admin 0 countries (public domain),"
        f" via the world-atlas {version} npm package (ISC licence)."
        f" Lambert conformal conic, see hubs/geo.py. Generated by tools/map/build_map.py. -->",
    ]
    if neighbour_d:
        lines.append(f'<path d="{neighbour_d}" {NEIGHBOUR_STYLE} {COMMON_STYLE}/>')
    lines.append(f'<path d="{norway_d}" {NORWAY_STYLE} {COMMON_STYLE}/>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def main() -> None:
    topology = json.loads(SOURCE.read_text(encoding="utf-8"))
    version = json.loads((PACKAGE_DIR / "package.json").read_text(encoding="utf-8"))["version"]
    arcs = decode_arcs(topology)
    norway, neighbours = select(topology, arcs)
    projected = projected_arcs(arcs, arc_indexes(norway), arc_indexes(neighbours))

    norway_rings = [join_arcs(projected, ring) for polygon in norway for ring in polygon]
    check_inside(norway_rings)
    neighbour_d = path_data(neighbour_rings(projected, neighbours))
    svg = render(path_data(norway_rings), neighbour_d, version)

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(svg, encoding="utf-8", newline="\n")
    print(f"wrote {OUTPUT.relative_to(REPO_ROOT)}: {len(svg.encode())} bytes, {len(norway)} parts")


if __name__ == "__main__":
    main()
