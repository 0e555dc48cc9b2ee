"""invoices.csv and payments.csv for the accounting system: changelist actions and dashboard."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from billing.models import Invoice, Payment
from billing.services import invoice_credit, invoice_draft_create, invoice_issue, payment_register
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

INVOICE_HEADER = [
    "number",
    "kind",
    "issue_date",
    "due_date",
    "organisation_number",
    "buyer_name",
    "kid",
    "net_amount",
    "vat_amount",
    "total_amount",
    "paid_amount",
    "outstanding",
    "status",
    "membership_year",
    "credits",
    "refund_due",
]
PAYMENT_HEADER = [
    "paid_on",
    "amount",
    "invoice",
    "kid",
    "organisation_number",
    "source",
    "reference",
    "external_id",
]


def url(name: str) -> str:
    with translation.override("en"):
        return reverse(f"admin:billing_invoice_{name}")


def rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def issued(organisation, net: str, day: date, **fields) -> Invoice:
    invoice = invoice_draft_create(
        organisation=organisation,
        lines=[{"description": "Medlemskontingent", "unit_price": Decimal(net)}],
        **fields,
    )
    return invoice_issue(invoice=invoice, today=day, send=False)


@pytest.fixture
def books(settings):
    settings.INVOICE_DUE_DAYS = 30
    hamar = OrganisationFactory(legal_name="Hamar Kontorfellesskap AS")
    tromso = OrganisationFactory(legal_name='=HYPERLINK("x") Tromsø AS')
    fee = issued(hamar, "6000.00", date(2025, 1, 10), membership_year=2025)
    event = issued(tromso, "99.99", date(2025, 2, 3))
    payment_register(
        invoice=fee, amount=Decimal(2500), paid_on=date(2025, 2, 1), reference="Nettbank"
    )
    payment_register(
        invoice=event,
        amount=Decimal("124.99"),
        paid_on=date(2026, 1, 5),
        reference="-1+1",
        source=Payment.Source.OCR,
        external_id="@SUM(A1)",
    )
    note = invoice_credit(invoice=fee, today=date(2025, 3, 1), send=False)
    invoice_draft_create(organisation=hamar, lines=[])
    return {"hamar": hamar, "tromso": tromso, "fee": fee, "event": event, "note": note}


@pytest.fixture
def staff(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def expected_invoice_rows(books) -> list[list[str]]:
    hamar, tromso = books["hamar"].organisation_number, books["tromso"].organisation_number
    return [
        INVOICE_HEADER,
        [
            "1",
            "invoice",
            "2025-01-10",
            "2025-02-09",
            hamar,
            "Hamar Kontorfellesskap AS",
            books["fee"].kid,
            "6000.00",
            "1500.00",
            "7500.00",
            "2500.00",
            "0.00",
            "credited",
            "2025",
            "",
            "2500.00",  # paid, then credited: owed back
        ],
        [
            "2",
            "invoice",
            "2025-02-03",
            "2025-03-05",
            tromso,
            '\'=HYPERLINK("x") Tromsø AS',
            books["event"].kid,
            "99.99",
            "25.00",
            "124.99",
            "124.99",
            "0.00",
            "paid",
            "",
            "",
            "0.00",
        ],
        [
            "3",
            "credit_note",
            "2025-03-01",
            "2025-03-01",
            hamar,
            "Hamar Kontorfellesskap AS",
            "",
            "-6000.00",
            "-1500.00",
            "-7500.00",
            "0.00",
            "0.00",
            "issued",
            "",
            "1",
            "0.00",
        ],
    ]


def test_the_invoice_action_exports_every_issued_invoice_and_credit_note(staff, books):
    response = staff.post(
        url("changelist"),
        {
            "action": "export_invoices_csv",
            "_selected_action": list(Invoice.objects.values_list("pk", flat=True)),
        },
    )
    assert response["Content-Disposition"].startswith(
        'attachment; filename="coworking-norge-invoices-'
    )
    assert rows(response) == expected_invoice_rows(books)


def test_the_payment_action_exports_the_payments_of_the_selected_invoices(staff, books):
    response = staff.post(
        url("changelist"),
        {"action": "export_payments_csv", "_selected_action": [books["event"].pk]},
    )
    assert rows(response) == [
        PAYMENT_HEADER,
        [
            "2026-01-05",
            "124.99",
            "2",
            books["event"].kid,
            books["tromso"].organisation_number,
            "ocr",
            "'-1+1",
            "'@SUM(A1)",
        ],
    ]


def test_the_dashboard_downloads_the_years_invoices_and_payments(staff, books):
    response = staff.get(url("dashboard_invoices"), {"year": 2025})
    assert response["Content-Disposition"] == (
        'attachment; filename="coworking-norge-invoices-2025.csv"'
    )
    assert rows(response) == expected_invoice_rows(books)
    assert rows(staff.get(url("dashboard_invoices"), {"year": 2026})) == [INVOICE_HEADER]
    # Payments by the day they were received.
    payments = rows(staff.get(url("dashboard_payments"), {"year": 2025}))
    assert payments == [
        PAYMENT_HEADER,
        [
            "2025-02-01",
            "2500.00",
            "1",
            books["fee"].kid,
            books["hamar"].organisation_number,
            "manual",
            "Nettbank",
            "",
        ],
    ]
    assert [row[0] for row in rows(staff.get(url("dashboard_payments"), {"year": 2026}))] == [
        "paid_on",
        "2026-01-05",
    ]


@pytest.mark.parametrize("size", [1, 5])
def test_the_export_takes_the_same_number_of_queries_for_any_size(
    staff, django_assert_num_queries, size
):
    for _ in range(size):
        invoice = issued(OrganisationFactory(), "100.00", date(2025, 5, 1))
        payment_register(invoice=invoice, amount=Decimal(10), paid_on=date(2025, 5, 2))
        invoice_credit(invoice=invoice, today=date(2025, 5, 3), send=False)
    with django_assert_num_queries(5):
        invoices = rows(staff.get(url("dashboard_invoices"), {"year": 2025}))
    with django_assert_num_queries(5):
        payments = rows(staff.get(url("dashboard_payments"), {"year": 2025}))
    assert (len(invoices), len(payments)) == (1 + 2 * size, 1 + size)


def test_only_the_secretariat_downloads(client, books):
    client.force_login(UserFactory())
    response = client.get(url("dashboard_payments"), {"year": 2025})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url("dashboard_payments"), {"year": 2025}).status_code == 403
    response = client.post(
        url("changelist"), {"action": "export_invoices_csv", "_selected_action": [1]}
    )
    assert response.status_code == 403


def staff_with(*codenames: str):
    person = UserFactory(is_staff=True)
    person.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return person


def test_the_payments_csv_takes_the_right_to_view_payments(client, books):
    client.force_login(staff_with("view_invoice"))
    changelist = client.get(url("changelist"))
    actions = {name for name, _label in changelist.context["action_form"].fields["action"].choices}
    assert actions == {"", "export_invoices_csv"}
    response = client.post(
        url("changelist"),
        {"action": "export_payments_csv", "_selected_action": [books["fee"].pk]},
    )
    assert response.status_code == 302
    assert response["Content-Type"] != "text/csv; charset=utf-8"
    assert client.get(url("dashboard_payments"), {"year": 2025}).status_code == 403
    dashboard = client.get(url("dashboard"), {"year": 2025}).content.decode()
    assert url("dashboard_payments") not in dashboard
    assert url("dashboard_invoices") in dashboard
    assert len(rows(client.get(url("dashboard_invoices"), {"year": 2025}))) > 1

    client.force_login(staff_with("view_invoice", "view_payment"))
    assert len(rows(client.get(url("dashboard_payments"), {"year": 2025}))) == 2
    assert url("dashboard_payments") in client.get(url("dashboard")).content.decode()
