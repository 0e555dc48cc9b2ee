"""Writes to invoices: drafts, issuing (gapless numbers, KID) and credit notes. Every function locks
what it changes; the invoice is e-mailed once the change is committed."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import notifications
from billing.kid import kid_build
from billing.models import Invoice, InvoiceLine, InvoiceSequence
from billing.totals import totals
from members.models import Organisation

SEQUENCE = "invoice"


@transaction.atomic
def invoice_draft_create(
    *,
    organisation: Organisation,
    lines: list[dict],
    membership_year: int | None = None,
    your_reference: str = "",
) -> Invoice:
    """A draft with its lines; `lines` are InvoiceLine fields (description, quantity,
    unit_price, vat_rate, and optionally kind, period_start, period_end, source_type/source_id)."""
    invoice = Invoice(
        organisation=organisation,
        membership_year=membership_year,
        your_reference=your_reference,
        language=organisation.language,
    )
    invoice.full_clean()
    invoice.save()
    for position, fields in enumerate(lines, start=1):
        line = InvoiceLine(invoice=invoice, position=position, **fields)
        line.full_clean()
        line.save()
    return invoice_totals_refresh(invoice=invoice)


def invoice_totals_refresh(*, invoice: Invoice) -> Invoice:
    """A draft's totals follow its lines."""
    if invoice.is_issued:
        return invoice
    _fix_totals(invoice, invoice.lines.all())
    invoice.full_clean(exclude=["organisation", "credits"])  # totals must fit their columns
    invoice.save(update_fields=["net_amount", "vat_amount", "total_amount"])
    return invoice


def invoice_number_next() -> int:
    """The next number, under a row lock held until the caller's transaction ends: a concurrent
    issue waits here, and a rollback gives the number back."""
    InvoiceSequence.objects.get_or_create(name=SEQUENCE)
    sequence = InvoiceSequence.objects.select_for_update().get(name=SEQUENCE)
    number = sequence.next_number
    sequence.next_number = number + 1
    sequence.save(update_fields=["next_number"])
    return number


@transaction.atomic
def invoice_issue(*, invoice: Invoice, today: date | None = None, send: bool = True) -> Invoice:
    """Number, KID, dates, buyer and seller fixed for good; the PDF is e-mailed after commit."""
    invoice = Invoice.objects.select_for_update().select_related("organisation").get(pk=invoice.pk)
    if invoice.is_issued:
        raise ValidationError(_("%(invoice)s is already issued.") % {"invoice": invoice})
    lines = list(invoice.lines.all())
    if not lines:
        raise ValidationError(_("An invoice needs at least one line."))
    today = today or timezone.localdate()
    _fix_parties(invoice)
    _fix_totals(invoice, lines)
    _require_billable(invoice, lines)
    invoice.number = invoice_number_next()
    if not invoice.is_credit_note:
        invoice.kid = kid_build(
            organisation_id=invoice.organisation_id, invoice_number=invoice.number
        )
    invoice.issue_date = today
    invoice.due_date = (
        today if invoice.is_credit_note else today + timedelta(days=settings.INVOICE_DUE_DAYS)
    )
    invoice.status = Invoice.Status.ISSUED
    invoice.issued_at = timezone.now()
    invoice.full_clean()
    invoice.save()
    if send:
        invoice_id = invoice.pk
        transaction.on_commit(lambda: _email_invoice(invoice_id), robust=True)
    return invoice


def _email_invoice(invoice_id: int) -> None:
    notifications.invoice_send(invoice=Invoice.objects.get(pk=invoice_id))


# The invoice's copy of the buyer: invoice field ← organisation field, fixed when it is issued.
BUYER_FIELDS = {
    "buyer_name": "legal_name",
    "buyer_organisation_number": "organisation_number",
    "buyer_address": "address",
    "buyer_postcode": "postcode",
    "buyer_city": "city",
    "buyer_email": "invoice_email",
    "language": "language",
}


def _fix_parties(invoice: Invoice) -> None:
    for field, source in BUYER_FIELDS.items():
        setattr(invoice, field, getattr(invoice.organisation, source))
    invoice.seller = dict(settings.INVOICE_SELLER)


def _require_billable(invoice: Invoice, lines: list[InvoiceLine]) -> None:
    if not invoice.is_credit_note and invoice.total_amount <= 0:
        raise ValidationError(_("An invoice must be for more than zero; credit notes give back."))
    if not invoice.seller.get("vat_registered") and any(line.vat_rate > 0 for line in lines):
        raise ValidationError(
            _("The network is not registered for VAT, so no line may charge VAT.")
        )


def _fix_totals(invoice: Invoice, lines: list[InvoiceLine]) -> None:
    result = totals(lines)
    invoice.net_amount, invoice.vat_amount = result.net, result.vat
    invoice.total_amount = result.total


@transaction.atomic
def invoice_credit(*, invoice: Invoice, today: date | None = None, send: bool = True) -> Invoice:
    """A credit note for the whole invoice, issued at once; the invoice is then credited and owes
    nothing more."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.is_credit_note or invoice.status in (Invoice.Status.DRAFT, Invoice.Status.CREDITED):
        raise ValidationError(_("Only an issued invoice can be credited, and only once."))
    note = Invoice.objects.create(
        kind=Invoice.Kind.CREDIT_NOTE,
        organisation_id=invoice.organisation_id,
        credits=invoice,
        language=invoice.language,
        your_reference=invoice.your_reference,
    )
    for line in invoice.lines.all():
        line.pk, line.invoice = None, note
        line.quantity = -line.quantity
        line.save()
    invoice.status = Invoice.Status.CREDITED
    invoice.save(update_fields=["status"])
    return invoice_issue(invoice=note, today=today, send=send)
