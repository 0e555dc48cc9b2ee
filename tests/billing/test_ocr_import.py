"""The bank's OCR giro file: preview, matching by KID, import, and never recording twice."""

import base64
import hashlib
import threading
import time
from datetime import date
from decimal import Decimal

import netsgiro
import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db import transaction as django_transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape
from netsgiro import (
    Assignment,
    AssignmentType,
    ServiceCode,
    Transaction,
    TransactionType,
    Transmission,
)

from billing.kid import kid_build, kid_is_valid
from billing.models import Invoice, OcrImport, Payment
from billing.services import (
    invoice_credit,
    invoice_draft_create,
    invoice_issue,
    ocr_import,
    ocr_preview,
    payment_register,
)
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

NETS_DATE = date(2026, 3, 2)
IMPORT_URL = "/en/admin/billing/payment/import-ocr/"
# netsgiro cannot write a transaction without a KID; this one is blanked in the file afterwards.
NO_KID = "9" * 25


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """A request to /en/… leaves English active in the thread; later tests expect the default."""
    yield
    translation.deactivate()


def issued_invoice(*, name: str = "Kontorverket AS", price: str = "6000.00") -> Invoice:
    """7 500,00 incl. VAT by default."""
    organisation = OrganisationFactory(legal_name=name)
    draft = invoice_draft_create(
        organisation=organisation,
        lines=[{"description": "Medlemskontingent 2026", "unit_price": Decimal(price)}],
    )
    return invoice_issue(invoice=draft, today=date(2026, 2, 1), send=False)


def transaction(number: int, kid: str | None, amount: str, **changes) -> Transaction:
    fields = {
        "service_code": ServiceCode.OCR_GIRO,
        "type": TransactionType.PURCHASE_WITH_TEXT,
        "number": number,
        "date": NETS_DATE,
        "amount": Decimal(amount),
        "kid": kid,
        "reference": "099038562",
        "text": "Kontingent",
        "centre_id": "13",
        "day_code": 2,
        "partial_settlement_number": 1,
        "partial_settlement_serial_number": "01800",
        "sign": "0",
        "form_number": "9636827194",
        "bank_date": date(2026, 3, 1),
        "debit_account": "99990512341",
        "filler": "0000000",
    }
    return Transaction(**{**fields, **changes})


def ocr_file(*transactions: Transaction, transmission: str = "1000081") -> bytes:
    return ocr_file_of(assignment("4000086", *transactions), transmission=transmission)


def assignment(number: str, *transactions: Transaction) -> Assignment:
    result = Assignment(
        service_code=ServiceCode.OCR_GIRO,
        type=AssignmentType.TRANSACTIONS,
        number=number,
        account="12345678903",
        agreement_id="000000000",
        date=NETS_DATE,
    )
    result.transactions.extend(transactions)
    return result


def ocr_file_of(*assignments: Assignment, transmission: str = "1000081") -> bytes:
    """The file netsgiro writes, with end records that agree with what it holds."""
    sending = Transmission(
        number=transmission,
        data_transmitter="00008080",
        data_recipient="00012345",
        date=NETS_DATE,
    )
    sending.assignments.extend(assignments)
    return sending.to_ocr().replace(NO_KID, " " * 25).encode("iso-8859-1")


ASSIGNMENT_END, TRANSMISSION_END = b"NY090088", b"NY000089"
# Columns of an end record (both kinds): transactions, records, total amount in øre.
COUNT, RECORDS, TOTAL = 8, 16, 24


def edited(data: bytes, record: bytes, column: int, value: str) -> bytes:
    """The file with `value` written over the first line of the `record` kind from `column`."""
    lines = data.split(b"\n")
    index = next(n for n, line in enumerate(lines) if line.startswith(record))
    line = lines[index]
    lines[index] = line[:column] + value.encode() + line[column + len(value) :]
    return b"\n".join(lines)


@pytest.fixture
def staff_with_add_payment():
    person = UserFactory(is_staff=True)
    person.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_payment", "view_payment"])
    )
    return person


