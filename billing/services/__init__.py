"""Every write the network's billing makes, by subject: invoices (drafts, issuing, credit notes for
whole invoices or single lines), payments, the yearly membership fee, reminders and the bank's OCR
file."""

from billing.services.invoices import (
    invoice_credit,
    invoice_draft_create,
    invoice_issue,
    invoice_lines_credit,
    invoice_number_next,
    invoice_totals_refresh,
)
from billing.services.membership_fee import bill_year, bill_year_plan, fee_lines
from billing.services.ocr import ocr_import, ocr_preview
from billing.services.payments import (
    PAYABLE_STATUSES,
    payment_check,
    payment_register,
    payments_register,
)
from billing.services.reminders import reminder_send, reminders_send

__all__ = [
    "PAYABLE_STATUSES",
    "bill_year",
    "bill_year_plan",
    "fee_lines",
    "invoice_credit",
    "invoice_draft_create",
    "invoice_issue",
    "invoice_lines_credit",
    "invoice_number_next",
    "invoice_totals_refresh",
    "ocr_import",
    "ocr_preview",
    "payment_check",
    "payment_register",
    "payments_register",
    "reminder_send",
    "reminders_send",
]
