"""Billing the yearly membership fee: every member once a year, pro rata for the year it joined,
never twice, through the service, the command and the admin action."""

import threading
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from billing.models import Invoice, InvoiceLine
from billing.services import bill_year, fee_lines, invoice_credit, invoice_draft_create
from members.models import Organisation
from tests.factories import MembershipTierFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2027, 1, 4)
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"
)


@pytest.fixture
def tier():
    return MembershipTierFactory(
        name_nb="Nivå 2", name_en="Tier 2", yearly_fee=Decimal("6000.00"), vat_rate=Decimal(25)
    )


def member(tier, **fields):
    return OrganisationFactory(tier=tier, **fields)


def fee_invoices() -> list[tuple[str, int, str, Decimal]]:
    return list(
        Invoice.objects.filter(kind="invoice")
        .order_by("organisation__legal_name", "pk")
        .values_list("organisation__legal_name", "membership_year", "status", "total_amount")
    )


def test_bill_year_bills_every_member_with_the_tiers_fee_and_vat(tier):
    small = MembershipTierFactory(yearly_fee=Decimal("2999.99"), vat_rate=Decimal("15.00"))
    member(tier, legal_name="A AS")
    member(small, legal_name="B AS")
    result = bill_year(year=2027, today=TODAY, send=False)
    assert sorted(i.organisation.legal_name for i in result.billed) == ["A AS", "B AS"]
    assert result.skipped == []
    assert fee_invoices() == [
        ("A AS", 2027, "issued", Decimal("7500.00")),
        ("B AS", 2027, "issued", Decimal("3449.99")),
    ]
    invoice = Invoice.objects.get(organisation__legal_name="B AS")
    assert (invoice.net_amount, invoice.vat_amount, invoice.issue_date) == (
        Decimal("2999.99"),
        Decimal("450.00"),
        TODAY,
    )
    assert invoice.number is not None
    assert invoice.kid


def test_the_fee_line_in_norwegian_and_in_english(tier):
    norwegian = member(tier, language="nb")
    english = member(tier, language="en")
    bill_year(year=2027, today=TODAY, send=False)
    lines = InvoiceLine.objects.order_by("invoice__organisation_id")
    assert [line.invoice.organisation for line in lines] == [norwegian, english]
    line = lines.get(invoice__organisation=english)
    assert (line.kind, line.description, line.quantity, line.unit_price, line.vat_rate) == (
        InvoiceLine.Kind.MEMBERSHIP_FEE,
        "Membership fee 2027 – Tier 2",
        Decimal("1.000"),
        Decimal("6000.00"),
        Decimal("25.00"),
    )
    assert (line.period_start, line.period_end) == (date(2027, 1, 1), date(2027, 12, 31))
    # The Norwegian one names the Norwegian tier, whatever the language of the request.
    with translation.override("en"):
        assert "Nivå 2" in lines.get(invoice__organisation=norwegian).description


def test_bill_year_skips_applicants_resigned_no_tier_and_later_members_with_reasons(tier):
    billed = member(tier, legal_name="A member AS")
    applicant = member(tier, legal_name="B applicant AS", status="applicant", member_since=None)
    resigned = member(
        tier, legal_name="C resigned AS", status="resigned", resigned_on=date(2026, 6, 30)
    )
    no_tier = member(None, legal_name="D no tier AS")
    later = member(tier, legal_name="E later AS", member_since=date(2028, 2, 1))
    with translation.override("en"):
        everyone = bill_year(
            year=2027, organisations=Organisation.objects.all(), today=TODAY, send=False
        )
    assert [i.organisation for i in everyone.billed] == [billed]
    assert everyone.skipped == [
        (applicant, "not a member (applicant)"),
        (resigned, "not a member (resigned)"),
        (no_tier, "no membership tier"),
        (later, "not a member in 2027"),
    ]
    assert fee_invoices() == [("A member AS", 2027, "issued", Decimal("7500.00"))]


def test_by_default_only_members_are_considered(tier):
    member(tier, status="applicant", member_since=None)
    member(tier, status="resigned", resigned_on=date(2026, 6, 30))
    result = bill_year(year=2027, today=TODAY, send=False)
    assert (result.billed, result.skipped, Invoice.objects.count()) == ([], [], 0)


