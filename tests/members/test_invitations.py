"""Invitations waiting on /me/organisation/: listed for the admin contact, sent again (at most once
in a few minutes, with a new link) and withdrawn after a confirmation."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone, translation

from members.models import Invitation, OrganisationContact
from members.services import invitation_accept, invitation_send
from members.services.invitations import RESEND_AFTER
from tests.factories import OrganisationFactory, UserFactory, verified_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_back():
    yield
    translation.deactivate()


def send(organisation, admin, email="ny@example.org", sent_ago=timedelta(hours=1), **what):
    """An invitation sent `sent_ago`, with a link whose path is returned too."""
    what = what or {"role": "contact"}
    invitation = invitation_send(organisation=organisation, email=email, invited_by=admin, **what)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - sent_ago)
    invitation.refresh_from_db()
    return invitation


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/me/invitations/[^/\s]+/)", message.body).group(1)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def resend_url(invitation) -> str:
    return f"/en/me/organisation/invitations/{invitation.pk}/resend/"


def withdraw_url(invitation) -> str:
    return f"/en/me/organisation/invitations/{invitation.pk}/withdraw/"


def test_the_admin_contact_sees_the_invitations_not_accepted_with_their_dates(
    client, organisation, admin
):
    hub = organisation.hubs.get()
    waiting = send(organisation, admin, "vent@example.org", sent_ago=timedelta(days=2))
    expired = send(organisation, admin, "gammel@example.org", sent_ago=timedelta(days=20), hub=hub)
    accepted = send(organisation, admin, "ja@example.org")
    invitation_accept(invitation=accepted, user=verified_user("ja@example.org"))
    day = "{:%d.%m.%Y}".format
    sent = timezone.localtime(waiting.created_at).date()
    html = client.get("/me/organisation/").content.decode()
    assert "Invitasjoner som ikke er godtatt ennå" in html
    assert 'vent@example.org <span class="text-body-secondary">– kontakt' in html
    assert f"Sendt {day(sent)}; lenken virker til {day(sent + timedelta(days=14))}." in html
    assert 'gammel@example.org <span class="text-body-secondary">– ansvarlig for Huben' in html
    expired_on = timezone.localtime(expired.created_at).date() + timedelta(days=14)
    assert f"lenken gikk ut {day(expired_on)}." in html
    assert "ja@example.org" not in html
    assert html.index("vent@example.org") < html.index("gammel@example.org")  # latest first


def test_a_contact_without_the_admin_role_neither_sees_nor_touches_invitations(
    client, organisation, admin
):
    invitation = send(organisation, admin)
    reader = UserFactory()
    OrganisationContact.objects.create(user=reader, organisation=organisation, role="invoice")
    client.force_login(reader)
    assert "ny@example.org" not in client.get("/en/me/organisation/").content.decode()
    assert client.post(resend_url(invitation)).status_code == 404
    assert client.get(withdraw_url(invitation)).status_code == 404
    assert client.post(withdraw_url(invitation)).status_code == 404
    stranger = UserFactory()
    OrganisationContact.objects.create(
        user=stranger, organisation=OrganisationFactory(), role="admin"
    )
    client.force_login(stranger)
    assert client.post(resend_url(invitation)).status_code == 404
    assert client.post(withdraw_url(invitation)).status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).token_hash == invitation.token_hash
    assert not mail.outbox


def test_sending_again_mails_the_same_invitation_with_a_new_link_valid_for_14_days(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/me/organisation/{organisation.pk}/invite/",
            {"email": "ny@example.org", "what": "role:contact"},
        )
    invitation = Invitation.objects.get()
    Invitation.objects.update(created_at=timezone.now() - timedelta(days=20))  # expired by now
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url(invitation))
    assert response["Location"] == "/en/me/organisation/"
    assert messages_of(response)[-1] == (
        "The invitation is sent again to ny@example.org; the link in the earlier e-mail no "
        "longer works."
    )
    [first, again] = mail.outbox
    assert (again.to, again.subject) == (first.to, first.subject)
    assert again.body.replace(link_in(again), "") == first.body.replace(link_in(first), "")
    assert link_in(again) != link_in(first)
    renewed = Invitation.objects.get()
    assert timezone.now() - renewed.created_at < timedelta(minutes=1)
    newcomer = verified_user("ny@example.org")
    client.force_login(newcomer)
    client.post(link_in(again))
    assert OrganisationContact.objects.get(user=newcomer).role == "contact"


def test_sending_again_within_a_few_minutes_is_refused_with_a_clear_message(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    invitation = send(organisation, admin, sent_ago=RESEND_AFTER - timedelta(seconds=30))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url(invitation))
    assert messages_of(response) == [
        "The invitation to ny@example.org was sent less than 5 minutes ago. Wait a few minutes "
        "before sending it again."
    ]
    assert not mail.outbox
    assert Invitation.objects.get(pk=invitation.pk).token_hash == invitation.token_hash
    assert client.get(resend_url(invitation)).status_code == 405


def test_the_old_link_stops_working_once_the_invitation_is_sent_again(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/me/organisation/{organisation.pk}/invite/",
            {"email": "ny@example.org", "what": "role:contact"},
        )
    old_link = link_in(mail.outbox[0])
    Invitation.objects.update(created_at=timezone.now() - RESEND_AFTER)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend_url(Invitation.objects.get()))
    assert client.get(old_link).status_code == 404
    assert client.get(link_in(mail.outbox[1])).status_code == 200


def test_withdrawing_asks_first_then_the_link_stops_working(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/me/organisation/{organisation.pk}/invite/",
            {"email": "ny@example.org", "what": "role:contact"},
        )
    invitation = Invitation.objects.get()
    page = client.get(f"/me/organisation/invitations/{invitation.pk}/withdraw/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Trekke tilbake invitasjonen?" in html
    assert "ny@example.org er invitert til å være kontakt for Huben AS." in html
    danger = '<button type="submit" class="btn btn-danger actions__danger">'
    assert f"{danger}Trekk tilbake invitasjonen</button>" in html
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    response = client.post(withdraw_url(invitation))
    assert messages_of(response) == ["The invitation to ny@example.org is withdrawn."]
    assert not Invitation.objects.exists()
    assert client.get(link_in(mail.outbox[0])).status_code == 404
    assert client.post(withdraw_url(invitation)).status_code == 404


def test_an_accepted_invitation_can_be_neither_sent_again_nor_withdrawn(
    client, organisation, admin
):
    invitation = send(organisation, admin)
    invitation_accept(invitation=invitation, user=verified_user("ny@example.org"))
    assert client.post(resend_url(invitation)).status_code == 404
    assert client.post(withdraw_url(invitation)).status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is not None


def test_a_refused_invitation_shows_its_errors_next_to_the_fields_and_keeps_what_was_typed(
    client, organisation, admin
):
    response = client.post(
        f"/en/me/organisation/{organisation.pk}/invite/",
        {"email": "ikke-en-adresse", "what": "role:contact"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert re.findall(r'<a href="#(id_\w+)">', summary) == ["id_email"]
    assert 'value="ikke-en-adresse"' in html
    assert 'aria-invalid="true"' in html or "is-invalid" in html
    assert not Invitation.objects.exists()
    assert mail.outbox == []
