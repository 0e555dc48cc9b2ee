from django import template
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

from coworking_norge.text import escape
from hubs import geo, map_layout
from hubs.map_layout import MARKER_RADIUS, TARGET_RADIUS

register = template.Library()

# One link per hub: the dot is drawn; the wider transparent circle around it is what a pointer hits.
_MARKER = (
    '<a href="{url}" class="hub-map__marker" aria-label="{name}"><title>{name}</title>'
    '<circle cx="{x}" cy="{y}" r="{radius}" class="hub-map__dot"/>'
    '<circle cx="{x}" cy="{y}" r="{target}" class="hub-map__target"/>{label}</a>'
)
# A name beside its marker, legible on land and sea alike: a white halo under dark text.
# Presentation attributes, not CSS, so that the name looks right wherever the map is used.
_LABEL = (
    '<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{font}" '
    'stroke-width="{halo}" class="hub-map__label" fill="#1b2a24" stroke="#fff" '
    'paint-order="stroke" stroke-linejoin="round">{name}</text>'
)
# The close-up repeats markers of the whole map for pointers and eyes: out of the tab order and
# hidden from assistive technology, which has the whole map's links and the list.
_INSET_MARKER = (
    '<a href="{url}" class="hub-map__inset-marker" tabindex="-1">'
    '<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:g}" class="hub-map__dot"/>'
    '<circle cx="{x:.1f}" cy="{y:.1f}" r="{target:g}" class="hub-map__target"/>{label}</a>'
)
_INSET_FRAME = (
    '<rect x="{0}" y="{1}" width="{2}" height="{3}" class="hub-map__inset-frame" fill="none" '
    'stroke="#1d5c4b" stroke-width="1.5" stroke-dasharray="4 3"/>'
)


@register.inclusion_tag("includes/_map.html")
def hub_map(markers, label: str, caption: str = "", small: bool = False, labels: bool = False):
    """The map of Norway with one link per marker (anything with name, url, x and y as text).

    With labels, each marker's name is written beside it, and where two or more markers crowd
    around Oslo a close-up shows them apart, named (the markers need `spot`, as HubCard has)."""
    scale = 2 if small else 1
    markers = list(markers)
    inset = _inset(markers) if labels else None
    named = [m for m in markers if not (inset and map_layout.in_inset(_value(m, "spot")))]
    # Names keep off the dots inside the close-up's frame (named in the close-up), and off the
    # frame itself where they can: a west-coast name level with it may have nowhere else to go.
    named_ids = {id(m) for m in named}
    avoid = [
        map_layout.dot_box(float(_value(m, "x")), float(_value(m, "y")))
        for m in markers
        if labels and id(m) not in named_ids
    ]
    return {
        "markers": marker_links(
            markers,
            scale=scale,
            named=named if labels else (),
            avoid=avoid,
            keep_clear=[map_layout.inset_frame_box()] if inset else [],
        ),
        "frame": mark_safe(_INSET_FRAME.format(*map_layout.INSET)) if inset else "",  # noqa: S308
        "inset": inset,
        "label": label,
        "caption": caption,
        "small": small,
        "map": {"width": geo.VIEWBOX_WIDTH, "height": geo.VIEWBOX_HEIGHT},
        "land": static("map/norway.svg"),
        "closeup": static("map/norway-closeup.svg"),
    }


def marker_links(markers, *, scale: int, named=(), avoid=(), keep_clear=()) -> SafeString:
    """The markers' SVG, built in Python: a hundred of them through the template engine would
    cost more than the rest of the directory page. The `named` ones get their name beside them,
    clear of the boxes to `avoid` and, where they can, of those to `keep_clear`."""
    radius, target = MARKER_RADIUS * scale, TARGET_RADIUS * scale
    labels = _labels(named, avoid, keep_clear)
    return mark_safe(  # noqa: S308 (every value from the database is escaped here)
        "".join(
            _MARKER.format(
                url=escape(_value(m, "url")),
                name=escape(_value(m, "name")),
                x=escape(_value(m, "x")),
                y=escape(_value(m, "y")),
                radius=radius,
                target=target,
                label=labels.get(id(m), ""),
            )
            for m in markers
        )
    )


def _labels(markers, avoid=(), keep_clear=()) -> dict[int, str]:
    points = [(_value(m, "name"), float(_value(m, "x")), float(_value(m, "y"))) for m in markers]
    places = map_layout.label_places(points, avoid=tuple(avoid), keep_clear=tuple(keep_clear))
    return {
        id(marker): _label(place, _value(marker, "name"), map_layout.LABEL_TEXT)
        for marker, place in zip(markers, places, strict=True)
        if place
    }


def _label(place, name: str, font: float) -> str:
    return _LABEL.format(
        x=place.x,
        y=place.y,
        anchor=place.anchor,
        font=f"{font:g}",
        halo=f"{font / 4:g}",
        name=escape(name),
    )


# The close-up is drawn in units ten times smaller than the whole map's, so that its names are
# some 28 units high: browsers lay out very small SVG text (3 units) with coarse metrics.
_INSET_ZOOM = 10


def _inset(markers) -> dict | None:
    """The close-up of the area around Oslo, when two or more of the markers are in it."""
    crowded = [m for m in markers if map_layout.in_inset(_value(m, "spot"))]
    if len(crowded) < 2:
        return None
    zoom = _INSET_ZOOM
    spots = map_layout.spread(
        {i: tuple(v * zoom for v in _value(m, "spot")) for i, m in enumerate(crowded)},
        distance=2 * map_layout.INSET_TARGET_RADIUS * zoom,
    )
    points = [(_value(m, "name"), *spots[i]) for i, m in enumerate(crowded)]
    left, top, width, height = (v * zoom for v in map_layout.INSET)
    radius, target = map_layout.INSET_MARKER_RADIUS * zoom, map_layout.INSET_TARGET_RADIUS * zoom
    font = map_layout.INSET_LABEL_FONT * zoom
    places = map_layout.label_places(
        points, radius=radius, font=font, bounds=(left, top, left + width, top + height)
    )
    links = "".join(
        _INSET_MARKER.format(
            url=escape(_value(m, "url")),
            x=x,
            y=y,
            radius=radius,
            target=target,
            label=_label(place, name, font) if place else "",
        )
        for m, (name, x, y), place in zip(crowded, points, places, strict=True)
    )
    return {
        "markers": mark_safe(links),  # noqa: S308 (escaped above)
        "viewbox": f"{left:g} {top:g} {width:g} {height:g}",
        "width": str(geo.VIEWBOX_WIDTH * zoom),
        "height": str(geo.VIEWBOX_HEIGHT * zoom),
    }


def _value(marker, name: str):
    return marker[name] if isinstance(marker, dict) else getattr(marker, name)
