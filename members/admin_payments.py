"""The admin of payments: registered by hand, or imported from the bank's OCR giro file."""
