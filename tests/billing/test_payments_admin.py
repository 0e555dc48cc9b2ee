"""Payments in the admin: registered by hand, corrected by a negative payment, never edited."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from billing.models import Invoice, OcrImport, Payment
from billing.services import invoice_credit, invoice_draft_create, invoice_issue, payment_register
from tests.concurrency import wait_for_a_blocked_query
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"
)
ADD_URL = "/en/admin/billing/payment/add/"
LIST_URL = "/en/admin/billing/payment/"


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """A request to /en/… leaves English active in the thread; later tests expect the default."""
    yield
    translation.deactivate()


def issued_invoice(*, name: str = "Kontorverket AS") -> Invoice:
    """7 500,00 incl. VAT."""
    draft = invoice_draft_create(
        organisation=OrganisationFactory(legal_name=name),
        lines=[{"description": "Medlemskontingent 2026", "unit_price": Decimal("6000.00")}],
    )
    return invoice_issue(invoice=draft, today=date(2026, 2, 1), send=False)


def register(client, invoice: Invoice, amount: str, **changes):
    data = {
        "invoice": invoice.pk,
        "amount": amount,
        "paid_on": "2026-03-05",
        "reference": "Bank statement 5 March",
        "_save": "1",
        **changes,
    }
    return client.post(ADD_URL, data, follow=True)


def test_registering_by_hand_pays_the_invoice(client, secretariat_user):
    invoice = issued_invoice()
    client.force_login(secretariat_user)
    form = client.get(ADD_URL).content.decode()
    assert 'name="invoice"' in form
    assert 'name="amount"' in form
    assert 'name="source"' not in form
    assert 'name="external_id"' not in form
    response = register(client, invoice, "7500.00")
    assert "was added successfully" in response.content.decode()
    payment = Payment.objects.get()
    registered = (payment.amount, payment.paid_on, payment.source, payment.registered_by)
    assert registered == (Decimal("7500.00"), date(2026, 3, 5), "manual", secretariat_user)
    assert payment.reference == "Bank statement 5 March"
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_amount) == ("paid", Decimal("7500.00"))


def test_a_part_payment_then_a_negative_correction(client, secretariat_user):
    invoice = issued_invoice()
    client.force_login(secretariat_user)
    register(client, invoice, "3000")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.outstanding) == ("partly_paid", Decimal("4500.00"))
    register(client, invoice, "-3000", reference="Registered on the wrong invoice")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_amount) == ("issued", Decimal("0.00"))
    assert sorted(Payment.objects.values_list("amount", flat=True)) == [
        Decimal("-3000.00"),
        Decimal("3000.00"),
    ]


def test_a_zero_payment_is_refused_with_a_clear_message(client, secretariat_user):
    invoice = issued_invoice()
    client.force_login(secretariat_user)
    html = register(client, invoice, "0.00").content.decode()
    assert "A payment cannot be zero. To correct a payment, register a negative amount." in html
    assert "Constraint" not in html
    assert Payment.objects.count() == 0


@pytest.mark.parametrize("which", ["draft", "credited", "credit_note"])
def test_only_issued_invoices_that_are_not_credited_can_be_paid(client, secretariat_user, which):
    invoice = issued_invoice()
    if which == "draft":
        invoice = invoice_draft_create(
            organisation=invoice.organisation,
            lines=[{"description": "Kurs", "unit_price": Decimal("100.00")}],
        )
    elif which == "credited":
        invoice_credit(invoice=invoice, today=date(2026, 2, 2), send=False)
    else:
        invoice = invoice_credit(invoice=invoice, today=date(2026, 2, 2), send=False)
        invoice = Invoice.objects.get(kind="credit_note")
    client.force_login(secretariat_user)
    html = register(client, invoice, "100.00").content.decode()
    assert "Choose an issued invoice that is not credited." in html
    assert Payment.objects.count() == 0


def amount_errors(response) -> list[str]:
    return [str(error) for error in response.context["adminform"].form.errors.get("amount", [])]


def test_a_correction_cannot_take_back_more_than_was_paid(client, secretariat_user):
    invoice = issued_invoice()
    payment_register(invoice=invoice, amount=Decimal(3000), paid_on=date(2026, 3, 1))
    client.force_login(secretariat_user)
    response = register(client, invoice, "-3000.01")
    assert amount_errors(response) == [
        "A correction cannot take back more than has been paid (NOK\xa03,000.00)."
    ]
    assert "field-amount" in response.content.decode()
    assert list(Payment.objects.values_list("amount", flat=True)) == [Decimal("3000.00")]
    register(client, invoice, "-3000.00")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_amount) == ("issued", Decimal("0.00"))


def test_a_payment_that_would_overflow_the_paid_total_is_an_error_next_to_the_amount(
    client, secretariat_user
):
    """The paid total is a column of 12 digits: PostgreSQL would fail on more, SQLite store it."""
    invoice = issued_invoice()
    payment_register(invoice=invoice, amount=Decimal("9999999999.00"), paid_on=date(2026, 3, 1))
    client.force_login(secretariat_user)
    response = register(client, invoice, "1.00")
    assert amount_errors(response) == [
        "The invoice's paid total would be too large to record: it must stay below "
        "NOK\xa010,000,000,000.00 (paid so far: NOK\xa09,999,999,999.00)."
    ]
    assert "field-amount" in response.content.decode()
    assert list(Payment.objects.values_list("amount", flat=True)) == [Decimal("9999999999.00")]
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_amount) == ("paid", Decimal("9999999999.00"))


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_invoice_credited_while_the_payment_is_saved_is_a_form_error(client):
    """The other session credits the invoice after the form found it payable and before the
    payment is written: the form, which waits for the invoice's row, sees it and refuses."""
    invoice = issued_invoice()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    crediting, done = threading.Event(), threading.Event()

    def credit_meanwhile() -> None:
        try:
            with transaction.atomic():
                invoice_credit(invoice=invoice, today=date(2026, 2, 2), send=False)
                crediting.set()
                wait_for_a_blocked_query()
        finally:
            done.set()
            connection.close()

    threading.Thread(target=credit_meanwhile).start()
    crediting.wait(timeout=30)
    response = register(client, invoice, "7500.00")
    done.wait(timeout=30)
    errors = response.context["adminform"].form.errors
    assert [str(error) for error in errors["invoice"]] == [
        "Choose an issued invoice that is not credited."
    ]
    assert Payment.objects.count() == 0
    assert Invoice.objects.get(pk=invoice.pk).status == "credited"


