"""The life of an invoice: draft, issue (number, KID, snapshots), immutability, credit notes and
payments."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from billing.kid import kid_build, kid_is_valid
from billing.models import Invoice, InvoiceLine, InvoiceSequence, Payment
from billing.services import (
    invoice_credit,
    invoice_draft_create,
    invoice_issue,
    payment_register,
)
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

FEE = {"description": "Medlemskontingent 2027", "unit_price": Decimal("7999.99")}


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English; the default language is Norwegian."""
    with translation.override("en"):
        yield


def draft(organisation=None, **fields):
    return invoice_draft_create(
        organisation=organisation or OrganisationFactory(), lines=[FEE], **fields
    )


def issued(organisation=None, today=date(2027, 1, 4)):
    return invoice_issue(invoice=draft(organisation), today=today, send=False)


def test_a_draft_has_totals_but_no_number_kid_or_dates():
    invoice = draft()
    assert (invoice.status, invoice.number, invoice.kid, invoice.issue_date) == (
        "draft",
        None,
        None,
        None,
    )
    assert (invoice.net_amount, invoice.vat_amount, invoice.total_amount) == (
        Decimal("7999.99"),
        Decimal("2000.00"),
        Decimal("9999.99"),
    )


def test_issuing_fixes_number_kid_dates_buyer_and_seller(settings):
    settings.INVOICE_DUE_DAYS = 20
    organisation = OrganisationFactory(legal_name="Čáhcesuolu Coworking AS", language="en")
    invoice = issued(organisation, today=date(2027, 1, 4))
    assert (invoice.status, invoice.number, invoice.issue_date, invoice.due_date) == (
        "issued",
        1,
        date(2027, 1, 4),
        date(2027, 1, 24),
    )
    assert invoice.kid == kid_build(organisation_id=organisation.pk, invoice_number=1)
    assert kid_is_valid(invoice.kid)
    assert (invoice.buyer_name, invoice.buyer_organisation_number, invoice.language) == (
        "Čáhcesuolu Coworking AS",
        organisation.organisation_number,
        "en",
    )
    assert invoice.seller["organisation_number"] == "999000002"
    assert invoice.seller["account"] == "12345678903"
    # The buyer's later changes do not alter the issued invoice.
    organisation.legal_name = "Nytt Navn AS"
    organisation.save()
    invoice.refresh_from_db()
    assert invoice.buyer_name == "Čáhcesuolu Coworking AS"


def test_numbers_follow_each_other_without_gaps_and_a_rolled_back_issue_gives_its_number_back():
    first = issued()

    def issue_then_fail() -> None:
        with transaction.atomic():
            invoice_issue(invoice=draft(), send=False)
            raise RuntimeError("the transaction fails after the number was taken")

    with pytest.raises(RuntimeError):
        issue_then_fail()
    second, third = issued(), issued()
    assert [first.number, second.number, third.number] == [1, 2, 3]
    assert InvoiceSequence.objects.get().next_number == 4


def test_an_invoice_without_lines_is_not_issued():
    invoice = invoice_draft_create(organisation=OrganisationFactory(), lines=[])
    with pytest.raises(ValidationError, match="at least one line"):
        invoice_issue(invoice=invoice, send=False)
    assert Invoice.objects.get().status == "draft"
    assert not InvoiceSequence.objects.filter(next_number__gt=1).exists()


def test_an_issued_invoice_is_issued_once():
    invoice = issued()
    with pytest.raises(ValidationError, match="already issued"):
        invoice_issue(invoice=invoice, send=False)
    assert Invoice.objects.get().number == 1


def assert_lines_stay_as_issued(invoice) -> None:
    """Its line can be neither changed nor deleted, and no line can be added."""
    line = invoice.lines.get()
    line.unit_price = Decimal(1)
    with pytest.raises(ValidationError):
        line.save()
    with pytest.raises(ValidationError):
        line.delete()
    with pytest.raises(ValidationError):
        InvoiceLine(invoice=invoice, description="Extra", unit_price=Decimal(5)).save()
    assert list(invoice.lines.values_list("unit_price", flat=True)) == [Decimal("7999.99")]


def test_an_issued_invoice_is_never_deleted_nor_its_lines_changed():
    invoice = issued()
    with pytest.raises(ValidationError):
        invoice.delete()
    assert_lines_stay_as_issued(invoice)
    assert Invoice.objects.filter(pk=invoice.pk).exists()


