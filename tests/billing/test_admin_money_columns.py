"""Every amount the billing admin lists is written the one way (issue 11): the payments list, an
organisation's invoices and an OCR import, in Norwegian and in English."""

from datetime import date
from decimal import Decimal

import pytest

from billing.services import payment_register
from tests.billing.test_payments_admin import issued_invoice

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "amount"), [("", "1\xa0234,50\xa0kr"), ("/en", "NOK\xa01,234.50")]
)
def test_payments_and_an_organisations_invoices_show_amounts_the_one_way(
    client, secretariat_user, prefix, amount
):
    invoice = issued_invoice(name="Kontorverket AS")
    payment_register(invoice=invoice, amount=Decimal("1234.50"), paid_on=date(2026, 3, 2))
    client.force_login(secretariat_user)
    payments = client.get(f"{prefix}/admin/billing/payment/").content.decode()
    organisation = client.get(
        f"{prefix}/admin/members/organisation/{invoice.organisation_id}/change/"
    ).content.decode()
    assert amount in payments
    assert amount in organisation  # paid, in the invoices inline
    assert "1234.50" not in payments + organisation
