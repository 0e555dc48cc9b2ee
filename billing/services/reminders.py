"""Reminders (purring) about overdue invoices: the first some days after the due date, then at
most one per interval. A reminder is an e-mail with the invoice attached; it never charges a fee
and never changes the invoice."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from billing import notifications
from billing.models import Invoice, InvoiceReminder
from billing.selectors import reminders_due, reminders_due_queryset


@transaction.atomic
def reminder_send(*, invoice: Invoice, today: date) -> InvoiceReminder | None:
    """Record a reminder and e-mail it once committed; None when the invoice is not (or no
    longer) due for one. The invoice's row lock makes a concurrent call wait and then see this
    reminder; the unique (invoice, sent_on) constraint backs it up."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if not reminders_due_queryset(today=today).filter(pk=invoice.pk).exists():
        return None
    reminder = InvoiceReminder(invoice=invoice, sent_on=today, outstanding=invoice.outstanding)
    reminder.full_clean()
    reminder.save()
    reminder_id = reminder.pk
    transaction.on_commit(
        lambda: notifications.reminder_email(reminder_id=reminder_id), robust=True
    )
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
