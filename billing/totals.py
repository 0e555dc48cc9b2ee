"""Invoice arithmetic in Decimal: amounts in øre, rounded half up as Norwegian invoices are."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ORE = Decimal("0.01")


def round_ore(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(ORE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class VatGroup:
    rate: Decimal
    net: Decimal
    vat: Decimal


@dataclass(frozen=True)
class Totals:
    net: Decimal
    vat: Decimal
    total: Decimal
    groups: tuple[VatGroup, ...]


def totals(lines: Iterable) -> Totals:
    """Each line's amount is rounded to øre; VAT is computed once per rate on the sum of that
    rate's lines, so that it matches the VAT summary printed on the invoice."""
    nets: dict[Decimal, Decimal] = {}
    for line in lines:
        rate = Decimal(line.vat_rate).normalize()
        nets[rate] = nets.get(rate, Decimal("0.00")) + round_ore(line.quantity * line.unit_price)
    groups = tuple(
        VatGroup(rate=rate, net=net, vat=round_ore(net * rate / 100))
        for rate, net in sorted(nets.items())
    )
    net = sum((group.net for group in groups), Decimal("0.00"))
    vat = sum((group.vat for group in groups), Decimal("0.00"))
    return Totals(net=net, vat=vat, total=net + vat, groups=groups)


def credit_totals(earlier: Iterable, lines: Iterable) -> Totals:
    """The totals of a credit note holding `lines`, when the invoice's `earlier` credit notes
    hold `earlier`: each rate's VAT is what all these credited lines come to, less what the
    earlier ones came to. Each line's VAT rounded on its own could add up to an øre more or less
    than the invoice's; this way an invoice's credit notes add up to exactly its total once
    every line is credited."""
    earlier = list(earlier)
    before, after = totals(earlier), totals([*earlier, *lines])
    previous = {group.rate: group for group in before.groups}
    groups = tuple(
        VatGroup(
            rate=group.rate,
            net=group.net - _group_of(previous, group.rate).net,
            vat=group.vat - _group_of(previous, group.rate).vat,
        )
        for group in after.groups
    )
    groups = tuple(group for group in groups if group.net or group.vat)
    net = after.net - before.net
    vat = after.vat - before.vat
    return Totals(net=net, vat=vat, total=net + vat, groups=groups)


def _group_of(groups: dict, rate: Decimal) -> VatGroup:
    return groups.get(rate) or VatGroup(rate=rate, net=Decimal("0.00"), vat=Decimal("0.00"))