def test_a_payment_is_never_edited_or_deleted(client, secretariat_user):
    invoice = issued_invoice()
    payment = payment_register(invoice=invoice, amount=Decimal(100), paid_on=date(2026, 3, 1))
    client.force_login(secretariat_user)
    change_url = f"/en/admin/billing/payment/{payment.pk}/change/"
    html = client.get(change_url).content.decode()
    assert 'name="amount"' not in html
    assert "100.00" in html
    assert 'name="_save"' not in html
    client.post(change_url, {"invoice": invoice.pk, "amount": "999", "paid_on": "2026-03-01"})
    response = client.post(f"/en/admin/billing/payment/{payment.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    payment.refresh_from_db()
    assert payment.amount == Decimal("100.00")
    listing = client.post(
        LIST_URL, {"action": "delete_selected", "_selected_action": [payment.pk], "post": "yes"}
    )
    assert Payment.objects.filter(pk=payment.pk).exists(), listing.status_code


def test_the_list_shows_and_searches_payments(client, secretariat_user):
    first, second = issued_invoice(name="Kontorverket AS"), issued_invoice(name="Hamarhuset AS")
    payment_register(invoice=first, amount=Decimal(7500), paid_on=date(2026, 3, 1))
    payment_register(invoice=second, amount=Decimal("1234.50"), paid_on=date(2026, 3, 2))
    client.force_login(secretariat_user)
    html = client.get(LIST_URL).content.decode()
    assert "Kontorverket AS" in html
    assert "Hamarhuset AS" in html
    assert "NOK\xa01,234.50" in html  # the one way amounts are written

    def found(term: str) -> list:
        response = client.get(LIST_URL, {"q": term})
        return sorted(p.invoice.number for p in response.context["cl"].result_list)

    assert found(second.kid) == [second.number]
    assert found(str(first.number)) == [first.number]
    assert found("Hamarhuset") == [second.number]
    assert found("Nobody") == []


@pytest.mark.parametrize("url", [LIST_URL, "/en/admin/billing/ocrimport/"])
def test_the_lists_cost_the_same_queries_for_more_rows(client, secretariat_user, url):
    client.force_login(secretariat_user)

    def queries_with(rows: int) -> int:
        for number in range(rows):
            invoice = issued_invoice(name=f"Medlem {url[-8:]} {rows} {number}")
            ocr = OcrImport.objects.create(
                file_name=f"{rows}-{number}.txt",
                sha256=f"{rows}-{number}".ljust(64, "0"),
                transmission_number="1000081",
                imported_by=secretariat_user,
            )
            payment_register(
                invoice=invoice, amount=Decimal(10), paid_on=date(2026, 3, 1), ocr_import=ocr
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_with(2) == queries_with(5)


def test_an_ocr_import_is_read_only_and_lists_its_payments(client, secretariat_user):
    invoice = issued_invoice()
    ocr = OcrImport.objects.create(
        file_name="OCR.D020326.txt",
        sha256="a" * 64,
        transmission_number="1000081",
        transactions=1,
        matched=1,
        total_amount=Decimal("7500.00"),
        imported_by=secretariat_user,
    )
    payment_register(
        invoice=invoice,
        amount=Decimal(7500),
        paid_on=date(2026, 3, 2),
        source="ocr",
        external_id="nets:1000081:4000086:0000001:20260302",
        ocr_import=ocr,
    )
    client.force_login(secretariat_user)
    html = client.get(f"/en/admin/billing/ocrimport/{ocr.pk}/change/").content.decode()
    assert "OCR.D020326.txt" in html
    assert "nets:1000081:4000086:0000001:20260302" in html
    assert f"Invoice {invoice.number}" in html
    assert 'name="_save"' not in html
    assert client.get("/en/admin/billing/ocrimport/add/").status_code == 403
