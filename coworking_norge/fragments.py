"""Rendered fragments cached until the data under them changes.

Each scope ("hubs") has a version in the shared cache. A write bumps the version once its
transaction commits, so every worker renders afresh on its next request; there is no expiry by time.
Fragments themselves live in each worker's own memory ("fragments" cache), keyed by that version.
A page that shows the data of several scopes names them all (("hubs", "events")): it is kept until
any of them changes. A page that also changes with the clock, without any write (an event is over,
its registration opens), names `MINUTE` among them: it is kept for the current minute only.

While the shared cache is out of reach (coworking_norge/cache.py) no worker could learn of a write
elsewhere, so fragments are neither read nor kept: every page renders from the database. A write
made meanwhile publishes its new version when the shared cache is back, on this worker's next
request, and a worker that met the outage forgets what it kept before it.
"""

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from coworking_norge.cache import shared_cache_out_of_reach

# A pseudo-scope whose version is the current minute: for pages that change with the clock.
MINUTE = "@minute"
# How long a page that names MINUTE is kept: past its minute, it is never asked for again.
_MINUTE_TIMEOUT = 120

# One scope, several, or a function that names them when the page is drawn (for pages whose
# scopes are known only once every app is loaded, e.g. coworking_norge.page_sections).
Scopes = str | tuple[str, ...] | Callable[[], str | tuple[str, ...]]


def _scopes(scope: Scopes) -> tuple[str, ...]:
    named = scope() if callable(scope) else scope
    return (named,) if isinstance(named, str) else tuple(named)


def _timeout(scopes: tuple[str, ...]) -> int | None:
    return _MINUTE_TIMEOUT if MINUTE in scopes else None


def _version_key(scope: str) -> str:
    return f"fragments:version:{scope}"


class _WorkerMemory:
    """What this worker remembers of outages of the shared cache."""

    def __init__(self) -> None:
        self.outage_met = False
        # Scopes whose data changed while the shared cache was out of reach.
        self.unpublished: set[str] = set()


_worker = _WorkerMemory()


def current_version(scope: str) -> str | None:
    """The scope's version, or None while the shared cache is out of reach."""
    if scope == MINUTE:
        return timezone.now().strftime("%Y%m%d%H%M")
    version = cache.get(_version_key(scope))
    if shared_cache_out_of_reach():
        _worker.outage_met = True
        return None
    if _worker.outage_met or _worker.unpublished:
        _catch_up()
        version = cache.get(_version_key(scope))
    if version is None:
        version = uuid.uuid4().hex
        cache.set(_version_key(scope), version, timeout=None)
    return None if shared_cache_out_of_reach() else version


def _catch_up() -> None:
    """Back from an outage: forget what was kept before it, and publish the writes made in it."""
    _worker.outage_met = False
    caches["fragments"].clear()
    for scope in list(_worker.unpublished):
        _publish(scope)


def _publish(scope: str) -> None:
    cache.set(_version_key(scope), uuid.uuid4().hex, timeout=None)
    if shared_cache_out_of_reach():
        _worker.unpublished.add(scope)
    else:
        _worker.unpublished.discard(scope)


def invalidate(scope: str) -> None:
    """Mark every fragment of scope stale once the current transaction commits."""
    transaction.on_commit(lambda: _publish(scope), robust=True)


def _full_key(scopes: tuple[str, ...], key: str) -> str | None:
    versions = [current_version(scope) for scope in scopes]
    if None in versions:
        return None
    # The versions go into the digest: a page of many scopes would otherwise make a key longer
    # than a cache key may be (250 characters).
    versioned = f"{'.'.join(versions)}:{key}"
    digest = hashlib.blake2b(versioned.encode(), digest_size=16).hexdigest()
    return f"{'+'.join(scopes)}:{digest}"


def cached(scope: Scopes, key: str, render: Callable[[], str]):
    """What render() returns, from this worker's memory while the scopes' data is unchanged."""
    scopes = _scopes(scope)
    full_key = _full_key(scopes, key) if settings.PAGE_CACHE_ENABLED else None
    if full_key is None:
        return render()
    store = caches["fragments"]
    value = store.get(full_key, _MISSING)
    if value is _MISSING:
        value = render()
        store.set(full_key, value, timeout=_timeout(scopes))
    return value


_MISSING = object()
# Cookies that make a page personal: it is then rendered for that person, never cached.
_PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


def cached_for_visitors(
    scope: Scopes,
    *,
    params: tuple[str, ...] = (),
    known: Callable[[HttpRequest], bool] | None = None,
):
    """Whole pages for visitors without a session, kept until the scope's data changes.

    Such a page is the same for every visitor in a language, so the worker returns the stored
    bytes without rendering. Signed-in people, anyone with messages waiting, free-text searches
    and addresses with other query parameters (utm_…), or with values `known(request)` does not
    know, get a fresh page: only the pages a visitor can reach by links are kept, so the store
    cannot be filled with made-up addresses.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not _for_a_visitor(request) or not _reachable(request, params, known):
                return view(request, *args, **kwargs)
            page = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
            scopes = _scopes(scope)
            full_key = _full_key(scopes, f"page:{get_language()}:{page}")
            if full_key is None:
                return view(request, *args, **kwargs)
            store = caches["fragments"]
            stored = store.get(full_key)
            if stored is not None:
                return HttpResponse(stored[0], content_type=stored[1])
            response = view(request, *args, **kwargs)
            if _storable(response):
                stored = (response.content, response["Content-Type"])
                store.set(full_key, stored, timeout=_timeout(scopes))
            return response

        return wrapper

    return decorator


def _reachable(request: HttpRequest, params: tuple[str, ...], known) -> bool:
    return set(request.GET) <= set(params) and (known is None or known(request))


def _for_a_visitor(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and not any(name in request.COOKIES for name in _PERSONAL_COOKIES)
    )


def _storable(response: HttpResponse) -> bool:
    # A page carrying a CSP nonce or a CSRF token belongs to one request only.
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and b"nonce" not in response.content
        and b"csrfmiddlewaretoken" not in response.content
    )
