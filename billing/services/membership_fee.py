"""The yearly membership fee: what each member owes for a year (with pro rata for the year it
joined) and billing every member once a year."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import formats, translation
from django.utils.translation import gettext as _

from billing.models import Invoice, InvoiceLine
from billing.services.invoices import invoice_draft_create, invoice_issue
from billing.totals import round_ore, totals
from members.models import Organisation


@dataclass
class BillingResult:
    billed: list[Invoice] = field(default_factory=list)
    skipped: list[tuple[Organisation, str]] = field(default_factory=list)


@dataclass(frozen=True)
class PlannedFee:
    organisation: Organisation
    lines: list[dict]
    total: Decimal


@dataclass
class BillingPlan:
    to_bill: list[PlannedFee] = field(default_factory=list)
    skipped: list[tuple[Organisation, str]] = field(default_factory=list)


def fee_months(*, organisation: Organisation, year: int) -> int:
    """How many months of `year` the organisation pays for: from the month it joined."""
    since = organisation.member_since
    if settings.INVOICE_PRO_RATA and since is not None and since.year == year:
        return 13 - since.month
    return 12


def nothing_owed_reason(*, organisation: Organisation, year: int) -> str | None:
    """Why the organisation owes no fee for `year`, or None when it owes one."""
    if organisation.tier is None:
        return _("no membership tier")
    if organisation.member_since is None or organisation.member_since.year > year:
        return _("not a member in %(year)s") % {"year": year}
    if organisation.resigned_on is not None and organisation.resigned_on < date(year, 1, 1):
        return _("resigned before %(year)s") % {"year": year}
    if organisation.tier.yearly_fee <= 0:
        return _("the tier has no fee")
    return None


def fee_lines(*, organisation: Organisation, year: int) -> list[dict] | None:
    """The InvoiceLine fields of the yearly fee, or None when nothing is owed. A pro rata fee
    keeps quantity 1 and a unit price rounded to øre, so that the amount is exact."""
    if nothing_owed_reason(organisation=organisation, year=year):
        return None
    tier = organisation.tier
    months = fee_months(organisation=organisation, year=year)
    start = date(year, 13 - months, 1)
    with translation.override(organisation.language):
        description = _fee_description(tier_name=tier.name, year=year, months=months, start=start)
    return [
        {
            "kind": InvoiceLine.Kind.MEMBERSHIP_FEE,
            "description": description,
            "quantity": Decimal(1),
            "unit_price": round_ore(tier.yearly_fee * months / 12),
            "vat_rate": tier.vat_rate_charged,
            "period_start": start,
            "period_end": date(year, 12, 31),
        }
    ]


def _fee_description(*, tier_name: str, year: int, months: int, start: date) -> str:
    description = _("Membership fee %(year)s – %(tier)s") % {"year": year, "tier": tier_name}
    if months == 12:
        return description
    return _("%(description)s (%(months)s/12, from %(month)s)") % {
        "description": description,
        "months": months,
        "month": formats.date_format(start, "F"),
    }


def _candidates(organisations) -> list[Organisation]:
    if organisations is None:
        organisations = Organisation.objects.filter(status=Organisation.Status.MEMBER)
    if isinstance(organisations, QuerySet):
        organisations = organisations.select_related("tier").order_by("legal_name", "pk")
    return list(organisations)


def _existing_fee(*, organisation: Organisation, year: int) -> Invoice | None:
    return (
        Invoice.objects.filter(
            organisation=organisation, kind=Invoice.Kind.INVOICE, membership_year=year
        )
        .exclude(status=Invoice.Status.CREDITED)
        .first()
    )


def skip_reason(*, organisation: Organisation, year: int) -> str | None:
    """Why bill_year would not bill the organisation for `year`, or None."""
    if organisation.status != Organisation.Status.MEMBER:
        return _("not a member (%(status)s)") % {"status": organisation.get_status_display()}
    existing = _existing_fee(organisation=organisation, year=year)
    if existing is not None:
        return _already_billed(existing)
    return nothing_owed_reason(organisation=organisation, year=year)


def _already_billed(invoice: Invoice | None) -> str:
    if invoice is None or invoice.number is None:
        return _("already billed (a draft fee invoice exists)")
    return _("already billed (invoice %(number)s)") % {"number": invoice.number}


def bill_year_plan(*, year: int, organisations=None) -> BillingPlan:
    """What bill_year would do, without writing anything (for a dry run)."""
    plan = BillingPlan()
    for organisation in _candidates(organisations):
        reason = skip_reason(organisation=organisation, year=year)
        if reason:
            plan.skipped.append((organisation, reason))
            continue
        lines = fee_lines(organisation=organisation, year=year)
        total = totals(InvoiceLine(**fields) for fields in lines).total
        plan.to_bill.append(PlannedFee(organisation=organisation, lines=lines, total=total))
    return plan


def bill_year(
    *, year: int, organisations=None, today: date | None = None, send: bool = True
) -> BillingResult:
    """Issue the yearly fee to every member (or to the given organisations that are members)
    not yet billed for `year`. Each organisation is billed in its own transaction, so that one
    failure is reported in `skipped` and undoes nothing else."""
    result = BillingResult()
    for organisation in _candidates(organisations):
        try:
            invoice, reason = _bill_one(
                organisation=organisation, year=year, today=today, send=send
            )
        except (ValidationError, DatabaseError) as error:
            invoice, reason = None, _failure_reason(error, organisation=organisation, year=year)
        if invoice is None:
            result.skipped.append((organisation, reason))
        else:
            result.billed.append(invoice)
    return result


def _failure_reason(error: Exception, *, organisation: Organisation, year: int) -> str:
    # An IntegrityError (or the constraint's ValidationError) here means that a concurrent run
    # billed the organisation between our check and our insert.
    existing = _existing_fee(organisation=organisation, year=year)
    if existing is not None or isinstance(error, IntegrityError):
        return _already_billed(existing)
    return "; ".join(getattr(error, "messages", None) or [str(error)])


@transaction.atomic
def _bill_one(
    *, organisation: Organisation, year: int, today: date | None, send: bool
) -> tuple[Invoice | None, str | None]:
    # The row lock makes a concurrent run wait here and then see our invoice (no_key: inserts
    # that refer to the organisation are not blocked); the unique constraint
    # billing_invoice_one_fee_per_year is the last word.
    organisation = (
        Organisation.objects.select_for_update(no_key=True, of=("self",))
        .select_related("tier")
        .get(pk=organisation.pk)
    )
    reason = skip_reason(organisation=organisation, year=year)
    if reason:
        return None, reason
    invoice = invoice_draft_create(
        organisation=organisation,
        lines=fee_lines(organisation=organisation, year=year),
        membership_year=year,
    )
    return invoice_issue(invoice=invoice, today=today, send=send), None
