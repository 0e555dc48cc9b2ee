from urllib.parse import urlsplit

from django import template

from hubs.texts import LocalText, local_text

register = template.Library()


@register.filter
def domain(url: str) -> str:
    """The site a link leads to, as people say it: https://www.fabrikken.org/no/ → fabrikken.org."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


@register.filter
def alt_text(photo) -> LocalText:
    """A photo's alt text in the page's language, or the Norwegian (its `fallback` says so, and
    the <img> then carries lang="nb")."""
    return local_text(photo, "alt_text")
