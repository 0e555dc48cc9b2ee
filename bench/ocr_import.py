"""The bank's OCR giro import with a large file: seconds for the preview and for the import.

    .venv/bin/python bench/ocr_import.py        # SQLite; PostgreSQL too if DATABASE_URL is one
    .venv/bin/python bench/ocr_import.py --transactions 4000 --invoices 800
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/ocr_import.py

Each database gets a throwaway copy (SQLite in a temporary directory; on PostgreSQL a database
named coworking_bench_ocr_<pid> on DATABASE_URL's server, dropped afterwards), migrated, with
several hundred issued invoices, a third of them with one to three earlier payments. The file
holds --transactions transactions of two records each (transaction type 10, "from giro debited
account": amount item 1 and 2, no text record), so 2,000 transactions make a file of 4,004
lines: three invoices get 150 payments each, 40 lines carry a KID no invoice has, 10 are
reversals of earlier payments, and the rest are spread over the other invoices. It times
billing.services.ocr_preview and then ocr_import, each once, in-process, with the test settings
(DEBUG off), and checks that every matched line became one payment.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH_DIR))

NETS_DATE = date(2026, 3, 2)
MANY_PAYMENTS = (3, 150)  # invoices that get many payments in the file, and how many each
UNKNOWN_KIDS = 40
REVERSALS = 10


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=2000)
    parser.add_argument("--invoices", type=int, default=400)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)
    with tempfile.TemporaryDirectory(prefix="coworking-ocr-bench-") as tmp:
        report("SQLite", run_child(args, f"sqlite:///{tmp}/ocr.sqlite3"))
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")) and not args.no_postgres:
        report("PostgreSQL", on_postgres(args, url))
    return 0


def on_postgres(args: argparse.Namespace, url: str) -> dict:
    import run as bench  # noqa: PLC0415 (bench/run.py: its PostgreSQL helpers)

    scratch = url.rsplit("/", 1)[0] + f"/coworking_bench_ocr_{os.getpid()}"
    bench.pg_create(scratch)
    try:
        return run_child(args, scratch)
    finally:
        bench.pg_drop(scratch)


def run_child(args: argparse.Namespace, database_url: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "coworking_norge.settings_test",
    }
    command = [sys.executable, __file__, "--child", "--transactions", str(args.transactions)]
    command += ["--invoices", str(args.invoices)]
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"the benchmark failed on {database_url}:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(database: str, result: dict) -> None:
    print(
        f"{database}: {result['lines']} lines ({result['transactions']} transactions, "
        f"{result['invoices']} invoices, {result['payments_before']} earlier payments)\n"
        f"  preview {result['preview_s']:.2f} s ({result['preview_queries']} queries), "
        f"import {result['import_s']:.2f} s ({result['import_queries']} queries); "
        f"{result['recorded']} payments recorded, {result['unmatched']} lines not matched",
        flush=True,
    )


# --- in the child process, with Django set up ----------------------------------------------


def child(args: argparse.Namespace) -> int:
    import django  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    django.setup()
    call_command("migrate", verbosity=0)
    invoices = make_invoices(args.invoices)
    data = make_file(invoices, args.transactions)
    print(json.dumps(measure(data, invoices)))
    return 0


def make_invoices(count: int) -> list:
    from billing.services import (  # noqa: PLC0415
        invoice_draft_create,
        invoice_issue,
        payment_register,
    )
    from members.models import MembershipTier, Organisation  # noqa: PLC0415

    tier = MembershipTier.objects.create(name="Bench", yearly_fee=Decimal(6000))
    chance = random.Random(2026)
    invoices = []
    for number in range(count):
        organisation = Organisation.objects.create(
            legal_name=f"Bench {number} AS",
            organisation_number=f"{800000000 + number}",
            invoice_email=f"faktura{number}@example.org",
            status="member",
            member_since=date(2020, 1, 1),
            tier=tier,
        )
        lines = [{"description": "Medlemskontingent 2026", "unit_price": Decimal("6000.00")}]
        draft = invoice_draft_create(organisation=organisation, lines=lines)
        invoice = invoice_issue(invoice=draft, today=date(2026, 2, 1), send=False)
        if number % 3 == 0:
            for _earlier in range(chance.randint(1, 3)):
                amount = Decimal(chance.randint(100, 1500))
                payment_register(invoice=invoice, amount=amount, paid_on=date(2026, 2, 15))
            invoice.refresh_from_db()
        invoices.append(invoice)
    return invoices


def make_file(invoices: list, transactions: int) -> bytes:
    """`transactions` transactions of two records each, in one assignment."""
    import netsgiro  # noqa: PLC0415

    chance = random.Random(81)
    many, per = MANY_PAYMENTS
    kids = [invoice.kid for invoice in invoices[:many] for _ in range(per)]
    kids += [f"{990000000 + n:010d}" for n in range(UNKNOWN_KIDS)]  # no invoice has these
    others = invoices[many:]
    kids += [chance.choice(others).kid for _ in range(transactions - len(kids) - REVERSALS)]
    chance.shuffle(kids)
    items = [(kid, Decimal(chance.randint(100, 2500)), "0") for kid in kids]
    paid = [invoice for invoice in others if invoice.paid_amount >= 100][:REVERSALS]
    items += [(invoice.kid, Decimal(50), "-") for invoice in paid]
    transmission = netsgiro.Transmission(
        number="1000081", data_transmitter="00008080", data_recipient="00012345", date=NETS_DATE
    )
    assignment = transmission.add_assignment(
        service_code=netsgiro.ServiceCode.OCR_GIRO,
        assignment_type=netsgiro.AssignmentType.TRANSACTIONS,
        number="4000086",
        account="12345678903",
        agreement_id="000000000",
        date=NETS_DATE,
    )
    assignment.transactions.extend(
        transaction(number, *item) for number, item in enumerate(items, start=1)
    )
    return transmission.to_ocr().encode("iso-8859-1")


def transaction(number: int, kid: str, amount: Decimal, sign: str):
    import netsgiro  # noqa: PLC0415

    kind = netsgiro.TransactionType
    return netsgiro.Transaction(
        service_code=netsgiro.ServiceCode.OCR_GIRO,
        type=kind.REVERSING_WITH_KID if sign == "-" else kind.FROM_GIRO_DEBITED_ACCOUNT,
        number=number,
        date=NETS_DATE,
        amount=amount,
        kid=kid,
        reference="099038562",
        text=None,
        centre_id="13",
        day_code=2,
        partial_settlement_number=1,
        partial_settlement_serial_number="01800",
        sign=sign,
        form_number="9636827194",
        bank_date=date(2026, 3, 1),
        debit_account="99990512341",
        filler="0000000",
    )


def measure(data: bytes, invoices: list) -> dict:
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from billing.models import Payment  # noqa: PLC0415
    from billing.services import ocr_import, ocr_preview  # noqa: PLC0415
    from members.models import User  # noqa: PLC0415

    secretary = User.objects.create(email="secretariat@example.org", name="Secretariat")
    before = Payment.objects.count()
    with CaptureQueriesContext(connection) as preview_queries:
        began = time.perf_counter()
        preview = ocr_preview(data=data, file_name="OCR.bench.txt")
        preview_s = time.perf_counter() - began
    with CaptureQueriesContext(connection) as import_queries:
        began = time.perf_counter()
        result = ocr_import(data=data, file_name="OCR.bench.txt", user=secretary)
        import_s = time.perf_counter() - began
    recorded = Payment.objects.count() - before
    if recorded != len(preview.matched) or recorded != result.matched:
        raise SystemExit(f"{recorded} payments recorded, {len(preview.matched)} matched")
    paid_totals_check()
    return {
        "lines": len(data.splitlines()),
        "transactions": len(preview.lines),
        "invoices": len(invoices),
        "payments_before": before,
        "preview_s": preview_s,
        "preview_queries": len(preview_queries),
        "import_s": import_s,
        "import_queries": len(import_queries),
        "recorded": recorded,
        "unmatched": result.unmatched,
    }


def paid_totals_check() -> None:
    """Every invoice's paid amount is the sum of its payments, as it should be after any import."""
    from django.db.models import Sum  # noqa: PLC0415

    from billing.models import Invoice, Payment  # noqa: PLC0415

    sums = dict(
        Payment.objects.order_by()
        .values("invoice")
        .annotate(total=Sum("amount"))
        .values_list("invoice", "total")
    )
    wrong = [i.pk for i in Invoice.objects.all() if i.paid_amount != sums.get(i.pk, 0)]
    if wrong:
        raise SystemExit(f"paid amounts that are not the sum of the payments: invoices {wrong}")


if __name__ == "__main__":
    sys.exit(main())
