"""One date and number format per language (coworking_norge/formats): nb "15.01.2026" and
"5 000,00 kr", en "15 Jan 2026" and "NOK 5,000.00", quantities "1" — on the organisation page,
in the admin, in the e-mails and on the PDF; the CSV files keep their machine formats."""

import io
import re
from datetime import date
from decimal import Decimal
from html import unescape

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, translation
from pypdf import PdfReader

from billing.notifications import invoice_send
from billing.pdf import invoice_pdf
from billing.services import invoice_credit, invoice_draft_create, invoice_issue, payment_register
from coworking_norge.formats.money import money, percent, quantity
from members.models import OrganisationContact
from tests.factories import MembershipTierFactory, OrganisationContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

NBSP, MINUS = "\xa0", "\u2212"
# 5 999,97 + 25 % VAT (1 499,99) = 7 499,96; issued 4 January 2027, due 3 February 2027.
FEE = {"description": "Medlemskontingent 2027", "unit_price": Decimal("5999.97")}
ISSUED = date(2027, 1, 4)


@pytest.fixture(autouse=True)
def _language_back():
    """A request to /en/ leaves English active in this thread; later tests expect Norwegian."""
    yield
    translation.deactivate()


def issue(organisation, lines=(FEE,)):
    draft = invoice_draft_create(organisation=organisation, lines=list(lines))
    return invoice_issue(invoice=draft, today=ISSUED, send=False)


def pdf_text(invoice) -> str:
    reader = PdfReader(io.BytesIO(invoice_pdf(invoice)))
    return "\n".join(page.extract_text() for page in reader.pages).replace(NBSP, " ")


def text_of(html: str) -> str:
    """The page's text, tags dropped, entities read and spaces squeezed (non-breaking ones
    kept)."""
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


# The one way


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("nb", "5000", f"5{NBSP}000,00{NBSP}kr"),
        ("en", "5000", f"NOK{NBSP}5,000.00"),
        ("nb", "-150", f"{MINUS}150,00{NBSP}kr"),
        ("en", "-150", f"{MINUS}NOK{NBSP}150.00"),
        ("nb", "1234567.5", f"1{NBSP}234{NBSP}567,50{NBSP}kr"),
        ("en", "0.005", f"NOK{NBSP}0.01"),
        ("nb", "-0.00", f"0,00{NBSP}kr"),
        ("en", "999.99", f"NOK{NBSP}999.99"),
    ],
)
def test_money_in_each_language(language, amount, expected):
    with translation.override(language):
        assert money(Decimal(amount)) == expected
    assert money(Decimal(amount), language=language) == expected


def test_money_without_the_currency_and_quantities_without_trailing_zeros():
    assert money(Decimal("7499.96"), language="nb", currency=False) == f"7{NBSP}499,96"
    assert money(Decimal("7499.96"), language="en", currency=False) == "7,499.96"
    assert money(None) == ""
    pairs = [("1.000", "1", "1"), ("2.500", "2,5", "2.5"), ("12.50", "12,5", "12.5")]
    pairs.append(("1000", f"1{NBSP}000", "1,000"))
    for value, nb, en in pairs:
        assert (
            quantity(Decimal(value), language="nb"),
            quantity(Decimal(value), language="en"),
        ) == (
            nb,
            en,
        )


@pytest.mark.parametrize(
    ("value", "nb", "en"),
    [("25.00", f"25{NBSP}%", "25%"), ("12.50", f"12,5{NBSP}%", "12.5%"), ("0", f"0{NBSP}%", "0%")],
)
def test_a_rate_in_per_cent_in_each_language(value, nb, en):
    """Norwegian sets the sign after a non-breaking space, English right after the number."""
    assert (percent(Decimal(value), language="nb"), percent(Decimal(value), language="en")) == (
        nb,
        en,
    )
    template = Template("{% load money %}{{ rate|percent }}")
    for language, expected in (("nb", nb), ("en", en)):
        with translation.override(language):
            assert template.render(Context({"rate": Decimal(value)})) == expected
    assert percent(None) == ""


