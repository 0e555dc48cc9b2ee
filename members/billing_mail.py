"""E-mails about invoices: the issued invoice or credit note, with its PDF attached."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from members.invoice_pdf import (
    account_display,
    format_amount,
    format_day,
    invoice_pdf,
    pdf_filename,
)
from members.models import Invoice, OrganisationContact


def invoice_recipients(invoice: Invoice) -> list[str]:
    """The invoice address fixed on the invoice, then the organisation's invoice contacts."""
    contacts = (
        OrganisationContact.objects.filter(
            organisation_id=invoice.organisation_id,
            role=OrganisationContact.Role.INVOICE,
            user__is_active=True,
        )
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )
    recipients: dict[str, str] = {}
    for address in [invoice.buyer_email, *contacts]:
        if address:
            recipients.setdefault(address.lower(), address)
    return list(recipients.values())


def invoice_send(*, invoice: Invoice) -> None:
    """E-mail an issued invoice or credit note as a PDF, and note when it was sent."""
    to = invoice_recipients(invoice)
    if not to:
        return
    with translation.override(invoice.language):
        context = _context(invoice)
        subject = render_to_string("members/email/invoice_subject.txt", context).strip()
        body = render_to_string("members/email/invoice.txt", context)
        attachment = (pdf_filename(invoice), invoice_pdf(invoice), "application/pdf")
    reply_to = [invoice.seller["email"]] if invoice.seller.get("email") else None
    message = EmailMessage(subject=subject, body=body, to=to, reply_to=reply_to)
    message.attach(*attachment)
    message.send()
    invoice.emailed_at = timezone.now()
    invoice.save(update_fields=["emailed_at"])


def _context(invoice: Invoice) -> dict:
    seller = invoice.seller or {}
    return {
        "invoice": invoice,
        "seller_name": seller.get("name", ""),
        "amount": format_amount(invoice.total_amount),
        "due_date": format_day(invoice.due_date),
        "account": account_display(seller.get("account", "")),
        "credited_number": invoice.credits.number if invoice.credits_id else None,
        "url": settings.SITE_URL + reverse("me:organisation"),
    }
