"""Reminders (purring) about overdue invoices: the first some days after the due date, then at
most one per interval. A reminder is an e-mail with the invoice attached; it never charges a fee
and never changes the invoice."""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from members import billing_mail
from members.models import Invoice, InvoiceReminder

# The polite new due date given in a reminder.
NEW_DUE_DAYS = 14


def _due_queryset(*, today: date) -> QuerySet[Invoice]:
    after = timedelta(days=settings.INVOICE_REMINDER_AFTER_DAYS)
    interval = timedelta(days=max(settings.INVOICE_REMINDER_INTERVAL_DAYS, 1))
    return (
        Invoice.objects.filter(
            kind=Invoice.Kind.INVOICE,
            status__in=(Invoice.Status.ISSUED, Invoice.Status.PARTLY_PAID),
            total_amount__gt=F("paid_amount"),
            due_date__lte=today - after,
        )
        .annotate(last_reminder=Max("reminders__sent_on"))
        .filter(Q(last_reminder__isnull=True) | Q(last_reminder__lte=today - interval))
    )


def reminders_due(*, today: date) -> list[Invoice]:
    """Unpaid invoices due for a reminder on `today`, the longest overdue first."""
    return list(
        _due_queryset(today=today).select_related("organisation").order_by("due_date", "number")
    )


@transaction.atomic
def reminder_send(*, invoice: Invoice, today: date) -> InvoiceReminder | None:
    """Record a reminder and e-mail it once committed; None when the invoice is not (or no
    longer) due for one. The invoice's row lock makes a concurrent call wait and then see this
    reminder; the unique (invoice, sent_on) constraint backs it up."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if not _due_queryset(today=today).filter(pk=invoice.pk).exists():
        return None
    reminder = InvoiceReminder(invoice=invoice, sent_on=today, outstanding=invoice.outstanding)
    reminder.full_clean()
    reminder.save()
    reminder_id = reminder.pk
    transaction.on_commit(lambda: reminder_email(reminder_id=reminder_id), robust=True)
    return reminder


def reminders_send(*, today: date | None = None) -> list[InvoiceReminder]:
    """Send every reminder due today (the daily cron job); each in its own transaction."""
    today = today or timezone.localdate()
    sent = []
    for invoice in reminders_due(today=today):
        reminder = reminder_send(invoice=invoice, today=today)
        if reminder is not None:
            sent.append(reminder)
    return sent


def reminder_email(*, reminder_id: int) -> None:
    """E-mail the reminder in the invoice's language, with the invoice's PDF attached."""
    from members import invoice_pdf

    reminder = InvoiceReminder.objects.select_related("invoice").get(pk=reminder_id)
    invoice = reminder.invoice
    to = billing_mail.invoice_recipients(invoice)
    if not to:
        return
    with translation.override(invoice.language):
        context = _context(invoice, reminder, invoice_pdf)
        subject = render_to_string("members/email/reminder_subject.txt", context).strip()
        body = render_to_string("members/email/reminder.txt", context)
    seller_email = context["seller_email"]
    message = EmailMessage(
        subject=subject, body=body, to=to, reply_to=[seller_email] if seller_email else None
    )
    message.attach(
        invoice_pdf.pdf_filename(invoice), invoice_pdf.invoice_pdf(invoice), "application/pdf"
    )
    message.send()


def _context(invoice: Invoice, reminder: InvoiceReminder, pdf) -> dict:
    # Written as on the invoice's PDF, which is attached: the same seller, account and KID.
    seller = invoice.seller or settings.INVOICE_SELLER
    return {
        "invoice": invoice,
        "seller_name": seller.get("name", ""),
        "seller_email": seller.get("email", ""),
        "account": pdf.account_display(seller.get("account", "")),
        "kid": invoice.kid,
        "total": pdf.format_amount(invoice.total_amount),
        "paid": pdf.format_amount(invoice.paid_amount) if invoice.paid_amount else "",
        "outstanding": pdf.format_amount(reminder.outstanding),
        "due_date": pdf.format_day(invoice.due_date),
        "new_due_date": pdf.format_day(reminder.sent_on + timedelta(days=NEW_DUE_DAYS)),
    }