def test_the_norwegian_catalogue_writes_mva_one_way():
    """ "mva." with its full stop, in the site, the admin and the PDF; "mva-sats" is a compound."""
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale/nb/LC_MESSAGES/django.po"))
    other_forms = {
        entry.msgid: entry.msgstr
        for entry in catalogue
        if not entry.obsolete and re.search(r"(?i)\bmva\b(?![.-])", entry.msgstr)
    }
    assert other_forms == {}


def test_dates_by_the_locale_formats_and_years_and_ids_never_grouped():
    template = Template("{% load money %}{{ day|date }} {{ year }} {{ pk }} {{ amount|money }}")
    context = {"day": date(2026, 1, 15), "year": 2026, "pk": 12345, "amount": Decimal(5000)}
    with translation.override("nb"):
        assert template.render(Context(context)) == f"15.01.2026 2026 12345 5{NBSP}000,00{NBSP}kr"
        assert formats.date_format(date(2026, 1, 15), "SHORT_DATE_FORMAT") == "15.01.2026"
    with translation.override("en"):
        assert template.render(Context(context)) == f"15 Jan 2026 2026 12345 NOK{NBSP}5,000.00"
        assert formats.date_format(date(2026, 1, 15), "SHORT_DATE_FORMAT") == "15 Jan 2026"


def test_an_english_date_is_typed_day_first_never_month_first():
    with translation.override("en"):
        accepted = formats.get_format("DATE_INPUT_FORMATS")
    assert "%d.%m.%Y" in accepted
    assert "%m/%d/%Y" not in accepted


# The organisation page


@pytest.fixture
def contact(client):
    tier = MembershipTierFactory(
        name_nb="Liten hub", name_en="Small hub", yearly_fee=Decimal("4000.00")
    )
    organisation = OrganisationFactory(tier=tier, member_since=date(2024, 1, 1), language="nb")
    person = OrganisationContactFactory(
        organisation=organisation, role=OrganisationContact.Role.ADMIN
    ).user
    client.force_login(person)
    return organisation


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "",
            [
                "Medlem, siden 01.01.2024",
                f"Liten hub 4{NBSP}000,00{NBSP}kr i året ekskl. mva. "
                f"(5{NBSP}000,00{NBSP}kr inkl. 25{NBSP}%{NBSP}mva.)",
                f"Faktura 1 04.01.2027 03.02.2027 7{NBSP}499,96{NBSP}kr",
                "Kontonummer 1234.56.78903",
                f"Å betale 7{NBSP}499,96{NBSP}kr Forfallsdato 03.02.2027",
            ],
        ),
        (
            "/en",
            [
                "Member, since 1 Jan 2024",
                f"Small hub NOK{NBSP}4,000.00 a year excluding VAT "
                f"(NOK{NBSP}5,000.00 including 25%{NBSP}VAT)",
                f"Invoice 1 4 Jan 2027 3 Feb 2027 NOK{NBSP}7,499.96",
                "Account number 1234.56.78903",
                f"Amount due NOK{NBSP}7,499.96 Due date 3 Feb 2027",
            ],
        ),
    ],
)
def test_the_organisation_page_in_each_language(client, contact, prefix, expected):
    invoice = issue(contact)
    text = text_of(client.get(f"{prefix}/me/organisation/").content.decode())
    for phrase in [*expected, f"KID {invoice.kid}"]:
        assert phrase in text, phrase


