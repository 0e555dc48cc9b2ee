"""An organisation's contacts on /me/organisation/: the admin contact invites and removes."""

import hashlib
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from hubs.models import HubManager
from members.models import Invitation, OrganisationContact
from members.services import invitation_accept, invitation_send
from tests.factories import HubFactory, HubManagerFactory, UserFactory, verified_user

pytestmark = pytest.mark.django_db


def invitation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/me/invitations/[^/\s]+/)", message.body).group(1)


def test_contact_sees_membership_contacts_and_hub_managers(client, organisation, admin):
    HubManagerFactory(hub=organisation.hubs.get(), user__name="Mona Manager")
    html = client.get("/me/organisation/").content.decode()
    assert "923 609 016" in html
    assert "Medlem" in html
    assert "Anne Admin" in html
    assert "Mona Manager" in html
    assert "Inviter noen" in html


def test_a_contact_without_the_admin_role_only_reads(client, organisation):
    reader = UserFactory()
    OrganisationContact.objects.create(user=reader, organisation=organisation, role="invoice")
    client.force_login(reader)
    html = client.get("/me/organisation/").content.decode()
    assert "Huben AS" in html
    assert "Inviter noen" not in html
    response = client.post(
        f"/me/organisation/{organisation.pk}/invite/",
        {"email": "x@example.org", "what": "role:admin"},
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_invited_contact_accepts_by_the_link(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/me/organisation/{organisation.pk}/invite/",
            {"email": "ny@example.org", "what": "role:invoice"},
        )
    [message] = mail.outbox
    assert message.to == ["ny@example.org"]
    assert "Anne Admin" in message.body
    link = invitation_link(message)
    newcomer = verified_user("ny@example.org")
    client.force_login(newcomer)
    assert "Huben AS" in client.get(link).content.decode()
    client.post(link)
    assert OrganisationContact.objects.get(user=newcomer).role == "invoice"
    assert client.get(link).status_code == 404  # used once


def test_the_invitation_links_to_the_portal_on_its_own_address(
    client, organisation, admin, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8811"  # what `PORT=8811 make run` gives
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/me/organisation/{organisation.pk}/invite/",
            {"email": "ny@example.org", "what": "role:contact"},
        )
    [message] = mail.outbox
    assert re.search(
        r"^http://127\.0\.0\.1:8811/me/invitations/[\w-]+/$", message.body, re.MULTILINE
    )


def test_invited_manager_gets_the_hub(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    hub = organisation.hubs.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/me/organisation/{organisation.pk}/invite/",
            {"email": "leder@example.org", "what": f"hub:{hub.pk}"},
        )
    manager = verified_user("leder@example.org")
    client.force_login(manager)
    client.post(invitation_link(mail.outbox[0]))
    assert HubManager.objects.filter(user=manager, hub=hub).exists()
    assert client.get("/me/hubs/huben/edit/").status_code == 200


def test_another_organisations_hub_cannot_be_offered(client, organisation, admin):
    other = HubFactory(slug="andres")
    response = client.post(
        f"/me/organisation/{organisation.pk}/invite/",
        {"email": "x@example.org", "what": f"hub:{other.pk}"},
    )
    assert response.status_code == 400
    assert list(response.context["sections"][0]["invite_form"].errors) == ["what"]
    assert not Invitation.objects.exists()


def test_an_old_invitation_has_expired(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/me/organisation/{organisation.pk}/invite/",
            {"email": "ny@example.org", "what": "role:contact"},
        )
    Invitation.objects.update(created_at=timezone.now() - timedelta(days=15))
    assert client.get(invitation_link(mail.outbox[0])).status_code == 404


def test_admin_removes_contacts_and_managers_but_never_the_last_admin(client, organisation, admin):
    reader = OrganisationContact.objects.create(
        user=UserFactory(), organisation=organisation, role="contact"
    )
    manager = HubManagerFactory(hub=organisation.hubs.get())
    staying = HubManagerFactory(hub=organisation.hubs.get())  # a hub keeps one manager at least
    client.post(f"/me/organisation/{organisation.pk}/contacts/{reader.pk}/remove/")
    client.post(f"/me/organisation/{organisation.pk}/managers/{manager.pk}/remove/")
    assert list(OrganisationContact.objects.values_list("user", flat=True)) == [admin.pk]
    assert list(HubManager.objects.all()) == [staying]
    own = OrganisationContact.objects.get(user=admin)
    client.post(f"/me/organisation/{organisation.pk}/contacts/{own.pk}/remove/")
    assert OrganisationContact.objects.filter(pk=own.pk).exists()


def test_removing_a_contact_or_manager_asks_first_and_the_question_changes_nothing(
    client, organisation, admin
):
    reader = OrganisationContact.objects.create(
        user=UserFactory(name="Rita Leser"), organisation=organisation, role="contact"
    )
    hub = organisation.hubs.get()
    manager = HubManagerFactory(hub=hub, user=UserFactory(name="Mons Manager"))
    HubManagerFactory(hub=hub)
    base = f"/en/me/organisation/{organisation.pk}"
    contact_page = client.get(f"{base}/contacts/{reader.pk}/remove/").content.decode()
    manager_page = client.get(f"{base}/managers/{manager.pk}/remove/").content.decode()
    assert f"<h1>Remove Rita Leser as a contact of {organisation.legal_name}?</h1>" in contact_page
    assert f"<h1>Remove Mons Manager as manager of {hub.name}?</h1>" in manager_page
    assert 'class="btn btn-danger actions__danger">Remove</button>' in manager_page
    assert OrganisationContact.objects.filter(pk=reader.pk).exists()
    assert HubManager.objects.filter(pk=manager.pk).exists()


def test_a_hubs_last_manager_is_not_offered_for_removal_and_is_kept(client, organisation, admin):
    hub = organisation.hubs.get()
    HubManager.objects.filter(hub=hub).delete()
    last = HubManagerFactory(hub=hub)
    page = client.get("/me/organisation/").content.decode()
    assert f"/managers/{last.pk}/remove/" not in page
    # Asked for by its address, the question is not put: the answer would be no.
    asked = client.get(f"/en/me/organisation/{organisation.pk}/managers/{last.pk}/remove/")
    assert asked["Location"] == "/en/me/organisation/"
    assert [str(m) for m in asked.wsgi_request._messages] == [
        f"{hub.name} must keep at least one manager: add another manager before this one is "
        "removed."
    ]
    client.get(asked["Location"])  # the page shows the message, and it is gone
    response = client.post(f"/en/me/organisation/{organisation.pk}/managers/{last.pk}/remove/")
    assert response.status_code == 302
    assert HubManager.objects.filter(pk=last.pk).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        f"{hub.name} must keep at least one manager: add another manager before this one is "
        "removed."
    ]


