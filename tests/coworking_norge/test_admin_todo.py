"""The admin's front page is the secretariat's to-do list: each item a count and a link to the
list it counts, only what the person may see, in the same number of queries at any size."""

import itertools
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from billing.models import OcrImport
from billing.services import (
    invoice_credit,
    invoice_draft_create,
    invoice_issue,
    payment_register,
)
from events.services import event_cancel, event_propose
from hubs.models import Hub
from hubs.services import hub_update_profile
from members.models import MembershipApplication
from members.services import application_submit
from tests.factories import (
    EventFactory,
    HubFactory,
    HubPhotoFactory,
    OrganisationFactory,
    ResourceFactory,
    UserFactory,
    _organisation_number,
    application_data,
)

pytestmark = pytest.mark.django_db

FEE = {"description": "Medlemskontingent", "unit_price": Decimal("1000.00")}
LONG_AGO = timezone.localdate() - timedelta(days=100)
# Organisation numbers and OCR files are unique: every call makes new ones.
serial = itertools.count(500)


def applications(count: int) -> None:
    """`count` waiting, and one decided that is not."""
    for _ in range(count + 1):
        data = application_data(organisation_number=_organisation_number(next(serial)))
        last = application_submit(applicant=UserFactory(), data=data)
    last.status = MembershipApplication.Status.REJECTED
    last.save(update_fields=["status"])


def invoices(count: int) -> None:
    """`count` drafts, `count` overdue, `count` refunds due, and one issued that is none of them."""
    for _ in range(count):
        invoice_draft_create(organisation=OrganisationFactory(), lines=[FEE])
        issued(today=LONG_AGO)
        refunded = issued(today=LONG_AGO)
        payment_register(invoice=refunded, amount=Decimal("1250.00"), paid_on=LONG_AGO)
        invoice_credit(invoice=refunded, send=False)
    issued(today=timezone.localdate())


def issued(today):
    draft = invoice_draft_create(organisation=OrganisationFactory(), lines=[FEE])
    return invoice_issue(invoice=draft, today=today, send=False)


def ocr_imports(count: int) -> None:
    """`count` recent imports with 2 unmatched lines each; one old and one fully matched."""

    def ocr_import(unmatched: int) -> OcrImport:
        number = next(serial)
        return OcrImport.objects.create(
            file_name=f"ocr{number}.txt", sha256=f"{number:064d}", unmatched=unmatched
        )

    for _ in range(count):
        ocr_import(unmatched=2)
    ocr_import(unmatched=0)
    old = ocr_import(unmatched=4)
    OcrImport.objects.filter(pk=old.pk).update(imported_at=timezone.now() - timedelta(days=31))


def hubs(count: int, secretariat_user) -> None:
    """`count` incomplete profiles, each changed once by its manager lately, once by the
    secretariat, and once by its manager long ago; one complete profile."""
    complete = HubFactory(address="Storgata 1")
    HubPhotoFactory(hub=complete)
    for number in range(count):
        hub = HubFactory(address="Storgata 1" if number % 2 else "")
        if number % 2:
            Hub.objects.filter(pk=hub.pk).update(description_nb="")
        manager = UserFactory()
        hub_update_profile(hub=hub, changes={"tagline_nb": "Gammel"}, user=manager)
        Hub.history.filter(id=hub.pk, history_user=manager).update(
            history_date=timezone.now() - timedelta(days=20)
        )
        hub_update_profile(hub=hub, changes={"tagline_nb": "Ny"}, user=manager)
        hub_update_profile(hub=hub, changes={"capacity": 5}, user=secretariat_user)


def proposals(count: int) -> None:
    """`count` hub managers' proposals waiting, one published and one cancelled, at a hub whose
    profile is complete."""
    hub = HubFactory(address="Storgata 1")
    HubPhotoFactory(hub=hub)
    for _ in range(count):
        event_propose(event=EventFactory.build(), hub=hub, by=UserFactory())
    EventFactory(published=True, proposed_by=UserFactory())
    cancelled = event_propose(event=EventFactory.build(), hub=hub, by=UserFactory())
    event_cancel(event=cancelled)


def everything(count: int, secretariat_user) -> None:
    applications(count)
    invoices(count)
    ocr_imports(count)
    hubs(count, secretariat_user)
    proposals(count)
    resources(count)


def resources(count: int) -> None:
    """`count` hub managers' resources waiting for review, and one published."""
    for _ in range(count):
        ResourceFactory(status="submitted", published_on=None)
    ResourceFactory()


