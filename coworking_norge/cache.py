"""The shared cache as a help, never a dependency.

`FailSoftRedisCache` is Django's Redis cache that, while Redis is out of reach, answers from this
process's own memory instead of raising: pages render, rate limits keep counting (per worker
rather than across workers, so they neither lock everyone out nor let everyone through), and
Brønnøysund's answers are kept for a while. After a failure Redis is left alone for a few seconds
(`retry_after`), so an outage costs one timeout per worker every few seconds rather than one per
cache call. Settings use it for every `redis://` and `rediss://` CACHE_URL.
"""

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How long a cache call may wait for Redis before the page goes on without it, in seconds;
# CACHE_URL's query string overrides them (redis://host:6379/1?socket_timeout=1).
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, "retry_after": 5.0}
# The methods of Django's cache API that reach the server; the rest are built on these.
_SERVER_METHODS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class Outage:
    """Whether one Redis server is out of reach, as the threads of this process have found it."""

    def __init__(self, location: str, retry_after: float) -> None:
        self.location = location
        self.retry_after = retry_after
        self.since: float | None = None
        self.retry_at = 0.0
        self._lock = threading.Lock()

    @property
    def ongoing(self) -> bool:
        return self.since is not None

    def waiting(self) -> bool:
        """Still within the pause after a failure: do not try Redis yet."""
        return self.ongoing and time.monotonic() < self.retry_at

    def begin(self, error: Exception) -> None:
        with self._lock:
            now = time.monotonic()
            self.retry_at = now + self.retry_after
            if self.since is None:
                self.since = now
                logger.error("Cache %s out of reach, serving without it: %s", self.location, error)

    def end(self) -> None:
        with self._lock:
            if self.since is not None:
                logger.warning(
                    "Cache %s back after %.1f s", self.location, time.monotonic() - self.since
                )
                self.since = None


# One record per server and process: Django makes a cache object per thread.
_outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location: str, retry_after: float) -> Outage:
    with _outages_lock:
        return _outages.setdefault(location, Outage(location, retry_after))


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        retry_after = float(options.pop("retry_after"))
        super().__init__(server, {**params, "OPTIONS": options})
        location = self._servers[0].rsplit("@", 1)[-1]  # no password in logs
        self.outage = _outage_for(location, retry_after)
        fallback_params = {key: value for key, value in params.items() if key != "OPTIONS"}
        self.fallback = LocMemCache(f"fail-soft:{location}", fallback_params)

    def _call(self, name: str, *args, **kwargs):
        if not self.outage.waiting():
            try:
                result = getattr(RedisCache, name)(self, *args, **kwargs)
            except RedisError as error:
                self.outage.begin(error)
            else:
                self.outage.end()
                return result
        return getattr(self.fallback, name)(*args, **kwargs)


def _fail_soft(name: str):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"RedisCache.{name}, or this process's memory while Redis is out of reach."
    return method


for _name in _SERVER_METHODS:
    setattr(FailSoftRedisCache, _name, _fail_soft(_name))


def shared_cache_out_of_reach() -> bool:
    """True while the shared cache answers from this process's memory only."""
    backend = caches["default"]
    return isinstance(backend, FailSoftRedisCache) and backend.outage.ongoing


def shared_cache_state() -> str:
    """'ok' or 'unavailable', asking the cache now (for /healthz)."""
    try:
        caches["default"].get("healthz:probe")
    except Exception:  # any backend's failure means the same to a health check
        logger.exception("Cache out of reach")
        return "unavailable"
    return "unavailable" if shared_cache_out_of_reach() else "ok"
