"""The bank's OCR giro file (Nets): read it, match every transaction to an invoice by its KID, and
record the payments. The preview and the import run the same code, so that what the secretariat
confirms is recomputed from the file itself, never taken from a form."""

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import netsgiro
import netsgiro.records
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from netsgiro.records import (
    AssignmentEnd,
    AssignmentStart,
    TransactionAmountItem1,
    TransmissionEnd,
    TransmissionStart,
)

from billing.kid import kid_is_valid
from billing.models import Invoice, OcrImport, Payment
from billing.services.payments import money_limit, payment_check, payments_register
from coworking_norge.formats.money import money
from members.models import User

MAX_FILE_BYTES = 1_000_000

# What became of a line of the file.
MATCHED, UNMATCHED, DUPLICATE = "matched", "unmatched", "duplicate"
# How a matched line compares with what the invoice still owed, earlier lines of the file included.
PAID_IN_FULL, UNDERPAID, OVERPAID, REVERSAL = "paid_in_full", "underpaid", "overpaid", "reversal"
# Money for an invoice that was credited, beyond what it still asks for: it is recorded, and owed
# back to the payer.
REFUND_DUE = "refund_due"
COVERAGE_LABELS = {
    PAID_IN_FULL: gettext_lazy("paid in full"),
    UNDERPAID: gettext_lazy("underpaid"),
    OVERPAID: gettext_lazy("overpaid"),
    REVERSAL: gettext_lazy("reversal"),
    REFUND_DUE: gettext_lazy("credited invoice: refund due"),
}
# What an end record says that the records it closes do not hold. "said" chooses the plural.
ASSIGNMENT_SAYS = {
    "transactions": ngettext_lazy(
        "Assignment %(number)s says it holds %(said)d transaction, but the file holds %(found)d.",
        "Assignment %(number)s says it holds %(said)d transactions, but the file holds %(found)d.",
        "said",
    ),
    "records": ngettext_lazy(
        "Assignment %(number)s says it holds %(said)d record, but the file holds %(found)d.",
        "Assignment %(number)s says it holds %(said)d records, but the file holds %(found)d.",
        "said",
    ),
    "total": gettext_lazy(
        "Assignment %(number)s says its transactions add up to %(said)s, "
        "but they add up to %(found)s."
    ),
}
TRANSMISSION_SAYS = {
    "transactions": ngettext_lazy(
        "The transmission says it holds %(said)d transaction, but the file holds %(found)d.",
        "The transmission says it holds %(said)d transactions, but the file holds %(found)d.",
        "said",
    ),
    "records": ngettext_lazy(
        "The transmission says it holds %(said)d record, but the file holds %(found)d.",
        "The transmission says it holds %(said)d records, but the file holds %(found)d.",
        "said",
    ),
    "total": gettext_lazy(
        "The transmission says its transactions add up to %(said)s, but they add up to %(found)s."
    ),
}


@dataclass(frozen=True)
class OcrLine:
    """One transaction of the file and what it would become."""

    external_id: str
    number: int
    paid_on: date
    amount: Decimal
    kid: str
    nets_reference: str
    debit_account: str
    status: str
    invoice: Invoice | None = None
    outstanding: Decimal | None = None
    coverage: str = ""
    reason: str = ""

    @property
    def coverage_label(self) -> str:
        return COVERAGE_LABELS.get(self.coverage, "")

    @property
    def payment_reference(self) -> str:
        reference = f"KID {self.kid}" if self.kid else ""
        if self.nets_reference:
            reference = f"{reference}, Nets {self.nets_reference}".lstrip(", ")
        return reference[:100]


