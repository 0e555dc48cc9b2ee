"""Issuing an invoice e-mails its PDF, once the issue is committed, to the invoice address and the
organisation's invoice contacts, in the organisation's language."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from pypdf import PdfReader

from billing.models import Invoice
from billing.services import invoice_credit, invoice_draft_create, invoice_issue
from members.models import OrganisationContact
from tests.factories import OrganisationContactFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

FEE = {"description": "Medlemskontingent 2027", "unit_price": Decimal("5999.97")}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://portal.example.org"


@pytest.fixture
def organisation():
    organisation = OrganisationFactory(
        legal_name="Čáhcesuolu Coworking AS", invoice_email="faktura@cahcesuolu.example.org"
    )
    for email, role in [
        ("regnskap@cahcesuolu.example.org", OrganisationContact.Role.INVOICE),
        ("leder@cahcesuolu.example.org", OrganisationContact.Role.ADMIN),
        ("kollega@cahcesuolu.example.org", OrganisationContact.Role.CONTACT),
    ]:
        OrganisationContactFactory(
            organisation=organisation, user=UserFactory(email=email), role=role
        )
    return organisation


def issue_and_send(organisation, django_capture_on_commit_callbacks) -> Invoice:
    draft = invoice_draft_create(organisation=organisation, lines=[FEE])
    with django_capture_on_commit_callbacks(execute=True):
        invoice = invoice_issue(invoice=draft, today=date(2027, 1, 4))
    return Invoice.objects.get(pk=invoice.pk)


def attachment_text(message) -> str:
    (attachment,) = message.attachments
    reader = PdfReader(io.BytesIO(attachment.content))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")


def test_issuing_sends_one_mail_with_the_pdf_to_the_invoice_address_and_contacts(
    organisation, django_capture_on_commit_callbacks
):
    invoice = issue_and_send(organisation, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["faktura@cahcesuolu.example.org", "regnskap@cahcesuolu.example.org"]
    assert message.reply_to == ["faktura@coworkingnorge.no"]
    (attachment,) = message.attachments
    assert attachment.filename.endswith(f"-{invoice.number}.pdf")
    assert attachment.mimetype == "application/pdf"
    text = attachment_text(message)
    assert str(invoice.number) in text
    assert invoice.kid in text
    assert "Čáhcesuolu Coworking AS" in text
    assert invoice.emailed_at is not None


def test_the_mail_body_has_amount_due_date_account_kid_and_the_link(
    organisation, django_capture_on_commit_callbacks
):
    invoice = issue_and_send(organisation, django_capture_on_commit_callbacks)
    body = mail.outbox[0].body.replace("\xa0", " ")
    for expected in [
        "7 499,96",
        "03.02.2027",
        "1234.56.78903",
        invoice.kid,
        "https://portal.example.org/me/organisation/",
    ]:
        assert expected in body, expected


def test_an_english_organisation_gets_it_in_english(
    organisation, django_capture_on_commit_callbacks
):
    organisation.language = "en"
    organisation.save()
    invoice = issue_and_send(organisation, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert message.subject == f"Invoice {invoice.number} from Coworking Norge"
    assert message.attachments[0].filename == f"invoice-{invoice.number}.pdf"
    for expected in [
        f"Attached is invoice {invoice.number}",
        "Amount due: NOK\xa07,499.96",
        "Due date: 3 Feb 2027",
        "Account number: 1234.56.78903",
        f"KID: {invoice.kid}",
        "https://portal.example.org/en/me/organisation/",
    ]:
        assert expected in message.body, expected
    assert "Amount due NOK 7,499.96" in attachment_text(message)


def test_a_norwegian_organisation_gets_a_norwegian_subject(
    organisation, django_capture_on_commit_callbacks
):
    """Needs the Norwegian catalogue."""
    invoice = issue_and_send(organisation, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert message.subject == f"Faktura {invoice.number} fra Coworking Norge"
    assert message.attachments[0].filename == f"faktura-{invoice.number}.pdf"


def test_a_credit_note_is_mailed_as_a_credit_note(organisation, django_capture_on_commit_callbacks):
    organisation.language = "en"
    organisation.save()
    invoice = issue_and_send(organisation, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        note = invoice_credit(invoice=invoice, today=date(2027, 1, 10))
    assert len(mail.outbox) == 2
    message = mail.outbox[1]
    assert message.subject == f"Credit note {note.number} from Coworking Norge"
    assert f"cancels invoice {invoice.number} in full" in message.body
    assert "Amount credited: \u2212NOK\xa07,499.96" in message.body
    assert message.attachments[0].filename == f"credit-note-{note.number}.pdf"
    assert f"Credits invoice {invoice.number}" in attachment_text(message)
    assert Invoice.objects.get(pk=note.pk).emailed_at is not None


def test_nothing_is_sent_without_send_or_before_the_commit(
    organisation, django_capture_on_commit_callbacks
):
    draft = invoice_draft_create(organisation=organisation, lines=[FEE])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invoice_issue(invoice=draft, today=date(2027, 1, 4))
        assert mail.outbox == []
    assert len(callbacks) == 1
    other = invoice_draft_create(
        organisation=OrganisationFactory(), lines=[FEE], membership_year=2027
    )
    with django_capture_on_commit_callbacks(execute=True):
        invoice_issue(invoice=other, today=date(2027, 1, 4), send=False)
    assert mail.outbox == []
    assert list(Invoice.objects.values_list("emailed_at", flat=True)) == [None, None]


def test_each_address_once_and_inactive_contacts_left_out(
    organisation, django_capture_on_commit_callbacks
):
    OrganisationContactFactory(
        organisation=organisation,
        user=UserFactory(email="FAKTURA@cahcesuolu.example.org"),
        role=OrganisationContact.Role.INVOICE,
    )
    OrganisationContactFactory(
        organisation=organisation,
        user=UserFactory(email="sluttet@cahcesuolu.example.org", is_active=False),
        role=OrganisationContact.Role.INVOICE,
    )
    issue_and_send(organisation, django_capture_on_commit_callbacks)
    assert mail.outbox[0].to == [
        "faktura@cahcesuolu.example.org",
        "regnskap@cahcesuolu.example.org",
    ]