def test_the_organisation_page_gives_what_to_pay_for_unpaid_invoices_only(client, contact):
    paid, partly, credited = issue(contact), issue(contact), issue(contact)
    payment_register(invoice=paid, amount=paid.total_amount, paid_on=date(2027, 1, 20))
    payment_register(invoice=partly, amount=Decimal("2499.96"), paid_on=date(2027, 1, 20))
    invoice_credit(invoice=credited, today=date(2027, 1, 10), send=False)
    html = client.get("/en/me/organisation/").content.decode()
    to_pay = text_of(html.split('id="to-pay-', 1)[1].split('id="invoices-', 1)[0])
    assert f"Invoice {partly.number}" in to_pay
    assert f"KID {partly.kid} Amount due NOK{NBSP}5,000.00" in to_pay
    assert partly.kid in to_pay
    assert paid.kid not in to_pay
    assert credited.kid not in to_pay


def test_a_seller_not_registered_for_vat_states_the_fee_without_vat(client, contact, settings):
    settings.INVOICE_SELLER = {**settings.INVOICE_SELLER, "vat_registered": False}
    assert f"4{NBSP}000,00{NBSP}kr i året, uten mva." in text_of(
        client.get("/me/organisation/").content.decode()
    )
    assert f"NOK{NBSP}4,000.00 a year, no VAT" in text_of(
        client.get("/en/me/organisation/").content.decode()
    )


# The admin


@pytest.fixture
def staff(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def admin_url(name: str, *args, language: str) -> str:
    with translation.override(language):
        return reverse(f"admin:billing_invoice_{name}", args=args)


@pytest.mark.parametrize(
    ("language", "row", "change"),
    [
        (
            "nb",
            f"Faktura 1 {{org}} 7{NBSP}499,96{NBSP}kr 7{NBSP}499,96{NBSP}kr Utstedt",
            [
                "Fakturadato: 04.01.2027",
                "Forfallsdato: 03.02.2027",
                f"Totalt: 7{NBSP}499,96{NBSP}kr",
                f"1 5{NBSP}999,97{NBSP}kr 25",
            ],
        ),
        (
            "en",
            f"Invoice 1 {{org}} NOK{NBSP}7,499.96 NOK{NBSP}7,499.96 Issued",
            [
                "Issue date: 4 Jan 2027",
                "Due date: 3 Feb 2027",
                f"Total: NOK{NBSP}7,499.96",
                f"1 NOK{NBSP}5,999.97 25",
            ],
        ),
    ],
)
def test_the_admin_list_and_change_page_in_each_language(staff, language, row, change):
    invoice = issue(OrganisationFactory(legal_name="Hamar Kontorfellesskap AS"))
    html = staff.get(admin_url("changelist", language=language)).content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", html.split('id="result_list"', 1)[1], flags=re.DOTALL)
    assert [text_of(cells).strip() for cells in rows[1:]] == [
        row.format(org="Hamar Kontorfellesskap AS")
    ]
    text = text_of(staff.get(admin_url("change", invoice.pk, language=language)).content.decode())
    for phrase in change:
        assert phrase in text, phrase


def test_a_drafts_line_shows_its_quantity_and_vat_rate_without_trailing_zeros(staff):
    draft = invoice_draft_create(organisation=OrganisationFactory(), lines=[FEE])
    html = staff.get(admin_url("change", draft.pk, language="nb")).content.decode()
    assert re.search(r'<input type="number" name="lines-0-quantity" value="1" step="any"', html)
    assert re.search(r'<input type="number" name="lines-0-vat_rate" value="25" step="any"', html)
    assert f"5{NBSP}999,97{NBSP}kr" in html  # the line's amount, read-only


# The e-mails


def test_the_invoice_email_in_norwegian():
    organisation = OrganisationFactory(language="nb")
    invoice = issue(organisation)
    invoice_send(invoice=invoice)
    body = mail.outbox[0].body
    assert f"Å betale: 7{NBSP}499,96{NBSP}kr" in body
    assert "Forfallsdato: 03.02.2027" in body


# The PDF


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nb",
            [
                "Fakturadato 04.01.2027",
                "Forfallsdato 03.02.2027",
                "Medlemskontingent 2027 1 5 999,97 25 5 999,97",
                "Sum ekskl. mva. 5 999,97 kr",
                "25 % 5 999,97 1 499,99",
                "Å betale 7 499,96 kr",
            ],
        ),
        (
            "en",
            [
                "Invoice date 4 Jan 2027",
                "Due date 3 Feb 2027",
                "Medlemskontingent 2027 1 5,999.97 25 5,999.97",
                "Total excl. VAT NOK 5,999.97",
                "25% 5,999.97 1,499.99",
                "Amount due NOK 7,499.96",
            ],
        ),
    ],
)
def test_the_pdf_in_the_invoices_language(language, expected):
    text = pdf_text(issue(OrganisationFactory(language=language)))
    for phrase in expected:
        assert phrase in text, phrase


