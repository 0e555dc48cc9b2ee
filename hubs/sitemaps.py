"""The published hub profiles in /sitemap.xml."""

from coworking_norge.sitemaps import PortalSitemap
from hubs.models import Hub


class HubSitemap(PortalSitemap):
    def items(self):
        return Hub.objects.filter(is_published=True).order_by("slug").only("slug", "updated_at")

    def lastmod(self, hub: Hub):
        return hub.updated_at