@pytest.mark.parametrize(
    ("joined", "months", "net", "start"),
    [
        (date(2027, 7, 1), 6, Decimal("3000.00"), date(2027, 7, 1)),
        (date(2027, 3, 15), 10, Decimal("5000.00"), date(2027, 3, 1)),
        (date(2027, 1, 1), 12, Decimal("6000.00"), date(2027, 1, 1)),
        (date(2026, 11, 20), 12, Decimal("6000.00"), date(2027, 1, 1)),
    ],
)
def test_pro_rata_from_the_month_the_member_joined(tier, joined, months, net, start):
    organisation = member(tier, member_since=joined, language="en")
    bill_year(year=2027, today=TODAY, send=False)
    invoice = Invoice.objects.get(organisation=organisation)
    line = invoice.lines.get()
    assert (line.quantity, line.unit_price, line.period_start, line.period_end) == (
        Decimal(1),
        net,
        start,
        date(2027, 12, 31),
    )
    assert (invoice.net_amount, invoice.total_amount) == (net, net * Decimal("1.25"))
    if months < 12:
        assert line.description.startswith(f"Membership fee 2027 – Tier 2 ({months}/12, from ")
    else:
        assert line.description == "Membership fee 2027 – Tier 2"


def test_pro_rata_rounds_to_whole_ore(tier):
    tier.yearly_fee = Decimal("1000.00")
    tier.save()
    organisation = member(tier, member_since=date(2027, 6, 10))  # 7/12 of 1000 = 583.333…
    [line] = fee_lines(organisation=organisation, year=2027)
    assert line["unit_price"] == Decimal("583.33")


def test_with_pro_rata_off_a_member_that_joined_in_the_year_pays_the_full_fee(settings, tier):
    settings.INVOICE_PRO_RATA = False
    organisation = member(tier, member_since=date(2027, 7, 1), language="en")
    [line] = fee_lines(organisation=organisation, year=2027)
    assert (line["unit_price"], line["period_start"], line["description"]) == (
        Decimal("6000.00"),
        date(2027, 1, 1),
        "Membership fee 2027 – Tier 2",
    )


def test_a_seller_not_registered_for_vat_bills_the_fee_without_vat(settings, tier):
    settings.INVOICE_SELLER = {**settings.INVOICE_SELLER, "vat_registered": False}
    organisation = member(tier, legal_name="A AS", member_since=date(2020, 1, 1))
    [line] = fee_lines(organisation=organisation, year=2027)
    assert (line["unit_price"], line["vat_rate"]) == (Decimal("6000.00"), Decimal(0))
    result = bill_year(year=2027, today=TODAY, send=False)
    assert result.skipped == []
    assert fee_invoices() == [("A AS", 2027, "issued", Decimal("6000.00"))]


def test_fee_lines_is_none_when_nothing_is_owed(tier):
    assert fee_lines(organisation=member(None), year=2027) is None
    assert fee_lines(organisation=member(tier, member_since=date(2028, 1, 1)), year=2027) is None
    gone = member(tier, status="resigned", resigned_on=date(2026, 12, 31))
    assert fee_lines(organisation=gone, year=2027) is None
    left_in_the_year = member(tier, status="resigned", resigned_on=date(2027, 1, 1))
    assert fee_lines(organisation=left_in_the_year, year=2027) is not None


def test_bill_year_twice_bills_nobody_twice(tier):
    member(tier)
    member(tier)
    first = bill_year(year=2027, today=TODAY, send=False)
    with translation.override("en"):
        second = bill_year(year=2027, today=TODAY, send=False)
    assert (len(first.billed), second.billed) == (2, [])
    numbers = sorted(i.number for i in first.billed)
    assert sorted(reason for _, reason in second.skipped) == [
        f"already billed (invoice {n})" for n in numbers
    ]
    assert Invoice.objects.count() == 2
    assert len(bill_year(year=2028, today=date(2028, 1, 3), send=False).billed) == 2


def test_a_draft_fee_invoice_counts_as_billed(tier):
    organisation = member(tier)
    invoice_draft_create(
        organisation=organisation,
        lines=fee_lines(organisation=organisation, year=2027),
        membership_year=2027,
    )
    with translation.override("en"):
        result = bill_year(year=2027, today=TODAY, send=False)
    assert result.skipped == [(organisation, "already billed (a draft fee invoice exists)")]
    assert Invoice.objects.count() == 1


