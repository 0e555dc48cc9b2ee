"""Invoice numbering under concurrent issuing on PostgreSQL: throughput, gaps and duplicates.

    .venv/bin/python bench/invoice_numbering.py [--threads 8] [--invoices 400]

Creates a scratch database, migrates it, issues the invoices from parallel threads through the
real service (billing.services.invoice_issue, row lock on the number sequence), and then runs the
same allocation without the lock as a negative control. Prints figures; drops the database.
"""

import argparse
import os
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import django
from django.core.management import call_command
from django.db import connection, connections, transaction

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = f"coworking_bench_numbering_{os.getpid()}"


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", f"{SERVER}/postgres", "-qc", sql], check=True, capture_output=True, text=True
    )


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coworking_norge.settings_test")

    django.setup()

    call_command("migrate", verbosity=0)


def in_threads(count: int, work) -> tuple[list, float]:
    results: list = [None] * count
    start = threading.Barrier(count + 1)

    def target(index: int) -> None:
        start.wait()
        try:
            results[index] = work(index)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - began


def locked_run(threads: int, invoices: int) -> None:
    from billing.models import Invoice  # noqa: PLC0415  (models load after django.setup())
    from billing.services import invoice_draft_create, invoice_issue  # noqa: PLC0415  (models load after django.setup())
    from members.models import MembershipTier, Organisation  # noqa: PLC0415  (models load after django.setup())

    tier = MembershipTier.objects.create(name="Bench", yearly_fee=Decimal(6000))
    organisation = Organisation.objects.create(
        legal_name="Bench AS",
        organisation_number="987654325",
        invoice_email="b@example.org",
        status="member",
        member_since="2020-01-01",
        tier=tier,
    )
    fee = [{"description": "Medlemskontingent", "unit_price": Decimal("6000.00")}]
    per = invoices // threads
    drafts = [
        [invoice_draft_create(organisation=organisation, lines=fee).pk for _ in range(per)]
        for _ in range(threads)
    ]

    def work(index: int) -> list[int]:
        return [invoice_issue(invoice=Invoice(pk=pk), send=False).number for pk in drafts[index]]

    results, seconds = in_threads(threads, work)
    numbers = sorted(n for batch in results for n in batch)
    total = per * threads
    gaps = len(set(range(1, total + 1)) - set(numbers))
    duplicates = len(numbers) - len(set(numbers))
    print(
        f"with the lock:    {threads} threads issued {total} invoices in {seconds:.2f} s "
        f"({total / seconds:.0f}/s); numbers 1–{numbers[-1]}, gaps {gaps}, duplicates {duplicates}"
    )


def unlocked_run(threads: int) -> None:
    from billing.models import InvoiceSequence  # noqa: PLC0415  (models load after django.setup())

    InvoiceSequence.objects.update_or_create(name="unlocked", defaults={"next_number": 1})
    read = threading.Barrier(threads)

    def work(_index: int) -> int:
        with transaction.atomic():
            sequence = InvoiceSequence.objects.get(name="unlocked")
            read.wait()
            sequence.next_number += 1
            sequence.save(update_fields=["next_number"])
            return sequence.next_number - 1

    numbers, _seconds = in_threads(threads, work)
    print(
        f"without the lock: {threads} threads took {len(set(numbers))} distinct number(s) "
        f"for {threads} invoices: {sorted(numbers)}  (the race the lock prevents)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--invoices", type=int, default=400)
    options = parser.parse_args()
    psql(f"CREATE DATABASE {DATABASE}")
    try:
        setup_django()
        locked_run(options.threads, options.invoices)
        unlocked_run(options.threads)
    finally:
        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    main()