def test_the_test_files_round_trip_through_netsgiro():
    data = ocr_file(transaction(1, "0000100017", "7500.00"), transaction(2, NO_KID, "10.50"))
    parsed = netsgiro.parse(data.decode("iso-8859-1"))
    items = parsed.assignments[0].transactions
    assert [(t.number, t.kid, t.amount) for t in items] == [
        (1, "0000100017", Decimal(7500)),
        (2, None, Decimal("10.5")),
    ]


def test_preview_classifies_full_partial_over_unknown_and_bad_check_digit():
    full, partly, over = issued_invoice(), issued_invoice(), issued_invoice()
    unknown = kid_build(organisation_id=999, invoice_number=999)
    bad = full.kid[:-1] + str((int(full.kid[-1]) + 1) % 10)
    data = ocr_file(
        transaction(1, full.kid, "7500.00"),
        transaction(2, partly.kid, "2500.00"),
        transaction(3, over.kid, "8000.00"),
        transaction(4, unknown, "100.00"),
        transaction(5, bad, "200.00"),
        transaction(6, NO_KID, "300.00"),
    )
    with translation.override("en"):
        preview = ocr_preview(data=data, file_name="ocr.txt")
        reasons = [line.reason for line in preview.unmatched]
    assert [(line.invoice, line.coverage) for line in preview.matched] == [
        (full, "paid_in_full"),
        (partly, "underpaid"),
        (over, "overpaid"),
    ]
    assert [line.outstanding for line in preview.matched] == [Decimal("7500.00")] * 3
    assert [line.kid for line in preview.unmatched] == [unknown, bad, ""]
    assert reasons == [
        "No invoice has this KID.",
        "The KID is not valid (wrong check digit or length).",
        "The payment has no KID.",
    ]
    assert (preview.transmission_number, preview.can_import) == ("1000081", True)
    assert (preview.total_amount, preview.matched_total) == (Decimal("18600.00"), Decimal(18000))
    assert preview.sha256 == hashlib.sha256(data).hexdigest()


def test_earlier_lines_of_the_same_file_count_towards_the_outstanding_amount():
    invoice = issued_invoice()
    data = ocr_file(
        transaction(1, invoice.kid, "5000.00"),
        transaction(2, invoice.kid, "2500.00"),
        transaction(3, invoice.kid, "100.00"),
    )
    preview = ocr_preview(data=data, file_name="ocr.txt")
    assert [(line.outstanding, line.coverage) for line in preview.matched] == [
        (Decimal("7500.00"), "underpaid"),
        (Decimal("2500.00"), "paid_in_full"),
        (Decimal("0.00"), "overpaid"),
    ]


def test_import_records_payments_and_brings_the_invoices_up_to_date(secretariat_user):
    full, partly, over = issued_invoice(), issued_invoice(), issued_invoice()
    data = ocr_file(
        transaction(1, full.kid, "7500.00"),
        transaction(2, partly.kid, "2500.00"),
        transaction(3, over.kid, "8000.00"),
        transaction(4, kid_build(organisation_id=999, invoice_number=999), "100.00"),
    )
    result = ocr_import(data=data, file_name="OCR.D020326.txt", user=secretariat_user)
    counts = (result.transactions, result.matched, result.unmatched, result.total_amount)
    assert counts == (4, 3, 1, Decimal("18100.00"))
    assert (result.transmission_number, result.imported_by) == ("1000081", secretariat_user)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    states = []
    for invoice in (full, partly, over):
        invoice.refresh_from_db()
        states.append((invoice.status, invoice.paid_amount, invoice.outstanding))
    assert states == [
        ("paid", Decimal("7500.00"), Decimal("0.00")),
        ("partly_paid", Decimal("2500.00"), Decimal("5000.00")),
        ("paid", Decimal("8000.00"), Decimal("0.00")),
    ]
    payment = Payment.objects.get(invoice=full)
    assert (payment.source, payment.paid_on, payment.ocr_import) == ("ocr", NETS_DATE, result)
    assert payment.reference == f"KID {full.kid}, Nets 099038562"
    assert payment.external_id == "nets:1000081:4000086:0000001:20260302"
    assert payment.registered_by == secretariat_user
    assert Payment.objects.count() == 3  # the unmatched line is not a payment


