"""Benchmark the portal as production serves it: gunicorn on loopback, DEBUG off, 100 hubs.

    .venv/bin/python bench/run.py            # or: make bench
    .venv/bin/python bench/run.py --help

For each database (SQLite always; PostgreSQL when reachable) and with the page cache on and off,
it starts gunicorn, loads /healthz, /, /hubs/, a hub profile, /events/ (100 upcoming events) and
an event's page from a separate process at 16 concurrent connections, checks that /hubs/ shows a
change to a hub, and /events/ a registration's seat, at once on every worker, and prints requests
per second, p50/p99 latency and each page's throughput as a share of /healthz.
Results also go to bench/results/latest.json. See bench/README.md for how to read them.

Exit status: 0 when the benchmark ran (whether or not the targets were met), 1 on an error
(including any failed request under load), 130 when interrupted.
"""

import argparse
import concurrent.futures
import contextlib
import datetime
import html
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import psycopg
from psycopg import sql

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
LOADGEN = BENCH_DIR / "loadgen.py"
DBTOOL = BENCH_DIR / "dbtool.py"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/coworking_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"
HOST = "127.0.0.1"

# The issues' targets, for /hubs/ and /events/.
TARGET_SHARE_CACHED = 50.0  # % of /healthz, page cache on
TARGET_P99_CACHED_MS = 25.0  # /hubs/ only
TARGET_SHARE_UNCACHED = 5.0  # % of /healthz, page cache off
TARGET_PAGES = ("/hubs/", "/events/")


class BenchError(Exception):
    """The benchmark could not run (as opposed to: it ran and a target was missed)."""


def say(message: str = "") -> None:
    print(message, flush=True)


def step(message: str) -> None:
    print(f"  · {message}", flush=True)


# --- processes -------------------------------------------------------------------------------


