"""The library's published public resources in /sitemap.xml. Members-only ones stay out: their
page shows only a summary, nothing a search engine should send people to read."""

from coworking_norge.sitemaps import PortalSitemap
from knowledge.models import Resource


class ResourceSitemap(PortalSitemap):
    def items(self):
        return (
            Resource.objects.published()
            .filter(visibility=Resource.Visibility.PUBLIC)
            .order_by("published_on", "pk")
            .only("slug", "updated_at")
        )

    def lastmod(self, resource: Resource):
        return resource.updated_at
