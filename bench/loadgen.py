"""A small closed-loop HTTP load generator: N connections, each sending its next request as soon
as the previous response has arrived. Pure standard library (one thread, non-blocking sockets,
epoll), so it needs nothing installed and costs the machine as little CPU as a Python client can.

bench/run.py runs it in a process of its own; it prints one JSON object on stdout:

    python bench/loadgen.py --port 8000 --concurrency 16 --slice 1 --rounds 5 /healthz /hubs/

The URLs take turns: each round loads every URL for one slice (default 1 s), so a change in the
machine's background load (other programs, CPU frequency) hits every URL alike and the ratios
between them stay fair. Requests per second = requests completed inside the slices / their length.
Latency is recorded for every request started inside a slice, including those that finish after
it (the load goes on, unrecorded, until they have: at most 3 s, after which a request still
running counts with the time so far, a lower bound); it runs from opening the
connection (or, on a kept-alive connection, sending the request) to the last byte of the response,
so with a new connection per request it includes the TCP handshake and the wait in the server's
accept queue.
"""

import argparse
import contextlib
import errno
import json
import math
import os
import selectors
import socket
import sys
import time

DRAIN_SECONDS = 3.0  # the most a slice waits for its recorded requests once it is over


class _Conn:
    __slots__ = ("buf", "keep", "need", "recorded", "reused", "sock", "start", "state")

    def __init__(self) -> None:
        self.sock: socket.socket | None = None
        self.buf = bytearray()
        self.start = 0
        self.need = -1  # size of the whole response once its headers are in; -1: not known yet
        self.keep = False  # the connection may carry the next request
        self.state = "idle"  # idle, connecting, reading, done
        self.reused = False  # a kept-alive connection that has carried a response already
        self.recorded = False  # the request in flight started inside the measured slice


def _header(head: bytes, name: bytes) -> bytes | None:
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name:
            return value.strip()
    return None


