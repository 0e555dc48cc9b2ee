"""The shared cache is a help, not a dependency (issue 10, item 8): with Redis out of reach the
public site, sign-in and its rate limits work, and /healthz says what is wrong without failing."""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
from redis import Redis
from redis.exceptions import RedisError

from coworking_norge.cache import Outage
from members.services import user_create_verified
from tests.factories import HubFactory

pytestmark = pytest.mark.django_db

PASSWORD = "en-lang-og-trygg-frase-42"
# Nothing listens on the discard port: connections are refused at once.
UNREACHABLE = "redis://127.0.0.1:9/0"
PUBLIC_PAGES = ["/", "/hubs/", "/hubs/?county=oslo", "/hubs/huset/", "/en/hubs/huset/"]


def cache_at(location: str, backend: str = "coworking_norge.cache.FailSoftRedisCache", **options):
    return {
        "default": {"BACKEND": backend, "LOCATION": location, "OPTIONS": options},
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


@pytest.fixture
def unreachable_cache(settings):
    settings.CACHES = cache_at(UNREACHABLE)


def test_public_pages_render_with_the_cache_out_of_reach(client, unreachable_cache):
    HubFactory(name="Huset", slug="huset", county="oslo")
    for path in PUBLIC_PAGES * 2:  # twice: nothing is served from a store that cannot be trusted
        response = client.get(path)
        assert (path, response.status_code) == (path, 200)
        assert "Huset" in response.content.decode()
    hubs = json.loads(client.get("/hubs.json").content)
    assert [hub["name"] for hub in hubs["hubs"]] == ["Huset"]


def test_without_fail_soft_the_same_outage_breaks_the_site(client, settings):
    """Negative control: Django's own Redis cache raises on the first page."""
    settings.CACHES = cache_at(UNREACHABLE, backend="django.core.cache.backends.redis.RedisCache")
    HubFactory(slug="huset")
    with pytest.raises(RedisError):
        client.get("/hubs/huset/")


def sign_in(client, password: str):
    return client.post("/accounts/login/", {"login": "finnes@example.org", "password": password})


def test_sign_in_works_with_the_cache_out_of_reach(client, unreachable_cache):
    user_create_verified(email="finnes@example.org", name="Finnes", password=PASSWORD)
    response = client.post(
        "/accounts/login/", {"login": "finnes@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user.email == "finnes@example.org"


def test_failed_sign_ins_are_still_limited_with_the_cache_out_of_reach(client, unreachable_cache):
    user_create_verified(email="finnes@example.org", name="Finnes", password=PASSWORD)
    for _ in range(5):
        sign_in(client, "feil-passord")
    response = client.post(
        "/accounts/login/", {"login": "finnes@example.org", "password": PASSWORD}
    )
    assert response.context["form"].non_field_errors() == [
        "For mange mislykkede forsøk på å logge inn. Prøv igjen senere."
    ]
    assert client.get("/").wsgi_request.user.is_anonymous


def test_healthz_reports_the_cache_without_failing(client, unreachable_cache):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\ncache: unavailable\n")


def test_healthz_reports_a_cache_that_raises(client, settings):
    settings.CACHES = cache_at(UNREACHABLE, backend="django.core.cache.backends.redis.RedisCache")
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\ncache: unavailable\n")


class RedisProcess:
    """A redis-server of the test's own, which can hang (paused), and restart with its data."""

    def __init__(self, binary: str, directory) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.command = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        self.command += ["--appendonly", "no", "--dir", str(directory)]
        self.location = f"redis://127.0.0.1:{self.port}/0"
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL)  # noqa: S603
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            except OSError:
                time.sleep(0.02)
            else:
                return
        raise RuntimeError("redis-server did not start")

    def shut_down(self) -> None:
        """Stop, keeping the data for the next start (as a restart of Redis does)."""
        with contextlib.suppress(RedisError):
            Redis(port=self.port).shutdown(save=True)
        self.process.wait()

    def pause(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self) -> None:
        self.resume()
        self.process.kill()
        self.process.wait()


@pytest.fixture
def redis_server(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    server = RedisProcess(binary, tmp_path)
    yield server
    server.stop()


RETRY_AFTER = 0.2


@pytest.fixture
def fail_soft_redis(settings, redis_server):
    settings.CACHES = cache_at(redis_server.location, socket_timeout=0.2, retry_after=RETRY_AFTER)
    return redis_server


def test_a_write_while_redis_restarts_shows_at_once_and_after_it(
    client, fail_soft_redis, django_capture_on_commit_callbacks
):
    """A hub is renamed while Redis is down; Redis comes back with the version it held before:
    the page never shows the old name, neither during the outage nor after it."""
    hub = HubFactory(name="Gamlehuset", slug="huset")
    assert "Gamlehuset" in client.get("/hubs/huset/").content.decode()  # kept by this worker
    fail_soft_redis.shut_down()
    with django_capture_on_commit_callbacks(execute=True):
        hub.name = "Nyhuset"
        hub.save()
    assert "Nyhuset" in client.get("/hubs/huset/").content.decode()
    assert client.get("/healthz").content == b"ok\ncache: unavailable\n"
    fail_soft_redis.start()
    time.sleep(RETRY_AFTER)
    assert client.get("/healthz").content == b"ok\ncache: ok\n"
    page = client.get("/hubs/huset/").content.decode()
    assert "Nyhuset" in page
    assert "Gamlehuset" not in page


def test_a_hung_redis_costs_one_timeout_then_pages_go_on_without_it(
    client, settings, redis_server, monkeypatch
):
    """Counted, not timed: while Redis hangs, the first call waits out its socket timeout and
    the rest leave Redis alone until the pause after a failure is over (long here)."""
    settings.CACHES = cache_at(redis_server.location, socket_timeout=0.2, retry_after=600)
    HubFactory(name="Huset", slug="huset", county="oslo")
    client.get("/hubs/huset/")
    timeouts = []
    begin = Outage.begin

    def counted_begin(outage, error):
        timeouts.append(error)
        begin(outage, error)

    monkeypatch.setattr(Outage, "begin", counted_begin)
    redis_server.pause()
    try:
        pages = [client.get(path).content.decode() for path in PUBLIC_PAGES]
        health = client.get("/healthz").content
    finally:
        redis_server.resume()
    assert all("Huset" in page for page in pages)
    assert health == b"ok\ncache: unavailable\n"
    assert len(timeouts) == 1, timeouts


def test_with_redis_up_pages_are_kept_and_healthz_says_ok(client, fail_soft_redis):
    HubFactory(name="Huset", slug="huset")
    first = client.get("/hubs/huset/")
    assert client.get("/hubs/huset/").content == first.content
    assert client.get("/healthz").content == b"ok\ncache: ok\n"