def test_the_same_file_twice_records_nothing_twice(secretariat_user):
    invoice = issued_invoice()
    data = ocr_file(transaction(1, invoice.kid, "7500.00"))
    first = ocr_import(data=data, file_name="ocr.txt", user=secretariat_user)
    with translation.override("en"):
        preview = ocr_preview(data=data, file_name="ocr-again.txt")
        assert (preview.previous_import, preview.can_import) == (first, False)
        assert [line.status for line in preview.lines] == ["duplicate"]
        with pytest.raises(ValidationError) as error:
            ocr_import(data=data, file_name="ocr-again.txt", user=secretariat_user)
    assert "This file was already imported on" in error.value.messages[0]
    assert (OcrImport.objects.count(), Payment.objects.count()) == (1, 1)
    invoice.refresh_from_db()
    assert invoice.paid_amount == Decimal("7500.00")


def test_a_transaction_delivered_again_in_another_file_is_a_duplicate(secretariat_user):
    first_invoice, second_invoice = issued_invoice(), issued_invoice()
    ocr_import(
        data=ocr_file(transaction(1, first_invoice.kid, "7500.00")),
        file_name="ocr-1.txt",
        user=secretariat_user,
    )
    # The bank sends the transmission again, now with one more transaction: another checksum.
    again = ocr_file(
        transaction(1, first_invoice.kid, "7500.00"),
        transaction(2, second_invoice.kid, "7500.00"),
    )
    preview = ocr_preview(data=again, file_name="ocr-2.txt")
    assert [(line.number, line.status) for line in preview.lines] == [
        (1, "duplicate"),
        (2, "matched"),
    ]
    assert preview.duplicates[0].invoice == first_invoice
    result = ocr_import(data=again, file_name="ocr-2.txt", user=secretariat_user)
    assert (result.transactions, result.matched, result.unmatched) == (2, 1, 0)
    assert sorted(Payment.objects.values_list("invoice__number", flat=True)) == [
        first_invoice.number,
        second_invoice.number,
    ]
    first_invoice.refresh_from_db()
    assert first_invoice.paid_amount == Decimal("7500.00")


def test_a_reversal_is_recorded_as_a_negative_payment(secretariat_user):
    invoice = issued_invoice()
    data = ocr_file(
        transaction(1, invoice.kid, "7500.00"),
        transaction(2, invoice.kid, "7500.00", type=TransactionType.REVERSING_WITH_TEXT, sign="-"),
    )
    assert [line.coverage for line in ocr_preview(data=data, file_name="r.txt").matched] == [
        "paid_in_full",
        "reversal",
    ]
    ocr_import(data=data, file_name="r.txt", user=secretariat_user)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_amount) == ("issued", Decimal("0.00"))


def test_credit_notes_and_credited_invoices(secretariat_user):
    invoice = issued_invoice()
    invoice_credit(invoice=invoice, today=date(2026, 2, 10), send=False)
    # The KID still names the invoice: the money came in, so it is recorded, and owed back.
    data = ocr_file(transaction(1, invoice.kid, "7500.00"))
    preview = ocr_preview(data=data, file_name="c")
    assert [(line.invoice, line.coverage) for line in preview.matched] == [(invoice, "refund_due")]
    with translation.override("en"):
        assert str(preview.matched[0].coverage_label) == "credited invoice: refund due"
    ocr_import(data=data, file_name="c", user=secretariat_user)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_amount, invoice.refund_due) == (
        "credited",
        Decimal("7500.00"),
        Decimal("7500.00"),
    )


