"""The published events' pages in /sitemap.xml, upcoming and past."""

from coworking_norge.sitemaps import PortalSitemap
from events.models import Event


class EventSitemap(PortalSitemap):
    def items(self):
        return Event.objects.public().order_by("starts_at", "pk").only("slug", "updated_at")

    def lastmod(self, event: Event):
        return event.updated_at
