"""Writes to invoices: drafts (to an organisation or to a person), issuing (gapless numbers, KID)
and credit notes, for a whole invoice or some of its lines. Every function locks what it changes;
the invoice is e-mailed once the change is committed."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import notifications
from billing.kid import PERSON_ID, kid_build
from billing.models import Invoice, InvoiceLine, InvoiceSequence
from billing.selectors import invoice_lines_totals
from billing.totals import round_ore
from members.models import Organisation, User

SEQUENCE = "invoice"
# What the draft of an invoice to a person is given: a person has no record to copy them from.
PERSON_BUYER_FIELDS = (
    "buyer_name",
    "buyer_email",
    "buyer_address",
    "buyer_postcode",
    "buyer_city",
    "language",
)


@transaction.atomic
def invoice_draft_create(
    *,
    organisation: Organisation | None = None,
    buyer_user: User | None = None,
    buyer: dict | None = None,
    lines: list[dict],
    membership_year: int | None = None,
    your_reference: str = "",
) -> Invoice:
    """A draft with its lines, to an organisation (whose details are copied when it is issued)
    or to a person, `buyer_user`, with `buyer` giving the PERSON_BUYER_FIELDS (name and e-mail
    default to the person's account). `lines` are InvoiceLine fields (description, quantity,
    unit_price, vat_rate, and optionally kind, period_start, period_end, source_type/source_id)."""
    invoice = Invoice(
        organisation=organisation,
        buyer_user=buyer_user,
        membership_year=membership_year,
        your_reference=your_reference,
        **_draft_buyer_fields(organisation, buyer_user, buyer or {}),
    )
    invoice.full_clean()
    invoice.save()
    for position, fields in enumerate(lines, start=1):
        line = InvoiceLine(invoice=invoice, position=position, **fields)
        line.full_clean()
        line.save()
    return invoice_totals_refresh(invoice=invoice)


def _draft_buyer_fields(organisation: Organisation | None, person: User | None, buyer: dict):
    if organisation is not None:
        if buyer:
            raise TypeError("An organisation's invoice takes the buyer from the organisation.")
        return {"language": organisation.language}
    unknown = set(buyer) - set(PERSON_BUYER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown buyer fields: {', '.join(sorted(unknown))}.")
    fields = {"language": settings.LANGUAGE_CODE, **buyer}
    if person is not None:
        fields["buyer_name"] = fields.get("buyer_name") or person.name
        fields["buyer_email"] = fields.get("buyer_email") or person.email
    return fields


def invoice_totals_refresh(*, invoice: Invoice) -> Invoice:
    """A draft's totals follow its lines."""
    if invoice.is_issued:
        return invoice
    _fix_totals(invoice, invoice.lines.all())
    # The totals must fit their columns.
    invoice.full_clean(exclude=["organisation", "buyer_user", "credits"])
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
    """Number, KID, dates, buyer and seller fixed for good; the PDF is e-mailed after commit.
    An invoice to a person must name them and their e-mail address."""
    # Only the invoice's row: a person's invoice has no organisation to join, and PostgreSQL locks
    # no row of an outer join's nullable side.
    invoice = (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=invoice.pk)
    )
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
            organisation_id=invoice.organisation_id or PERSON_ID, invoice_number=invoice.number
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
    """An organisation's details as they are now; a person's are the draft's own."""
    if invoice.organisation_id:
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
    result = invoice_lines_totals(invoice, lines)
    invoice.net_amount, invoice.vat_amount = result.net, result.vat
    invoice.total_amount = result.total


@transaction.atomic
def invoice_credit(*, invoice: Invoice, today: date | None = None, send: bool = True) -> Invoice:
    """A credit note for every line not credited yet, issued at once; the invoice is then
    credited and owes nothing more. Returns the credit note."""
    invoice = _creditable(invoice)
    lines = list(invoice.lines.filter(credited_by__isnull=True))
    return _credit(invoice, lines, today=today, send=send)


@transaction.atomic
def invoice_lines_credit(
    *, invoice: Invoice, lines: list[InvoiceLine], today: date | None = None, send: bool = True
) -> Invoice:
    """A credit note for some lines of the invoice (an event's cancelled attendee, say), issued
    at once: each line negated, with its source. A line is credited once. The invoice then owes
    the note's total less; once every line is credited, it is credited. Returns the note."""
    invoice = _creditable(invoice)
    return _credit(invoice, _lines_to_credit(invoice, lines), today=today, send=send)


def _creditable(invoice: Invoice) -> Invoice:
    """The invoice, locked until the transaction ends: credits of it are made one at a time."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.is_credit_note or invoice.status in (Invoice.Status.DRAFT, Invoice.Status.CREDITED):
        raise ValidationError(_("Only an issued invoice can be credited, and only once."))
    return invoice


def _lines_to_credit(invoice: Invoice, lines: list[InvoiceLine]) -> list[InvoiceLine]:
    pks = list(dict.fromkeys(line.pk for line in lines))
    if not pks:
        raise ValidationError(_("Choose the lines to credit."))
    found = list(invoice.lines.filter(pk__in=pks))
    if len(found) != len(pks):
        raise ValidationError(
            _("Only lines of %(invoice)s can be credited on it.") % {"invoice": invoice}
        )
    credited = InvoiceLine.objects.filter(credits_line__in=pks).select_related("credits_line")
    note_line = credited.order_by("pk").first()
    if note_line is not None:
        raise ValidationError(
            _("“%(line)s” is already credited.") % {"line": note_line.credits_line}
        )
    return found


def _credit(invoice: Invoice, lines: list[InvoiceLine], *, today, send: bool) -> Invoice:
    note = Invoice(
        kind=Invoice.Kind.CREDIT_NOTE,
        organisation_id=invoice.organisation_id,
        buyer_user_id=invoice.buyer_user_id,
        credits=invoice,
        your_reference=invoice.your_reference,
        **{field: getattr(invoice, field) for field in PERSON_BUYER_FIELDS},
    )
    note.full_clean()
    note.save()
    for line in lines:
        _credit_line(note, line)
    note = invoice_issue(invoice=note, today=today, send=send)
    _credited_refresh(invoice)
    return note


def _credit_line(note: Invoice, line: InvoiceLine) -> None:
    copy = InvoiceLine(
        invoice=note,
        credits_line=line,
        quantity=-line.quantity,
        **{
            field: getattr(line, field)
            for field in (
                "position",
                "kind",
                "description",
                "unit_price",
                "vat_rate",
                "period_start",
                "period_end",
                "source_type_id",
                "source_id",
            )
        },
    )
    copy.full_clean()
    copy.save()


def _credited_refresh(invoice: Invoice) -> None:
    """What the invoice's credit notes give back, and its status; the invoice is locked."""
    given_back = invoice.credit_notes.exclude(status=Invoice.Status.DRAFT).aggregate(
        total=Sum("total_amount")
    )["total"]
    invoice.credited_amount = round_ore(-given_back)  # SQLite sums in floating point
    if not invoice.lines.filter(credited_by__isnull=True).exists():
        invoice.status = Invoice.Status.CREDITED
    invoice.status = invoice.status_from_amounts()
    invoice.full_clean()
    invoice.save(update_fields=["credited_amount", "status"])
