"""Where a page's time goes: cProfile of one URL rendered in-process by Django's test client, with
the benchmark's settings (DEBUG off, 100 hubs, 100 events, SQLite in a temporary directory).

    .venv/bin/python bench/profile_page.py /hubs/ --cache off
    .venv/bin/python bench/profile_page.py /hubs/ --cache on -n 500 --limit 40
    .venv/bin/python bench/profile_page.py /events/EVENT/   # the benchmark's event page

It prints the SQL queries of one request, the time per request without the profiler (median of
batches), then the functions of the portal's own code (hubs/, coworking_norge/, members/,
billing/) and the whole call tree's top entries, by cumulative time. No server, no network: this
is the view's cost alone, which the gunicorn benchmark's figures add HTTP and scheduling to.
"""

import argparse
import cProfile
import io
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django
from django.db import connection
from django.test import Client

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))

import run as bench  # noqa: E402 (bench/run.py: the same database set-up as the benchmark)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile one page in-process.")
    parser.add_argument(
        "path",
        help="e.g. /hubs/ or /hubs/SLUG/ (PROFILE: the benchmark's profile; EVENT: its event)",
    )
    parser.add_argument("--cache", choices=["on", "off"], default="off", help="page cache")
    parser.add_argument("-n", type=int, default=0, help="requests profiled (default: ~2 s worth)")
    parser.add_argument("--limit", type=int, default=30, help="rows per table")
    parser.add_argument("--hubs", type=int, default=100)
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="coworking-profile-"))
    try:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
            "DJANGO_SETTINGS_MODULE": "coworking_norge.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "profile-" + os.urandom(24).hex(),
            "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_VAR_DIR": str(tmp),
            "DATABASE_URL": f"sqlite:///{tmp / 'profile.sqlite3'}",
            "CACHE_URL": f"filecache://{tmp / 'cache'}",
            "DJANGO_PAGE_CACHE": "1" if args.cache == "on" else "0",
        }
        bench.manage(env, "migrate", "--noinput", "-v", "0")
        bench.manage(env, "seed", "-v", "0")
        bench.manage(env, "collectstatic", "--noinput", "-v", "0")
        info = bench.dbtool(env, "populate", "--total", str(args.hubs))
        info |= bench.dbtool(env, "events", "--total", "100")
        os.environ.clear()
        os.environ.update(env)
        return profile(args, info)
    except bench.BenchError as exc:
        print(f"error: {exc}")
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def profile(args: argparse.Namespace, info: dict) -> int:
    django.setup()

    path = args.path.replace("PROFILE", info["profile"]).replace("EVENT", info["event"])
    client = Client()
    for _ in range(3):
        response = client.get(path)
    if response.status_code != 200:
        print(f"error: {path} answered {response.status_code}")
        return 1

    queries: list[str] = []

    def count(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(f"{(time.perf_counter() - started) * 1000:6.2f} ms  {sql}")

    with connection.execute_wrapper(count):
        client.get(path)
    print(
        f"{path} (page cache {args.cache}): {len(response.content)} bytes, {len(queries)} queries"
    )
    for sql in queries:  # the time each took to execute (fetching the rows comes after)
        print(f"    {sql[:170]}{'…' if len(sql) > 170 else ''}")

    def batch(n: int) -> float:
        t = time.perf_counter()
        for _ in range(n):
            client.get(path)
        return (time.perf_counter() - t) / n

    n = args.n or max(10, min(2000, round(2 / batch(5))))
    size = max(1, n // 5)
    per_request = statistics.median(batch(size) for _ in range(5))
    print(f"{per_request * 1000:.2f} ms a request without the profiler (median of 5 x {size})")

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        client.get(path)
    profiler.disable()

    stats = pstats.Stats(profiler)
    own = [str(REPO / name) for name in ("hubs", "coworking_norge", "members", "billing", "events")]
    rows = []
    for (filename, line, function), (_cc, calls, _tt, cumulative, _callers) in stats.stats.items():
        if any(filename.startswith(prefix) for prefix in own):
            rows.append(
                (
                    cumulative / n,
                    calls / n,
                    f"{Path(filename).relative_to(REPO)}:{line}({function})",
                )
            )
    rows.sort(reverse=True)
    print(f"\nThe portal's own functions, by cumulative time per request ({n} requests profiled):")
    print(f"  {'ms':>8} {'calls':>8}  function")
    for cumulative, calls, name in rows[: args.limit]:
        print(f"  {cumulative * 1000:>8.2f} {calls:>8.0f}  {name}")

    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.limit)
    print("\nEverything, by cumulative time (seconds over all profiled requests):")
    print(out.getvalue().split("\n\n", 1)[-1].rstrip())
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.limit)
    print("\nEverything, by own time:")
    print(out.getvalue().split("\n\n", 1)[-1].rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
