"""Gapless invoice numbers under concurrent issuing, on PostgreSQL (SQLite runs one writer at a
time, so the race cannot happen there and these tests are skipped)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from billing.models import Invoice, InvoiceSequence
from billing.services import invoice_draft_create, invoice_issue, invoice_number_next
from tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"),
]

THREADS = 8
PER_THREAD = 12


def run_in_threads(work, count: int) -> list:
    """Run work(index) in `count` threads, each with its own database connection."""
    results, errors = [None] * count, []

    def target(index: int) -> None:
        try:
            results[index] = work(index)
        except Exception as error:  # collected, and the first re-raised below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results


def test_concurrent_issuing_hands_out_every_number_once_and_in_order():
    # An organisation to each thread: issuing locks the invoice's organisation too, so drafts of
    # one organisation would wait for each other even without the number's own lock.
    organisations = [OrganisationFactory() for _ in range(THREADS)]
    fee = {"description": "Medlemskontingent", "unit_price": Decimal("1000.00")}
    drafts = [
        [invoice_draft_create(organisation=organisation, lines=[fee]).pk for _ in range(PER_THREAD)]
        for organisation in organisations
    ]
    start = threading.Barrier(THREADS)

    def issue_all(index: int) -> list[int]:
        start.wait()
        return [invoice_issue(invoice=Invoice(pk=pk), send=False).number for pk in drafts[index]]

    numbers = [n for batch in run_in_threads(issue_all, THREADS) for n in batch]
    total = THREADS * PER_THREAD
    assert sorted(numbers) == list(range(1, total + 1))
    # Strictly increasing in the order they were issued, and each KID unique.
    by_time = list(Invoice.objects.order_by("issued_at", "number").values_list("number", flat=True))
    assert by_time == list(range(1, total + 1))
    assert Invoice.objects.values("kid").distinct().count() == total
    assert InvoiceSequence.objects.get().next_number == total + 1


def test_negative_control_reading_the_counter_without_the_lock_hands_out_duplicates():
    """The same allocation without SELECT … FOR UPDATE: every thread reads the counter before any
    writes it, and they all take the same number. This is the race the lock prevents."""
    InvoiceSequence.objects.create(name="invoice", next_number=1)
    read = threading.Barrier(THREADS)

    def unlocked_next(_index: int) -> int:
        with transaction.atomic():
            sequence = InvoiceSequence.objects.get(name="invoice")  # no lock
            read.wait()
            number = sequence.next_number
            sequence.next_number = number + 1
            sequence.save(update_fields=["next_number"])
            return number

    numbers = run_in_threads(unlocked_next, THREADS)
    assert numbers == [1] * THREADS
    assert InvoiceSequence.objects.get().next_number == 2  # lost updates


def test_the_locked_allocation_under_the_same_start_hands_out_distinct_numbers():
    InvoiceSequence.objects.create(name="invoice", next_number=1)
    start = threading.Barrier(THREADS)

    def locked_next(_index: int) -> int:
        start.wait()
        with transaction.atomic():
            return invoice_number_next()

    numbers = run_in_threads(locked_next, THREADS)
    assert sorted(numbers) == list(range(1, THREADS + 1))
    assert InvoiceSequence.objects.get().next_number == THREADS + 1