def todo(client) -> list[tuple[str, int, str]]:
    response = client.get("/admin/")
    assert response.status_code == 200
    return [(str(item.label), item.count, item.url) for item in response.context["todo_items"]]


def test_the_front_page_counts_what_waits_and_links_to_each_list(client, secretariat_user):
    everything(3, secretariat_user)
    client.force_login(secretariat_user)
    items = todo(client)
    changes = items[-3][2]
    assert items == [
        (
            "søknader som venter på avgjørelse",
            3,
            "/admin/members/membershipapplication/?status__exact=submitted",
        ),
        ("fakturautkast som skal utstedes", 3, "/admin/billing/invoice/?status__exact=draft"),
        ("forfalte fakturaer", 3, "/admin/billing/invoice/?overdue=yes"),
        (
            "krediterte fakturaer som skal tilbakebetales",
            3,
            "/admin/billing/invoice/?refund_due=yes",
        ),
        (
            "OCR-linjer uten treff på en faktura, siste 30 dager",
            6,
            "/admin/billing/ocrimport/?unmatched=recent",
        ),
        ("hubber med ufullstendig profil", 3, "/admin/hubs/hub/?profile=incomplete"),
        ("endringer gjort av hubansvarlige, siste 14 dager", 3, changes),
        ("arrangementsforslag å publisere", 3, "/admin/events/event/?proposal=open"),
        (
            "ressurser sendt inn til biblioteket, til gjennomgang",
            3,
            "/admin/knowledge/resource/?status__exact=submitted",
        ),
    ]
    assert urlsplit(changes).path == "/admin/hubs/historicalhub/"


def test_each_link_lists_as_many_as_its_count(client, secretariat_user):
    everything(3, secretariat_user)
    client.force_login(secretariat_user)
    for label, count, url in todo(client):
        changelist = client.get(url).context["cl"]
        rows = changelist.queryset
        shown = sum(row.unmatched for row in rows) if "ocrimport" in url else rows.count()
        assert (label, shown) == (label, count)
        assert changelist.result_count == rows.count()
        assert changelist.has_filters


def test_the_english_page_counts_the_same_and_links_to_english_lists(client, secretariat_user):
    everything(1, secretariat_user)
    client.force_login(secretariat_user)
    response = client.get("/en/admin/")
    items = response.context["todo_items"]
    assert [(str(item.label), item.count) for item in items][:2] == [
        ("applications waiting for a decision", 1),
        ("draft invoices to issue", 1),
    ]
    assert all(item.url.startswith("/en/admin/") for item in items)
    assert "Applications waiting for a decision" in response.content.decode()


def test_nothing_waiting_is_said_quietly_and_still_linked(client, secretariat_user):
    client.force_login(secretariat_user)
    items = todo(client)
    assert [count for _label, count, _url in items] == [0] * 9
    html = client.get("/admin/").content.decode()
    assert html.count('class="todo-item todo-item-none"') == 9


def test_items_the_person_may_not_see_are_left_out(client):
    reader = UserFactory(is_staff=True)
    reader.user_permissions.set(
        Permission.objects.filter(codename__in=["view_membershipapplication", "view_ocrimport"])
    )
    client.force_login(reader)
    assert [label for label, _count, _url in todo(client)] == [
        "søknader som venter på avgjørelse",
        "OCR-linjer uten treff på en faktura, siste 30 dager",
    ]


def test_staff_without_permissions_get_no_to_do_list(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/admin/")
    assert response.context["todo_items"] == []
    assert 'id="todo-heading"' not in response.content.decode()


def queries_for_front_page(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/admin/")
    assert response.status_code == 200
    return len(captured)


def test_the_front_page_runs_the_same_queries_with_1_and_5_of_everything(client, secretariat_user):
    client.force_login(secretariat_user)
    everything(1, secretariat_user)
    with_1 = queries_for_front_page(client)
    everything(4, secretariat_user)
    with_5 = queries_for_front_page(client)
    assert with_1 == with_5


def test_the_front_page_query_count_is_pinned(client, secretariat_user):
    everything(2, secretariat_user)
    client.force_login(secretariat_user)
    # Session and user 2, permissions 2; the to-do list 6: applications, the invoices' three
    # counts in one, OCR lines, hubs, managers' changes (the secretariat a subquery), event
    # proposals, library submissions; the recent actions 1.
    assert queries_for_front_page(client) == 12