def test_managers_of_other_organisations_hubs_cannot_be_removed(client, organisation, admin):
    foreign = HubManagerFactory()
    response = client.post(f"/me/organisation/{organisation.pk}/managers/{foreign.pk}/remove/")
    assert response.status_code == 404
    assert HubManager.objects.filter(pk=foreign.pk).exists()


def test_an_invitation_is_accepted_once_even_through_a_stale_copy(organisation, admin):
    invitation = invitation_send(
        organisation=organisation, email="ny@example.org", role="admin", invited_by=admin
    )
    stale = Invitation.objects.get(pk=invitation.pk)
    first = verified_user("ny@example.org")
    second = UserFactory()
    EmailAddress.objects.create(user=second, email="NY@example.org", verified=True)
    invitation_accept(invitation=invitation, user=first)
    with pytest.raises(ValidationError):
        invitation_accept(invitation=stale, user=second)
    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, user=first)
    assert list(
        OrganisationContact.objects.filter(user__in=[first, second]).values_list("user_id", "role")
    ) == [(first.pk, "admin")]
    assert Invitation.objects.get(pk=invitation.pk).accepted_by == first


def invite(client, organisation, email: str, what: str, callbacks) -> str:
    with callbacks(execute=True):
        client.post(
            f"/en/me/organisation/{organisation.pk}/invite/", {"email": email, "what": what}
        )
    return invitation_link(mail.outbox[-1])


