"""Invoices and payments as CSV for the accounting system (columns in docs/exports.md): machine
formats in every language (ISO dates, "7499.96"), never the page's locale formats."""

from decimal import Decimal

from django.http import HttpResponse

from billing.models import Invoice, Payment
from coworking_norge.csv_responses import csv_response, spreadsheet_safe, today_text

INVOICE_COLUMNS = (
    "number",
    "kind",
    "issue_date",
    "due_date",
    "organisation_number",
    "buyer_name",
    "kid",
    "net_amount",
    "vat_amount",
    "total_amount",
    "paid_amount",
    "outstanding",
    "status",
    "membership_year",
    "credits",
    "refund_due",
)
PAYMENT_COLUMNS = (
    "paid_on",
    "amount",
    "invoice",
    "kid",
    "organisation_number",
    "source",
    "reference",
    "external_id",
)


def invoices_for_export(invoices):
    """Issued invoices and credit notes only: a draft is nothing for the books yet."""
    return (
        invoices.exclude(status=Invoice.Status.DRAFT).select_related("credits").order_by("number")
    )


def payments_for_export(payments):
    return payments.select_related("invoice").order_by("paid_on", "pk")


def invoices_csv(invoices, *, name: str = "") -> HttpResponse:
    """`invoices` is a queryset; drafts in it are left out."""
    rows = (_invoice_row(invoice) for invoice in invoices_for_export(invoices))
    return csv_response(f"invoices-{name or today_text()}", INVOICE_COLUMNS, rows)


def payments_csv(payments, *, name: str = "") -> HttpResponse:
    rows = (_payment_row(payment) for payment in payments_for_export(payments))
    return csv_response(f"payments-{name or today_text()}", PAYMENT_COLUMNS, rows)


def _invoice_row(invoice: Invoice) -> list:
    return [
        invoice.number,
        invoice.kind,
        _date(invoice.issue_date),
        _date(invoice.due_date),
        invoice.buyer_organisation_number,
        spreadsheet_safe(invoice.buyer_name),
        invoice.kid or "",
        _amount(invoice.net_amount),
        _amount(invoice.vat_amount),
        _amount(invoice.total_amount),
        _amount(invoice.paid_amount),
        _amount(invoice.outstanding),
        invoice.status,
        invoice.membership_year or "",
        invoice.credits.number if invoice.credits else "",
        _amount(invoice.refund_due),
    ]


def _payment_row(payment: Payment) -> list:
    invoice = payment.invoice
    return [
        _date(payment.paid_on),
        _amount(payment.amount),
        invoice.number,
        invoice.kid or "",
        invoice.buyer_organisation_number,
        payment.source,
        spreadsheet_safe(payment.reference),
        spreadsheet_safe(payment.external_id or ""),
    ]


def _amount(amount: Decimal) -> str:
    # Not money(): the accounting system reads "-7499.96", whatever the admin's language.
    return f"{amount:.2f}"


def _date(day) -> str:
    return day.isoformat() if day else ""