def test_a_credited_fee_can_be_billed_again(tier):
    organisation = member(tier)
    [first] = bill_year(year=2027, today=TODAY, send=False).billed
    invoice_credit(invoice=first, today=TODAY, send=False)
    [second] = bill_year(year=2027, today=TODAY, send=False).billed
    assert second.number == first.number + 2  # the credit note took the number in between
    assert list(
        Invoice.objects.filter(organisation=organisation)
        .order_by("number")
        .values_list("kind", "status", "membership_year")
    ) == [
        ("invoice", "credited", 2027),
        ("credit_note", "issued", None),
        ("invoice", "issued", 2027),
    ]


def test_the_database_refuses_a_second_fee_invoice_for_the_same_year(tier):
    organisation = member(tier)
    Invoice.objects.create(organisation=organisation, membership_year=2027)
    Invoice.objects.create(organisation=organisation, membership_year=2028)
    Invoice.objects.create(
        organisation=organisation,
        membership_year=2027,
        status="credited",
        number=900,
        issue_date=TODAY,
        due_date=TODAY,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(organisation=organisation, membership_year=2027)
    assert Invoice.objects.filter(organisation=organisation).count() == 3


def test_one_failing_organisation_does_not_undo_the_others(tier):
    good = member(tier, legal_name="A AS")
    # An address the invoice's snapshot refuses: issuing fails for this one only.
    bad = member(tier, legal_name="B AS", invoice_email="not an address")
    result = bill_year(year=2027, today=TODAY, send=False)
    assert [i.organisation for i in result.billed] == [good]
    assert [organisation for organisation, _ in result.skipped] == [bad]
    assert fee_invoices() == [("A AS", 2027, "issued", Decimal("7500.00"))]


def call(*args) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("bill_year", *args, stdout=out)
    return out.getvalue()


def test_the_command_bills_and_reports_billed_skipped_and_totals(tier, mailoutbox):
    member(tier, legal_name="A AS", member_since=date(2027, 7, 1))
    member(tier, legal_name="B AS")
    member(None, legal_name="C AS")
    output = call("2027", "--no-email")
    numbers = dict(Invoice.objects.values_list("organisation__legal_name", "number"))
    assert output.splitlines() == [
        f"Billed  A AS: invoice {numbers['A AS']}, 3750.00 NOK",
        f"Billed  B AS: invoice {numbers['B AS']}, 7500.00 NOK",
        "Skipped C AS: no membership tier",
        "2 billed for 2027, 1 skipped; total 11250.00 NOK.",
    ]
    assert mailoutbox == []
    assert call("2027", "--no-email").splitlines()[-1] == (
        "0 billed for 2027, 3 skipped; total 0.00 NOK."
    )


def test_the_dry_run_lists_who_would_be_billed_and_writes_nothing(tier):
    member(tier, legal_name="A AS", member_since=date(2027, 7, 1), language="en")
    member(None, legal_name="C AS")
    output = call("2027", "--dry-run")
    assert output.splitlines() == [
        "Would bill  A AS: 3750.00 NOK (Membership fee 2027 – Tier 2 (6/12, from July))",
        "Skipped C AS: no membership tier",
        "Dry run: 1 would be billed for 2027, 1 skipped; total 3750.00 NOK. Nothing was written.",
    ]
    assert (Invoice.objects.count(), InvoiceLine.objects.count()) == (0, 0)


def test_the_dry_run_of_a_year_already_billed_lists_nobody_to_bill(tier):
    member(tier, legal_name="A AS", member_since=date(2027, 7, 1), language="en")
    call("2027", "--no-email")
    numbers = dict(Invoice.objects.values_list("organisation__legal_name", "number"))
    assert call("2027", "--dry-run").splitlines() == [
        f"Skipped A AS: already billed (invoice {numbers['A AS']})",
        "Dry run: 0 would be billed for 2027, 1 skipped; total 0.00 NOK. Nothing was written.",
    ]
    assert Invoice.objects.count() == 1


def test_the_admin_action_bills_the_selected_organisations(client, secretariat_user, tier):
    year = timezone.localdate().year
    chosen = member(tier, legal_name="A AS", member_since=date(year - 1, 1, 1))
    no_tier = member(None, legal_name="B AS", member_since=date(year - 1, 1, 1))
    member(tier, legal_name="C AS (not selected)")
    client.force_login(secretariat_user)
    response = client.post(
        "/en/admin/members/organisation/",
        {"action": "bill_this_year", "_selected_action": [chosen.pk, no_tier.pk]},
        follow=True,
    )
    shown = [str(message) for message in response.context["messages"]]
    assert shown == [
        f"Membership fee {year}: billed 1, skipped 1.",
        "B AS: no membership tier",
    ]
    assert fee_invoices() == [("A AS", year, "issued", Decimal("7500.00"))]
    assert "Membership fee" in response.content.decode()


def staff_with(*codenames: str):
    person = UserFactory(is_staff=True)
    person.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return person


def offered_actions(client) -> set[str]:
    response = client.get("/en/admin/members/organisation/")
    return {name for name, _label in response.context["action_form"].fields["action"].choices}


@pytest.mark.parametrize("action", ["bill_this_year", "record_resignation"])
def test_a_view_only_staff_user_is_not_offered_nor_can_forge_billing_or_resigning(
    client, tier, action
):
    year = timezone.localdate().year
    chosen = member(tier, legal_name="A AS", member_since=date(year - 1, 1, 1))
    client.force_login(staff_with("view_organisation"))
    assert offered_actions(client) == {"", "export_csv"}
    client.post(
        "/en/admin/members/organisation/",
        {"action": action, "_selected_action": [chosen.pk]},
    )
    chosen.refresh_from_db()
    assert (chosen.status, chosen.resigned_on) == ("member", None)
    assert fee_invoices() == []


def test_billing_takes_the_right_to_add_and_change_invoices(client, tier):
    client.force_login(staff_with("view_organisation", "change_organisation"))
    assert offered_actions(client) == {"", "export_csv", "record_resignation"}
    client.force_login(
        staff_with("view_organisation", "change_organisation", "add_invoice", "change_invoice")
    )
    assert offered_actions(client) == {"", "export_csv", "record_resignation", "bill_this_year"}


def _in_thread(work) -> threading.Thread:
    def target() -> None:
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    return thread


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_fee_invoice_inserted_by_a_concurrent_run_is_reported_as_already_billed(tier):
    """The other transaction inserts its fee invoice after our check and commits while our
    insert waits on the unique index: the constraint refuses ours, nothing is billed twice."""
    organisation = member(tier)
    inserted, release = threading.Event(), threading.Event()

    def concurrent_draft() -> None:
        with transaction.atomic():
            Invoice.objects.create(organisation=organisation, membership_year=2027)
            inserted.set()
            release.wait(timeout=30)

    thread = _in_thread(concurrent_draft)
    inserted.wait(timeout=30)
    threading.Timer(0.5, release.set).start()
    with translation.override("en"):
        result = bill_year(year=2027, today=TODAY, send=False)
    thread.join(timeout=30)
    assert result.billed == []
    assert result.skipped == [(organisation, "already billed (a draft fee invoice exists)")]
    assert Invoice.objects.count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_bill_each_member_once(tier):
    organisations = [member(tier) for _ in range(6)]
    start, results = threading.Barrier(2), []

    def run() -> None:
        start.wait()
        results.append(bill_year(year=2027, today=TODAY, send=False))

    threads = [_in_thread(run), _in_thread(run)]
    for thread in threads:
        thread.join(timeout=60)
    billed = [invoice.organisation_id for result in results for invoice in result.billed]
    assert sorted(billed) == sorted(o.pk for o in organisations)
    assert sum(len(result.skipped) for result in results) == len(organisations)
    assert Invoice.objects.filter(membership_year=2027).count() == len(organisations)


def test_without_no_email_each_billed_member_is_emailed_its_invoice(
    tier, mailoutbox, django_capture_on_commit_callbacks
):
    member(tier, invoice_email="a@hub.example")
    member(tier, invoice_email="b@hub.example")
    with django_capture_on_commit_callbacks(execute=True):
        call("2027")
    assert sorted(address for mail in mailoutbox for address in mail.to) == [
        "a@hub.example",
        "b@hub.example",
    ]
    assert all(mail.attachments for mail in mailoutbox)