def percentile(sorted_values: list[int], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = min(len(sorted_values), max(1, math.ceil(round(fraction * len(sorted_values), 9))))
    return float(sorted_values[rank - 1])


def load_slice(
    address: tuple[str, int],
    path: str,
    *,
    concurrency: int,
    seconds: float,
    record: bool = True,
    max_requests: int = 1_000_000,
    keep_alive: bool = True,
) -> dict:
    """Keep `concurrency` requests for path in flight for `seconds`; latencies in ns.

    Every request started inside the slice is recorded, however long it takes: the load goes on
    (unrecorded) until the last of them has completed, so the slow ones meet the same queue as the
    others and latencies are not cut off at the slice's end. Throughput counts the requests that
    complete inside the slice."""
    host, port = address
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: coworking-bench\r\n"
        f"Accept: text/html,*/*\r\n{'' if keep_alive else 'Connection: close\r\n'}\r\n"
    ).encode("ascii")
    sel = selectors.DefaultSelector()
    clock = time.perf_counter_ns
    t_start = clock()
    t_end = t_start + int(seconds * 1e9)
    t_stop = t_end + int(DRAIN_SECONDS * 1e9)

    latencies: list[int] = []
    statuses: dict[int, int] = {}
    errors = {"status": 0, "connect": 0, "reset": 0}
    unfinished = 0  # recorded requests still running DRAIN_SECONDS after the slice (not errors)
    issued = 0
    connections = 0
    outstanding = 0  # recorded requests in flight
    completed = 0  # recorded requests completed inside the slice
    pending: list[_Conn] = []  # connections to (re)start from the main loop, never recursively

    def close(conn: _Conn) -> None:
        if conn.sock is not None:
            with contextlib.suppress(KeyError, ValueError):
                sel.unregister(conn.sock)
            conn.sock.close()
            conn.sock = None
        conn.reused = False

    def start(conn: _Conn) -> None:
        nonlocal issued, connections, outstanding
        now = clock()
        if issued >= max_requests or now >= t_stop or (now >= t_end and not outstanding):
            close(conn)
            conn.state = "done"
            return
        issued += 1
        conn.recorded = record and now < t_end
        outstanding += conn.recorded
        conn.buf.clear()
        conn.need = -1
        conn.start = clock()
        if conn.sock is None:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connections += 1
            code = sock.connect_ex(address)
            conn.sock = sock
            if code not in (0, errno.EINPROGRESS):
                fail(conn, "connect")
                return
            conn.state = "connecting"
            sel.register(sock, selectors.EVENT_WRITE, conn)
            return
        try:  # a kept-alive connection, still registered for reading
            conn.sock.send(request)
        except OSError:
            lost(conn)
            return
        conn.state = "reading"

    def connected(conn: _Conn) -> None:
        if conn.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
            fail(conn, "connect")
            return
        sel.modify(conn.sock, selectors.EVENT_READ, conn)
        try:
            conn.sock.send(request)  # a few hundred bytes into an empty buffer: sent whole
        except OSError:
            fail(conn, "reset")
            return
        conn.state = "reading"

    def lost(conn: _Conn) -> None:
        """The connection broke. A kept-alive one the server closed before answering is simply
        replaced (the request is sent again, not counted as an error); otherwise it is an error."""
        nonlocal issued
        stale = conn.reused and not conn.buf
        close(conn)
        if stale:
            issued -= 1
            settle(conn)
            conn.state = "idle"
            pending.append(conn)
        else:
            fail(conn, "reset")

    def settle(conn: _Conn) -> None:
        nonlocal outstanding
        outstanding -= conn.recorded
        conn.recorded = False

    def fail(conn: _Conn, kind: str) -> None:
        errors[kind] += record
        settle(conn)
        close(conn)
        conn.state = "idle"
        pending.append(conn)

    def complete(conn: _Conn) -> None:
        nonlocal completed
        now = clock()
        status = int(conn.buf[9:12]) if conn.buf.startswith(b"HTTP/") else 0
        if conn.recorded:
            latencies.append(now - conn.start)
            statuses[status] = statuses.get(status, 0) + 1
            errors["status"] += status != 200
            completed += now <= t_end
        settle(conn)
        if conn.keep:
            conn.reused = True
        else:
            close(conn)
        conn.state = "idle"
        start(conn)

    def readable(conn: _Conn) -> None:
        try:
            data = conn.sock.recv(262144)
        except BlockingIOError:
            return
        except OSError:
            lost(conn)
            return
        if not data:
            if conn.need == -1 and conn.buf.find(b"\r\n\r\n") > 0:
                conn.keep = False
                complete(conn)  # no Content-Length: the body ended with the connection
            else:
                lost(conn)
            return
        conn.buf += data
        if conn.need == -1:
            head_end = conn.buf.find(b"\r\n\r\n")
            if head_end < 0:
                return
            head = bytes(conn.buf[:head_end])
            length = _header(head, b"content-length")
            if length is None:
                return  # read until the server closes
            conn.need = head_end + 4 + int(length)
            closes = (_header(head, b"connection") or b"").lower() == b"close"
            conn.keep = keep_alive and not closes
        if len(conn.buf) >= conn.need:
            complete(conn)

    conns = [_Conn() for _ in range(concurrency)]
    for conn in conns:
        start(conn)
    while True:
        while pending:
            start(pending.pop())
        if all(conn.state == "done" for conn in conns):
            break
        now = clock()
        if now >= t_stop:
            for conn in conns:
                if conn.state != "done" and conn.recorded:
                    # A lower bound of its latency: p50/p99 are then lower bounds too.
                    latencies.append(now - conn.start)
                    unfinished += 1
                close(conn)
            break
        for key, mask in sel.select(timeout=0.05):
            conn = key.data
            if conn.sock is None:
                continue
            if conn.state == "connecting":
                connected(conn)
            elif mask & selectors.EVENT_READ:
                readable(conn)
    sel.close()
    return {
        "latencies": latencies,
        "statuses": statuses,
        "errors": errors if record else dict.fromkeys(errors, 0),
        "completed": completed,
        "unfinished": unfinished,
        "connections": connections,
        "seconds": seconds,
    }