def test_the_preview_labels_money_for_a_credited_invoice_as_refund_due(client, secretariat_user):
    invoice = issued_invoice(name="Kreditert AS")
    invoice_credit(invoice=invoice, today=date(2026, 2, 10), send=False)
    client.force_login(secretariat_user)
    data = ocr_file(transaction(1, invoice.kid, "7500.00"))
    html = client.post(IMPORT_URL, {"file": _upload(data), "_preview": "1"}).content.decode()
    assert '<td class="coverage-refund_due">credited invoice: refund due</td>' in html
    assert "Record 1 payment" in html


def test_kids_issued_under_an_earlier_algorithm_still_match(settings, secretariat_user):
    settings.INVOICE_KID_ALGORITHM = "mod10"
    invoices = [issued_invoice() for _ in range(3)]
    settings.INVOICE_KID_ALGORITHM = "mod11"
    # At least one of the mod10 KIDs has a wrong mod11 check digit (nine in ten do).
    assert any(not kid_is_valid(invoice.kid) for invoice in invoices)
    data = ocr_file(*(transaction(n, i.kid, "7500.00") for n, i in enumerate(invoices, 1)))
    preview = ocr_preview(data=data, file_name="ocr.txt")
    assert [line.invoice for line in preview.matched] == invoices
    assert preview.unmatched == []
    unknown = kid_build(organisation_id=999, invoice_number=999)
    bad = unknown[:-1] + ("0" if unknown[-1] != "0" else "1")
    data = ocr_file(transaction(1, unknown, "1.00"), transaction(2, bad, "1.00"))
    with translation.override("en"):
        reasons = [line.reason for line in ocr_preview(data=data, file_name="x").unmatched]
    assert reasons == [
        "No invoice has this KID.",
        "The KID is not valid (wrong check digit or length).",
    ]


def test_a_reversal_larger_than_what_was_paid_is_not_matched(secretariat_user):
    invoice = issued_invoice()
    reversal = {"type": TransactionType.REVERSING_WITH_TEXT, "sign": "-"}
    data = ocr_file(
        transaction(1, invoice.kid, "1000.00"),
        transaction(2, invoice.kid, "1000.00", **reversal),
        transaction(3, invoice.kid, "0.01", **reversal),
    )
    with translation.override("en"):
        preview = ocr_preview(data=data, file_name="r.txt")
    assert [line.number for line in preview.matched] == [1, 2]
    assert [(line.number, line.reason) for line in preview.unmatched] == [
        (3, "The reversal is larger than what has been paid for the invoice.")
    ]
    ocr_import(data=data, file_name="r.txt", user=secretariat_user)
    invoice.refresh_from_db()
    assert (invoice.paid_amount, invoice.payments.count()) == (Decimal("0.00"), 2)


def test_a_file_name_longer_than_what_is_kept_can_still_be_imported(client, secretariat_user):
    invoice = issued_invoice()
    data = ocr_file(transaction(1, invoice.kid, "7500.00"))
    name = "O" * 251 + ".txt"
    client.force_login(secretariat_user)
    preview = client.post(IMPORT_URL, {"file": _upload(data, name=name), "_preview": "1"})
    confirm = preview.context["confirm_form"].initial
    assert confirm["file_name"] == name[:200]
    response = client.post(IMPORT_URL, {**confirm, "_confirm": "1"}, follow=True)
    assert "1 payment was recorded from" in response.content.decode()
    assert OcrImport.objects.get().file_name == name[:200]
    assert Payment.objects.get().invoice == invoice


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"this is not an OCR file\n",
        b"NY000010" + b"0" * 50,
        "Kvittering for innbetaling æøå\n".encode("iso-8859-1") * 3,
    ],
)
def test_a_malformed_file_is_a_validation_error_and_saves_nothing(data):
    with pytest.raises(ValidationError):
        ocr_preview(data=data, file_name="bad.txt")
    with pytest.raises(ValidationError):
        ocr_import(data=data, file_name="bad.txt", user=None)
    assert (OcrImport.objects.count(), Payment.objects.count()) == (0, 0)


