"""Invoices on /me/organisation/: listed for the admin and invoice contacts only, each with its PDF,
which nobody else can download."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from billing.models import Invoice
from billing.permissions import invoices_visible_to
from billing.services import invoice_credit, invoice_draft_create, invoice_issue, payment_register
from members.models import OrganisationContact
from members.services import invitation_send
from tests.factories import (
    HubFactory,
    HubManagerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FEE = {"description": "Medlemskontingent", "unit_price": Decimal("5999.97")}  # 7 499,96 in all


@pytest.fixture(autouse=True)
def _language_back():
    """A request to /en/ leaves English active in this thread; later tests expect Norwegian."""
    yield
    translation.deactivate()


def issue(organisation, today=None, **fields) -> Invoice:
    draft = invoice_draft_create(organisation=organisation, lines=[FEE], **fields)
    return invoice_issue(invoice=draft, today=today, send=False)


def person_with_role(organisation, role):
    return OrganisationContactFactory(organisation=organisation, role=role).user


@pytest.fixture
def organisation():
    return OrganisationFactory(legal_name="Čáhcesuolu Coworking AS", language="en")


@pytest.fixture
def invoices(organisation):
    """Overdue, paid, credited with its credit note, and a draft."""
    today = timezone.localdate()
    overdue = issue(organisation, today=today - timedelta(days=60))
    paid = issue(organisation, today=today - timedelta(days=40))
    payment_register(invoice=paid, amount=paid.total_amount, paid_on=today)
    credited = issue(organisation, today=today - timedelta(days=10))
    note = invoice_credit(invoice=credited, today=today, send=False)
    draft = invoice_draft_create(organisation=organisation, lines=[FEE])
    return {"overdue": overdue, "paid": paid, "credited": credited, "note": note, "draft": draft}


def invoice_rows(html: str) -> list[str]:
    """Each row of the invoices table as its text, spaces squeezed."""
    table = html.split('<table class="table table-sm align-middle table-stack"', 1)[1].split(
        "</table>"
    )[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.DOTALL)
    texts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]
    return [text.replace("\xa0", " ") for text in texts]


@pytest.mark.parametrize("role", [OrganisationContact.Role.ADMIN, OrganisationContact.Role.INVOICE])
def test_admin_and_invoice_contacts_see_the_issued_invoices(client, organisation, invoices, role):
    client.force_login(person_with_role(organisation, role))
    html = client.get("/en/me/organisation/").content.decode()
    overdue, paid, credited, note = (invoices[k] for k in ("overdue", "paid", "credited", "note"))
    day = "{:%-d %b %Y}".format
    assert invoice_rows(html) == [
        "Number Issue date Due date Total Status Outstanding PDF",
        f"Credit note {note.number} (for invoice {credited.number}) {day(note.issue_date)} "
        f"\u2212NOK 7,499.96 Issued Download credit note {note.number}",
        f"Invoice {credited.number} {day(credited.issue_date)} {day(credited.due_date)} "
        f"NOK 7,499.96 Credited NOK 0.00 Download invoice {credited.number}",
        f"Invoice {paid.number} {day(paid.issue_date)} {day(paid.due_date)} "
        f"NOK 7,499.96 Paid NOK 0.00 Download invoice {paid.number}",
        f"Invoice {overdue.number} {day(overdue.issue_date)} {day(overdue.due_date)} "
        f"NOK 7,499.96 Issued Overdue NOK 7,499.96 Download invoice {overdue.number}",
    ]
    for invoice in (overdue, paid, credited, note):
        assert f'href="/en/me/organisation/invoices/{invoice.pk}.pdf"' in html
    assert f"/invoices/{invoices['draft'].pk}.pdf" not in html


def test_the_invoices_table_is_labelled_and_scrolls_on_a_phone(client, organisation, invoices):
    client.force_login(person_with_role(organisation, OrganisationContact.Role.ADMIN))
    html = client.get("/en/me/organisation/").content.decode()
    heading = f'<h3 class="h4 mt-4" id="invoices-{organisation.pk}">Invoices</h3>'
    assert heading in html
    wrapper = html.split(heading, 1)[1]
    assert wrapper.lstrip().startswith('<div class="table-responsive">')
    assert f'aria-labelledby="invoices-{organisation.pk}"' in wrapper
    assert wrapper.count('<th scope="col"') == 7
    assert wrapper.count('<th scope="row">') == 4


def test_a_plain_contact_sees_no_invoices(client, organisation, invoices):
    client.force_login(person_with_role(organisation, OrganisationContact.Role.CONTACT))
    html = client.get("/en/me/organisation/").content.decode()
    assert "Čáhcesuolu Coworking AS" in html
    assert "Invoices" not in html
    assert ".pdf" not in html
    assert "7,499.96" not in html


def test_each_organisation_shows_only_its_own_invoices(client, organisation, invoices):
    other = OrganisationFactory(legal_name="Andre AS")
    person = person_with_role(other, OrganisationContact.Role.ADMIN)
    OrganisationContact.objects.create(
        user=person, organisation=organisation, role=OrganisationContact.Role.CONTACT
    )
    own = issue(other)
    client.force_login(person)
    html = client.get("/en/me/organisation/").content.decode()
    assert html.count("Invoices</h3>") == 1
    assert f"/invoices/{own.pk}.pdf" in html
    assert all(f"/invoices/{i.pk}.pdf" not in html for i in invoices.values())


def test_no_invoices_yet(client, organisation):
    client.force_login(person_with_role(organisation, OrganisationContact.Role.INVOICE))
    html = client.get("/en/me/organisation/").content.decode()
    assert "Invoices</h3>" in html
    assert "No invoices yet." in html


def test_invoices_visible_to(organisation, invoices):
    admin = person_with_role(organisation, OrganisationContact.Role.ADMIN)
    issued = {invoices[k].pk for k in ("overdue", "paid", "credited", "note")}
    assert set(invoices_visible_to(admin).values_list("pk", flat=True)) == issued
    plain = person_with_role(organisation, OrganisationContact.Role.CONTACT)
    assert not invoices_visible_to(plain).exists()
    admin.is_active = False
    assert not invoices_visible_to(admin).exists()


@pytest.mark.parametrize("role", [OrganisationContact.Role.ADMIN, OrganisationContact.Role.INVOICE])
def test_download_the_pdf(client, organisation, invoices, role):
    client.force_login(person_with_role(organisation, role))
    invoice = invoices["overdue"]
    response = client.get(f"/en/me/organisation/invoices/{invoice.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="invoice-{invoice.number}.pdf"'
    assert "no-store" in response["Cache-Control"]
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert f"Invoice number {invoice.number}" in text
    assert invoice.kid in text


def test_download_a_credit_note(client, organisation, invoices):
    client.force_login(person_with_role(organisation, OrganisationContact.Role.INVOICE))
    note = invoices["note"]
    response = client.get(f"/me/organisation/invoices/{note.pk}.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'attachment; filename="credit-note-{note.number}.pdf"'
    )
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert f"Credits invoice {invoices['credited'].number}" in text
    assert "Total credited \u2212NOK\xa07,499.96" in text


def test_nobody_else_downloads_and_a_draft_is_never_downloaded(client, organisation, invoices):
    url = f"/me/organisation/invoices/{invoices['overdue'].pk}.pdf"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    other_admin = person_with_role(OrganisationFactory(), OrganisationContact.Role.ADMIN)
    for person in [
        person_with_role(organisation, OrganisationContact.Role.CONTACT),
        other_admin,
        UserFactory(),
    ]:
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.force_login(person_with_role(organisation, OrganisationContact.Role.ADMIN))
    assert client.get(f"/me/organisation/invoices/{invoices['draft'].pk}.pdf").status_code == 404
    assert client.get("/me/organisation/invoices/999999.pdf").status_code == 404
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("count", [1, 6])
def test_organisation_page_query_count_does_not_grow_with_invoices_contacts_or_managers(
    client, organisation, count, django_assert_num_queries
):
    person = person_with_role(organisation, OrganisationContact.Role.ADMIN)
    hub = HubFactory(organisation=organisation)
    for _ in range(count - 1):
        person_with_role(organisation, OrganisationContact.Role.CONTACT)
    HubManagerFactory(hub=hub)  # with one more, every manager may be removed
    for number in range(count):
        HubManagerFactory(hub=hub)
        invitation_send(
            organisation=organisation, email=f"ny{number}@example.org", hub=hub, invited_by=person
        )
    today = date(2027, 1, 4)
    for _ in range(count):
        invoice = issue(organisation, today=today)
    invoice_credit(invoice=invoice, today=today, send=False)
    second = OrganisationFactory()
    OrganisationContact.objects.create(
        user=person, organisation=second, role=OrganisationContact.Role.INVOICE
    )
    for _ in range(count):
        issue(second, today=today)
    client.force_login(person)
    with django_assert_num_queries(QUERIES):
        response = client.get("/en/me/organisation/")
    html = response.content.decode()
    assert html.count("Download invoice") == 2 * count
    assert html.count("– contact</span>") == count - 1
    assert html.count(" as manager of ") == count + 1
    assert html.count("Withdraw the invitation to ") == count
    assert html.count("NOK\xa07,499.96") >= 2 * count


QUERIES = 12  # the same for any number of contacts, managers, invitations and invoices