@dataclass
class OcrPreview:
    file_name: str
    sha256: str
    transmission_number: str
    nets_date: date | None
    lines: list[OcrLine] = field(default_factory=list)
    # The same file, imported before: nothing in it may be recorded again.
    previous_import: OcrImport | None = None

    def _with(self, status: str) -> list[OcrLine]:
        return [line for line in self.lines if line.status == status]

    @property
    def matched(self) -> list[OcrLine]:
        return self._with(MATCHED)

    @property
    def unmatched(self) -> list[OcrLine]:
        return self._with(UNMATCHED)

    @property
    def duplicates(self) -> list[OcrLine]:
        return self._with(DUPLICATE)

    @property
    def total_amount(self) -> Decimal:
        return _sum(self.lines)

    @property
    def matched_total(self) -> Decimal:
        return _sum(self.matched)

    @property
    def unmatched_total(self) -> Decimal:
        return _sum(self.unmatched)

    @property
    def duplicate_total(self) -> Decimal:
        return _sum(self.duplicates)

    @property
    def refusal(self) -> str:
        """Why nothing in the file may be recorded, or "": it was imported before, or its total
        is more than the import's record of it can hold."""
        if self.previous_import is not None:
            return _duplicate_file_message(self.previous_import)
        limit = money_limit(OcrImport, "total_amount")
        if abs(self.total_amount) < limit:
            return ""
        return _(
            "The payments in the file add up to %(total)s, more than an import can record "
            "(it must stay below %(limit)s). Nothing can be imported from it."
        ) % {"total": money(self.total_amount), "limit": money(limit)}

    @property
    def can_import(self) -> bool:
        return not self.refusal and bool(self.lines)


def _sum(lines: list[OcrLine]) -> Decimal:
    return sum((line.amount for line in lines), Decimal("0.00"))


def ocr_preview(*, data: bytes, file_name: str) -> OcrPreview:
    """What importing the file would do. Raises ValidationError if it is not an OCR giro file."""
    transmission = _parse(data)
    preview = OcrPreview(
        file_name=file_name[: OcrImport._meta.get_field("file_name").max_length],
        sha256=hashlib.sha256(data).hexdigest(),
        transmission_number=transmission.number,
        nets_date=transmission.date,
    )
    preview.previous_import = OcrImport.objects.filter(sha256=preview.sha256).first()
    preview.lines = _classify(_transactions(transmission))
    return preview


def ocr_import(*, data: bytes, file_name: str, user: User) -> OcrImport:
    """Record every matched transaction of the file that is not recorded yet, all or nothing."""
    try:
        with transaction.atomic():
            return _import(data=data, file_name=file_name, user=user)
    except IntegrityError as error:
        # Someone imported the same file, or the same transactions, a moment before us.
        raise ValidationError(
            _(
                "This file, or some of its payments, was imported by someone else at the same "
                "time. Nothing was recorded from it; upload it again to see what is left."
            )
        ) from error


def _import(*, data: bytes, file_name: str, user: User) -> OcrImport:
    preview = ocr_preview(data=data, file_name=file_name)
    if preview.refusal:
        raise ValidationError(preview.refusal)
    ocr = OcrImport(
        file_name=file_name[:200],
        sha256=preview.sha256,
        transmission_number=preview.transmission_number,
        transactions=len(preview.lines),
        matched=len(preview.matched),
        unmatched=len(preview.unmatched),
        total_amount=preview.total_amount,
        imported_by=user,
    )
    ocr.full_clean(validate_unique=False)  # the database's unique index decides, see above
    ocr.save()
    payments_register([_payment(line, ocr, user) for line in preview.matched])
    return ocr


def _payment(line: OcrLine, ocr: OcrImport, user: User) -> Payment:
    return Payment(
        invoice=line.invoice,
        amount=line.amount,
        paid_on=line.paid_on,
        reference=line.payment_reference,
        source=Payment.Source.OCR,
        external_id=line.external_id,
        ocr_import=ocr,
        registered_by=user,
    )


def _duplicate_file_message(previous: OcrImport) -> str:
    return _("This file was already imported on %(date)s (%(name)s). Nothing was recorded.") % {
        "date": date_format(timezone.localdate(previous.imported_at)),
        "name": previous.file_name,
    }


def _parse(data: bytes) -> netsgiro.Transmission:
    """The file's transmission, once its records have been checked against what its end records
    say: netsgiro's Transmission.from_records reads no totals, merges transactions that share a
    number and keeps the last of two assignments that share one, so it is given only files
    where none of that can happen."""
    records = _read(netsgiro.records.parse, _text(data))
    assignments = _read(_assignments, records)
    if any(r.service_code != netsgiro.ServiceCode.OCR_GIRO for a in assignments for r in a):
        raise ValidationError(
            _("The file holds AvtaleGiro assignments, not OCR giro payments."), code="not_ocr"
        )
    problems = _disagreements(records, assignments)
    if problems:
        raise ValidationError(problems, code="disagrees")
    return _read(netsgiro.Transmission.from_records, records)