def test_a_truncated_file_is_refused(secretariat_user):
    invoice = issued_invoice()
    lines = ocr_file(transaction(1, invoice.kid, "7500.00")).splitlines()
    with pytest.raises(ValidationError):
        ocr_import(data=b"\n".join(lines[:-2]), file_name="cut.txt", user=secretariat_user)
    assert Payment.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL")
def test_the_same_file_imported_twice_at_the_same_moment_is_recorded_once():
    """The other import has written its OcrImport row but not committed: ours passes the preview,
    then waits on the unique checksum, and ends in a ValidationError instead of a 500."""
    invoice, user = issued_invoice(), UserFactory()
    data = ocr_file(transaction(1, invoice.kid, "7500.00"))
    outcome = []

    def import_in_a_thread() -> None:
        try:
            with translation.override("en"):
                ocr_import(data=data, file_name="ocr.txt", user=user)
        except ValidationError as error:
            outcome.extend(error.messages)
        finally:
            connection.close()

    with django_transaction.atomic():
        OcrImport.objects.create(
            file_name="ocr.txt", sha256=hashlib.sha256(data).hexdigest(), transmission_number="1"
        )
        thread = threading.Thread(target=import_in_a_thread)
        thread.start()
        _wait_until_a_query_waits_for_a_lock()
    thread.join(timeout=30)
    assert outcome
    assert "imported by someone else at the same time" in outcome[0]
    assert (OcrImport.objects.count(), Payment.objects.count()) == (1, 0)


def _wait_until_a_query_waits_for_a_lock() -> None:
    with connection.cursor() as cursor:
        for _attempt in range(200):
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else fixed for the transaction
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the second import never waited for the first")


# The admin ---------------------------------------------------------------------------------


def test_admin_preview_lists_matched_unmatched_and_duplicates_then_confirm_records(
    client, secretariat_user
):
    full = issued_invoice(name="Kontorverket AS")
    partly = issued_invoice(name="Delbetalerne AS")
    earlier = issued_invoice(name="Tidligere AS")
    ocr_import(
        data=ocr_file(transaction(3, earlier.kid, "7500.00")),
        file_name="before.txt",
        user=secretariat_user,
    )
    unknown = kid_build(organisation_id=999, invoice_number=999)
    data = ocr_file(
        transaction(1, full.kid, "7500.00"),
        transaction(2, partly.kid, "1234.50"),
        transaction(3, earlier.kid, "7500.00"),
        transaction(4, unknown, "99.00"),
    )
    client.force_login(secretariat_user)
    html = client.get(IMPORT_URL).content.decode()
    assert 'type="file" name="file"' in html
    response = client.post(IMPORT_URL, {"file": _upload(data), "_preview": "1"})
    html = response.content.decode()
    assert "Matched to an invoice (2)" in html
    assert "Kontorverket AS" in html
    assert "Delbetalerne AS" in html
    assert "paid in full" in html
    assert "underpaid" in html
    assert "NOK\xa01,234.50" in html
    assert "NOK\xa07,500.00" in html
    assert "Not matched: not recorded (1)" in html
    assert unknown in html
    assert "No invoice has this KID." in html
    assert "Already recorded (1)" in html
    assert "Record 2 payments" in html
    content = base64.b64encode(data).decode()
    assert f'value="{content}"' in html
    assert Payment.objects.count() == 1  # the preview records nothing

    response = client.post(
        IMPORT_URL,
        {
            "file_name": "OCR.txt",
            "content": content,
            "sha256": hashlib.sha256(data).hexdigest(),
            "_confirm": "1",
        },
        follow=True,
    )
    assert "2 payments were recorded from OCR.txt." in response.content.decode()
    result = OcrImport.objects.get(file_name="OCR.txt")
    assert response.redirect_chain[-1][0] == f"/en/admin/billing/ocrimport/{result.pk}/change/"
    assert sorted(result.payments.values_list("amount", flat=True)) == [
        Decimal("1234.50"),
        Decimal("7500.00"),
    ]
    partly.refresh_from_db()
    assert (partly.status, partly.paid_amount) == ("partly_paid", Decimal("1234.50"))


