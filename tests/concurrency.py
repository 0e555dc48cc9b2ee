"""Helpers for the PostgreSQL concurrency tests: work in threads, each on its own connection,
and waiting until another connection is blocked on a lock."""

import threading
import time

from django.core.exceptions import ValidationError
from django.db import connection


def in_two_threads(work, items) -> list:
    """work(item, barrier) for each of two items at once, each thread with its own connection;
    what each returned, or the ValidationError it raised."""
    barrier, results = threading.Barrier(2), [None, None]

    def target(index: int) -> None:
        try:
            results[index] = work(items[index], barrier)
        except ValidationError as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def wait_for_a_blocked_query() -> None:
    """Until another connection waits for a lock that this transaction holds."""
    deadline = time.monotonic() + 20
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
