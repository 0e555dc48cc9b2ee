"""E-mails about invoices: the issued invoice or credit note, and reminders, each in the invoice's
language with its PDF attached."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from billing.models import Invoice, InvoiceReminder
from billing.pdf import account_display, invoice_pdf, pdf_filename
from coworking_norge.formats.money import money
from coworking_norge.mail import email_render, email_send
from members.models import OrganisationContact

# The polite new due date given in a reminder.
NEW_DUE_DAYS = 14


def invoice_recipients(invoice: Invoice) -> list[str]:
    """The invoice address fixed on the invoice, then the organisation's invoice contacts; a
    person's invoice goes to their address on it."""
    contacts = (
        OrganisationContact.objects.filter(
            organisation_id=invoice.organisation_id,
            role=OrganisationContact.Role.INVOICE,
            user__is_active=True,
        )
        .order_by("user__email")
        .values_list("user__email", flat=True)
        if invoice.organisation_id
        else []
    )
    recipients: dict[str, str] = {}
    for address in [invoice.buyer_email, *contacts]:
        if address:
            recipients.setdefault(address.lower(), address)
    return list(recipients.values())


def invoice_send(*, invoice: Invoice, raise_errors: bool = False) -> None:
    """E-mail an issued invoice or credit note as a PDF, and note when it was sent; a failure is
    logged (or raised, with `raise_errors`)."""
    seller = invoice.seller or {}

    def context() -> dict:
        return {
            "invoice": invoice,
            "seller_name": seller.get("name", ""),
            "amount": money(invoice.total_amount),
            "due_date": date_format(invoice.due_date),
            "account": account_display(seller.get("account", "")),
            "credited_number": invoice.credits.number if invoice.credits_id else None,
            "for_person": not invoice.organisation_id,
            "url": settings.SITE_URL + _portal_path(invoice),
        }

    reply_to = seller.get("email", "")
    if _send_with_pdf(invoice, "invoice", context, reply_to=reply_to, raise_errors=raise_errors):
        invoice.emailed_at = timezone.now()
        invoice.save(update_fields=["emailed_at"])


def _portal_path(invoice: Invoice) -> str:
    """Where the buyer finds the invoice in the portal: an organisation's page, or the PDF."""
    if invoice.organisation_id:
        return reverse("me:organisation")
    return reverse("me:invoice_pdf", kwargs={"pk": invoice.pk})


def reminder_email(*, reminder_id: int) -> None:
    """E-mail the reminder, written as on the invoice's PDF, which is attached: the same seller,
    account and KID."""
    reminder = InvoiceReminder.objects.select_related("invoice").get(pk=reminder_id)
    invoice = reminder.invoice
    seller = invoice.seller or settings.INVOICE_SELLER

    def context() -> dict:
        return {
            "invoice": invoice,
            "seller_name": seller.get("name", ""),
            "seller_email": seller.get("email", ""),
            "account": account_display(seller.get("account", "")),
            "kid": invoice.kid,
            "total": money(invoice.total_amount),
            "paid": money(invoice.paid_amount) if invoice.paid_amount else "",
            "credited": money(invoice.credited_amount) if invoice.credited_amount else "",
            "outstanding": money(reminder.outstanding),
            "due_date": date_format(invoice.due_date),
            "new_due_date": date_format(reminder.sent_on + timedelta(days=NEW_DUE_DAYS)),
        }

    _send_with_pdf(invoice, "reminder", context, reply_to=seller.get("email", ""))


def _send_with_pdf(
    invoice: Invoice, template: str, context, *, reply_to: str, raise_errors: bool = False
) -> bool:
    """Render billing/email/<template>(_subject).txt with `context()` in the invoice's language,
    so that amounts and dates are written in it too, and send it with the PDF; False when there
    is nobody to send it to or it could not be sent."""
    to = invoice_recipients(invoice)
    if not to:
        return False
    with translation.override(invoice.language):
        values = context()
        attachment = (pdf_filename(invoice), invoice_pdf(invoice), "application/pdf")
    subject, body = email_render(f"billing/email/{template}", values, language=invoice.language)
    return email_send(
        subject=subject,
        body=body,
        to=to,
        reply_to=reply_to,
        attachments=[attachment],
        raise_errors=raise_errors,
    )