def test_admin_confirm_recomputes_and_refuses_a_changed_file(client, secretariat_user):
    invoice = issued_invoice()
    data = ocr_file(transaction(1, invoice.kid, "7500.00"))
    client.force_login(secretariat_user)
    response = client.post(
        IMPORT_URL,
        {
            "file_name": "OCR.txt",
            "content": base64.b64encode(data).decode(),
            "sha256": "0" * 64,
            "_confirm": "1",
        },
        follow=True,
    )
    assert "The file changed after the preview" in response.content.decode()
    assert Payment.objects.count() == 0


def test_admin_the_same_file_twice_says_so_and_records_nothing(client, secretariat_user):
    invoice = issued_invoice()
    data = ocr_file(transaction(1, invoice.kid, "7500.00"))
    ocr_import(data=data, file_name="ocr.txt", user=secretariat_user)
    client.force_login(secretariat_user)
    html = client.post(IMPORT_URL, {"file": _upload(data), "_preview": "1"}).content.decode()
    assert "This file was already imported on" in html
    assert "_confirm" not in html
    confirm = {
        "file_name": "ocr.txt",
        "content": base64.b64encode(data).decode(),
        "sha256": hashlib.sha256(data).hexdigest(),
        "_confirm": "1",
    }
    html = client.post(IMPORT_URL, confirm, follow=True).content.decode()
    assert "This file was already imported on" in html
    assert (OcrImport.objects.count(), Payment.objects.count()) == (1, 1)


def test_admin_shows_a_malformed_file_error_next_to_the_upload_field(client, secretariat_user):
    client.force_login(secretariat_user)
    upload = _upload(b"NY0000100000000\nnot at all\n", name="bad.txt")
    response = client.post(IMPORT_URL, {"file": upload, "_preview": "1"})
    html = response.content.decode()
    assert "This is not an OCR giro file from Nets that can be read" in html
    assert 'class="form-row errors"' in html
    assert (OcrImport.objects.count(), Payment.objects.count()) == (0, 0)


def test_the_payment_list_links_to_the_import(client, secretariat_user):
    client.force_login(secretariat_user)
    html = client.get("/en/admin/billing/payment/").content.decode()
    assert f'href="{IMPORT_URL}"' in html
    assert "Import OCR file" in html


def test_staff_with_add_payment_may_import(client, staff_with_add_payment):
    client.force_login(staff_with_add_payment)
    assert "Show what the file holds" in client.get(IMPORT_URL).content.decode()


