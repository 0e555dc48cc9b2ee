"""Reminders (purring) about unpaid invoices: when they are due, at most one per interval, never
for paid or credited invoices, the e-mail with the PDF attached, and the daily command."""

import threading
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from billing.models import Invoice, InvoiceReminder
from billing.selectors import reminders_due
from billing.services import (
    invoice_credit,
    invoice_draft_create,
    invoice_issue,
    payment_register,
    reminder_send,
    reminders_send,
)
from members.models import OrganisationContact
from tests.factories import OrganisationContactFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ISSUED_ON = date(2027, 1, 4)
DUE = date(2027, 2, 3)  # INVOICE_DUE_DAYS = 30
FIRST = DUE + timedelta(days=14)  # INVOICE_REMINDER_AFTER_DAYS = 14
FEE = {"description": "Membership fee 2027", "unit_price": Decimal("6000.00")}


@pytest.fixture(autouse=True)
def _fee_settings(settings):
    settings.INVOICE_DUE_DAYS = 30
    settings.INVOICE_REMINDER_AFTER_DAYS = 14
    settings.INVOICE_REMINDER_INTERVAL_DAYS = 14


def issued(**organisation_fields) -> Invoice:
    organisation = OrganisationFactory(**organisation_fields)
    draft = invoice_draft_create(organisation=organisation, lines=[FEE])
    return invoice_issue(invoice=draft, today=ISSUED_ON, send=False)


def reminders() -> list[tuple[int, date, Decimal]]:
    return list(
        InvoiceReminder.objects.order_by("invoice__number", "sent_on").values_list(
            "invoice__number", "sent_on", "outstanding"
        )
    )


def test_no_reminder_before_the_due_date_plus_the_days_after():
    invoice = issued()
    assert invoice.due_date == DUE
    assert reminders_due(today=FIRST - timedelta(days=1)) == []
    assert reminder_send(invoice=invoice, today=FIRST - timedelta(days=1)) is None
    assert reminders_due(today=FIRST) == [invoice]


def test_one_reminder_then_none_within_the_interval_then_another():
    invoice = issued()
    assert reminder_send(invoice=invoice, today=FIRST) is not None
    assert reminder_send(invoice=invoice, today=FIRST) is None
    assert reminders_due(today=FIRST + timedelta(days=13)) == []
    assert reminder_send(invoice=invoice, today=FIRST + timedelta(days=13)) is None
    assert reminders_due(today=FIRST + timedelta(days=14)) == [invoice]
    assert reminder_send(invoice=invoice, today=FIRST + timedelta(days=14)) is not None
    assert reminders() == [
        (invoice.number, FIRST, Decimal("7500.00")),
        (invoice.number, FIRST + timedelta(days=14), Decimal("7500.00")),
    ]


def test_reminders_send_twice_the_same_day_sends_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    first, second = issued(), issued()
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders_send(today=FIRST)
        again = reminders_send(today=FIRST)
    assert sorted(r.invoice_id for r in sent) == sorted([first.pk, second.pk])
    assert again == []
    assert len(mailoutbox) == 2


def test_a_partly_paid_invoice_is_reminded_of_what_is_outstanding():
    invoice = issued()
    payment_register(invoice=invoice, amount=Decimal("2500.00"), paid_on=DUE)
    reminder = reminder_send(invoice=invoice, today=FIRST)
    assert reminder.outstanding == Decimal("5000.00")


def test_no_reminder_for_paid_credited_draft_or_credit_note():
    paid = issued()
    payment_register(invoice=paid, amount=Decimal("7500.00"), paid_on=DUE)
    credited = issued()
    note = invoice_credit(invoice=credited, today=ISSUED_ON, send=False)
    assert (note.kind, note.credits) == ("credit_note", credited)
    invoice_draft_create(organisation=OrganisationFactory(), lines=[FEE])
    later = FIRST + timedelta(days=100)
    assert reminders_due(today=later) == []
    assert reminders_send(today=later) == []
    for invoice in (paid, credited, note):
        assert reminder_send(invoice=invoice, today=later) is None
    assert InvoiceReminder.objects.count() == 0