def test_an_issued_invoice_refuses_a_save_that_names_a_content_field():
    invoice = issued()
    invoice.total_amount = Decimal("1.00")
    with pytest.raises(ValidationError):
        invoice.save(update_fields=["total_amount"])
    invoice.paid_amount = Decimal("1.00")
    with pytest.raises(ValidationError):
        invoice.save(update_fields=["paid_amount", "net_amount"])
    assert Invoice.objects.values_list("total_amount", "paid_amount").get(pk=invoice.pk) == (
        Decimal("9999.99"),
        Decimal("0.00"),
    )


def test_a_stale_draft_copy_of_an_invoice_issued_since_is_not_deleted():
    stale = draft()
    invoice_issue(invoice=Invoice.objects.get(pk=stale.pk), send=False)
    assert stale.status == "draft"  # the copy in hand still says so
    with pytest.raises(ValidationError):
        stale.delete()
    assert Invoice.objects.get(pk=stale.pk).status == "issued"
    assert Invoice.objects.get(pk=stale.pk).lines.count() == 1


def pay(invoice, amount: str) -> None:
    payment_register(invoice=invoice, amount=Decimal(amount), paid_on=date(2027, 1, 10))


@pytest.mark.parametrize("state", ["partly_paid", "paid", "credited"])
def test_the_lines_of_a_paid_partly_paid_or_credited_invoice_stay_as_issued(state):
    invoice = issued()
    if state == "partly_paid":
        pay(invoice, "100.00")
    elif state == "paid":
        pay(invoice, "9999.99")
    else:
        invoice_credit(invoice=invoice, send=False)
    assert Invoice.objects.get(pk=invoice.pk).status == state
    assert_lines_stay_as_issued(invoice)


def test_a_draft_can_be_changed_and_deleted():
    invoice = draft()
    InvoiceLine.objects.create(invoice=invoice, description="Extra", unit_price=Decimal(10))
    invoice.delete()
    assert not Invoice.objects.exists()
    assert not InvoiceLine.objects.exists()


def test_a_credit_note_references_the_invoice_negates_it_and_leaves_nothing_to_pay():
    invoice = issued()
    note = invoice_credit(invoice=invoice, today=date(2027, 2, 1), send=False)
    invoice.refresh_from_db()
    assert (note.kind, note.credits, note.number, note.kid) == ("credit_note", invoice, 2, None)
    assert (note.net_amount, note.vat_amount, note.total_amount) == (
        Decimal("-7999.99"),
        Decimal("-2000.00"),
        Decimal("-9999.99"),
    )
    assert [(line.description, line.quantity) for line in note.lines.all()] == [
        ("Medlemskontingent 2027", Decimal("-1.000"))
    ]
    assert (invoice.status, invoice.outstanding) == ("credited", Decimal("0.00"))
    # The original invoice is untouched otherwise.
    assert invoice.total_amount == Decimal("9999.99")
    assert invoice.lines.count() == 1


def test_an_invoice_is_credited_only_once_and_a_draft_never():
    invoice = issued()
    invoice_credit(invoice=invoice, send=False)
    with pytest.raises(ValidationError):
        invoice_credit(invoice=invoice, send=False)
    with pytest.raises(ValidationError):
        invoice_credit(invoice=draft(), send=False)
    assert Invoice.objects.filter(kind="credit_note").count() == 1


def test_the_database_refuses_to_credit_a_line_twice_or_an_invoice_beyond_its_total():
    invoice = issued()
    note = invoice_credit(invoice=invoice, send=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        InvoiceLine.objects.create(
            invoice=Invoice.objects.create(
                kind="credit_note", organisation=invoice.organisation, credits=invoice
            ),
            description="Again",
            unit_price=Decimal("1.00"),
            credits_line=invoice.lines.get(),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(credited_amount=Decimal("10000.00"))
    assert list(InvoiceLine.objects.filter(credits_line__isnull=False)) == list(note.lines.all())


def test_payments_make_an_invoice_partly_paid_then_paid():
    invoice = issued()
    payment_register(invoice=invoice, amount=Decimal(5000), paid_on=date(2027, 1, 10))
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_amount, invoice.outstanding) == (
        "partly_paid",
        Decimal("5000.00"),
        Decimal("4999.99"),
    )
    payment_register(
        invoice=invoice, amount=Decimal("4999.99"), paid_on=date(2027, 1, 20), reference="Nettbank"
    )
    invoice.refresh_from_db()
    assert (invoice.status, invoice.outstanding) == ("paid", Decimal("0.00"))
    assert list(invoice.payments.order_by("paid_on").values_list("amount", "reference")) == [
        (Decimal("5000.00"), ""),
        (Decimal("4999.99"), "Nettbank"),
    ]


def test_a_negative_payment_corrects_a_mistake():
    invoice = issued()
    payment_register(invoice=invoice, amount=Decimal("9999.99"), paid_on=date(2027, 1, 10))
    payment_register(invoice=invoice, amount=Decimal("-9999.99"), paid_on=date(2027, 1, 11))
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_amount) == ("issued", Decimal("0.00"))


