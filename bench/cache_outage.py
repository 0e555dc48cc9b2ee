"""A Redis outage under load: how many requests fail while the shared cache is gone.

    .venv/bin/python bench/cache_outage.py [--seconds 4] [--clients 8]

Serves the portal as bench/run.py does (gunicorn, DEBUG off, SQLite, the founding hubs) with
CACHE_URL pointing at a redis-server of its own, loads /, /hubs/, a profile, /hubs.json,
/healthz and failed sign-ins from several clients, and stops Redis for the middle third of the
run (a restart that keeps its data). Prints, per phase (up, down, back), the requests made, the
answers by status and the slowest answer, then /healthz's cache line in each phase.
Needs redis-server on the PATH.
"""

import argparse
import collections
import contextlib
import html
import http.cookiejar
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import HOST, REPO, Server, free_port, manage

PAGES = ["/", "/hubs/", "/hubs/657/", "/hubs.json", "/healthz"]


class Redis:
    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.command = [shutil.which("redis-server") or "redis-server", "--port", str(self.port)]
        self.command += ["--bind", HOST, "--save", "", "--dir", str(directory)]

    def start(self) -> None:
        self.proc = subprocess.Popen(self.command, stdout=subprocess.DEVNULL)
        time.sleep(0.3)

    def shut_down(self) -> None:
        command = ["redis-cli", "-p", str(self.port), "shutdown", "save"]
        subprocess.run(command, capture_output=True, check=False)
        self.proc.wait(timeout=10)


class Tally:
    def __init__(self) -> None:
        self.phase = "up"
        self.lock = threading.Lock()
        self.counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.slowest: dict[str, float] = collections.defaultdict(float)
        self.health: dict[str, set[str]] = collections.defaultdict(set)

    def add(self, status: int, seconds: float, body: str = "") -> None:
        with self.lock:
            self.counts[self.phase][status] += 1
            self.slowest[self.phase] = max(self.slowest[self.phase], seconds)
            if body.startswith("ok\n"):
                self.health[self.phase].add(body.splitlines()[1])


def fetch(opener, url, data: bytes | None = None) -> tuple[int, str]:
    try:
        with opener.open(url, data=data, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


class _PlainHttpCookies(http.cookiejar.DefaultCookiePolicy):
    """The portal marks its cookies Secure (DEBUG off); this bench speaks plain HTTP on loopback."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


def client(base: str, tally: Tally, stop: threading.Event, number: int) -> None:
    jar = http.cookiejar.CookieJar(policy=_PlainHttpCookies())
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    while not stop.is_set():
        for path in PAGES:
            started = time.monotonic()
            status, body = fetch(opener, base + path)
            tally.add(status, time.monotonic() - started, body if path == "/healthz" else "")
        started = time.monotonic()
        tally.add(_failed_sign_in(opener, base, number), time.monotonic() - started)


def _failed_sign_in(opener, base: str, number: int) -> int:
    status, page = fetch(opener, base + "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None:
        return status
    form = {"csrfmiddlewaretoken": html.unescape(token.group(1))}
    form |= {"login": f"nobody{number}@example.org", "password": "wrong-password"}
    request = urllib.request.Request(  # noqa: S310  (the bench's own http:// server)
        base + "/accounts/login/", headers={"Referer": base + "/accounts/login/"}
    )
    return fetch(opener, request, urllib.parse.urlencode(form).encode())[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="length of each phase")
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    if shutil.which("redis-server") is None:
        print("redis-server is not installed")
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="coworking-outage-"))
    redis = Redis(tmp)
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "coworking_norge.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_VAR_DIR": str(tmp),
        "DATABASE_URL": f"sqlite:///{tmp / 'outage.sqlite3'}",
        "CACHE_URL": f"redis://{HOST}:{redis.port}/0",
    }
    try:
        redis.start()
        for command in (["collectstatic", "--noinput"], ["migrate", "--noinput"], ["seed"]):
            manage(env, *command, "-v", "0")
        server_args = argparse.Namespace(workers=2, worker_class="gthread", threads=4)
        with Server(env, server_args, tmp / "gunicorn.log") as server:
            tally = _run(f"http://{HOST}:{server.port}", redis, args)
        _report(tally, args)
    finally:
        with contextlib.suppress(Exception):
            redis.proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _run(base: str, redis: Redis, args) -> Tally:
    tally, stop = Tally(), threading.Event()
    threads = [
        threading.Thread(target=client, args=(base, tally, stop, n)) for n in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    time.sleep(args.seconds)
    tally.phase = "down"
    redis.shut_down()
    time.sleep(args.seconds)
    tally.phase = "back"
    redis.start()
    time.sleep(args.seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return tally


def _report(tally: Tally, args) -> None:
    print(f"Redis up, stopped, back: {args.seconds:g} s each, {args.clients} clients, repo {REPO}")
    for phase in ("up", "down", "back"):
        counts = tally.counts[phase]
        statuses = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items()))
        print(
            f"  {phase:<5} {sum(counts.values()):>6} requests ({statuses}); "
            f"server errors {sum(n for s, n in counts.items() if s >= 500)}; "
            f"slowest {tally.slowest[phase] * 1000:.0f} ms; /healthz said "
            f"{', '.join(sorted(tally.health[phase])) or '-'}"
        )


if __name__ == "__main__":
    sys.exit(main())
