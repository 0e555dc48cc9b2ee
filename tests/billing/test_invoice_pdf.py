"""The invoice PDF: what a buyer reads on it, in its language, read back with pypdf."""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from billing import pdf as pdf_module
from billing.pdf import invoice_pdf, pdf_filename
from billing.services import invoice_credit, invoice_draft_create, invoice_issue
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

# 5 999,97 + 25 % VAT (1 499,99) = 7 499,96
FEE = {"description": "Medlemskontingent 2027", "unit_price": Decimal("5999.97")}
BUYER = "Čáhcesuolu Coworking AS"


def pdf_text(data: bytes) -> str:
    """The text of every page, with non-breaking spaces read as spaces."""
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")


@pytest.fixture
def organisation():
    return OrganisationFactory(
        legal_name=BUYER,
        organisation_number="974760673",
        address="Sjøgata 3",
        postcode="9008",
        city="Tromsø",
        language="nb",
    )


def issue(organisation, lines=(FEE,)):
    draft = invoice_draft_create(organisation=organisation, lines=list(lines))
    return invoice_issue(invoice=draft, today=date(2027, 1, 4), send=False)


def test_pdf_holds_number_kid_amount_due_date_account_and_buyer(organisation):
    invoice = issue(organisation)
    text = pdf_text(invoice_pdf(invoice))
    for expected in [
        str(invoice.number),
        invoice.kid,
        "7 499,96",
        "5 999,97",
        "1 499,99",
        "03.02.2027",
        "04.01.2027",
        "1234.56.78903",
        BUYER,
        "Sjøgata 3",
        "9008 Tromsø",
        "Org.nr. 974 760 673",
        "Org.nr. 999 000 002 MVA",
        "Medlemskontingent 2027",
    ]:
        assert expected in text, expected


def test_pdf_is_a_pdf_with_dejavu_embedded(organisation):
    data = invoice_pdf(issue(organisation))
    reader = PdfReader(io.BytesIO(data))
    fonts = [
        font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()
    ]
    # Subset fonts are named "ABCDEF+Name"; the glyphs are in the file, not on the system.
    names = {str(font["/BaseFont"]).split("+")[-1] for font in fonts}
    assert data.startswith(b"%PDF-")
    assert names == {"DejaVuSansBook", "DejaVuSansBold"}
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor


def test_english_invoice_is_in_english_with_english_numbers(organisation):
    organisation.language = "en"
    organisation.save()
    invoice = issue(organisation)
    text = pdf_text(invoice_pdf(invoice))
    for expected in [
        "Invoice",
        f"Invoice number {invoice.number}",
        "Amount due NOK 7,499.96",
        f"KID {invoice.kid}",
        "Account number 1234.56.78903",
        "Due date 3 Feb 2027",
        "Org. no. 974 760 673",
        "Org. no. 999 000 002 MVA",
        BUYER,
    ]:
        assert expected in text, expected
    assert pdf_filename(invoice) == f"invoice-{invoice.number}.pdf"


def test_norwegian_invoice_says_faktura(organisation):
    """Needs the Norwegian catalogue."""
    invoice = issue(organisation)
    text = pdf_text(invoice_pdf(invoice))
    assert "Faktura" in text
    assert "Å betale" in text
    assert pdf_filename(invoice) == f"faktura-{invoice.number}.pdf"


def test_vat_summary_has_a_row_per_rate(organisation):
    organisation.language = "en"
    organisation.save()
    course = {"description": "Kurs", "unit_price": Decimal("100.00"), "vat_rate": Decimal(0)}
    meal = {
        "description": "Lunsj",
        "quantity": Decimal(2),
        "unit_price": Decimal("150.00"),
        "vat_rate": Decimal(15),
    }
    text = pdf_text(invoice_pdf(issue(organisation, [FEE, course, meal])))
    summary = text.split("VAT summary", 1)[1]
    assert "0% 100.00 0.00" in summary
    assert "15% 300.00 45.00" in summary
    assert "25% 5,999.97 1,499.99" in summary
    assert "Amount due NOK 7,944.96" in summary


def test_seller_not_registered_for_vat_has_no_mva(organisation, settings):
    settings.INVOICE_SELLER = {**settings.INVOICE_SELLER, "vat_registered": False}
    text = pdf_text(invoice_pdf(issue(organisation, lines=[{**FEE, "vat_rate": Decimal(0)}])))
    assert "999 000 002" in text
    assert "999 000 002 MVA" not in text


def test_credit_note_names_the_invoice_it_credits_and_is_negative(organisation):
    organisation.language = "en"
    organisation.save()
    invoice = issue(organisation)
    note = invoice_credit(invoice=invoice, today=date(2027, 1, 10), send=False)
    text = pdf_text(invoice_pdf(note))
    assert "Credit note" in text
    assert f"Credit note number {note.number}" in text
    assert f"Credits invoice {invoice.number} of 4 Jan 2027" in text
    assert "Total credited \u2212NOK 7,499.96" in text
    assert "KID" not in text
    assert BUYER in text
    assert pdf_filename(note) == f"credit-note-{note.number}.pdf"


def test_norwegian_credit_note_says_kreditnota(organisation):
    """Needs the Norwegian catalogue."""
    invoice = issue(organisation)
    note = invoice_credit(invoice=invoice, today=date(2027, 1, 10), send=False)
    text = pdf_text(invoice_pdf(note))
    assert "Kreditnota" in text
    assert "\u22127 499,96 kr" in text
    assert str(invoice.number) in text


def test_a_draft_has_no_pdf(organisation):
    draft = invoice_draft_create(organisation=organisation, lines=[FEE])
    with pytest.raises(ValueError, match="draft"):
        invoice_pdf(draft)


def test_long_descriptions_wrap_and_many_lines_run_onto_a_second_page(organisation):
    organisation.language = "en"
    organisation.save()
    line = {
        "description": "Fagdag i Tromsø med lunsj, middag og en lang omvisning i byen " * 2,
        "unit_price": Decimal("10.00"),
    }
    invoice = issue(organisation, [line] * 40)
    data = invoice_pdf(invoice)
    text = pdf_text(data)
    assert len(PdfReader(io.BytesIO(data)).pages) >= 2
    assert "Amount due NOK 500.00" in text
    assert f"KID {invoice.kid}" in text


def test_the_fonts_ship_with_the_app_with_their_licence():
    assert Path(pdf_module.__file__).parent / "fonts" == pdf_module.FONT_DIR
    names = {path.name for path in pdf_module.FONT_DIR.iterdir()}
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE-DejaVu.txt"} <= names
    assert "Bitstream Vera" in (pdf_module.FONT_DIR / "LICENSE-DejaVu.txt").read_text()
