"""Demo invoices for the made-up organisation behind Fabrikken; for local use only (see
`manage.py demo`)."""

from datetime import date

from django.utils import timezone

from billing.services import bill_year, payment_register
from members.demo import DEMO_ORGANISATION_NUMBER
from members.models import Organisation


def demo_create() -> list[str]:
    organisation = Organisation.objects.get(organisation_number=DEMO_ORGANISATION_NUMBER)
    _demo_invoices(organisation)
    return []


def _demo_invoices(organisation: Organisation) -> None:
    """Last year's fee, paid, and this year's, outstanding; not e-mailed. Billing a year twice
    bills nobody twice, so this is safe to run again."""
    this_year = timezone.localdate().year
    last = bill_year(
        year=this_year - 1,
        organisations=[organisation],
        today=date(this_year - 1, 1, 15),
        send=False,
    )
    for invoice in last.billed:
        payment_register(
            invoice=invoice,
            amount=invoice.total_amount,
            paid_on=date(this_year - 1, 2, 1),
            reference="Demo",
        )
    bill_year(
        year=this_year, organisations=[organisation], today=date(this_year, 1, 15), send=False
    )