def test_staff_without_the_permission_cannot_reach_the_import(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(IMPORT_URL)
    assert response.status_code == 403
    assert "Show what the file holds" not in response.content.decode()


def test_a_member_who_is_not_staff_is_sent_to_sign_in(client):
    invoice = issued_invoice()
    client.force_login(UserFactory())
    data = ocr_file(transaction(1, invoice.kid, "7500.00"))
    response = client.post(IMPORT_URL, {"file": _upload(data), "_preview": "1"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert Payment.objects.count() == 0


def _upload(data: bytes, name: str = "OCR.D020326.txt"):
    return SimpleUploadedFile(name, data, content_type="text/plain")


# The file checked against its own end records: nothing dropped, nothing merged ---------------


def refusal(client, data: bytes) -> list[str]:
    """Why the file is refused, as the admin shows it next to the upload field and as the import
    says it; nothing is recorded from it."""
    response = client.post(IMPORT_URL, {"file": _upload(data), "_preview": "1"})
    shown = [str(error) for error in response.context["form"].errors["file"]]
    html = response.content.decode()
    assert 'class="form-row errors"' in html
    assert all(escape(message) in html for message in shown)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        ocr_import(data=data, file_name="ocr.txt", user=None)
    assert error.value.messages == shown
    assert (OcrImport.objects.count(), Payment.objects.count()) == (0, 0)
    return shown


def unpaid(*invoices: Invoice) -> bool:
    return all(
        (invoice.status, invoice.paid_amount) == ("issued", Decimal("0.00"))
        for invoice in Invoice.objects.filter(pk__in=[invoice.pk for invoice in invoices])
    )


def two_payments() -> tuple[bytes, Invoice, Invoice]:
    """7 500,00 and 2 500,00 for two invoices: 8 records in the assignment, 10 in the file."""
    first, second = issued_invoice(), issued_invoice()
    data = ocr_file(transaction(1, first.kid, "7500.00"), transaction(2, second.kid, "2500.00"))
    return data, first, second


def test_an_assignment_claiming_more_transactions_than_the_file_holds_is_refused(
    client, secretariat_user
):
    data, first, second = two_payments()
    client.force_login(secretariat_user)
    assert refusal(client, edited(data, ASSIGNMENT_END, COUNT, "00000003")) == [
        "Assignment 4000086 says it holds 3 transactions, but the file holds 2."
    ]
    assert unpaid(first, second)


def test_an_assignment_whose_total_disagrees_with_its_transactions_is_refused(
    client, secretariat_user
):
    data, first, second = two_payments()
    client.force_login(secretariat_user)
    assert refusal(client, edited(data, ASSIGNMENT_END, TOTAL, "00000000001000001")) == [
        "Assignment 4000086 says its transactions add up to NOK\xa010,000.01, but they add up to "
        "NOK\xa010,000.00."
    ]
    assert unpaid(first, second)


def test_an_assignment_whose_record_count_disagrees_with_the_file_is_refused(
    client, secretariat_user
):
    data, first, second = two_payments()
    client.force_login(secretariat_user)
    assert refusal(client, edited(data, ASSIGNMENT_END, RECORDS, "00000007")) == [
        "Assignment 4000086 says it holds 7 records, but the file holds 8."
    ]
    assert unpaid(first, second)


def test_a_transmission_end_record_that_disagrees_with_the_file_is_refused(
    client, secretariat_user
):
    data, first, second = two_payments()
    data = edited(data, TRANSMISSION_END, COUNT, "00000001" + "00000099" + "0" * 14 + "100")
    client.force_login(secretariat_user)
    assert refusal(client, data) == [
        "The transmission says it holds 1 transaction, but the file holds 2.",
        "The transmission says it holds 99 records, but the file holds 10.",
        "The transmission says its transactions add up to NOK\xa01.00, but they add up to "
        "NOK\xa010,000.00.",
    ]
    assert unpaid(first, second)


def test_two_transactions_with_the_same_number_in_one_assignment_are_refused_not_merged(
    client, secretariat_user
):
    first, second = issued_invoice(), issued_invoice()
    data = ocr_file(transaction(1, first.kid, "7500.00"), transaction(1, second.kid, "2500.00"))
    client.force_login(secretariat_user)
    assert refusal(client, data) == ["Assignment 4000086 holds more than one transaction number 1."]
    assert unpaid(first, second)


def test_an_assignment_number_repeated_in_the_file_is_refused_not_overwritten(
    client, secretariat_user
):
    first, second = issued_invoice(), issued_invoice()
    data = ocr_file_of(
        assignment("4000086", transaction(1, first.kid, "7500.00")),
        assignment("4000086", transaction(1, second.kid, "2500.00")),
    )
    client.force_login(secretariat_user)
    assert refusal(client, data) == ["The file holds more than one assignment number 4000086."]
    assert unpaid(first, second)


def test_an_assignment_total_that_nets_out_reversals_is_accepted_too(secretariat_user):
    """netsgiro (and so the other tests' files) adds up amounts without their sign; a bank that
    nets reversals out of the total writes the same file but for the total."""
    invoice = issued_invoice()
    reversal = {"type": TransactionType.REVERSING_WITH_TEXT, "sign": "-"}
    data = ocr_file(
        transaction(1, invoice.kid, "7500.00"), transaction(2, invoice.kid, "500.00", **reversal)
    )
    net = "0" * 11 + "700000"  # 7 000,00 in øre, 17 digits
    data = edited(edited(data, ASSIGNMENT_END, TOTAL, net), TRANSMISSION_END, TOTAL, net)
    ocr_import(data=data, file_name="net.txt", user=secretariat_user)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_amount) == ("partly_paid", Decimal("7000.00"))


def test_a_line_that_would_overflow_the_invoices_paid_total_is_not_matched(
    client, secretariat_user
):
    nearly_full, other = issued_invoice(), issued_invoice()
    payment_register(invoice=nearly_full, amount=Decimal("9999999999.00"), paid_on=NETS_DATE)
    data = ocr_file(
        transaction(1, nearly_full.kid, "7500.00"), transaction(2, other.kid, "7500.00")
    )
    client.force_login(secretariat_user)
    response = client.post(IMPORT_URL, {"file": _upload(data), "_preview": "1"})
    reason = (
        "The invoice's paid total would be too large to record: it must stay below "
        "NOK\xa010,000,000,000.00 (paid so far: NOK\xa09,999,999,999.00)."
    )
    preview = response.context["preview"]
    assert [(line.number, line.reason) for line in preview.unmatched] == [(1, reason)]
    assert [line.number for line in preview.matched] == [2]
    assert escape(reason) in response.content.decode()
    ocr_import(data=data, file_name="ocr.txt", user=secretariat_user)
    states = [
        (invoice.status, invoice.paid_amount, invoice.payments.count())
        for invoice in Invoice.objects.filter(pk__in=[nearly_full.pk, other.pk]).order_by("pk")
    ]
    assert states == [("paid", Decimal("9999999999.00"), 1), ("paid", Decimal("7500.00"), 1)]


def test_an_amount_too_large_for_a_payment_is_not_matched_and_the_file_not_imported(
    client, secretariat_user
):
    huge, other = issued_invoice(), issued_invoice()
    data = ocr_file(
        transaction(1, huge.kid, "10000000000.00"), transaction(2, other.kid, "7500.00")
    )
    client.force_login(secretariat_user)
    response = client.post(IMPORT_URL, {"file": _upload(data), "_preview": "1"})
    html = response.content.decode()
    reason = (
        "The amount is too large to record: a payment must stay below NOK\xa010,000,000,000.00."
    )
    preview = response.context["preview"]
    assert [(line.number, line.reason) for line in preview.unmatched] == [(1, reason)]
    too_large = (
        "The payments in the file add up to NOK\xa010,000,007,500.00, more than an import can "
        "record (it must stay below NOK\xa010,000,000,000.00). Nothing can be imported from it."
    )
    assert (preview.refusal, preview.can_import) == (too_large, False)
    assert escape(reason) in html
    assert escape(too_large) in html
    assert "_confirm" not in html
    with pytest.raises(ValidationError) as error, translation.override("en"):
        ocr_import(data=data, file_name="ocr.txt", user=secretariat_user)
    assert error.value.messages == [too_large]
    assert (OcrImport.objects.count(), Payment.objects.count()) == (0, 0)
    assert unpaid(huge, other)


def test_importing_costs_the_same_queries_however_many_lines_pay_one_invoice(secretariat_user):
    def queries_with(lines: int) -> int:
        invoice = issued_invoice()
        data = ocr_file(
            *(transaction(n, invoice.kid, "10.00") for n in range(1, lines + 1)),
            transmission=f"{lines:07d}",
        )
        with CaptureQueriesContext(connection) as queries:
            ocr_import(data=data, file_name=f"{lines}.txt", user=secretariat_user)
        invoice.refresh_from_db()
        assert (invoice.status, invoice.paid_amount) == ("partly_paid", Decimal(10 * lines))
        assert invoice.payments.count() == lines
        return len(queries)

    assert queries_with(2) == queries_with(40)
