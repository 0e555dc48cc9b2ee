"""The secretariat's billing admin, by subject: invoices with the fee dashboard, payments with the
OCR import, the imported OCR files, what billing adds to the organisations' and the applications'
admin, and billing's items on the front page's to-do list."""

from billing.admin import applications, invoices, ocr_imports, organisations, payments, todo

__all__ = ["applications", "invoices", "ocr_imports", "organisations", "payments", "todo"]