@pytest.mark.parametrize(
    ("language", "paid", "payment_box"),
    [("nb", "Betalt 01.02.2027", "Betalingsinformasjon"), ("en", "Paid 1 Feb 2027", "Payment")],
)
def test_a_paid_invoice_says_when_and_has_no_payment_box(language, paid, payment_box):
    invoice = issue(OrganisationFactory(language=language))
    payment_register(invoice=invoice, amount=Decimal("5000.00"), paid_on=date(2027, 1, 20))
    payment_register(invoice=invoice, amount=Decimal("2499.96"), paid_on=date(2027, 2, 1))
    invoice.refresh_from_db()
    text = pdf_text(invoice)
    assert paid in text
    assert payment_box not in text
    assert "1234.56.78903" not in text


def test_a_partly_paid_invoice_asks_for_what_is_left():
    invoice = issue(OrganisationFactory(language="nb"))
    payment_register(invoice=invoice, amount=Decimal("2499.96"), paid_on=date(2027, 1, 20))
    invoice.refresh_from_db()
    text = pdf_text(invoice)
    assert "Betalingsinformasjon" in text
    assert "Betalt hittil 2 499,96 kr" in text
    assert "Gjenstår å betale 5 000,00 kr" in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nb",
            "Kreditert\nDenne fakturaen er kreditert i sin helhet med kreditnota {note} "
            "datert 10.01.2027.",
        ),
        ("en", "Credited\nThis invoice is credited in full by credit note {note} of 10 Jan 2027."),
    ],
)
def test_a_credited_invoice_names_its_credit_note_and_has_no_payment_box(language, expected):
    invoice = issue(OrganisationFactory(language=language))
    note = invoice_credit(invoice=invoice, today=date(2027, 1, 10), send=False)
    invoice.refresh_from_db()
    text = pdf_text(invoice)
    assert expected.format(note=note.number) in text
    assert "1234.56.78903" not in text


def test_a_credited_invoice_that_was_paid_says_the_money_is_refunded():
    invoice = issue(OrganisationFactory(language="en"))
    payment_register(invoice=invoice, amount=Decimal("1000.00"), paid_on=date(2027, 1, 8))
    invoice_credit(invoice=invoice, today=date(2027, 1, 10), send=False)
    invoice.refresh_from_db()
    text = " ".join(pdf_text(invoice).split())
    assert "What was paid for it, NOK 1,000.00, is refunded or set off" in text


# The CSV files keep their machine formats, whatever the language


def test_the_csv_files_are_in_their_documented_formats_in_norwegian_too(staff):
    invoice = issue(OrganisationFactory())
    payment_register(invoice=invoice, amount=Decimal("1234.50"), paid_on=date(2027, 1, 20))
    with translation.override("nb"):
        invoices = staff.get(reverse("admin:billing_invoice_dashboard_invoices"), {"year": 2027})
        payments = staff.get(reverse("admin:billing_invoice_dashboard_payments"), {"year": 2027})
    invoice_row = invoices.content.decode().splitlines()[1].split(",")
    assert invoice_row[2:4] == ["2027-01-04", "2027-02-03"]
    assert invoice_row[7:12] == ["5999.97", "1499.99", "7499.96", "1234.50", "6265.46"]
    assert payments.content.decode().splitlines()[1].split(",")[:3] == [
        "2027-01-20",
        "1234.50",
        "1",
    ]