def test_the_norwegian_reminder_names_the_invoice_in_its_subject(
    mailoutbox, django_capture_on_commit_callbacks
):
    invoice = issued(language="nb")
    with django_capture_on_commit_callbacks(execute=True):
        reminder_send(invoice=invoice, today=FIRST)
    [mail] = mailoutbox
    assert mail.subject == f"[Coworking Norge] Purring: faktura {invoice.number}"


def test_the_reminder_email_in_english_with_amount_kid_account_and_the_pdf(
    mailoutbox, django_capture_on_commit_callbacks
):
    invoice = issued(language="en", invoice_email="billing@hub.example")
    accountant = UserFactory(email="accountant@hub.example")
    OrganisationContactFactory(
        organisation=invoice.organisation, user=accountant, role=OrganisationContact.Role.INVOICE
    )
    OrganisationContactFactory(organisation=invoice.organisation)  # an admin contact: not sent
    with django_capture_on_commit_callbacks(execute=True):
        reminder_send(invoice=invoice, today=FIRST)
    [mail] = mailoutbox
    assert mail.to == ["billing@hub.example", "accountant@hub.example"]
    assert mail.subject == f"[Coworking Norge] Reminder: invoice {invoice.number}"
    for text in (
        f"Invoice number: {invoice.number}",
        "Original due date: 3 Feb 2027",
        "Outstanding: NOK\xa07,500.00",
        "Account number: 1234.56.78903",
        f"KID: {invoice.kid}",
        "New due date: 3 Mar 2027",
        "No fee is charged for this reminder.",
    ):
        assert text in mail.body
    assert "Paid:" not in mail.body
    [(file_name, content, mimetype)] = mail.attachments
    assert (file_name, mimetype) == (f"invoice-{invoice.number}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")


def test_the_reminder_of_a_partly_paid_invoice_shows_what_was_paid(
    mailoutbox, django_capture_on_commit_callbacks
):
    invoice = issued(language="en")
    payment_register(invoice=invoice, amount=Decimal("2500.00"), paid_on=DUE)
    with django_capture_on_commit_callbacks(execute=True):
        reminder_send(invoice=invoice, today=FIRST)
    body = mailoutbox[0].body
    assert "Invoiced: NOK\xa07,500.00" in body
    assert "Paid: NOK\xa02,500.00" in body
    assert "Outstanding: NOK\xa05,000.00" in body


def test_the_command_prints_what_it_sent():
    first = issued(legal_name="A AS")
    issued(legal_name="B AS")
    paid = issued(legal_name="C AS")
    payment_register(invoice=paid, amount=Decimal("7500.00"), paid_on=DUE)
    out = StringIO()
    call_command("send_invoice_reminders", "--date", FIRST.isoformat(), stdout=out)
    assert out.getvalue().splitlines() == [
        f"Reminder sent: invoice {first.number} (A AS), outstanding 7500.00 NOK, due 2027-02-03",
        f"Reminder sent: invoice {first.number + 1} (B AS), outstanding 7500.00 NOK, "
        "due 2027-02-03",
        "2 reminder(s) sent.",
    ]
    again = StringIO()
    call_command("send_invoice_reminders", "--date", FIRST.isoformat(), stdout=again)
    assert again.getvalue() == "0 reminder(s) sent.\n"
    assert InvoiceReminder.objects.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_once_send_one_reminder():
    invoice = issued()
    start, results = threading.Barrier(4), []

    def run() -> None:
        try:
            start.wait()
            results.append(reminder_send(invoice=invoice, today=FIRST))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(result is None for result in results) == [False, True, True, True]
    assert reminders() == [(invoice.number, FIRST, Decimal("7500.00"))]
