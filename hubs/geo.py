"""Map projection shared by the static Norway map and the hub markers drawn on top of it.

Why Lambert conformal conic: mainland Norway is a long, narrow country running from 58°N to
71°N. A conic projection with standard parallels at 60°N and 70°N keeps the scale error
within 0.4% over the whole country, and because it is conformal the shapes of the
coast and fjords are not sheared. The central meridian 15°E is that of UTM zone 33, the
grid Kartverket uses for national maps, so the country gets its familiar tilt. A sphere is
accurate enough for a map some 600 units wide.

`tools/map/build_map.py` uses `project` to draw `static/map/norway.svg`, so a marker placed
with `project` lands on the right spot of that image (viewBox 0 0 VIEWBOX_WIDTH VIEWBOX_HEIGHT).
"""

import math

STANDARD_PARALLELS: tuple[float, float] = (60.0, 70.0)
CENTRAL_MERIDIAN: float = 15.0

VIEWBOX_WIDTH: int = 600
MARGIN: float = 12.0
"""Blank border, in SVG user units, kept around mainland Norway on every side."""

# Points that fix the projected bounding box of mainland Norway (coastal islands included).
# With the 15°E tilt these are the extremes along the x and y axes of the map, not the
# usual compass extremes.
EXTREME_POINTS: tuple[tuple[float, float], ...] = (
    (59.31, 4.87),  # Utsira: leftmost
    (57.96, 7.48),  # Pysen, off Mandal: lowest
    (71.13, 27.65),  # Kinnarodden, Nordkinn: highest
    (69.58, 30.93),  # Russian border at Jakobselva: rightmost
)


def _tan_half(phi: float) -> float:
    return math.tan(math.pi / 4 + phi / 2)


def _cone_constants() -> tuple[float, float]:
    """Return the cone constant n and the scale factor F of the Lambert projection."""
    phi1, phi2 = (math.radians(p) for p in STANDARD_PARALLELS)
    n = math.log(math.cos(phi1) / math.cos(phi2)) / math.log(_tan_half(phi2) / _tan_half(phi1))
    f = math.cos(phi1) * _tan_half(phi1) ** n / n
    return n, f


_N, _F = _cone_constants()


def lambert(lat: float, lng: float) -> tuple[float, float]:
    """Project degrees onto the unit sphere's cone: x east, y north, origin at the cone apex."""
    rho = _F / _tan_half(math.radians(lat)) ** _N
    theta = _N * math.radians(lng - CENTRAL_MERIDIAN)
    return rho * math.sin(theta), -rho * math.cos(theta)


def _bounds() -> tuple[float, float, float, float]:
    xs, ys = zip(*(lambert(lat, lng) for lat, lng in EXTREME_POINTS), strict=True)
    return min(xs), min(ys), max(xs), max(ys)


_MIN_X, _MIN_Y, _MAX_X, _MAX_Y = _bounds()
_SCALE: float = (VIEWBOX_WIDTH - 2 * MARGIN) / (_MAX_X - _MIN_X)

VIEWBOX_HEIGHT: int = math.ceil((_MAX_Y - _MIN_Y) * _SCALE + 2 * MARGIN)


def project(lat: float, lng: float) -> tuple[float, float]:
    """Return SVG user-space coordinates (x right, y down) of a point given in degrees."""
    x, y = lambert(lat, lng)
    return MARGIN + (x - _MIN_X) * _SCALE, MARGIN + (_MAX_Y - y) * _SCALE
