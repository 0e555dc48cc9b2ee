"""The secretariat's invoice admin: drafts are edited, issued invoices are only looked at; issue,
credit and send again; the overdue list."""

import logging
import re
import smtplib
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.signals import pre_save
from django.urls import reverse
from django.utils import timezone, translation

from billing.models import Invoice, InvoiceLine
from billing.services import invoice_credit, invoice_draft_create, invoice_issue, payment_register
from tests.concurrency import wait_for_a_blocked_query
from tests.factories import OrganisationFactory, UserFactory
from tests.mail_backends import FAILING

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"
)
FEE = {"description": "Medlemskontingent", "unit_price": Decimal("10000.00")}


def url(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"admin:billing_invoice_{name}", args=args)


def draft(organisation=None, **fields) -> Invoice:
    return invoice_draft_create(
        organisation=organisation or OrganisationFactory(), lines=[FEE], **fields
    )


def issued(organisation=None, today=None) -> Invoice:
    return invoice_issue(invoice=draft(organisation), today=today, send=False)


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def staff(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def change_data(invoice: Invoice, **extra) -> dict:
    """The change form as posted, with an empty formset per inline."""
    data = {
        "organisation": invoice.organisation_id,
        "membership_year": "",
        "your_reference": "Changed",
        "our_reference": "",
    }
    lines = list(invoice.lines.all()) if invoice.pk else []
    data |= {
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": str(len(lines)),
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(lines):
        data |= {
            f"lines-{index}-id": line.pk,
            f"lines-{index}-invoice": invoice.pk,
            f"lines-{index}-description": line.description,
            f"lines-{index}-kind": line.kind,
            f"lines-{index}-quantity": str(line.quantity),
            f"lines-{index}-unit_price": str(line.unit_price),
            f"lines-{index}-vat_rate": str(line.vat_rate),
        }
    for prefix in ("payments", "reminders"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | extra


def add_line(data: dict, description: str, unit_price: str) -> dict:
    index = int(data["lines-TOTAL_FORMS"])
    return data | {
        "lines-TOTAL_FORMS": str(index + 1),
        f"lines-{index}-description": description,
        f"lines-{index}-kind": "other",
        f"lines-{index}-quantity": "2",
        f"lines-{index}-unit_price": unit_price,
        f"lines-{index}-vat_rate": "25",
    }


# Issued invoices are never changed through the admin


def test_an_issued_invoice_is_shown_read_only_with_its_pdf_link(staff):
    invoice = issued()
    html = staff.get(url("change", invoice.pk)).content.decode()
    assert "View invoice" in html
    assert invoice.kid in html
    assert 'name="buyer_name"' not in html
    assert 'name="lines-0-description"' not in html
    assert 'name="_save"' not in html
    assert 'name="_continue"' not in html
    assert 'name="lines-MAX_NUM_FORMS" value="0"' in html
    assert "lines-0-DELETE" not in html
    assert url("pdf", invoice.pk) in html
    assert url("send", invoice.pk) in html
    assert url("credit", invoice.pk) in html


def test_an_issued_invoice_names_the_seller_and_its_account_in_both_languages(staff):
    invoice = issued()
    seller = "Coworking Norge, 999000002, Postboks 1, 0101 Oslo"
    english = staff.get(url("change", invoice.pk)).content.decode()
    norwegian = staff.get(url("change", invoice.pk).removeprefix("/en")).content.decode()
    assert f"{seller} (account 1234.56.78903)" in english
    assert f"{seller} (konto 1234.56.78903)" in norwegian


def test_posting_to_an_issued_invoice_changes_nothing_and_adds_no_line(staff):
    invoice = issued()
    before = Invoice.objects.values().get(pk=invoice.pk)
    data = add_line(change_data(invoice, your_reference="Forged"), "Extra", "1.00")
    response = staff.post(url("change", invoice.pk), data)
    assert response.status_code == 403
    assert Invoice.objects.values().get(pk=invoice.pk) == before
    assert list(invoice.lines.values_list("description", "unit_price")) == [
        ("Medlemskontingent", Decimal("10000.00"))
    ]


def test_an_issued_invoice_cannot_be_deleted_in_the_admin_nor_by_the_model(staff):
    invoice = issued()
    assert staff.get(url("delete", invoice.pk)).status_code == 403
    assert staff.post(url("delete", invoice.pk), {"post": "yes"}).status_code == 403
    staff.post(
        url("changelist"),
        {"action": "delete_selected", "_selected_action": [invoice.pk], "post": "yes"},
    )
    with pytest.raises(ValidationError):
        invoice.delete()
    assert Invoice.objects.filter(pk=invoice.pk, status="issued").exists()
    assert InvoiceLine.objects.filter(invoice=invoice).count() == 1


def test_a_draft_can_be_deleted(staff):
    invoice = draft()
    staff.post(url("delete", invoice.pk), {"post": "yes"})
    assert not Invoice.objects.exists()
    assert not InvoiceLine.objects.exists()


# Drafts


def test_the_secretariat_creates_a_draft_in_the_organisations_language(staff):
    organisation = OrganisationFactory(language="en")
    data = add_line(
        change_data(Invoice(organisation=organisation)) | {"membership_year": "2027"},
        "Medlemskontingent 2027",
        "3000.00",
    )
    response = staff.post(url("add"), data)
    assert response.status_code == 302
    invoice = Invoice.objects.get()
    assert (invoice.status, invoice.language, invoice.membership_year) == ("draft", "en", 2027)
    assert (invoice.net_amount, invoice.vat_amount, invoice.total_amount) == (
        Decimal("6000.00"),
        Decimal("1500.00"),
        Decimal("7500.00"),
    )


def test_the_add_and_draft_pages_offer_the_editable_fields_and_the_issue_button(staff):
    add = staff.get(url("add")).content.decode()
    assert 'name="organisation"' in add
    assert 'name="lines-TOTAL_FORMS"' in add
    assert 'name="buyer_name"' not in add
    assert 'name="_issue"' in add
    invoice = draft()
    page = staff.get(url("change", invoice.pk)).content.decode()
    assert 'name="lines-0-unit_price" value="10000.00"' in page
    assert 'name="_save"' in page
    assert 'name="_issue"' in page
    assert url("send", invoice.pk) not in page
    assert url("credit", invoice.pk) not in page


def test_a_draft_can_be_created_and_issued_in_one_go(staff):
    organisation = OrganisationFactory()
    data = add_line(change_data(Invoice(organisation=organisation)), "Kontingent", "100.00")
    response = staff.post(url("add"), data | {"_issue": "1"})
    invoice = Invoice.objects.get()
    assert response["Location"] == url("change", invoice.pk)
    assert (invoice.status, invoice.number, invoice.total_amount) == (
        "issued",
        1,
        Decimal("250.00"),
    )


def test_saving_a_draft_with_another_line_refreshes_its_totals(staff):
    invoice = draft()
    data = add_line(change_data(invoice), "Arrangement", "100.00")
    assert staff.post(url("change", invoice.pk), data).status_code == 302
    invoice.refresh_from_db()
    assert (invoice.your_reference, invoice.total_amount) == ("Changed", Decimal("12750.00"))
    assert [line.description for line in invoice.lines.all()] == [
        "Medlemskontingent",
        "Arrangement",
    ]


def with_line(data: dict, quantity: str, unit_price: str, vat_rate: str = "25") -> dict:
    data = add_line(data, "Stor linje", unit_price)
    index = int(data["lines-TOTAL_FORMS"]) - 1
    return data | {f"lines-{index}-quantity": quantity, f"lines-{index}-vat_rate": vat_rate}


@pytest.mark.parametrize(
    ("quantity", "unit_price", "error"),
    [
        ("1000", "9999999.99", "The line&#x27;s amount is too large."),
        ("-1", "1000000000.00", "The line&#x27;s amount is too large."),
        ("1", "900000000.00", "The invoice total is too large."),  # 25 % VAT takes it over
        ("99999999999", "1.00", "Ensure that there are no more than 10 digits in total."),
        ("1", "99999999999999.00", "Ensure that there are no more than 12 digits in total."),
    ],
)
def test_a_draft_too_large_for_its_amounts_is_a_form_error_and_changes_nothing(
    staff, quantity, unit_price, error
):
    invoice = draft()
    before = Invoice.objects.values().get(pk=invoice.pk)
    data = with_line(change_data(invoice), quantity, unit_price)
    response = staff.post(url("change", invoice.pk), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    # Past the columns' digits the field's own error says it; under them, the limit is named.
    limit_named = "Amounts must stay below NOK\xa01,000,000,000.00." in html
    assert limit_named == ("digits" not in error)
    assert Invoice.objects.values().get(pk=invoice.pk) == before
    assert invoice.lines.count() == 1


def test_lines_that_cancel_out_or_are_deleted_do_not_count_towards_the_limit(staff):
    invoice = draft()
    data = with_line(change_data(invoice), "1", "999999999.99", vat_rate="0")
    data = with_line(data, "-1", "999999999.99", vat_rate="0")
    assert staff.post(url("change", invoice.pk), data).status_code == 302
    invoice.refresh_from_db()
    assert invoice.total_amount == Decimal("12500.00")
    kept = [line.quantity for line in invoice.lines.all()]
    plus, minus = kept.index(Decimal(1), 1), kept.index(Decimal(-1))
    # Without the negative line the total is over the limit: refused, nothing changes.
    response = staff.post(
        url("change", invoice.pk), change_data(invoice, **{f"lines-{minus}-DELETE": "on"})
    )
    assert "The invoice total is too large." in response.content.decode()
    assert invoice.lines.count() == 3
    # Without the positive one it is within (a draft may be negative; issuing refuses that).
    data = change_data(invoice, **{f"lines-{plus}-DELETE": "on"})
    assert staff.post(url("change", invoice.pk), data).status_code == 302
    assert Invoice.objects.get(pk=invoice.pk).total_amount == Decimal("-999987499.99")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_draft_issued_by_someone_else_while_saving_is_an_error_message(client):
    """The other session issues the draft while our save waits for the invoice's row: the model
    refuses our save, and the admin says so instead of failing."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    invoice = draft()
    issuing, done = threading.Event(), threading.Event()

    def issue_meanwhile() -> None:
        try:
            with transaction.atomic():
                invoice_issue(invoice=invoice, send=False)
                issuing.set()
                wait_for_a_blocked_query()
        finally:
            done.set()
            connection.close()

    threading.Thread(target=issue_meanwhile).start()
    issuing.wait(timeout=30)
    data = add_line(change_data(invoice, your_reference="Stale"), "Extra", "1.00")
    response = client.post(url("change", invoice.pk), data)
    done.wait(timeout=30)
    assert response["Location"] == url("change", invoice.pk)
    assert texts(response) == ["An issued invoice cannot be changed; credit it instead."]
    invoice.refresh_from_db()
    assert (invoice.status, invoice.number, invoice.your_reference) == ("issued", 1, "")
    assert [line.description for line in invoice.lines.all()] == ["Medlemskontingent"]


# Issue, credit, send again


def test_save_and_issue_gives_a_number_and_emails_the_pdf(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    invoice = draft(OrganisationFactory(invoice_email="faktura@kontor.no"))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url("change", invoice.pk), change_data(invoice, _issue="1"))
    assert response["Location"] == url("change", invoice.pk)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.number, invoice.issue_date) == (
        "issued",
        1,
        timezone.localdate(),
    )
    assert texts(response) == ["Invoice 1 is issued and will be e-mailed to faktura@kontor.no."]
    assert [message.to for message in mailoutbox] == [["faktura@kontor.no"]]
    assert mailoutbox[0].attachments[0][1][:5] == b"%PDF-"


def test_issuing_a_draft_without_lines_is_an_error_message_not_a_crash(staff):
    invoice = draft()
    invoice.lines.all().delete()
    response = staff.post(
        url("changelist"), {"action": "issue_selected", "_selected_action": [invoice.pk]}
    )
    assert response.status_code == 302
    assert texts(response) == [f"{invoice}: An invoice needs at least one line."]
    assert Invoice.objects.get().status == "draft"


def test_the_issue_action_numbers_the_selected_drafts_in_turn(staff):
    first, second = draft(), draft()
    already = issued()
    response = staff.post(
        url("changelist"),
        {"action": "issue_selected", "_selected_action": [first.pk, second.pk, already.pk]},
    )
    numbers = dict(Invoice.objects.values_list("pk", "number"))
    assert [numbers[first.pk], numbers[second.pk], numbers[already.pk]] == [2, 3, 1]
    assert texts(response)[-1] == "Invoices already issued were left as they are."


def test_credit_asks_first_then_issues_a_credit_note(staff):
    invoice = issued()
    page = staff.get(url("credit", invoice.pk)).content.decode()
    assert "This cannot be undone." in page
    assert "Yes, credit them" in page
    assert not Invoice.objects.filter(kind="credit_note").exists()
    response = staff.post(url("credit", invoice.pk), {"post": "yes"})
    note = Invoice.objects.get(kind="credit_note")
    invoice.refresh_from_db()
    assert response["Location"] == url("change", note.pk)
    assert (invoice.status, note.credits, note.number, note.total_amount) == (
        "credited",
        invoice,
        2,
        Decimal("-12500.00"),
    )
    assert texts(response) == ["Invoice 1 is credited by Credit note 2."]
    html = staff.get(url("change", invoice.pk)).content.decode()
    assert f'<a href="{url("change", note.pk)}">Credit note 2</a>' in html


def test_the_credit_action_confirms_then_credits_and_refuses_what_cannot_be(staff):
    invoice, other = issued(), draft()
    selection = {"action": "credit_selected", "_selected_action": [invoice.pk, other.pk]}
    page = staff.post(url("changelist"), selection)
    assert page.status_code == 200
    assert "Yes, credit them" in page.content.decode()
    assert Invoice.objects.count() == 2
    response = staff.post(url("changelist"), selection | {"post": "yes"})
    assert response.status_code == 302
    assert texts(response) == [
        "Invoice 1 is credited by Credit note 2.",
        f"{other}: Only an issued invoice can be credited, and only once.",
    ]
    assert sorted(Invoice.objects.values_list("kind", "status")) == [
        ("credit_note", "issued"),
        ("invoice", "credited"),
        ("invoice", "draft"),
    ]


def test_crediting_twice_is_an_error_message(staff):
    invoice = issued()
    invoice_credit(invoice=invoice, send=False)
    response = staff.post(url("credit", invoice.pk), {"post": "yes"})
    assert response["Location"] == url("change", invoice.pk)
    assert texts(response) == ["Invoice 1: Only an issued invoice can be credited, and only once."]
    assert Invoice.objects.filter(kind="credit_note").count() == 1


def test_send_again_emails_the_pdf_once_more(staff, mailoutbox):
    invoice = issued(OrganisationFactory(invoice_email="faktura@kontor.no"))
    response = staff.post(url("send", invoice.pk))
    assert texts(response) == ["Invoice 1 is sent again to faktura@kontor.no."]
    assert [message.to for message in mailoutbox] == [["faktura@kontor.no"]]
    assert staff.get(url("send", invoice.pk)).status_code == 405


def test_send_again_when_the_mail_server_fails_is_an_error_message(staff, settings, caplog):
    invoice, other = issued(), issued()
    settings.MAILERS = {"default": {"BACKEND": FAILING}}
    with caplog.at_level(logging.ERROR, logger="billing.admin.invoices"):
        response = staff.post(url("send", invoice.pk))
    failure = "The e-mail could not be sent: Connection unexpectedly closed"
    assert response["Location"] == url("change", invoice.pk)
    assert texts(response) == [f"Invoice 1: {failure}"]
    assert [record.exc_info[0] for record in caplog.records] == [smtplib.SMTPServerDisconnected]
    response = staff.post(
        url("changelist"),
        {"action": "send_selected", "_selected_action": [invoice.pk, other.pk]},
    )
    # The first message was never shown (no redirect followed): it is still there.
    assert texts(response) == [f"Invoice {n}: {failure}" for n in (1, 1, 2)]
    assert Invoice.objects.filter(emailed_at__isnull=False).count() == 0


def test_the_pdf_downloads_and_a_draft_has_none(staff):
    invoice = issued()
    response = staff.get(url("pdf", invoice.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"
    # The file name is in the invoice's language (Norwegian here): "faktura-1.pdf".
    assert response["Content-Disposition"].startswith('inline; filename="')
    assert response["Content-Disposition"].endswith('-1.pdf"')
    waiting = draft()
    response = staff.get(url("pdf", waiting.pk))
    assert response["Location"] == url("change", waiting.pk)
    assert texts(response) == ["A draft has no PDF yet: issue it first."]


def test_a_paid_invoice_credited_afterwards_shows_the_refund_due(staff):
    invoice = issued()
    payment_register(invoice=invoice, amount=Decimal(2500), paid_on=date(2027, 2, 1))
    html = staff.get(url("change", invoice.pk)).content.decode()
    assert (
        '<div class="readonly">NOK\xa00.00</div>' in html.split("field-refund_due_amount")[1][:400]
    )
    invoice_credit(invoice=invoice, send=False)
    html = staff.get(url("change", invoice.pk)).content.decode()
    assert "Refund due:" in html
    refund = html.split("field-refund_due_amount")[1][:400]
    assert '<div class="readonly">NOK\xa02,500.00</div>' in refund


def test_payments_and_reminders_of_an_issued_invoice_are_listed(staff):
    invoice = issued()
    payment_register(
        invoice=invoice, amount=Decimal(2500), paid_on=date(2027, 2, 1), reference="Bank 42"
    )
    invoice.reminders.create(sent_on=date(2027, 3, 1), outstanding=Decimal("10000.00"))
    html = re.sub(r">\s+<", "><", staff.get(url("change", invoice.pk)).content.decode())
    assert "Bank 42" in html
    assert '<td class="field-paid_on"><p>1 Feb 2027</p></td>' in html
    assert '<td class="field-payment_amount"><p>NOK\xa02,500.00</p></td>' in html
    assert '<td class="field-sent_on"><p>1 Mar 2027</p></td>' in html
    assert '<td class="field-reminder_outstanding"><p>NOK\xa010,000.00</p></td>' in html


# The list and the overdue list


def overdue_set(today: date) -> dict[str, Invoice]:
    long_ago, lately = today - timedelta(days=60), today - timedelta(days=1)
    invoices = {name: issued(today=long_ago) for name in ("unpaid", "partly", "paid", "credited")}
    invoices["due_later"] = issued(today=lately)
    payment_register(invoice=invoices["partly"], amount=Decimal(100), paid_on=lately)
    payment_register(invoice=invoices["paid"], amount=Decimal(12500), paid_on=lately)
    invoices["note"] = invoice_credit(invoice=invoices["credited"], today=long_ago, send=False)
    invoices["draft"] = draft()
    return invoices


def test_the_overdue_filter_lists_exactly_the_overdue_invoices(staff):
    invoices = overdue_set(timezone.localdate())
    response = staff.get(url("changelist"), {"overdue": "yes"})
    listed = {invoice.pk for invoice in response.context["cl"].result_list}
    assert listed == {invoices["unpaid"].pk, invoices["partly"].pk}
    expected = {pk for pk in listed if Invoice.objects.get(pk=pk).is_overdue(timezone.localdate())}
    assert listed == expected
    response = staff.get(url("changelist"), {"overdue": "no"})
    assert {invoice.pk for invoice in response.context["cl"].result_list} == {
        invoice.pk for name, invoice in invoices.items() if name not in ("unpaid", "partly")
    }


@pytest.mark.parametrize("value", ["0", "99999", "²", "nonsense"])
def test_an_issue_year_out_of_range_filters_nothing_rather_than_failing(staff, value):
    invoices = {issued(today=date(2025, 3, 1)).pk, issued(today=date(2026, 3, 1)).pk}
    response = staff.get(url("changelist"), {"issue_year": value})
    assert response.status_code == 200
    assert {invoice.pk for invoice in response.context["cl"].result_list} == invoices
    response = staff.get(url("changelist"), {"issue_year": "2025"})
    assert [invoice.number for invoice in response.context["cl"].result_list] == [1]


def test_search_finds_an_invoice_by_number_kid_buyer_and_organisation_number(staff):
    organisation = OrganisationFactory(legal_name="Hamar Kontorfellesskap AS")
    wanted, _other = issued(organisation), issued(OrganisationFactory(legal_name="Annet AS"))
    for term in (
        str(wanted.number),
        wanted.kid,
        "Hamar Kontor",
        organisation.organisation_number,
    ):
        response = staff.get(url("changelist"), {"q": term})
        assert list(response.context["cl"].result_list) == [wanted], term


def test_the_changelist_shows_outstanding_and_the_overdue_marker(staff):
    invoice = issued(today=timezone.localdate() - timedelta(days=60))
    payment_register(invoice=invoice, amount=Decimal(2500), paid_on=timezone.localdate())
    html = staff.get(url("changelist")).content.decode()
    assert '<td class="field-total_money">NOK\xa012,500.00</td>' in html
    assert '<td class="field-outstanding_amount">NOK\xa010,000.00</td>' in html
    assert (
        '<td class="field-status_badge">Partly paid '
        '<span class="invoice-badge invoice-badge-overdue">Overdue</span></td>'
    ) in html
    assert url("dashboard") in html
    assert f"{url('changelist')}?overdue=yes" in html


@pytest.mark.parametrize("size", [1, 8])
def test_the_changelist_takes_the_same_number_of_queries_for_any_size(
    staff, django_assert_num_queries, size
):
    today = timezone.localdate()
    for _ in range(size):
        invoice = issued(today=today - timedelta(days=40))
        payment_register(invoice=invoice, amount=Decimal(10), paid_on=today)
        draft()
    with django_assert_num_queries(11):
        response = staff.get(url("changelist"))
    assert len(response.context["cl"].result_list) == 2 * size


# Who gets in


def test_a_signed_in_member_without_staff_gets_no_invoice_pages(client):
    invoice = issued()
    client.force_login(UserFactory())
    for path in (
        url("changelist"),
        url("change", invoice.pk),
        url("pdf", invoice.pk),
        url("credit", invoice.pk),
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/login/" in response["Location"], path
    client.post(url("credit", invoice.pk), {"post": "yes"})
    assert Invoice.objects.get(pk=invoice.pk).status == "issued"


def test_staff_without_invoice_permissions_is_refused(client):
    invoice = issued()
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url("changelist")).status_code == 403
    assert client.get(url("pdf", invoice.pk)).status_code == 403
    assert client.post(url("credit", invoice.pk), {"post": "yes"}).status_code == 403
    assert client.post(url("send", invoice.pk)).status_code == 403
    assert Invoice.objects.get(pk=invoice.pk).status == "issued"


def test_the_organisations_page_lists_its_issued_invoices_read_only(staff):
    organisation = OrganisationFactory(legal_name="Huben AS")
    first, second = issued(organisation), issued(organisation)
    note = invoice_credit(invoice=first, send=False)
    draft(organisation)
    other = issued()
    response = staff.get(f"/en/admin/members/organisation/{organisation.pk}/change/")
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Invoice
    )
    assert [invoice.number for invoice in formset.queryset] == sorted(
        [first.number, second.number, note.number], reverse=True
    )
    html = response.content.decode()
    assert "Invoices and credit notes" in html
    assert url("change", second.pk) in html
    assert url("change", other.pk) not in html
    assert 'name="invoices-0-number"' not in html  # read only


# The add form refuses what the database would (issue 10, item 9)


def add_fee_invoice(staff, organisation, year: str, path: str | None = None):
    data = add_line(change_data(Invoice(organisation=organisation)), "Kontingent", "100.00")
    return staff.post(path or url("add"), data | {"membership_year": year})


def test_a_second_fee_invoice_for_the_same_year_is_refused_next_to_the_year(staff):
    organisation = OrganisationFactory()
    first = draft(organisation, membership_year=2026)
    english = add_fee_invoice(staff, organisation, "2026")
    norwegian = add_fee_invoice(staff, organisation, "2026", url("add").removeprefix("/en"))
    assert english.context["adminform"].form.errors == {
        "membership_year": [
            "This organisation already has a fee invoice for this membership year. "
            "Credit that invoice to bill the year again."
        ]
    }
    assert norwegian.context["adminform"].form.errors["membership_year"] == [
        "Organisasjonen har allerede en kontingentfaktura for dette medlemsåret. "
        "Krediter den fakturaen for å fakturere året på nytt."
    ]
    assert list(Invoice.objects.all()) == [first]


def test_a_credited_years_fee_can_be_billed_again_from_the_add_form(staff):
    organisation = OrganisationFactory()
    invoice_credit(invoice=issued(organisation), send=False)
    Invoice.objects.filter(kind="invoice").update(membership_year=2026)
    response = add_fee_invoice(staff, organisation, "2026")
    assert response.status_code == 302
    assert Invoice.objects.filter(membership_year=2026, status="draft").count() == 1


@pytest.mark.parametrize("year", ["99999999999", "0", "1999", "2101"])
def test_a_membership_year_outside_the_calendar_is_refused_next_to_the_field(staff, year):
    response = add_fee_invoice(staff, OrganisationFactory(), year)
    assert list(response.context["adminform"].form.errors) == ["membership_year"]
    assert not Invoice.objects.exists()


def test_a_fee_invoice_saved_by_someone_else_meanwhile_is_a_message_not_a_500(staff):
    """The form was valid; another admin's invoice for the year lands before ours is saved."""
    organisation = OrganisationFactory()

    def someone_else_first(sender, instance, **kwargs):
        if instance.pk is None and not Invoice.objects.exists():
            Invoice.objects.bulk_create([Invoice(organisation=organisation, membership_year=2026)])

    pre_save.connect(someone_else_first, sender=Invoice)
    try:
        response = add_fee_invoice(staff, organisation, "2026")
    finally:
        pre_save.disconnect(someone_else_first, sender=Invoice)
    assert response.status_code == 302
    assert texts(response) == [
        "Someone else saved the same thing a moment ago, so nothing was saved. Look at the list "
        "again before you try once more."
    ]
    assert not Invoice.objects.exists()  # the admin's transaction took the other one back too
