"""Money received: payments registered by hand or from the bank's OCR file, and the rule of what
may be paid, which the admin's form asks too."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from billing.models import Invoice, Payment
from billing.totals import round_ore
from coworking_norge.formats.money import money
from members.models import User

# Payments, corrections included, go to invoices that are issued and not credited.
PAYABLE_STATUSES = (Invoice.Status.ISSUED, Invoice.Status.PARTLY_PAID, Invoice.Status.PAID)


def money_limit(model: type[models.Model], name: str) -> Decimal:
    """What an amount column holds stays below this: PostgreSQL refuses more, SQLite would store
    it and fail when reading it back."""
    field = model._meta.get_field(name)
    return Decimal(10) ** (field.max_digits - field.decimal_places)


def payment_check(
    *, invoice: Invoice, amount: Decimal, only_open: bool = False, paid: Decimal | None = None
) -> None:
    """Raise ValidationError, on the field at fault, when `amount` cannot be recorded for the
    invoice as it is now: the invoice must be issued, the amount not zero, the amount and the
    invoice's paid total after it must fit their columns, and a correction cannot take back more
    than has been paid (`paid`, by default what the invoice says). With `only_open` (a payment
    registered by hand in the admin) the invoice must not be credited either; money the bank
    received for a credited one is recorded, and owed back."""
    if not invoice.is_issued or invoice.is_credit_note:
        raise ValidationError(
            {"invoice": _("Payments are registered against issued invoices only.")}
        )
    if only_open and invoice.status not in PAYABLE_STATUSES:
        raise ValidationError({"invoice": _("Choose an issued invoice that is not credited.")})
    paid = invoice.paid_amount if paid is None else paid
    _amount_check(round_ore(Decimal(amount)), paid)


def _amount_check(amount: Decimal, paid: Decimal) -> None:
    if amount == 0:
        _refuse_amount(
            _("A payment cannot be zero. To correct a payment, register a negative amount."),
            "zero",
        )
    _size_check(amount, paid)
    if paid + amount < 0:
        _refuse_amount(
            _("A correction cannot take back more than has been paid (%(paid)s).")
            % {"paid": money(paid)},
            "takes_back_too_much",
        )


def _size_check(amount: Decimal, paid: Decimal) -> None:
    limit = money_limit(Payment, "amount")
    if abs(amount) >= limit:
        _refuse_amount(
            _("The amount is too large to record: a payment must stay below %(limit)s.")
            % {"limit": money(limit)},
            "too_large",
        )
    limit = money_limit(Invoice, "paid_amount")
    if abs(paid + amount) >= limit:
        _refuse_amount(
            _(
                "The invoice's paid total would be too large to record: it must stay below "
                "%(limit)s (paid so far: %(paid)s)."
            )
            % {"limit": money(limit), "paid": money(paid)},
            "too_large",
        )


def _refuse_amount(message: str, code: str) -> None:
    raise ValidationError({"amount": ValidationError(message, code=code)})


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
    return payments_register([payment])[0]


@transaction.atomic
def payments_register(payments: list[Payment]) -> list[Payment]:
    """Record unsaved payments, all or nothing: every invoice is locked once, each payment checked
    against its invoice's paid total after the ones before it, and each invoice's paid amount
    and status brought up to date once, whatever the number of payments."""
    invoices = _invoices_lock({payment.invoice_id for payment in payments})
    paid = {pk: invoice.paid_amount for pk, invoice in invoices.items()}
    for payment in payments:
        payment.invoice = invoices[payment.invoice_id]
        payment.amount = round_ore(Decimal(payment.amount))
        payment_check(invoice=payment.invoice, amount=payment.amount, paid=paid[payment.invoice_id])
        paid[payment.invoice_id] += payment.amount
        _clean(payment)
    # Payment has no save() of its own, no signals and no history: bulk_create skips nothing.
    Payment.objects.bulk_create(payments)
    _paid_refresh(list(invoices.values()))
    return payments


def _invoices_lock(pks: set[int]) -> dict[int, Invoice]:
    """The invoices, locked until the transaction ends; in the order of their keys, so that two
    sessions paying some of the same invoices wait for each other rather than deadlock."""
    invoices = {
        invoice.pk: invoice
        for invoice in Invoice.objects.select_for_update().filter(pk__in=pks).order_by("pk")
    }
    if pks - invoices.keys():
        raise Invoice.DoesNotExist(f"No invoice {sorted(pks - invoices.keys())}.")
    return invoices


def _clean(payment: Payment) -> None:
    """full_clean without a query per payment: the invoice has just been locked, the OCR import
    and the user are in hand; the one constraint (not zero) is payment_check's; and the database's
    unique index on external_id decides a clash (ocr_import says what happened)."""
    payment.full_clean(
        exclude=["invoice", "ocr_import", "registered_by"],
        validate_unique=False,
        validate_constraints=False,
    )


def _paid_refresh(invoices: list[Invoice]) -> None:
    """Each invoice's paid amount is the sum of its payments, and its status follows: one query
    adds them all up, one writes them."""
    sums = dict(
        Payment.objects.filter(invoice__in=invoices)
        .order_by()
        .values("invoice")
        .annotate(total=Sum("amount"))
        .values_list("invoice", "total")
    )
    for invoice in invoices:
        invoice.paid_amount = sums.get(invoice.pk, Decimal("0.00"))
        invoice.status = invoice.status_from_amounts()
    # bulk_update skips Invoice.save(), whose one rule is that an issued invoice's content stays
    # as it is; these two fields are among the Invoice.MUTABLE_FIELDS it lets change.
    Invoice.objects.bulk_update(invoices, ["paid_amount", "status"])
