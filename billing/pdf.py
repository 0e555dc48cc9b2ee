"""The PDF of an issued invoice or credit note, laid out as Norwegian invoices are, in the
invoice's language. DejaVu Sans is embedded (from billing/fonts/) so that every name prints."""

from pathlib import Path

from django.db.models import Max
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf import FPDF
from fpdf.enums import Align, TableBordersLayout, XPos, YPos
from fpdf.fonts import FontFace
from stdnum.no import kontonr, orgnr

from billing.models import Invoice
from billing.selectors import invoice_lines_totals
from coworking_norge.formats.money import money, percent, quantity

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
GREY = (90, 90, 90)
LINE_HEIGHT = 5


def invoice_pdf(invoice: Invoice) -> bytes:
    """The PDF as bytes; a draft has no PDF, since it has no number, KID or dates yet."""
    if not invoice.is_issued:
        raise ValueError(f"Invoice {invoice.pk} is a draft; only issued invoices have a PDF.")
    with translation.override(invoice.language):
        pdf = _InvoicePDF(invoice)
        pdf.render()
        return bytes(pdf.output())


def pdf_filename(invoice: Invoice) -> str:
    """The attachment's name in the invoice's language: faktura-17.pdf, invoice-17.pdf…"""
    with translation.override(invoice.language):
        # Translators: the start of a file name: lower case, no spaces ("faktura", "kreditnota").
        stem = (
            pgettext("file name", "credit-note")
            if invoice.is_credit_note
            else pgettext("file name", "invoice")
        )
    return f"{stem}-{invoice.number}.pdf"


def account_display(account: str) -> str:
    return kontonr.format(account) if account else ""


def organisation_number_display(value: str) -> str:
    return orgnr.format(value) if value else ""


