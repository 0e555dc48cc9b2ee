"""Reads about invoices that several places share: the SQL twins of the model's properties
(outstanding, refund due, overdue), an invoice's totals from its lines, the fee dashboard's
figures and the reminders that are due."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, F, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from billing.models import Invoice, InvoiceLine
from billing.totals import Totals, credit_totals, totals

OPEN_STATUSES = (Invoice.Status.ISSUED, Invoice.Status.PARTLY_PAID, Invoice.Status.PAID)
ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=12, decimal_places=2))


# What an invoice still asks for once its credit notes are taken off (Invoice.total_after_credits).
TOTAL_AFTER_CREDITS = F("total_amount") - F("credited_amount")


def invoices_open_q() -> Q:
    """What `Invoice.outstanding` says in SQL: an invoice (not a credit note) with money owed."""
    return Q(
        kind=Invoice.Kind.INVOICE,
        status__in=OPEN_STATUSES,
        paid_amount__lt=TOTAL_AFTER_CREDITS,
    )


def invoices_refund_due_q() -> Q:
    """What `Invoice.refund_due` says in SQL: money received for a credited (or partly
    credited) invoice beyond what it still asks for."""
    return Q(kind=Invoice.Kind.INVOICE, credited_amount__gt=0, paid_amount__gt=TOTAL_AFTER_CREDITS)


def invoice_lines_totals(invoice: Invoice, lines=None) -> Totals:
    """The totals of the invoice's lines (or of `lines`); a credit note's come after the
    earlier credit notes of the same invoice (billing.totals.credit_totals)."""
    lines = invoice.lines.all() if lines is None else lines
    if not invoice.is_credit_note:
        return totals(lines)
    earlier = (
        InvoiceLine.objects.filter(invoice__credits_id=invoice.credits_id)
        .exclude(invoice__status=Invoice.Status.DRAFT)
        .exclude(invoice_id=invoice.pk)
    )
    if invoice.number is not None:
        earlier = earlier.filter(invoice__number__lt=invoice.number)
    return credit_totals(earlier, lines)


def invoices_overdue_q(today: date) -> Q:
    """What `Invoice.is_overdue(today)` says in SQL."""
    return invoices_open_q() & Q(due_date__lt=today)


def billing_year_figures(*, year: int, today: date) -> dict:
    """The dashboard's figures for the invoices and credit notes issued in `year`: one query."""
    issued = Q(issue_date__year=year) & ~Q(status=Invoice.Status.DRAFT)
    unpaid = TOTAL_AFTER_CREDITS - F("paid_amount")
    return Invoice.objects.aggregate(
        billed=Coalesce(Sum("total_amount", filter=issued), ZERO),
        paid=Coalesce(Sum("paid_amount", filter=issued), ZERO),
        outstanding=Coalesce(Sum(unpaid, filter=issued & invoices_open_q()), ZERO),
        invoices=Count("pk", filter=issued & Q(kind=Invoice.Kind.INVOICE)),
        credit_notes=Count("pk", filter=issued & Q(kind=Invoice.Kind.CREDIT_NOTE)),
        overdue=Count("pk", filter=issued & invoices_overdue_q(today)),
        overdue_amount=Coalesce(Sum(unpaid, filter=issued & invoices_overdue_q(today)), ZERO),
        drafts=Count("pk", filter=Q(status=Invoice.Status.DRAFT)),
        to_refund=Coalesce(
            Sum(F("paid_amount") - TOTAL_AFTER_CREDITS, filter=issued & invoices_refund_due_q()),
            ZERO,
        ),
    )


def billing_year_by_status(*, year: int) -> list[dict]:
    """Count, total and paid per kind and status of the year's issued invoices: one query."""
    rows = (
        Invoice.objects.filter(issue_date__year=year)
        .exclude(status=Invoice.Status.DRAFT)
        .values("kind", "status")
        .annotate(count=Count("pk"), total=Sum("total_amount"), paid=Sum("paid_amount"))
        .order_by()
    )
    order = {value: index for index, value in enumerate(Invoice.Status.values)}
    rows = sorted(rows, key=lambda row: (row["kind"] != Invoice.Kind.INVOICE, order[row["status"]]))
    for row in rows:
        row["label"] = (
            Invoice.Status(row["status"]).label
            if row["kind"] == Invoice.Kind.INVOICE
            else Invoice.Kind.CREDIT_NOTE.label
        )
    return rows


def reminders_due_queryset(*, today: date) -> QuerySet[Invoice]:
    after = timedelta(days=settings.INVOICE_REMINDER_AFTER_DAYS)
    interval = timedelta(days=max(settings.INVOICE_REMINDER_INTERVAL_DAYS, 1))
    return (
        Invoice.objects.filter(
            kind=Invoice.Kind.INVOICE,
            status__in=(Invoice.Status.ISSUED, Invoice.Status.PARTLY_PAID),
            paid_amount__lt=TOTAL_AFTER_CREDITS,
            due_date__lte=today - after,
        )
        .annotate(last_reminder=Max("reminders__sent_on"))
        .filter(Q(last_reminder__isnull=True) | Q(last_reminder__lte=today - interval))
    )


def reminders_due(*, today: date) -> list[Invoice]:
    """Unpaid invoices due for a reminder on `today`, the longest overdue first."""
    return list(
        reminders_due_queryset(today=today)
        .select_related("organisation")
        .order_by("due_date", "number")
    )
