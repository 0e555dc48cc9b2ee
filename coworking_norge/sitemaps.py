"""/sitemap.xml: every public page in both languages, with hreflang alternates, on SITE_URL."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class PortalSitemap(Sitemap):
    """Addresses on SITE_URL, never the request's Host; each page in every language."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class PageSitemap(PortalSitemap):
    """Pages that are not one object each, named by their URL names."""

    def __init__(self, names: list[str]) -> None:
        self.names = names

    def items(self) -> list[str]:
        return self.names

    def location(self, name: str) -> str:
        return reverse(name)
