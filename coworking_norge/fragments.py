"""Rendered fragments cached until the data under them changes.

Each scope ("hubs") has a version in the shared cache. A write bumps the version once its
transaction commits, so every worker renders afresh on its next request; there is no expiry by time.
Fragments themselves live in each worker's own memory ("fragments" cache), keyed by that version.
"""

import hashlib
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction


def _version_key(scope: str) -> str:
    return f"fragments:version:{scope}"


def current_version(scope: str) -> str:
    version = cache.get(_version_key(scope))
    if version is None:
        version = uuid.uuid4().hex
        cache.set(_version_key(scope), version, timeout=None)
    return version


def invalidate(scope: str) -> None:
    """Mark every fragment of scope stale once the current transaction commits."""
    transaction.on_commit(lambda: cache.set(_version_key(scope), uuid.uuid4().hex, timeout=None))


def cached(scope: str, key: str, render: Callable[[], str]) -> str:
    if not settings.PAGE_CACHE_ENABLED:
        return render()
    digest = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
    full_key = f"{scope}:{current_version(scope)}:{digest}"
    store = caches["fragments"]
    html = store.get(full_key)
    if html is None:
        html = render()
        store.set(full_key, html, timeout=None)
    return html
