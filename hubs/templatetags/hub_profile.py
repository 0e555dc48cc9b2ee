from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def domain(url: str) -> str:
    """The site a link leads to, as people say it: https://www.fabrikken.org/no/ → fabrikken.org."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")
