from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hubs import geo
from hubs.map_layout import MARKER_RADIUS, TARGET_RADIUS

register = template.Library()

# One link per hub: the dot is drawn; the wider transparent circle around it is what a pointer hits.
_MARKER = (
    '<a href="{url}" class="hub-map__marker" aria-label="{name}"><title>{name}</title>'
    '<circle cx="{x}" cy="{y}" r="{radius}" class="hub-map__dot"/>'
    '<circle cx="{x}" cy="{y}" r="{target}" class="hub-map__target"/></a>'
)


@register.inclusion_tag("includes/_map.html")
def hub_map(markers, label: str, caption: str = "", small: bool = False) -> dict:
    """The map of Norway with one link per marker (anything with name, url, x and y as text)."""
    scale = 2 if small else 1
    return {
        "markers": marker_links(markers, scale=scale),
        "label": label,
        "caption": caption,
        "small": small,
        "map": {"width": geo.VIEWBOX_WIDTH, "height": geo.VIEWBOX_HEIGHT},
    }


def marker_links(markers, *, scale: int) -> SafeString:
    """The markers' SVG, built in Python: a hundred of them through the template engine would
    cost more than the rest of the directory page."""
    radius, target = MARKER_RADIUS * scale, TARGET_RADIUS * scale
    return mark_safe(  # noqa: S308 (every value from the database is escaped here)
        "".join(
            _MARKER.format(
                url=escape(_value(m, "url")),
                name=escape(_value(m, "name")),
                x=escape(_value(m, "x")),
                y=escape(_value(m, "y")),
                radius=radius,
                target=target,
            )
            for m in markers
        )
    )


def _value(marker, name: str):
    return marker[name] if isinstance(marker, dict) else getattr(marker, name)