def run(
    address: tuple[str, int],
    paths: list[str],
    *,
    concurrency: int = 16,
    slice_seconds: float = 1.0,
    rounds: int = 5,
    warmup: float = 1.0,
    max_requests: int = 1_000_000,
    keep_alive: bool = True,
) -> dict:
    """Warm every path up, then load the paths in turn for `rounds` rounds; figures per path."""
    cpu0, wall0 = os.times(), time.perf_counter()
    for path in paths:
        if warmup > 0:
            load_slice(address, path, concurrency=concurrency, seconds=warmup, record=False,
                       max_requests=max_requests, keep_alive=keep_alive)  # fmt: skip
    cpu1, wall1 = os.times(), time.perf_counter()
    slices: dict[str, list[dict]] = {path: [] for path in paths}
    for _ in range(rounds):
        for path in paths:
            slices[path].append(
                load_slice(
                    address,
                    path,
                    concurrency=concurrency,
                    seconds=slice_seconds,
                    max_requests=max(1, max_requests // rounds),
                    keep_alive=keep_alive,
                )
            )
    cpu2, wall2 = os.times(), time.perf_counter()
    results = {}
    for path, parts in slices.items():
        latencies = sorted(x for part in parts for x in part["latencies"])
        count = len(latencies)
        done = sum(part["completed"] for part in parts)
        measured = sum(part["seconds"] for part in parts)
        errors: dict[str, int] = {}
        statuses: dict[str, int] = {}
        for part in parts:
            for kind, n in part["errors"].items():
                if n:
                    errors[kind] = errors.get(kind, 0) + n
            for code, n in part["statuses"].items():
                statuses[str(code)] = statuses.get(str(code), 0) + n
        results[path] = {
            "requests": count,
            "rps": done / measured if measured else 0.0,
            "rps_rounds": [round(p["completed"] / p["seconds"], 1) for p in parts],
            "errors": sum(errors.values()),
            "unfinished": sum(part["unfinished"] for part in parts),
            "error_kinds": errors,
            "statuses": statuses,
            "connections": sum(part["connections"] for part in parts),
            "mean_ms": sum(latencies) / count / 1e6 if count else 0.0,
            "p50_ms": percentile(latencies, 0.50) / 1e6,
            "p90_ms": percentile(latencies, 0.90) / 1e6,
            "p99_ms": percentile(latencies, 0.99) / 1e6,
            "max_ms": latencies[-1] / 1e6 if count else 0.0,
        }

    def cpu(a, b) -> float:
        return (b.user - a.user) + (b.system - a.system)

    return {
        "concurrency": concurrency,
        "slice_seconds": slice_seconds,
        "rounds": rounds,
        "warmup_seconds": warmup,
        "keep_alive": keep_alive,
        "warmup_wall_seconds": wall1 - wall0,
        "measured_wall_seconds": wall2 - wall1,
        "client_cpu_seconds": cpu(cpu1, cpu2),
        "client_cpu_seconds_warmup": cpu(cpu0, cpu1),
        "paths": results,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--slice", type=float, default=1.0, help="seconds per URL per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds per URL, not measured")
    parser.add_argument("--max-requests", type=int, default=1_000_000, help="per URL")
    parser.add_argument("--no-keep-alive", dest="keep_alive", action="store_false")
    args = parser.parse_args(argv)
    try:
        result = run(
            (args.host, args.port),
            args.paths,
            concurrency=args.concurrency,
            slice_seconds=args.slice,
            rounds=args.rounds,
            warmup=args.warmup,
            max_requests=args.max_requests,
            keep_alive=args.keep_alive,
        )
    except KeyboardInterrupt:
        return 130
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
