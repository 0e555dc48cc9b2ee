"""The applications' admin: approving offers to bill the new member this year's fee at once;
rejecting is a danger button set apart from approving."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.utils import timezone

from billing.models import Invoice, InvoiceLine
from members.models import MembershipApplication, MembershipTier, Organisation
from members.services import application_submit
from tests.factories import UserFactory, application_data

pytestmark = pytest.mark.django_db

CHANGE = "/admin/members/membershipapplication/{}/change/"
BILL_FEE = "/admin/members/membershipapplication/{}/bill-fee/"


@pytest.fixture
def application() -> MembershipApplication:
    MembershipTier.objects.create(name_nb="Liten", yearly_fee=6000, min_desks=0)
    applicant = UserFactory(email="soker@example.org")
    return application_submit(applicant=applicant, data=application_data(hub_capacity=10))


def approve(client, application: MembershipApplication):
    """The change form posted with "Approve", the suggested tier kept."""
    data = {"internal_note": "", "decision_reason": "", "_approve": "1"}
    data["suggested_tier"] = application.suggested_tier_id
    return client.post(CHANGE.format(application.pk), data)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_approving_offers_this_years_fee_and_the_offer_bills_exactly_one_invoice(
    client, secretariat_user, application
):
    client.force_login(secretariat_user)
    approved = approve(client, application)
    assert approved.headers["Location"] == BILL_FEE.format(application.pk)
    organisation = Organisation.objects.get()
    year = timezone.localdate().year

    offer = client.get(approved.headers["Location"]).content.decode()
    assert f"Fakturere kontingenten for {year}?" in offer
    assert f"Kontingenten for {year} for {organisation.legal_name} kan utstedes nå" in offer
    assert "Utsted og send fakturaen" in offer
    assert not Invoice.objects.exists()  # nothing is billed before it is confirmed

    billed = client.post(BILL_FEE.format(application.pk))
    invoice = Invoice.objects.get()
    assert billed.headers["Location"] == f"/admin/billing/invoice/{invoice.pk}/change/"
    assert (invoice.organisation, invoice.membership_year, invoice.status) == (
        organisation,
        year,
        Invoice.Status.ISSUED,
    )
    assert [line.kind for line in invoice.lines.all()] == [InvoiceLine.Kind.MEMBERSHIP_FEE]
    assert messages_of(billed)[-1] == f"Medlemskontingent {year}: 1 fakturert, 0 hoppet over."


def test_the_offer_confirmed_twice_bills_the_year_once(client, secretariat_user, application):
    client.force_login(secretariat_user)
    approve(client, application)
    client.post(BILL_FEE.format(application.pk))
    again = client.post(BILL_FEE.format(application.pk))
    assert Invoice.objects.filter(kind=Invoice.Kind.INVOICE).count() == 1
    assert again.headers["Location"] == "/admin/members/membershipapplication/"
    assert "allerede fakturert" in messages_of(again)[-1]
    assert "allerede fakturert" in client.get(BILL_FEE.format(application.pk)).content.decode()


def test_without_the_right_to_bill_approval_goes_back_to_the_list(client, application):
    reviewer = UserFactory(is_staff=True)
    reviewer.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_membershipapplication", "change_membershipapplication"]
        )
    )
    client.force_login(reviewer)
    approved = approve(client, application)
    assert approved.headers["Location"] == "/admin/members/membershipapplication/"
    assert client.post(BILL_FEE.format(application.pk)).status_code == 403
    assert not Invoice.objects.exists()


def test_an_application_not_yet_approved_has_no_fee_to_offer(client, secretariat_user, application):
    client.force_login(secretariat_user)
    response = client.post(BILL_FEE.format(application.pk))
    assert response.status_code == 302
    assert not Invoice.objects.exists()


def test_reject_is_a_danger_button_set_apart_from_approve(client, secretariat_user, application):
    client.force_login(secretariat_user)
    html = client.get(CHANGE.format(application.pk)).content.decode()
    decision = re.search(
        r'<div class="submit-row application-decision">(.*?)</div>', html, re.DOTALL
    )
    buttons = re.findall(
        r'<input type="submit" class="(\w+)" value="([^"]+)" name="(\w+)">', decision[1]
    )
    assert buttons == [
        ("default", "Godkjenn: gjør organisasjonen til medlem", "_approve"),
        ("danger", "Avslå, med begrunnelsen over", "_reject"),
    ]