def _text(data: bytes) -> str:
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(_("The file is too large for an OCR giro file."), code="too_large")
    # OCR files are ASCII; ISO-8859-1 reads any byte, so a stray letter cannot stop the import.
    return data.decode("iso-8859-1").lstrip("\ufeff\xef\xbb\xbf")


def _read(read, value):
    """read(value), or a ValidationError saying that the file cannot be read."""
    try:
        return read(value)
    except Exception as error:  # netsgiro raises ValueError, TypeError, KeyError, AssertionError…
        raise ValidationError(
            _("This is not an OCR giro file from Nets that can be read (%(error)s).")
            % {"error": str(error)[:200] or error.__class__.__name__},
            code="malformed",
        ) from error


def _assignments(records: list) -> list[list]:
    """The records of each assignment, from its start record to its end record. ValueError when
    the file is not one transmission of assignments."""
    body = records[1:-1]
    if not (isinstance(records[0], TransmissionStart) and isinstance(records[-1], TransmissionEnd)):
        raise ValueError("the file does not begin and end as a transmission")
    assignments, current = [], None
    for record in body:
        if isinstance(record, AssignmentStart):
            current = []
            assignments.append(current)
        if current is None or isinstance(record, (TransmissionStart, TransmissionEnd)):
            raise ValueError(f"a record outside an assignment: {record!r}")
        current.append(record)
        current = None if isinstance(record, AssignmentEnd) else current
    if current is not None:
        raise ValueError("an assignment has no end record")
    return assignments


def _disagreements(records: list, assignments: list[list]) -> list[str]:
    """What the file says of itself that it does not hold, and numbers it repeats."""
    numbers = [assignment[0].assignment_number for assignment in assignments]
    problems = [
        _("The file holds more than one assignment number %(number)s.") % {"number": number}
        for number in _repeated(numbers)
    ]
    for number, assignment in zip(numbers, assignments, strict=True):
        problems += _end_record_disagreements(ASSIGNMENT_SAYS, assignment, number)
        problems += [
            _("Assignment %(number)s holds more than one transaction number %(transaction)d.")
            % {"number": number, "transaction": transaction}
            for transaction in _repeated(item.transaction_number for item in _items(assignment))
        ]
    return problems + _end_record_disagreements(TRANSMISSION_SAYS, records)


def _end_record_disagreements(says: dict, records: list, number: str = "") -> list[str]:
    """Where the last of `records`, an end record, disagrees with the records it closes."""
    end, items = records[-1], _items(records)
    said = {"transactions": end.num_transactions, "records": end.num_records}
    found = {"transactions": len(items), "records": len(records)}
    problems = [
        says[what] % {"number": number, "said": said[what], "found": found[what]}
        for what in said
        if said[what] != found[what]
    ]
    unsigned = sum(item.amount for item in items)
    if end.total_amount not in (unsigned, _signed_total(items)):
        total = {"said": _nok(end.total_amount), "found": _nok(unsigned)}
        problems.append(says["total"] % {"number": number, **total})
    return problems


def _signed_total(items: list[TransactionAmountItem1]) -> int:
    """Nets' total is "the sum of the amounts", and an amount carries no sign: a reversal says so
    in a field of its own. netsgiro, which wrote every file this was tried with, adds the amounts
    up without their sign; a bank that nets reversals out of the total is as faithful to the
    words, so that total is accepted too. Accepting both hides no transaction: the counts are
    checked exactly, and a changed amount changes both sums. (An unsigned total cannot vouch for
    a reversal's sign, whichever reading is taken.)"""
    return sum(-item.amount if item.sign == "-" else item.amount for item in items)


def _items(records: list) -> list[TransactionAmountItem1]:
    """Each transaction's first record, which holds its amount."""
    return [record for record in records if isinstance(record, TransactionAmountItem1)]


def _repeated(values) -> list:
    return [value for value, times in Counter(values).items() if times > 1]


def _nok(ore: int) -> str:
    return money(Decimal(ore) / 100)


def _transactions(transmission: netsgiro.Transmission) -> list[tuple[str, netsgiro.Transaction]]:
    return [
        (_external_id(transmission, assignment, item), item)
        for assignment in transmission.assignments
        for item in assignment.transactions
    ]