def test_no_payment_on_a_draft_or_a_credit_note_and_never_zero():
    invoice = issued()
    note = invoice_credit(invoice=issued(), send=False)
    for target in (draft(), note):
        with pytest.raises(ValidationError):
            payment_register(invoice=target, amount=Decimal(100), paid_on=date(2027, 1, 1))
    with pytest.raises(ValidationError):
        payment_register(invoice=invoice, amount=Decimal(0), paid_on=date(2027, 1, 1))
    assert not Payment.objects.exists()


def test_overdue_means_money_outstanding_after_the_due_date():
    invoice = issued(today=date(2027, 1, 4))  # due 3 February
    assert not invoice.is_overdue(date(2027, 2, 3))
    assert invoice.is_overdue(date(2027, 2, 4))
    payment_register(invoice=invoice, amount=invoice.total_amount, paid_on=date(2027, 2, 4))
    invoice.refresh_from_db()
    assert not invoice.is_overdue(date(2027, 3, 1))


def test_an_issued_invoice_refuses_a_full_save_but_its_status_may_follow_payments():
    invoice = issued()
    invoice.buyer_name = "Someone Else AS"
    with pytest.raises(ValidationError, match="cannot be changed"):
        invoice.save()
    stale = Invoice.objects.get(pk=invoice.pk)
    stale.status, stale.number = "draft", None  # an admin form loaded before it was issued
    with pytest.raises(ValidationError):
        stale.save()
    invoice.refresh_from_db()
    invoice.status = "paid"
    invoice.save(update_fields=["status"])
    assert Invoice.objects.values_list("buyer_name", "number", "status").get() == (
        invoice.organisation.legal_name,
        1,
        "paid",
    )


def test_a_correction_cannot_take_back_more_than_was_paid():
    invoice = issued()
    payment_register(invoice=invoice, amount=Decimal(100), paid_on=date(2027, 1, 10))
    with pytest.raises(ValidationError) as error:
        payment_register(invoice=invoice, amount=Decimal("-100.01"), paid_on=date(2027, 1, 11))
    assert "amount" in error.value.message_dict
    invoice.refresh_from_db()
    assert (invoice.paid_amount, invoice.payments.count()) == (Decimal("100.00"), 1)


@pytest.mark.parametrize("price", ["0.00", "-50.00"])
def test_an_invoice_of_zero_or_less_is_not_issued(price):
    invoice = invoice_draft_create(
        organisation=OrganisationFactory(),
        lines=[{"description": "Rabatt", "unit_price": Decimal(price)}],
    )
    with pytest.raises(ValidationError, match="more than zero"):
        invoice_issue(invoice=invoice, send=False)
    assert Invoice.objects.get().status == "draft"
    assert not InvoiceSequence.objects.filter(next_number__gt=1).exists()


def test_a_seller_without_vat_registration_cannot_charge_vat(settings):
    settings.INVOICE_SELLER = {**settings.INVOICE_SELLER, "vat_registered": False}
    with pytest.raises(ValidationError, match="not registered for VAT"):
        issued()
    free = invoice_draft_create(
        organisation=OrganisationFactory(), lines=[{**FEE, "vat_rate": Decimal(0)}]
    )
    assert invoice_issue(invoice=free, send=False).total_amount == Decimal("7999.99")


def test_when_the_kid_cannot_hold_the_number_nothing_is_issued_and_the_number_is_kept(settings):
    InvoiceSequence.objects.create(name="invoice", next_number=10000)
    settings.INVOICE_KID_LENGTH = 10  # 4 digits for the number
    invoice = draft()
    with pytest.raises(ValidationError, match="cannot hold invoice number 10000"):
        invoice_issue(invoice=invoice, send=False)
    assert Invoice.objects.get().status == "draft"
    assert InvoiceSequence.objects.get().next_number == 10000


def test_totals_too_large_for_the_books_are_refused_as_a_validation_error():
    with pytest.raises(ValidationError):
        invoice_draft_create(
            organisation=OrganisationFactory(),
            lines=[{"description": "Too much", "unit_price": Decimal("9999999999.99")}],
        )
    assert not Invoice.objects.exists()
