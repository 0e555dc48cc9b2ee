"""Billing's pages on "Min side" (/me/), assembled into the "me" namespace by the root URLs."""

from django.urls import path

from billing import views

urlpatterns = [
    path("organisation/invoices/<int:pk>.pdf", views.invoice_pdf_download, name="invoice_pdf"),
]