def _external_id(transmission, assignment, item: netsgiro.Transaction) -> str:
    """Nets numbers transmissions, assignments within them and transactions within an assignment;
    the three together name one transaction, and do so again when the bank delivers the same
    transmission a second time (another download, other line endings, another file name: another
    checksum). Transmission numbers are not promised to be unique for ever, so Nets' processing
    date of the transaction is part of it too. Nothing in it depends on our own data."""
    return f"nets:{transmission.number}:{assignment.number}:{item.number:07d}:{item.date:%Y%m%d}"


def _classify(items: list[tuple[str, netsgiro.Transaction]]) -> list[OcrLine]:
    kids = {item.kid for _id, item in items if item.kid}
    invoices = {
        invoice.kid: invoice
        for invoice in Invoice.objects.filter(kid__in=kids).select_related("organisation")
    }
    recorded = set(
        Payment.objects.filter(
            external_id__in=[external_id for external_id, _item in items]
        ).values_list("external_id", flat=True)
    )
    # Per invoice, after the earlier lines of the file: what is owed, and what has been paid.
    owed: dict[int, Decimal] = defaultdict(Decimal)
    paid: dict[int, Decimal] = {}
    lines = []
    for external_id, item in items:
        line = _line(external_id, item, invoices, recorded, (owed, paid))
        recorded.add(external_id)
        lines.append(line)
    return lines


def _line(external_id, item, invoices, recorded, running) -> OcrLine:
    amount = Decimal(item.amount).quantize(Decimal("0.01"))
    if item.sign == "-":  # Nets marks a reversed payment with a minus sign
        amount = -amount
    common = {
        "external_id": external_id,
        "number": item.number,
        "paid_on": item.date,
        "amount": amount,
        "kid": item.kid or "",
        "nets_reference": item.reference or "",
        "debit_account": item.debit_account or "",
    }
    if external_id in recorded:
        return OcrLine(**common, status=DUPLICATE, invoice=invoices.get(item.kid))
    reason = _kid_reason(item.kid, invoices)
    owed, paid = running
    invoice = invoices.get(item.kid)
    if not reason:
        paid.setdefault(invoice.pk, invoice.paid_amount)
        reason = _refusal(invoice, amount, paid=paid[invoice.pk])
    if reason:
        return OcrLine(**common, status=UNMATCHED, reason=reason)
    if invoice.pk not in owed:
        owed[invoice.pk] = invoice.outstanding
    outstanding = max(owed[invoice.pk], Decimal("0.00"))
    owed[invoice.pk] -= amount
    paid[invoice.pk] += amount
    return OcrLine(
        **common,
        status=MATCHED,
        invoice=invoice,
        outstanding=outstanding,
        coverage=_coverage(amount, outstanding, invoice),
    )


def _kid_reason(kid: str | None, invoices: dict) -> str:
    """Why the KID finds no invoice, or ""."""
    if not kid:
        return _("The payment has no KID.")
    invoice = invoices.get(kid)
    # The KID is looked up as it is first: invoices keep the KID they were issued with, even
    # after INVOICE_KID_ALGORITHM or INVOICE_KID_LENGTH has changed.
    if invoice is None and not kid_is_valid(kid):
        return _("The KID is not valid (wrong check digit or length).")
    if invoice is None:
        return _("No invoice has this KID.")
    return ""


def _refusal(invoice: Invoice, amount: Decimal, *, paid: Decimal) -> str:
    """Why payments_register would refuse the line, after the file's earlier lines (`paid`), said
    as the bank's file is read."""
    try:
        payment_check(invoice=invoice, amount=amount, paid=paid)
    except ValidationError as error:
        if "invoice" in error.error_dict:
            return _("The KID does not belong to an issued invoice.")
        code = error.error_dict["amount"][0].code
        if code == "zero":
            return _("The amount is zero.")
        if code == "too_large":  # how much an invoice can hold is said the same way everywhere
            return error.messages[0]
        return _("The reversal is larger than what has been paid for the invoice.")
    return ""


def _coverage(amount: Decimal, outstanding: Decimal, invoice: Invoice) -> str:
    if amount < 0:
        return REVERSAL
    # Beyond what a credited (or partly credited) invoice still asks for: owed back, as
    # Invoice.refund_due says.
    if invoice.status == Invoice.Status.CREDITED or (
        invoice.credited_amount and amount > outstanding
    ):
        return REFUND_DUE
    if amount == outstanding:
        return PAID_IN_FULL
    return UNDERPAID if amount < outstanding else OVERPAID
