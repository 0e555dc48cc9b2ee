"""What events bill through billing: invoices to a person as well as to an organisation, and
credit notes for single lines (an attendee who cancels), which lower what the invoice asks for."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from billing.exports import invoices_csv
from billing.kid import kid_build, kid_is_valid
from billing.models import Invoice, InvoiceLine
from billing.pdf import invoice_pdf
from billing.permissions import invoice_pdfs_downloadable_by, invoices_visible_to
from billing.selectors import (
    billing_year_figures,
    invoices_open_q,
    invoices_refund_due_q,
    reminders_due,
)
from billing.services import (
    invoice_credit,
    invoice_draft_create,
    invoice_issue,
    invoice_lines_credit,
    payment_register,
    reminder_send,
)
from billing.services.ocr import OVERPAID, REFUND_DUE, _coverage
from members.models import OrganisationContact, User
from tests.concurrency import in_two_threads
from tests.factories import OrganisationContactFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"
)
ISSUED_ON = date(2027, 3, 1)
# 1 500,00 + 25 % VAT = 1 875,00 a seat; three seats 5 625,00.
SEATS = ("Kari Nordmann", "Ola Nordmann", "Åse Sámi")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def person():
    return UserFactory(email="kari@example.org", name="Kari Nordmann")


def seat_lines(prices=(Decimal("1500.00"),) * 3) -> list[dict]:
    """An event-fee line per attendee, each pointing at what it bills (a user stands in for the
    events app's registration)."""
    source_type = ContentType.objects.get_for_model(User)
    return [
        {
            "kind": InvoiceLine.Kind.EVENT_FEE,
            "description": f"Coworking-konferansen 2027: {name}",
            "unit_price": price,
            "source_type": source_type,
            "source_id": 100 + index,
        }
        for index, (name, price) in enumerate(zip(SEATS, prices, strict=False))
    ]


def person_buyer(**changes) -> dict:
    return {
        "buyer_name": "Kari Nordmann",
        "buyer_email": "kari.faktura@example.org",
        "buyer_address": "Storgata 5",
        "buyer_postcode": "9008",
        "buyer_city": "Tromsø",
        "language": "en",
        **changes,
    }


def person_invoice(person, *, lines=None, send=False, **buyer) -> Invoice:
    draft = invoice_draft_create(
        buyer_user=person, buyer=person_buyer(**buyer), lines=lines or seat_lines()
    )
    return invoice_issue(invoice=draft, today=ISSUED_ON, send=send)


def organisation_invoice(organisation=None, lines=None) -> Invoice:
    draft = invoice_draft_create(
        organisation=organisation or OrganisationFactory(), lines=lines or seat_lines()
    )
    return invoice_issue(invoice=draft, today=ISSUED_ON, send=False)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\xa0", " ").split())


def amounts(invoice: Invoice) -> tuple:
    invoice.refresh_from_db()
    return (
        invoice.status,
        invoice.total_amount,
        invoice.credited_amount,
        invoice.paid_amount,
        invoice.outstanding,
        invoice.refund_due,
    )


# An invoice to a person


def test_an_invoice_to_a_person_keeps_their_details_and_gets_a_kid_without_an_organisation(
    person,
):
    invoice = person_invoice(person)
    assert (invoice.organisation, invoice.buyer_user, invoice.buyer) == (None, person, person)
    assert (
        invoice.buyer_name,
        invoice.buyer_email,
        invoice.buyer_address,
        invoice.buyer_postcode,
        invoice.buyer_city,
        invoice.buyer_organisation_number,
        invoice.language,
    ) == ("Kari Nordmann", "kari.faktura@example.org", "Storgata 5", "9008", "Tromsø", "", "en")
    assert invoice.kid == kid_build(organisation_id=0, invoice_number=invoice.number)
    assert invoice.kid.startswith("00000")
    assert (invoice.total_amount, invoice.status) == (Decimal("5625.00"), "issued")


@pytest.mark.parametrize("algorithm", ["mod10", "mod11"])
def test_a_persons_kid_is_valid_and_unique_beside_organisations_kids(settings, person, algorithm):
    settings.INVOICE_KID_ALGORITHM = algorithm
    invoices = [person_invoice(person), organisation_invoice(), person_invoice(person)]
    kids = [invoice.kid for invoice in invoices]
    assert all(kid_is_valid(kid, algorithm=algorithm) for kid in kids)
    assert len(set(kids)) == 3
    assert [kid[5:-1].lstrip("0") for kid in kids] == [str(i.number) for i in invoices]


def test_a_persons_name_and_e_mail_default_to_their_account(person):
    draft = invoice_draft_create(buyer_user=person, lines=seat_lines())
    invoice = invoice_issue(invoice=draft, today=ISSUED_ON, send=False)
    assert (invoice.buyer_name, invoice.buyer_email, invoice.language) == (
        "Kari Nordmann",
        "kari@example.org",
        "nb",
    )


def test_an_invoice_to_a_person_without_a_name_is_not_issued():
    nameless = UserFactory(name="")
    draft = invoice_draft_create(buyer_user=nameless, lines=seat_lines())
    with pytest.raises(ValidationError) as refused:
        invoice_issue(invoice=draft, today=ISSUED_ON, send=False)
    assert refused.value.messages == ["An invoice to a person needs their name and e-mail."]
    draft.refresh_from_db()
    assert (draft.status, draft.number) == ("draft", None)


def test_an_invoice_has_exactly_one_buyer(person):
    organisation = OrganisationFactory()
    message = "An invoice is billed to an organisation or to a person, never both."
    for buyers in ({}, {"organisation": organisation, "buyer_user": person}):
        with pytest.raises(ValidationError) as refused:
            invoice_draft_create(lines=seat_lines(), **buyers)
        assert refused.value.messages == [message]
    for buyers in ({}, {"organisation": organisation, "buyer_user": person}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Invoice.objects.create(**buyers)
    assert not Invoice.objects.exists()


def test_a_membership_fee_and_an_organisations_buyer_details_are_for_organisations(person):
    with pytest.raises(ValidationError) as refused:
        invoice_draft_create(buyer_user=person, lines=seat_lines(), membership_year=2027)
    assert refused.value.messages == ["Only an organisation is billed a membership fee."]
    with pytest.raises(TypeError):
        invoice_draft_create(
            organisation=OrganisationFactory(), buyer=person_buyer(), lines=seat_lines()
        )
    with pytest.raises(TypeError):
        invoice_draft_create(buyer_user=person, buyer={"buyer_vat": "x"}, lines=seat_lines())
    assert not Invoice.objects.exists()


def test_the_pdf_bills_the_person(person):
    text = pdf_text(invoice_pdf(person_invoice(person)))
    for expected in [
        "Bill to Kari Nordmann Storgata 5 9008 Tromsø",
        "Coworking-konferansen 2027: Ola Nordmann",
        "Amount NOK 5,625.00",
    ]:
        assert expected in text
    assert "Org. no. " not in text.split("Bill to")[1].split("Description")[0]


def test_the_invoice_is_e_mailed_to_the_person_with_its_pdf(
    settings, person, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://portal.example.org"
    # Being a contact of an organisation changes nothing for their own invoice.
    OrganisationContactFactory(user=person, role=OrganisationContact.Role.INVOICE)
    with django_capture_on_commit_callbacks(execute=True):
        invoice = person_invoice(person, send=True)
    (message,) = mail.outbox
    assert message.to == ["kari.faktura@example.org"]
    assert message.subject == f"Invoice {invoice.number} from Coworking Norge"
    (attachment,) = message.attachments
    assert attachment.filename == f"invoice-{invoice.number}.pdf"
    assert "Bill to Kari Nordmann" in pdf_text(attachment.content)
    body = " ".join(message.body.split())
    assert body.startswith("To Kari Nordmann,")
    assert f"KID: {invoice.kid}" in body
    pdf_path = f"/en/me/organisation/invoices/{invoice.pk}.pdf"
    assert (
        f"download the invoice from Coworking Norge's portal once signed in: https://portal.example.org{pdf_path}"
        in body
    )
    assert "organisation's page" not in body
    invoice.refresh_from_db()
    assert invoice.emailed_at is not None


# Who downloads the PDF


def pdf_url(invoice: Invoice) -> str:
    return reverse("me:invoice_pdf", kwargs={"pk": invoice.pk})


def test_the_person_billed_downloads_their_invoice_and_nobody_else_but_the_secretariat(
    client, person, secretariat_user
):
    invoice = person_invoice(person)
    contact = OrganisationContactFactory(role=OrganisationContact.Role.ADMIN)
    organisation_invoice(contact.organisation)
    contact_elsewhere = contact.user
    for user, status in [
        (person, 200),
        (UserFactory(), 404),
        (contact_elsewhere, 404),
        (secretariat_user, 200),
    ]:
        client.force_login(user)
        response = client.get(pdf_url(invoice))
        assert response.status_code == status, user
        if status == 200:
            assert response["Content-Type"] == "application/pdf"
            assert "Kari Nordmann" in pdf_text(response.content)
    client.logout()
    assert "/accounts/login/?next=" in client.get(pdf_url(invoice))["Location"]


def test_who_sees_and_downloads_which_invoices(person, secretariat_user):
    own = person_invoice(person)
    contact = OrganisationContactFactory(role=OrganisationContact.Role.INVOICE)
    organisations = organisation_invoice(contact.organisation)
    other = organisation_invoice()
    draft = invoice_draft_create(buyer_user=person, buyer=person_buyer(), lines=seat_lines())
    by_pk = ("pk",)
    assert list(invoices_visible_to(person).order_by(*by_pk)) == [own]
    assert list(invoices_visible_to(contact.user).order_by(*by_pk)) == [organisations]
    assert list(invoice_pdfs_downloadable_by(person).order_by(*by_pk)) == [own]
    assert list(invoice_pdfs_downloadable_by(secretariat_user).order_by(*by_pk)) == [
        own,
        organisations,
        other,
    ]
    assert draft not in invoice_pdfs_downloadable_by(secretariat_user)


# Crediting single lines


def test_crediting_one_line_issues_a_credit_note_for_it_and_lowers_what_is_owed(person):
    invoice = person_invoice(person)
    _first, second, _third = invoice.lines.all()
    note = invoice_lines_credit(invoice=invoice, lines=[second], today=date(2027, 3, 5), send=False)
    assert (note.kind, note.credits, note.status, note.number, note.kid) == (
        "credit_note",
        invoice,
        "issued",
        invoice.number + 1,
        None,
    )
    assert (note.buyer_user, note.organisation, note.buyer_name, note.buyer_email) == (
        person,
        None,
        "Kari Nordmann",
        "kari.faktura@example.org",
    )
    assert (note.net_amount, note.vat_amount, note.total_amount) == (
        Decimal("-1500.00"),
        Decimal("-375.00"),
        Decimal("-1875.00"),
    )
    (line,) = note.lines.all()
    assert (
        line.kind,
        line.description,
        line.quantity,
        line.unit_price,
        line.vat_rate,
        line.source_type,
        line.source_id,
        line.credits_line,
    ) == (
        "event_fee",
        "Coworking-konferansen 2027: Ola Nordmann",
        Decimal("-1.000"),
        Decimal("1500.00"),
        Decimal("25.00"),
        second.source_type,
        second.source_id,
        second,
    )
    assert amounts(invoice) == (
        "issued",
        Decimal("5625.00"),
        Decimal("1875.00"),
        Decimal("0.00"),
        Decimal("3750.00"),
        Decimal("0.00"),
    )
    assert list(second.credited_by.all()) == [line]
    assert list(InvoiceLine.objects.filter(credited_by__isnull=False)) == [second]


def test_a_line_is_credited_once(person):
    invoice = person_invoice(person)
    line = invoice.lines.first()
    invoice_lines_credit(invoice=invoice, lines=[line], send=False)
    with pytest.raises(ValidationError) as refused:
        invoice_lines_credit(invoice=invoice, lines=[line, invoice.lines.last()], send=False)
    assert refused.value.messages == [
        "“Coworking-konferansen 2027: Kari Nordmann” is already credited."
    ]
    assert Invoice.objects.filter(kind="credit_note").count() == 1
    assert amounts(invoice)[2] == Decimal("1875.00")


def test_only_the_invoices_own_lines_and_at_least_one_are_credited(person):
    invoice, other = person_invoice(person), person_invoice(person)
    with pytest.raises(ValidationError) as refused:
        invoice_lines_credit(invoice=invoice, lines=[other.lines.first()], send=False)
    assert refused.value.messages == [
        f"Only lines of Invoice {invoice.number} can be credited on it."
    ]
    with pytest.raises(ValidationError) as refused:
        invoice_lines_credit(invoice=invoice, lines=[], send=False)
    assert refused.value.messages == ["Choose the lines to credit."]
    note = invoice_credit(invoice=other, send=False)
    for what in (other, note):
        with pytest.raises(ValidationError):
            invoice_lines_credit(invoice=what, lines=list(what.lines.all()), send=False)
    assert Invoice.objects.filter(kind="credit_note").count() == 1


def test_crediting_every_line_one_by_one_credits_the_invoice(person):
    invoice = person_invoice(person)
    for line in invoice.lines.all():
        invoice_lines_credit(invoice=invoice, lines=[line], send=False)
    assert amounts(invoice) == (
        "credited",
        Decimal("5625.00"),
        Decimal("5625.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )
    with pytest.raises(ValidationError) as refused:
        invoice_credit(invoice=invoice, send=False)
    assert refused.value.messages == ["Only an issued invoice can be credited, and only once."]


def test_crediting_the_whole_invoice_after_one_line_credits_the_rest():
    invoice = organisation_invoice()
    first = invoice.lines.first()
    invoice_lines_credit(invoice=invoice, lines=[first], send=False)
    note = invoice_credit(invoice=invoice, send=False)
    assert [line.credits_line for line in note.lines.all()] == list(invoice.lines.all()[1:])
    assert note.total_amount == Decimal("-3750.00")
    assert amounts(invoice)[:3] == ("credited", Decimal("5625.00"), Decimal("5625.00"))


def test_credit_notes_of_single_lines_add_up_to_the_invoice_to_the_ore(person):
    """Each line's VAT is 2,505 øre: rounded line by line, three credit notes would give back
    37,59 of an invoice of 37,58. The last note takes the øre back, and its PDF says so."""
    invoice = person_invoice(person, lines=seat_lines(prices=[Decimal("10.02")] * 3))
    assert (invoice.vat_amount, invoice.total_amount) == (Decimal("7.52"), Decimal("37.58"))
    notes = [
        invoice_lines_credit(invoice=invoice, lines=[line], send=False)
        for line in invoice.lines.all()
    ]
    assert [(note.vat_amount, note.total_amount) for note in notes] == [
        (Decimal("-2.51"), Decimal("-12.53")),
        (Decimal("-2.50"), Decimal("-12.52")),
        (Decimal("-2.51"), Decimal("-12.53")),
    ]
    assert amounts(invoice)[:3] == ("credited", Decimal("37.58"), Decimal("37.58"))
    text = pdf_text(invoice_pdf(notes[1]))
    assert "25% −10.02 −2.50" in text
    assert "Total credited −NOK 12.52" in text


def test_a_paid_invoice_partly_credited_has_money_to_refund(person):
    invoice = person_invoice(person)
    payment_register(invoice=invoice, amount=invoice.total_amount, paid_on=date(2027, 3, 2))
    invoice_lines_credit(invoice=invoice, lines=[invoice.lines.first()], send=False)
    assert amounts(invoice) == (
        "paid",
        Decimal("5625.00"),
        Decimal("1875.00"),
        Decimal("5625.00"),
        Decimal("0.00"),
        Decimal("1875.00"),
    )
    assert list(Invoice.objects.filter(invoices_refund_due_q())) == [invoice]
    figures = billing_year_figures(year=2027, today=date(2027, 3, 10))
    assert (figures["to_refund"], figures["outstanding"]) == (Decimal("1875.00"), Decimal("0.00"))
    text = pdf_text(invoice_pdf(invoice))
    assert "beyond what is owed after credit notes, NOK 1,875.00, is refunded" in text


def test_a_partly_paid_invoice_is_paid_once_what_is_left_after_credit_is_paid(person):
    invoice = person_invoice(person)
    payment_register(invoice=invoice, amount=Decimal("3000.00"), paid_on=date(2027, 3, 2))
    invoice_lines_credit(invoice=invoice, lines=[invoice.lines.first()], send=False)
    assert amounts(invoice) == (
        "partly_paid",
        Decimal("5625.00"),
        Decimal("1875.00"),
        Decimal("3000.00"),
        Decimal("750.00"),
        Decimal("0.00"),
    )
    text = pdf_text(invoice_pdf(invoice))
    assert "Credited NOK 1,875.00 Paid so far NOK 3,000.00 Left to pay NOK 750.00" in text
    payment_register(invoice=invoice, amount=Decimal("750.00"), paid_on=date(2027, 3, 3))
    assert amounts(invoice)[0] == "paid"


def test_the_sql_of_outstanding_and_refund_due_agrees_with_the_properties(person):
    """Every state the amounts can be in, read by the properties and by the selectors' SQL."""
    unpaid = person_invoice(person)
    partly_credited = person_invoice(person)
    invoice_lines_credit(invoice=partly_credited, lines=[partly_credited.lines.first()], send=False)
    paid_then_credited_in_part = person_invoice(person)
    payment_register(
        invoice=paid_then_credited_in_part, amount=Decimal("5625.00"), paid_on=date(2027, 3, 2)
    )
    invoice_lines_credit(
        invoice=paid_then_credited_in_part,
        lines=list(paid_then_credited_in_part.lines.all()[:2]),
        send=False,
    )
    overpaid = person_invoice(person)
    payment_register(invoice=overpaid, amount=Decimal("6000.00"), paid_on=date(2027, 3, 2))
    paid_then_credited = person_invoice(person)
    payment_register(invoice=paid_then_credited, amount=Decimal("100.00"), paid_on=date(2027, 3, 2))
    invoice_credit(invoice=paid_then_credited, send=False)
    invoices = Invoice.objects.order_by("pk")
    open_pks = set(invoices.filter(invoices_open_q()).values_list("pk", flat=True))
    refund_pks = set(invoices.filter(invoices_refund_due_q()).values_list("pk", flat=True))
    assert {i.pk for i in invoices if i.outstanding > 0} == open_pks
    assert {i.pk for i in invoices if i.refund_due > 0} == refund_pks
    assert open_pks == {unpaid.pk, partly_credited.pk}
    assert refund_pks == {paid_then_credited_in_part.pk, paid_then_credited.pk}
    figures = billing_year_figures(year=2027, today=date(2027, 3, 10))
    assert figures["to_refund"] == sum(i.refund_due for i in invoices) == Decimal("3850.00")
    assert figures["outstanding"] == sum(i.outstanding for i in invoices) == Decimal("9375.00")


def test_an_ocr_payment_beyond_what_a_partly_credited_invoice_asks_is_a_refund(person):
    invoice = person_invoice(person)
    uncredited = person_invoice(person)
    invoice_lines_credit(invoice=invoice, lines=[invoice.lines.first()], send=False)
    invoice.refresh_from_db()
    assert _coverage(Decimal("4000.00"), invoice.outstanding, invoice) == REFUND_DUE
    assert _coverage(Decimal("6000.00"), uncredited.outstanding, uncredited) == OVERPAID


def test_a_reminder_asks_for_what_is_left_after_the_credit_note(person, settings):
    settings.INVOICE_DUE_DAYS = 30
    settings.INVOICE_REMINDER_AFTER_DAYS = 14
    invoice = person_invoice(person)
    invoice_lines_credit(invoice=invoice, lines=[invoice.lines.first()], send=False)
    credited = person_invoice(person)
    payment_register(invoice=credited, amount=Decimal("3750.00"), paid_on=date(2027, 3, 2))
    invoice_lines_credit(invoice=credited, lines=[credited.lines.first()], send=False)
    today = date(2027, 5, 1)
    assert reminders_due(today=today) == [invoice]
    reminder = reminder_send(invoice=invoice, today=today)
    assert reminder.outstanding == Decimal("3750.00")


def test_a_credit_note_for_some_lines_is_mailed_to_the_person_as_such(
    person, django_capture_on_commit_callbacks
):
    invoice = person_invoice(person)
    with django_capture_on_commit_callbacks(execute=True):
        note = invoice_lines_credit(invoice=invoice, lines=[invoice.lines.first()])
    (message,) = mail.outbox
    assert message.to == ["kari.faktura@example.org"]
    body = " ".join(message.body.split())
    assert f"credit note {note.number}, which cancels the lines it lists of invoice" in body
    assert "Amount credited: −NOK 1,875.00" in body
    text = pdf_text(message.attachments[0].content)
    assert f"cancels the lines above of invoice {invoice.number}" in text


def test_the_admin_lists_and_shows_an_invoice_to_a_person(client, person, secretariat_user):
    invoice = person_invoice(person)
    invoice_lines_credit(invoice=invoice, lines=[invoice.lines.first()], send=False)
    payment_register(invoice=invoice, amount=Decimal("100.00"), paid_on=date(2027, 3, 2))
    client.force_login(secretariat_user)
    listing = client.get("/en/admin/billing/invoice/").content.decode()
    assert listing.count("Kari Nordmann") == 2  # the invoice and its credit note
    page = client.get(f"/en/admin/billing/invoice/{invoice.pk}/change/").content.decode()
    assert "NOK\xa01,875.00" in page.split("field-credited_money")[1][:400]
    assert "NOK\xa03,650.00" in page.split("field-outstanding_amount")[1][:400]
    payments = client.get("/en/admin/billing/payment/").content.decode()
    assert "Kari Nordmann" in payments


def test_a_draft_to_a_person_is_corrected_and_issued_in_the_admin(client, person, secretariat_user):
    draft = invoice_draft_create(buyer_user=person, buyer=person_buyer(), lines=seat_lines())
    client.force_login(secretariat_user)
    page = client.get(f"/en/admin/billing/invoice/{draft.pk}/change/").content.decode()
    assert 'name="organisation"' not in page
    assert 'name="buyer_email"' in page
    lines = list(draft.lines.all())
    data = {
        "buyer_name": "Kari Nordmann",
        "buyer_address": "Nygata 1",
        "buyer_postcode": "9008",
        "buyer_city": "Tromsø",
        "buyer_email": "kari.ny@example.org",
        "your_reference": "",
        "our_reference": "",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": str(len(lines)),
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "_issue": "1",
    }
    for index, line in enumerate(lines):
        data |= {
            f"lines-{index}-id": line.pk,
            f"lines-{index}-invoice": draft.pk,
            f"lines-{index}-description": line.description,
            f"lines-{index}-kind": line.kind,
            f"lines-{index}-quantity": "1",
            f"lines-{index}-unit_price": str(line.unit_price),
            f"lines-{index}-vat_rate": "25",
        }
    client.post(f"/en/admin/billing/invoice/{draft.pk}/change/", data)
    draft.refresh_from_db()
    assert (draft.status, draft.buyer_user, draft.buyer_address, draft.buyer_email) == (
        "issued",
        person,
        "Nygata 1",
        "kari.ny@example.org",
    )


def test_the_admin_adds_invoices_to_organisations_only(client, secretariat_user):
    client.force_login(secretariat_user)
    response = client.post(
        "/en/admin/billing/invoice/add/",
        {"organisation": "", "membership_year": "", "your_reference": "", "our_reference": ""}
        | {"lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"},
    )
    assert response.context["adminform"].form.errors == {
        "organisation": ["This field is required."]
    }
    assert not Invoice.objects.exists()


def test_a_norwegian_credit_note_for_one_line(person):
    invoice = person_invoice(person, language="nb")
    note = invoice_lines_credit(invoice=invoice, lines=[invoice.lines.first()], send=False)
    text = pdf_text(invoice_pdf(note))
    assert f"Denne kreditnotaen krediterer linjene ovenfor på faktura {invoice.number}" in text
    invoice.refresh_from_db()
    assert "Kreditert 1 875,00 kr Gjenstår å betale 3 750,00 kr" in pdf_text(invoice_pdf(invoice))


def test_the_books_export_an_invoice_to_a_person(person):
    invoice = person_invoice(person)
    rows = invoices_csv(Invoice.objects.all()).content.decode().splitlines()
    assert rows[1].split(",")[:7] == [
        str(invoice.number),
        "invoice",
        "2027-03-01",
        "2027-03-31",
        "",
        "Kari Nordmann",
        invoice.kid,
    ]


# Two people credit at once


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_lines_credited_at_once_both_count_and_one_line_twice_is_refused():
    person = UserFactory(name="Kari Nordmann")
    invoice = person_invoice(person)
    first, second, _third = invoice.lines.all()

    def credit(line, barrier):
        barrier.wait()
        return invoice_lines_credit(invoice=invoice, lines=[line], send=False)

    notes = in_two_threads(credit, [first, second])
    assert all(isinstance(note, Invoice) for note in notes)
    assert amounts(invoice)[2] == Decimal("3750.00")
    results = in_two_threads(credit, [invoice.lines.last(), invoice.lines.last()])
    assert sorted(type(result).__name__ for result in results) == ["Invoice", "ValidationError"]
    assert amounts(invoice)[:3] == ("credited", Decimal("5625.00"), Decimal("5625.00"))


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_negative_control_without_the_invoices_lock_the_database_still_refuses_a_line_twice():
    """The same line credited at once by two sessions that skip the invoice's row lock: both see
    it uncredited; the unique constraint on credits_line refuses the second note line."""
    invoice = person_invoice(UserFactory(name="Kari Nordmann"))
    line = invoice.lines.first()
    errors = []

    def credit_unlocked(_item, barrier):
        try:
            with transaction.atomic():
                assert not line.credited_by.exists()
                note = Invoice.objects.create(
                    kind="credit_note", buyer_user_id=invoice.buyer_user_id, credits=invoice
                )
                barrier.wait()
                InvoiceLine.objects.create(
                    invoice=note, description="x", unit_price=1, credits_line=line
                )
        except IntegrityError as error:
            errors.append(error)

    in_two_threads(credit_unlocked, [None, None])
    assert len(errors) == 1
    assert InvoiceLine.objects.filter(credits_line=line).count() == 1
