"""Money received: payments registered by hand or from the bank's OCR file, and the rule of what
may be paid, which the admin's form asks too."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from billing.models import Invoice, Payment
from billing.totals import round_ore
from members.models import User

# Payments, corrections included, go to invoices that are issued and not credited.
PAYABLE_STATUSES = (Invoice.Status.ISSUED, Invoice.Status.PARTLY_PAID, Invoice.Status.PAID)


def payment_check(
    *, invoice: Invoice, amount: Decimal, only_open: bool = False, paid: Decimal | None = None
) -> None:
    """Raise ValidationError, on the field at fault, when `amount` cannot be recorded for the
    invoice as it is now: the invoice must be issued, and a correction cannot take back more than
    has been paid (`paid`, by default what the invoice says). With `only_open` (a payment
    registered by hand in the admin) the invoice must not be credited either; money the bank
    received for a credited one is recorded, and owed back."""
    if not invoice.is_issued or invoice.is_credit_note:
        raise ValidationError(
            {"invoice": _("Payments are registered against issued invoices only.")}
        )
    if only_open and invoice.status not in PAYABLE_STATUSES:
        raise ValidationError({"invoice": _("Choose an issued invoice that is not credited.")})
    paid = invoice.paid_amount if paid is None else paid
    if paid + round_ore(Decimal(amount)) < 0:
        raise ValidationError(
            {
                "amount": _("A correction cannot take back more than has been paid (%(paid)s).")
                % {"paid": paid}
            }
        )


@transaction.atomic
def payment_register(
    *,
    invoice: Invoice,
    amount: Decimal,
    paid_on: date,
    reference: str = "",
    source: str = Payment.Source.MANUAL,
    external_id: str | None = None,
    ocr_import=None,
    user: User | None = None,
) -> Payment:
    """Record money received and bring the invoice's paid amount and status up to date."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    amount = round_ore(Decimal(amount))
    payment_check(invoice=invoice, amount=amount)
    payment = Payment(
        invoice=invoice,
        amount=amount,
        paid_on=paid_on,
        reference=reference,
        source=source,
        external_id=external_id,
        ocr_import=ocr_import,
        registered_by=user,
    )
    payment.full_clean()
    payment.save()
    _paid_refresh(invoice)
    return payment


def _paid_refresh(invoice: Invoice) -> None:
    paid = sum((p.amount for p in invoice.payments.all()), Decimal("0.00"))
    invoice.paid_amount = paid
    if invoice.status != Invoice.Status.CREDITED:
        if paid >= invoice.total_amount:
            invoice.status = Invoice.Status.PAID
        elif paid > 0:
            invoice.status = Invoice.Status.PARTLY_PAID
        else:
            invoice.status = Invoice.Status.ISSUED
    invoice.save(update_fields=["paid_amount", "status"])
