from django import template

from hubs import geo
from hubs.map_layout import MARKER_RADIUS, TARGET_RADIUS

register = template.Library()


@register.inclusion_tag("includes/_map.html")
def hub_map(markers, label: str, caption: str = "", small: bool = False) -> dict:
    """The map of Norway with one link per marker (anything with name, url, x and y as text)."""
    scale = 2 if small else 1
    return {
        "markers": markers,
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
