"""The secretariat's billing dashboard: a year's billed, paid, outstanding and overdue amounts."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from billing.services import invoice_credit, invoice_draft_create, invoice_issue, payment_register
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

YEAR = 2025


def url(name: str = "dashboard", language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"admin:billing_invoice_{name}")


def issued(net: str, day: date):
    invoice = invoice_draft_create(
        organisation=OrganisationFactory(),
        lines=[{"description": "Medlemskontingent", "unit_price": Decimal(net)}],
    )
    return invoice_issue(invoice=invoice, today=day, send=False)


@pytest.fixture
def year_of_invoices():
    """In 2025: one paid, one partly paid, one credited (credit note in 2025) and one unpaid;
    one invoice of 2024 and one draft that count for nothing."""
    paid = issued("10000.00", date(YEAR, 2, 1))
    partly = issued("10000.00", date(YEAR, 3, 1))
    credited = issued("10000.00", date(YEAR, 4, 1))
    unpaid = issued("8000.00", date(YEAR, 5, 1))
    payment_register(invoice=paid, amount=Decimal("12500.00"), paid_on=date(YEAR, 2, 20))
    payment_register(invoice=partly, amount=Decimal("5000.00"), paid_on=date(YEAR, 3, 20))
    note = invoice_credit(invoice=credited, today=date(YEAR, 6, 1), send=False)
    issued("4000.00", date(YEAR - 1, 12, 1))
    invoice_draft_create(organisation=OrganisationFactory(), lines=[])
    return {"paid": paid, "partly": partly, "credited": credited, "unpaid": unpaid, "note": note}


@pytest.fixture
def staff(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def test_the_years_figures_count_the_credit_note_and_the_partial_payment(staff, year_of_invoices):
    response = staff.get(url(), {"year": YEAR})
    figures = response.context["figures"]
    assert figures == {
        "billed": Decimal("35000.00"),  # 3 x 12 500 + 10 000 - 12 500
        "paid": Decimal("17500.00"),
        "outstanding": Decimal("17500.00"),  # 7 500 + 10 000
        "invoices": 4,
        "credit_notes": 1,
        "overdue": 2,
        "overdue_amount": Decimal("17500.00"),
        "drafts": 1,
        "to_refund": Decimal("0.00"),
    }
    rows = [
        (row["label"], row["count"], row["total"], row["paid"])
        for row in response.context["by_status"]
    ]
    assert rows == [
        ("issued", 1, Decimal("10000.00"), Decimal("0.00")),
        ("partly paid", 1, Decimal("12500.00"), Decimal("5000.00")),
        ("paid", 1, Decimal("12500.00"), Decimal("12500.00")),
        ("credited", 1, Decimal("12500.00"), Decimal("0.00")),
        ("credit note", 1, Decimal("-12500.00"), Decimal("0.00")),
    ]


def test_money_paid_for_invoices_credited_afterwards_is_shown_to_refund(staff):
    refunded = issued("10000.00", date(YEAR, 2, 1))
    payment_register(invoice=refunded, amount=Decimal("12500.00"), paid_on=date(YEAR, 2, 10))
    invoice_credit(invoice=refunded, today=date(YEAR, 3, 1), send=False)
    partly = issued("1000.00", date(YEAR, 2, 1))
    payment_register(invoice=partly, amount=Decimal("100.00"), paid_on=date(YEAR, 2, 10))
    invoice_credit(invoice=partly, today=date(YEAR, 3, 1), send=False)
    other_year = issued("1000.00", date(YEAR - 1, 2, 1))
    payment_register(invoice=other_year, amount=Decimal("1250.00"), paid_on=date(YEAR, 2, 10))
    invoice_credit(invoice=other_year, today=date(YEAR, 3, 1), send=False)
    invoice_credit(invoice=issued("500.00", date(YEAR, 4, 1)), send=False)  # unpaid: nothing
    response = staff.get(url(), {"year": YEAR})
    assert response.context["figures"]["to_refund"] == Decimal("12600.00")
    html = response.content.decode()
    assert '<td class="amount" data-figure="to_refund">NOK\xa012,600.00</td>' in html
    listed = staff.get(url("changelist"), {"refund_due": "yes", "issue_year": YEAR})
    assert {invoice.pk for invoice in listed.context["cl"].result_list} == {refunded.pk, partly.pk}
    assert f'href="{url("changelist")}?refund_due=yes&amp;issue_year={YEAR}"' in html


def test_the_page_shows_the_amounts_in_the_active_language(staff, year_of_invoices):
    english = staff.get(url(), {"year": YEAR}).content.decode()
    assert '<td class="amount" data-figure="billed">NOK\xa035,000.00</td>' in english
    assert '<td class="amount" data-figure="overdue_amount">NOK\xa017,500.00</td>' in english
    assert "Invoices in 2025" in english
    norwegian = staff.get(url(language="nb"), {"year": YEAR}).content.decode()
    assert '<td class="amount" data-figure="billed">35\xa0000,00\xa0kr</td>' in norwegian
    assert '<td class="amount">\u221212\xa0500,00\xa0kr</td>' in norwegian


def test_the_dashboard_links_to_the_overdue_list_and_the_years_downloads(staff, year_of_invoices):
    html = staff.get(url(), {"year": YEAR}).content.decode()
    changelist = url("changelist")
    assert f'href="{changelist}?overdue=yes&amp;issue_year={YEAR}"' in html
    assert f'href="{url("dashboard_invoices")}?year={YEAR}"' in html
    assert f'href="{url("dashboard_payments")}?year={YEAR}"' in html
    overdue = staff.get(changelist, {"overdue": "yes", "issue_year": YEAR})
    assert {invoice.pk for invoice in overdue.context["cl"].result_list} == {
        year_of_invoices["partly"].pk,
        year_of_invoices["unpaid"].pk,
    }
    assert url() in staff.get(changelist).content.decode()


def test_the_year_defaults_to_this_year_and_the_picker_offers_every_year(staff, year_of_invoices):
    response = staff.get(url())
    this_year = timezone.localdate().year
    assert response.context["year"] == this_year
    assert response.context["figures"]["invoices"] == 0
    assert response.context["years"] == sorted({this_year, YEAR, YEAR - 1}, reverse=True)
    assert staff.get(url(), {"year": "nonsense"}).context["year"] == this_year


@pytest.mark.parametrize("value", ["0", "99999", "²", "٢٠٢٥", "-1", "", "2025.0"])
def test_a_year_out_of_range_shows_this_year_rather_than_failing(staff, year_of_invoices, value):
    this_year = timezone.localdate().year
    response = staff.get(url(), {"year": value})
    assert response.status_code == 200
    assert response.context["year"] == this_year
    download = staff.get(url("dashboard_invoices"), {"year": value})
    assert download["Content-Disposition"].endswith(f'-invoices-{this_year}.csv"')


def test_the_first_and_last_years_a_date_can_hold_are_accepted(staff):
    assert staff.get(url(), {"year": "1"}).context["figures"]["invoices"] == 0
    assert staff.get(url(), {"year": "9999"}).context["year"] == 9999


@pytest.mark.parametrize("size", [1, 6])
def test_the_dashboard_takes_the_same_number_of_queries_for_any_size(
    staff, django_assert_num_queries, size
):
    for index in range(size):
        invoice = issued("1000.00", date(YEAR, 1 + index, 1))
        payment_register(invoice=invoice, amount=Decimal(100), paid_on=date(YEAR, 12, 1))
        invoice_credit(invoice=issued("500.00", date(YEAR, 1 + index, 2)), send=False)
    with django_assert_num_queries(7):
        response = staff.get(url(), {"year": YEAR})
    assert response.context["figures"]["invoices"] == 2 * size


def test_without_the_view_permission_there_is_no_dashboard(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url(), {"year": YEAR}).status_code == 403
    assert client.get(url("dashboard_invoices"), {"year": YEAR}).status_code == 403
    client.force_login(UserFactory())
    response = client.get(url(), {"year": YEAR})
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_dashboard_has_the_admins_breadcrumbs(staff):
    html = staff.get(url(), {"year": YEAR}).content.decode()
    changelist = url("changelist")
    assert (
        '<ol class="breadcrumbs">\n'
        '<li><a href="/en/admin/">Home</a></li>\n'
        '<li><a href="/en/admin/billing/">Billing</a></li>\n'
        f'<li><a href="{changelist}">Invoices</a></li>\n'
        '<li aria-current="page">Dashboard</li>\n'
        "</ol>"
    ) in html