class _InvoicePDF(FPDF):
    def __init__(self, invoice: Invoice):
        super().__init__(format="A4", unit="mm")
        self.invoice = invoice
        self.seller = invoice.seller or {}
        self.lines = list(invoice.lines.all())
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=22)
        self.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_lang(invoice.language)
        self.set_title(self.title_text())
        self.set_author(self.seller.get("name", ""))
        self.set_creator("Coworking Norge")

    def kind_text(self) -> str:
        return _("Credit note") if self.invoice.is_credit_note else _("Invoice")

    def title_text(self) -> str:
        return f"{self.kind_text()} {self.invoice.number}"

    def render(self) -> None:
        self.add_page()
        self.header_blocks()
        self.lines_table()
        self.vat_summary()
        self.totals_block()
        self.closing_block()

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        parts = [self.seller.get("name", ""), self.seller_number(), self.seller.get("email", "")]
        self.cell(0, 4, "  ·  ".join(p for p in parts if p), align=Align.C)
        self.set_text_color(0)

    def text_line(self, text: str, *, size: float = 10, bold: bool = False, width: float = 80):
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(
            width, LINE_HEIGHT, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def seller_number(self) -> str:
        number = organisation_number_display(self.seller.get("organisation_number", ""))
        if not number:
            return ""
        text = _("Org. no. %(number)s") % {"number": number}
        # "MVA" after the number says the seller is VAT-registered, in either language.
        return f"{text} MVA" if self.seller.get("vat_registered") else text

    def header_blocks(self) -> None:
        top = self.get_y()
        self.seller_block()
        seller_bottom = self.get_y()
        self.set_xy(120, top)
        self.set_font(FONT, "B", 20)
        self.cell(70, 10, self.kind_text(), align=Align.R)
        self.set_y(max(seller_bottom, top + 30) + 8)
        parties_top = self.get_y()
        self.buyer_block()
        buyer_bottom = self.get_y()
        self.set_y(parties_top)
        self.facts_block()
        self.set_y(max(self.get_y(), buyer_bottom) + 10)

    def seller_block(self) -> None:
        self.text_line(self.seller.get("name", ""), size=13, bold=True)
        for text in (
            self.seller_number(),
            self.seller.get("address", ""),
            self.seller.get("email", ""),
        ):
            if text:
                self.text_line(text, size=9)

    def buyer_block(self) -> None:
        invoice = self.invoice
        self.set_text_color(*GREY)
        self.text_line(_("Bill to"), size=8)
        self.set_text_color(0)
        self.text_line(invoice.buyer_name, bold=True)
        place = f"{invoice.buyer_postcode} {invoice.buyer_city}".strip()
        for text in (invoice.buyer_address, place):
            if text:
                self.text_line(text)
        if invoice.buyer_organisation_number:
            number = organisation_number_display(invoice.buyer_organisation_number)
            self.text_line(_("Org. no. %(number)s") % {"number": number})

    def facts(self) -> list[tuple[str, str]]:
        invoice = self.invoice
        if invoice.is_credit_note:
            rows = [
                (_("Credit note number"), str(invoice.number)),
                (_("Credit note date"), date_format(invoice.issue_date)),
                (_("Credits invoice"), self.credited_invoice_text()),
            ]
        else:
            rows = [
                (_("Invoice number"), str(invoice.number)),
                (_("Invoice date"), date_format(invoice.issue_date)),
                (_("Due date"), date_format(invoice.due_date)),
                (_("KID"), invoice.kid or ""),
            ]
        rows += [
            (_("Your reference"), invoice.your_reference),
            (_("Our reference"), invoice.our_reference),
        ]
        return [(label, value) for label, value in rows if value]

    def credited_invoice_text(self) -> str:
        credited = self.invoice.credits
        return _("%(number)s of %(date)s") % {
            "number": credited.number,
            "date": date_format(credited.issue_date),
        }

    def facts_block(self) -> None:
        for label, value in self.facts():
            self.set_x(105)
            self.set_font(FONT, "", 9)
            self.cell(40, LINE_HEIGHT, label)
            self.set_font(FONT, "B", 9)
            self.cell(45, LINE_HEIGHT, value, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def lines_table(self) -> None:
        self.set_font(FONT, "", 9)
        headings = [
            _("Description"),
            _("Quantity"),
            _("Unit price"),
            _("VAT %"),
            _("Amount"),
        ]
        rows = [
            [
                line.description,
                quantity(line.quantity),
                money(line.unit_price, currency=False),
                quantity(line.vat_rate),
                money(line.net_amount, currency=False),
            ]
            for line in self.lines
        ]
        self.table_of(headings, rows, col_widths=(80, 18, 28, 16, 28))

    def table_of(self, headings: list[str], rows: list[list[str]], *, col_widths) -> None:
        align = ("LEFT",) + ("RIGHT",) * (len(headings) - 1)
        with self.table(
            col_widths=col_widths,
            text_align=align,
            borders_layout=TableBordersLayout.HORIZONTAL_LINES,
            headings_style=FontFace(emphasis="BOLD"),
            line_height=LINE_HEIGHT + 1,
            width=sum(col_widths),
            align=Align.L,
            padding=(1, 1),
        ) as table:
            for values in [headings, *rows]:
                row = table.row()
                for value in values:
                    row.cell(value)
        self.ln(4)

    def vat_summary(self) -> None:
        groups = invoice_lines_totals(self.invoice, self.lines).groups
        self.set_font(FONT, "B", 10)
        self.cell(0, LINE_HEIGHT + 1, _("VAT summary"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 9)
        rows = [
            [percent(g.rate), money(g.net, currency=False), money(g.vat, currency=False)]
            for g in groups
        ]
        self.table_of(
            [_("VAT rate"), _("Basis excl. VAT"), _("VAT")], rows, col_widths=(30, 40, 30)
        )

    def totals_block(self) -> None:
        invoice = self.invoice
        due = _("Total credited") if invoice.is_credit_note else _("Amount due")
        rows = [
            (_("Total excl. VAT"), money(invoice.net_amount), False),
            (_("VAT"), money(invoice.vat_amount), False),
            (due, money(invoice.total_amount), True),
        ]
        for label, value, bold in rows:
            self.set_x(105)
            self.set_font(FONT, "B" if bold else "", 11 if bold else 10)
            self.cell(45, LINE_HEIGHT + 1, label)
            self.cell(40, LINE_HEIGHT + 1, value, align=Align.R)
            self.ln(LINE_HEIGHT + 1)
        self.ln(6)

    def closing_block(self) -> None:
        """What the buyer does now: nothing for a credit note, a paid or a credited invoice (each
        says so), or pay, as the payment box says."""
        status = self.invoice.status
        if self.invoice.is_credit_note:
            self.credit_note_block()
        elif status == Invoice.Status.PAID:
            self.paid_block()
        elif status == Invoice.Status.CREDITED:
            self.credited_block()
        else:
            self.payment_block()

    def paid_block(self) -> None:
        """The date of the last payment, the one that paid the invoice in full."""
        invoice = self.invoice
        paid_on = invoice.payments.aggregate(last=Max("paid_on"))["last"]
        heading = _("Paid %(date)s") % {"date": date_format(paid_on)} if paid_on else _("Paid")
        text = _("Thank you. Nothing more is owed on this invoice.")
        if invoice.refund_due:
            refund = _(
                "What was paid beyond what is owed after credit notes, %(amount)s, is refunded "
                "or set off against another invoice."
            ) % {"amount": money(invoice.refund_due)}
            text = f"{text} {refund}"
        self.notice(heading, text)

    def credited_block(self) -> None:
        invoice = self.invoice
        notes = list(invoice.credit_notes.exclude(status=Invoice.Status.DRAFT).order_by("number"))
        if len(notes) == 1:
            text = _(
                "This invoice is credited in full by credit note %(number)s of %(date)s. "
                "Nothing is owed on it."
            ) % {"number": notes[0].number, "date": date_format(notes[0].issue_date)}
        else:
            text = _(
                "This invoice is credited in full by credit notes %(numbers)s. Nothing is owed "
                "on it."
            ) % {"numbers": ", ".join(str(note.number) for note in notes)}
        if invoice.refund_due:
            refund = _(
                "What was paid for it, %(amount)s, is refunded or set off against another invoice."
            ) % {"amount": money(invoice.refund_due)}
            text = f"{text} {refund}"
        self.notice(_("Credited"), text)

    def payment_block(self) -> None:
        invoice = self.invoice
        rows = [
            (_("Account number"), account_display(self.seller.get("account", ""))),
            (_("KID"), invoice.kid or ""),
        ]
        if invoice.credited_amount:
            rows.append((_("Credited"), money(invoice.credited_amount)))
        if invoice.paid_amount:
            rows.append((_("Paid so far"), money(invoice.paid_amount)))
        if invoice.paid_amount or invoice.credited_amount:
            rows.append((_("Left to pay"), money(invoice.outstanding)))
        else:
            rows.append((_("Amount"), money(invoice.total_amount)))
        rows.append((_("Due date"), date_format(invoice.due_date)))
        self.boxed(_("Payment information"), rows)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        self.multi_cell(
            0,
            4,
            _("Please pay with the KID so that the payment is matched to this invoice."),
            align=Align.L,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.set_text_color(0)

    def credit_note_block(self) -> None:
        credited = self.invoice.credits
        if self.invoice.credits_in_full:
            text = _(
                "This credit note cancels invoice %(number)s in full. Nothing more is owed on it; "
                "anything already paid for it is refunded or set off against another invoice."
            ) % {"number": credited.number}
        else:
            text = _(
                "This credit note cancels the lines above of invoice %(number)s, which then asks "
                "that much less. Anything paid beyond what is left to pay is refunded or set off "
                "against another invoice."
            ) % {"number": credited.number}
        self.set_font(FONT, "", 9)
        self.multi_cell(0, LINE_HEIGHT, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def notice(self, heading: str, text: str) -> None:
        """A framed heading and a paragraph, where an unpaid invoice has its payment box."""
        if self.will_page_break(30):
            self.add_page()
        top = self.get_y()
        self.set_xy(self.l_margin + 3, top + 3)
        self.set_font(FONT, "B", 13)
        self.cell(0, LINE_HEIGHT + 2, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_x(self.l_margin + 3)
        self.set_font(FONT, "", 10)
        self.multi_cell(
            self.epw - 6, LINE_HEIGHT, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        bottom = self.get_y() + 3
        self.set_draw_color(120)
        self.rect(self.l_margin, top, self.epw, bottom - top)
        self.set_y(bottom + 3)

    def boxed(self, heading: str, rows: list[tuple[str, str]]) -> None:
        height = 8 + len(rows) * (LINE_HEIGHT + 1) + 3
        if self.will_page_break(height):
            self.add_page()
        top = self.get_y()
        self.set_draw_color(120)
        self.rect(self.l_margin, top, self.epw, height)
        self.set_xy(self.l_margin + 3, top + 2)
        self.set_font(FONT, "B", 10)
        self.cell(0, LINE_HEIGHT + 1, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for label, value in rows:
            self.set_x(self.l_margin + 3)
            self.set_font(FONT, "", 10)
            self.cell(45, LINE_HEIGHT + 1, label)
            self.set_font(FONT, "B", 10)
            self.cell(0, LINE_HEIGHT + 1, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(top + height + 3)