def test_an_invitation_is_no_bearer_link_only_its_address_accepts_it(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    link = invite(
        client, organisation, "alice@example.org", "role:admin", django_capture_on_commit_callbacks
    )
    member = verified_user("member@example.org")
    unverified = UserFactory(email="alice2@example.org")
    EmailAddress.objects.create(user=unverified, email="alice@example.org", verified=False)
    for person in (member, unverified):
        client.force_login(person)
        page = client.get("/en" + link).content.decode()
        assert "only that address can accept it" in page
        assert "Accept the invitation" not in page
        assert client.post(link).status_code == 200
    assert not OrganisationContact.objects.filter(user__in=[member, unverified]).exists()
    with pytest.raises(ValidationError):
        invitation_accept(invitation=Invitation.objects.get(), user=member)
    alice = verified_user("Alice@Example.org")
    client.force_login(alice)
    assert client.post(link).status_code == 302
    assert OrganisationContact.objects.get(user=alice).role == "admin"


def test_the_only_admin_contact_cannot_demote_themselves_by_accepting_an_invitation(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True)
    link = invite(
        client, organisation, admin.email, "role:contact", django_capture_on_commit_callbacks
    )
    response = client.post("/en" + link, follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == (
        "The organisation's last admin contact cannot give up the role."
    )
    assert OrganisationContact.objects.get(user=admin).role == "admin"


def test_accepting_an_invitation_needs_the_csrf_token(organisation, admin):
    invitation = invitation_send(
        organisation=organisation, email="ny@example.org", role="contact", invited_by=admin
    )
    token = "a-known-token"
    Invitation.objects.filter(pk=invitation.pk).update(
        token_hash=hashlib.sha256(token.encode()).hexdigest()
    )
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(verified_user("ny@example.org"))
    assert browser.post(f"/me/invitations/{token}/").status_code == 403
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.parametrize("count", [1, 5])
def test_the_page_takes_the_same_queries_for_any_number_of_invitations_contacts_and_managers(
    client, organisation, admin, count, django_assert_num_queries
):
    hub = organisation.hubs.get()
    HubManagerFactory(hub=hub)  # with one more, every manager may be removed
    for number in range(count):
        OrganisationContact.objects.create(
            user=UserFactory(), organisation=organisation, role="contact"
        )
        HubManagerFactory(hub=hub)
        invitation_send(
            organisation=organisation,
            email=f"k{number}@example.org",
            role="contact",
            invited_by=admin,
        )
        invitation_send(
            organisation=organisation, email=f"m{number}@example.org", hub=hub, invited_by=admin
        )
    with django_assert_num_queries(PAGE_QUERIES):
        html = client.get("/en/me/organisation/").content.decode()
    assert html.count("Withdraw the invitation to ") == 2 * count
    assert html.count("Send the invitation to ") == 2 * count
    assert html.count(" as manager of Huben") == count + 1


# Session and user; the organisations (tier joined) with their contacts, hubs, managers and
# invitations; the ones this person administers; billing's invoices; the invite form's hubs and
# their managers: the same for any number of them.
PAGE_QUERIES = 11


def test_the_only_admin_contact_is_not_asked_to_remove_themselves(client, organisation, admin):
    own = OrganisationContact.objects.get(user=admin)
    asked = client.get(f"/en/me/organisation/{organisation.pk}/contacts/{own.pk}/remove/")
    assert asked["Location"] == "/en/me/organisation/"
    assert [str(m) for m in asked.wsgi_request._messages] == [
        "The organisation's last admin contact cannot be removed."
    ]
    assert OrganisationContact.objects.filter(pk=own.pk).exists()
