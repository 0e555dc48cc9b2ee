"""The secretariat's billing admin, by subject: invoices with the fee dashboard, payments with the
OCR import, the imported OCR files, and what billing adds to the organisations' admin."""

from billing.admin import invoices, ocr_imports, organisations, payments

__all__ = ["invoices", "ocr_imports", "organisations", "payments"]