def run_checked(args: list[str], env: dict, what: str, timeout: float = 300) -> str:
    """Run a command to completion (bounded by timeout): its stdout, or BenchError with output."""
    try:
        done = subprocess.run(
            args, env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{what}: no answer after {timeout:.0f} s") from exc
    if done.returncode != 0:
        raise BenchError(f"{what} failed (exit {done.returncode}):\n{done.stderr or done.stdout}")
    return done.stdout


def manage(env: dict, *args: str, timeout: float = 300) -> str:
    return run_checked(
        [sys.executable, "manage.py", *args], env, f"manage.py {' '.join(args)}", timeout
    )


def dbtool(env: dict, *args: str) -> dict:
    out = run_checked([sys.executable, str(DBTOOL), *args], env, f"dbtool {args[0]}", timeout=120)
    return json.loads(out.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def http_get(port: int, path: str, timeout: float = 10) -> tuple[int, str, str]:
    """One GET on a new connection: (status, body, worker pid from X-Bench-Worker)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Connection": "close", "Accept": "text/html"})
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, body, response.getheader("X-Bench-Worker", "?")
    finally:
        conn.close()


class Server:
    """gunicorn serving the portal in its own process group; stop() ends the whole group."""

    def __init__(self, env: dict, args: argparse.Namespace, log_path: Path) -> None:
        self.env = env
        self.args = args
        self.log_path = log_path
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.workers_seen: set[str] = set()

    def command(self) -> list[str]:
        cmd = [
            sys.executable, "-m", "gunicorn", "bench.wsgi:application",
            "--bind", f"{HOST}:{self.port}",
            "--workers", str(self.args.workers),
            "--worker-class", self.args.worker_class,
            "--chdir", str(REPO),
            "--error-logfile", "-",
            "--log-level", "warning",
        ]  # fmt: skip
        if self.args.worker_class == "gthread":
            cmd += ["--threads", str(self.args.threads)]
        return cmd

    def __enter__(self) -> "Server":
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            self.command(),
            env=self.env,
            cwd=REPO,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: Ctrl-C reaches us, we stop it
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def log_tail(self, lines: int = 30) -> str:
        self.log.flush()
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def _wait_ready(self, timeout: float = 60) -> None:
        """Until /healthz answers 200 and every worker has answered (bounded by time)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                status, body, worker = http_get(self.port, "/healthz", timeout=2)
            except OSError:
                time.sleep(0.1)
                continue
            if status != 200:
                raise BenchError(f"/healthz answered {status}: {body[:300]}\n{self.log_tail()}")
            self.workers_seen.add(worker)
            if len(self.workers_seen) >= self.args.workers:
                return
            time.sleep(0.02)
        if self.workers_seen:
            return  # serving, though not every worker answered yet: the warm-up covers the rest
        raise BenchError(
            f"gunicorn did not answer /healthz within {timeout:.0f} s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        # Workers left behind by a crashed master share the group: end them too.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc = None
        self.log.close()


# --- PostgreSQL ------------------------------------------------------------------------------


def _pg_admin_url(url: str) -> tuple[str, str]:
    """(URL of the maintenance database 'postgres' on that server, name of the bench database)."""
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise BenchError(f"{url}: no database name")
    return urllib.parse.urlunsplit(parts._replace(path="/postgres")), name


def pg_create(url: str) -> None:
    admin, name = _pg_admin_url(url)
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            if "bench" not in name:
                raise BenchError(
                    f"Database {name!r} exists and its name has no 'bench' in it: not dropping it. "
                    "Give --postgres a URL naming a throwaway database."
                )
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def pg_drop(url: str) -> None:
    admin, name = _pg_admin_url(url)
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def pg_backends(url: str) -> dict:
    """The server's connections to the bench database: how many, how long they have been open."""

    admin, name = _pg_admin_url(url)
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        count, oldest, newest = conn.execute(
            "SELECT count(*), extract(epoch FROM now() - min(backend_start)),"
            " extract(epoch FROM now() - max(backend_start))"
            " FROM pg_stat_activity WHERE datname = %s",
            [name],
        ).fetchone()
    return {"open": count, "oldest_s": float(oldest or 0), "newest_s": float(newest or 0)}


# --- measuring -------------------------------------------------------------------------------


def load(port: int, paths: list[str], args: argparse.Namespace, *, warmup: bool) -> dict:
    """Load the URLs from a separate process (so gunicorn's workers keep the CPU they can get):
    either the warm-up (each URL in turn, not measured) or the measured rounds."""
    cmd = [
        sys.executable, str(LOADGEN), *paths,
        "--port", str(port),
        "--concurrency", str(args.concurrency),
        "--max-requests", str(args.max_requests),
        "--slice", str(args.slice),
    ]  # fmt: skip
    if warmup:
        cmd += ["--warmup", str(args.warmup), "--rounds", "0"]
        seconds = args.warmup * len(paths)
    else:
        cmd += ["--warmup", "0", "--rounds", str(args.rounds)]
        seconds = args.slice * args.rounds * len(paths)
    if args.worker_class == "sync":
        cmd.append("--no-keep-alive")  # the sync worker closes every connection anyway
    out = run_checked(cmd, os.environ.copy(), "load generator", timeout=seconds * 2 + 60)
    return json.loads(out)


# CPU accounting (Linux /proc): who used the machine while the URLs were measured.
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_stat(pid: int | str) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from the 3rd (state) on


def cpu_of_group(pgid: int) -> float:
    """CPU seconds used so far by the live processes of a process group (gunicorn and workers)."""
    total = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            fields = _proc_stat(entry.name)
            if fields and int(fields[2]) == pgid:
                total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _TICK


def cpu_of_pids(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = _proc_stat(pid)
        if fields:
            total += int(fields[11]) + int(fields[12])
    return total / _TICK


def cpu_machine() -> tuple[float, float]:
    """(busy, steal) CPU seconds of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    steal = values[7] if len(values) > 7 else 0
    return (sum(values[:8]) - idle - steal) / _TICK, steal / _TICK


def pg_pids(url: str) -> list[int]:
    admin, name = _pg_admin_url(url)
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return [row[0] for row in rows]


def measure(server: "Server", paths: list[str], args: argparse.Namespace, db_url: str) -> dict:
    """Warm up, then the measured rounds, with the CPU each party used during the latter."""
    load(server.port, paths, args, warmup=True)
    postgres = db_url.startswith("postgres")
    try:
        pids = pg_pids(db_url) if postgres else []
        before = (cpu_machine(), cpu_of_group(server.proc.pid), cpu_of_pids(pids), time.monotonic())
    except (OSError, ValueError, IndexError):
        before = None  # not Linux: no CPU accounting
    result = load(server.port, paths, args, warmup=False)
    if before is not None:
        (busy0, steal0), server0, pg0, t0 = before
        (busy1, steal1), server1, pg1, t1 = (
            cpu_machine(), cpu_of_group(server.proc.pid), cpu_of_pids(pids), time.monotonic()
        )  # fmt: skip
        capacity = (t1 - t0) * (os.cpu_count() or 1)
        parts = {
            "gunicorn": server1 - server0,
            "load_generator": result["client_cpu_seconds"],
            "postgresql": pg1 - pg0,
        }
        parts["other"] = max(0.0, (busy1 - busy0) - sum(parts.values()))
        parts["steal"] = steal1 - steal0
        result["cpu_percent_of_machine"] = {
            k: round(100 * v / capacity, 1) for k, v in parts.items()
        }
    return result


def check_invalidation(port: int, env: dict, slug: str, old_name: str, workers: int) -> dict:
    """Rename a hub through the ORM, then at once fetch the pages that show it, in parallel and on
    new connections so that every worker answers; all must show the new name and none the old."""
    pages = ["/hubs/", "/", f"/hubs/{slug}/"]
    reads_before, reads_after = 4 * workers, 8 * workers

    def fetch_all(path: str, count: int) -> list[tuple[int, str, str]]:
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            return list(pool.map(lambda _: http_get(port, path), range(count)))

    def shows(body: str, name: str) -> bool:
        return f">{html.escape(name)}<" in body

    before = {path: fetch_all(path, reads_before) for path in pages}
    warm = all(
        status == 200 and shows(body, old_name) for r in before.values() for status, body, _ in r
    )
    new_name = f"Omdøpt hub {secrets.token_hex(3)}"
    t_write = time.perf_counter()
    dbtool(env, "rename", slug, new_name)
    t_read = time.perf_counter()
    after = {path: fetch_all(path, reads_after) for path in pages}
    t_done = time.perf_counter()
    report = {"renamed": slug, "old": old_name, "new": new_name, "stale_before": warm, "pages": {}}
    ok = warm
    for path, results in after.items():
        fresh = sum(status == 200 and shows(body, new_name) and not shows(body, old_name)
                    for status, body, _ in results)  # fmt: skip
        seen = sorted({worker for _, _, worker in results})
        report["pages"][path] = {"fetched": len(results), "fresh": fresh, "workers": seen}
        ok = ok and fresh == len(results) and len(seen) >= min(workers, 2)
    report["seconds_write"] = round(t_read - t_write, 2)
    report["seconds_reads"] = round(t_done - t_read, 2)
    report["passed"] = ok
    return report


SEATS = re.compile(r"(\d+) ledige? plass(?:er)? av (\d+)")


def check_seats(port: int, env: dict, slug: str, workers: int) -> dict:
    """Register one person through events' service, then at once read the event's page and
    /events/ from every worker: each must show one seat fewer than before."""
    pages = [f"/events/{slug}/", "/events/"]
    card = re.compile(rf'href="/events/{re.escape(slug)}/".*?(\d+) ledige? plass(?:er)?', re.DOTALL)

    def seats(path: str, body: str) -> int | None:
        found = (SEATS if path != "/events/" else card).search(body)
        return int(found.group(1)) if found else None

    def read(path: str, count: int) -> list[tuple[int | None, str]]:
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda _: http_get(port, path), range(count)))
        return [
            (seats(path, body) if status == 200 else None, worker)
            for status, body, worker in answers
        ]

    before = {path: read(path, 4 * workers) for path in pages}
    counts = {seats for answers in before.values() for seats, _ in answers}
    result = dbtool(env, "register", slug, f"bench-{secrets.token_hex(4)}@example.org")
    after = {path: read(path, 8 * workers) for path in pages}
    report = {
        "before": sorted(c for c in counts if c is not None),
        "seats_left": result["seats_left"],
        "pages": {},
    }
    ok = len(counts) == 1 and None not in counts and result["seats_left"] == min(counts) - 1
    for path, answers in after.items():
        fresh = sum(seats == result["seats_left"] for seats, _ in answers)
        seen = sorted({worker for _, worker in answers})
        report["pages"][path] = {"fetched": len(answers), "fresh": fresh, "workers": seen}
        ok = ok and fresh == len(answers) and len(seen) >= min(workers, 2)
    report["passed"] = ok
    return report


def share(rps: float, base: float) -> float:
    return 100.0 * rps / base if base else 0.0


def measure_backend(
    label: str, db_url: str, base_env: dict, args: argparse.Namespace, tmp: Path
) -> list[dict]:
    env = dict(base_env, DATABASE_URL=db_url)
    if args.redis:
        env["CACHE_URL"] = args.redis
    else:
        env["CACHE_URL"] = f"filecache://{tmp / f'cache-{label.lower()}'}"
    t = time.monotonic()
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed", "-v", "0")
    info = dbtool(env, "populate", "--total", str(args.hubs))
    events = dbtool(env, "events", "--total", str(args.events))
    step(
        f"{label}: migrated, seeded, {info['created']} hubs added: {info['published']} published, "
        f"{events['events']} upcoming events ({time.monotonic() - t:.1f} s)"
    )
    profile, name = info["profile"], info["profile_name"]
    event = events["event"]
    runs = []
    for page_cache in (True, False):
        run_env = dict(env, DJANGO_PAGE_CACHE="1" if page_cache else "0")
        urls = ["/healthz", "/", "/hubs/", f"/hubs/{profile}/", "/events/", f"/events/{event}/"]
        urls += ["/knowledge/", "/network/"]
        log = tmp / f"gunicorn-{label.lower()}-{'cache' if page_cache else 'nocache'}.log"
        with Server(run_env, args, log) as server:
            measured = measure(server, urls, args, db_url)
            results = measured["paths"]
            for url in urls:
                r = results[url]
                step(
                    f"{label}, page cache {'on' if page_cache else 'off'}: {url} "
                    f"{r['rps']:.0f} req/s, p99 {r['p99_ms']:.1f} ms"
                )
            backends = pg_backends(db_url) if db_url.startswith("postgres") else None
            check = check_invalidation(server.port, run_env, profile, name, args.workers)
            name = check["new"]
            seats = check_seats(server.port, run_env, event, args.workers)
            if server.proc.poll() is not None:
                raise BenchError(f"gunicorn died during the run:\n{server.log_tail()}")
        base = results["/healthz"]["rps"]
        for r in results.values():
            r["share_percent"] = share(r["rps"], base)
        runs.append(
            {
                "database": label,
                "page_cache": page_cache,
                "results": results,
                "invalidation": check,
                "seats": seats,
                "postgres_connections": backends,
                "cpu_percent_of_machine": measured.get("cpu_percent_of_machine"),
                "load_generator": {k: v for k, v in measured.items() if k != "paths"},
                "profile": profile,
            }
        )
    return runs


# --- reporting -------------------------------------------------------------------------------


def print_run(run: dict, args: argparse.Namespace) -> None:
    say()
    say(
        f"{run['database']}, page cache {'on' if run['page_cache'] else 'off'} "
        f"(gunicorn {args.worker_class}, {args.workers} workers"
        f"{f' x {args.threads} threads' if args.worker_class == 'gthread' else ''}, "
        f"{'keep-alive' if args.worker_class != 'sync' else 'a new connection per request'}; "
        f"{args.concurrency} connections, {args.rounds} x {args.slice:g} s per URL)"
    )
    say(
        f"  {'URL':<40} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'of /healthz':>11} "
        f"{'errors':>6}  req/s per round"
    )
    for url, r in run["results"].items():
        rounds = r["rps_rounds"]
        at_least = ">" if r.get("unfinished") else " "  # some requests outlived the slice + 3 s
        say(
            f"  {url:<40} {r['rps']:>7.0f} {r['p50_ms']:>7.1f} {at_least}{r['p99_ms']:>6.1f} "
            f"{r['share_percent']:>10.1f}% {r['errors']:>6}  {min(rounds):.0f}-{max(rounds):.0f}"
        )
        if r.get("unfinished"):
            say(f"  {'':<40} ({r['unfinished']} requests still running 3 s after their slice)")
    cpu = run.get("cpu_percent_of_machine")
    if cpu:
        say(
            f"  CPU while measuring, % of the machine's {os.cpu_count()}: "
            f"gunicorn {cpu['gunicorn']:.0f}, load generator {cpu['load_generator']:.0f}, "
            f"PostgreSQL {cpu['postgresql']:.0f}, "
            f"other programs {cpu['other']:.0f}, stolen by the hypervisor {cpu['steal']:.0f}"
        )
        if cpu["other"] + cpu["steal"] > 10:
            say(
                "  note: other work on the machine took CPU from the benchmark: "
                "figures are lower and noisier than on an idle machine"
            )
    check = run["invalidation"]
    pages = ", ".join(
        f"{path} {p['fresh']}/{p['fetched']} ({len(p['workers'])} workers)"
        for path, p in check["pages"].items()
    )
    say(
        f"  Hub renamed, pages read at once: {pages}: {'PASS' if check['passed'] else 'FAIL'}"
        + (
            ""
            if check["stale_before"]
            else " (the old name was not on every page before the change)"
        )
    )
    seats = run["seats"]
    pages = ", ".join(
        f"{path} {p['fresh']}/{p['fetched']} ({len(p['workers'])} workers)"
        for path, p in seats["pages"].items()
    )
    say(
        f"  One registration, {seats['before']} -> {seats['seats_left']} seats left, "
        f"pages read at once: {pages}: {'PASS' if seats['passed'] else 'FAIL'}"
    )
    pg = run.get("postgres_connections")
    if pg:
        wall = run["load_generator"]["measured_wall_seconds"]
        kept = pg["open"] and pg["newest_s"] >= wall
        say(
            f"  PostgreSQL: {pg['open']} connections open after the load, the newest opened "
            f"{pg['newest_s']:.0f} s before, none during the {wall:.0f} s measured: "
            f"{'kept between requests' if kept else 'NOT kept between requests'}"
            if kept
            else f"  PostgreSQL: {pg['open']} connections open after the load, the newest opened "
            f"{pg['newest_s']:.1f} s before: NOT kept between requests"
        )


def evaluate(runs: list[dict]) -> list[dict]:
    targets = []
    for run in runs:
        for page in TARGET_PAGES:
            targets += _page_targets(run, page)
        targets.append(
            {
                "name": f"{run['database']}: /hubs/ correct right after a hub changes "
                f"(page cache {'on' if run['page_cache'] else 'off'}, every worker)",
                "value": run["invalidation"]["passed"],
                "passed": run["invalidation"]["passed"],
            }
        )
        targets.append(
            {
                "name": f"{run['database']}: seats left never stale after a registration "
                f"(page cache {'on' if run['page_cache'] else 'off'}, every worker)",
                "value": run["seats"]["passed"],
                "passed": run["seats"]["passed"],
            }
        )
    return targets


def _page_targets(run: dict, page: str) -> list[dict]:
    result, db = run["results"][page], run["database"]
    if not run["page_cache"]:
        return [
            {
                "name": f"{db}: {page} without the page cache "
                f"at >= {TARGET_SHARE_UNCACHED:g} % of /healthz",
                "value": round(result["share_percent"], 1),
                "passed": result["share_percent"] >= TARGET_SHARE_UNCACHED,
            }
        ]
    targets = [
        {
            "name": f"{db}: {page} with the page cache at >= {TARGET_SHARE_CACHED:g} % of /healthz",
            "value": round(result["share_percent"], 1),
            "passed": result["share_percent"] >= TARGET_SHARE_CACHED,
        }
    ]
    if page == "/hubs/":
        targets.append(
            {
                "name": f"{db}: /hubs/ with the page cache, p99 < {TARGET_P99_CACHED_MS:g} ms",
                "value": round(result["p99_ms"], 1),
                "passed": result["p99_ms"] < TARGET_P99_CACHED_MS,
                "note": f"/healthz in the same run: p99 "
                f"{run['results']['/healthz']['p99_ms']:.1f} ms",
            }
        )
    return targets


# --- main ------------------------------------------------------------------------------------


def code_state() -> dict:
    """The commit measured and the files changed since (read-only git commands)."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
            timeout=10, check=True,
        ).stdout.strip()  # fmt: skip
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.splitlines()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "changed": []}
    return {"commit": commit, "changed": [line[3:] for line in status]}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark the portal under gunicorn (see bench/README.md).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds per URL")
    parser.add_argument(
        "--slice", type=float, default=1.0, help="the URLs take turns, this many seconds at a time"
    )
    parser.add_argument("--warmup", type=float, default=1.0, help="warm-up seconds per URL")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent connections")
    parser.add_argument("--max-requests", type=int, default=1_000_000, help="cap per URL")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--hubs", type=int, default=100, help="published hubs in the database")
    parser.add_argument("--events", type=int, default=100, help="upcoming events in the database")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="throwaway PostgreSQL database to create and drop; an error when unreachable "
        f"(default: env BENCH_DATABASE_URL, else {DEFAULT_POSTGRES}; "
        "either is skipped when unreachable)",
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument(
        "--redis",
        metavar="URL",
        nargs="?",
        const=DEFAULT_REDIS,
        help=f"shared cache in Redis instead of a file cache (bare --redis: {DEFAULT_REDIS})",
    )
    parser.add_argument("--output", type=Path, default=BENCH_DIR / "results" / "latest.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs)")
    args = parser.parse_args(argv)
    if min(args.seconds, args.slice, args.concurrency, args.workers) <= 0 or args.warmup < 0:
        parser.error("--seconds, --slice, --concurrency and --workers must be positive")
    args.rounds = max(1, round(args.seconds / args.slice))
    return args


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Ctrl-C and `kill` both stop gunicorn and clean up (even when started with SIGINT ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    for module in ("django", "gunicorn", "psycopg"):
        try:
            __import__(module)
        except ImportError:
            say(
                f"error: {module} is not importable by {sys.executable}; "
                "run .venv/bin/python bench/run.py"
            )
            return 1

    started = datetime.datetime.now(datetime.UTC)
    t0 = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="coworking-bench-"))
    pg_url = None
    runs: list[dict] = []
    try:
        base_env = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_"))
            },
            "DJANGO_SETTINGS_MODULE": "coworking_norge.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_VAR_DIR": str(tmp),
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        code = code_state()
        say(
            f"Coworking Norge benchmark of {code['commit'] or 'the working tree'}"
            f"{f' with {len(code["changed"])} files changed' if code['changed'] else ''}: "
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"load average {os.getloadavg()[0]:.2f}; temporary files in {tmp}"
        )
        databases = []
        if not args.no_sqlite:
            databases.append(("SQLite", f"sqlite:///{tmp / 'bench.sqlite3'}"))
        if not args.no_postgres:
            explicit = args.postgres is not None
            url = args.postgres or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_POSTGRES
            try:
                pg_create(url)
            except BenchError:
                raise
            except Exception as exc:  # unreachable, no permission…
                reason = " ".join(str(exc).split())
                message = f"PostgreSQL at {url} is not usable ({type(exc).__name__}: {reason})"
                if explicit:
                    raise BenchError(message) from exc
                step(f"{message}: PostgreSQL skipped (give --postgres URL or BENCH_DATABASE_URL)")
            else:
                pg_url = url
                databases.append(("PostgreSQL", url))
        if not databases:
            raise BenchError("no database to benchmark")

        static_env = dict(base_env, DATABASE_URL=f"sqlite:///{tmp / 'static.sqlite3'}")
        manage(static_env, "collectstatic", "--noinput", "-v", "0")
        step("static files collected (manifest storage, as with DEBUG off)")

        for label, url in databases:
            runs += measure_backend(label, url, base_env, args, tmp)

        for run in runs:
            print_run(run, args)
        targets = evaluate(runs)
        say()
        say("Targets:")
        for target in targets:
            value = target["value"]
            shown = "" if isinstance(value, bool) else f": {value:g}"
            note = f" ({target['note']})" if target.get("note") else ""
            say(f"  {'PASS' if target['passed'] else 'FAIL'}  {target['name']}{shown}{note}")
        failed_requests = sum(r["errors"] for run in runs for r in run["results"].values())

        args.output.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "started": started.isoformat(timespec="seconds"),
            "seconds_total": round(time.monotonic() - t0, 1),
            "code": code,
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
                "load_average_at_start": os.getloadavg()[0],
            },
            "settings": {
                "workers": args.workers,
                "worker_class": args.worker_class,
                "threads": args.threads if args.worker_class == "gthread" else 1,
                "concurrency": args.concurrency,
                "seconds": args.seconds,
                "slice": args.slice,
                "rounds": args.rounds,
                "warmup": args.warmup,
                "hubs": args.hubs,
                "events": args.events,
                "cache": "redis" if args.redis else "file",
                "keep_alive": args.worker_class != "sync",
            },
            "runs": runs,
            "targets": targets,
        }
        args.output.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        say()
        say(f"Results written to {args.output} ({time.monotonic() - t0:.0f} s in all).")
        if failed_requests:
            say(
                f"error: {failed_requests} requests failed under load: "
                "the figures above are not valid"
            )
            return 1
        return 0
    except BenchError as exc:
        say(f"error: {exc}")
        return 1
    except KeyboardInterrupt:
        say("\ninterrupted: gunicorn stopped, temporary files removed")
        return 130
    finally:
        if pg_url:
            try:
                pg_drop(pg_url)
            except Exception as exc:
                say(f"warning: could not drop the PostgreSQL database: {exc}")
        if args.keep:
            say(f"Temporary files kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
