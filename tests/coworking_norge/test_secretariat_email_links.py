"""Every e-mail the secretariat gets links straight to its object in the admin, on the portal's
own address and in the portal's language (the bare, Norwegian paths)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from hubs.notifications import hub_changes_digest_send
from hubs.services import hub_update_profile
from members.models import Organisation
from members.services import application_approve, application_reject, application_submit
from tests.factories import HubFactory, UserFactory, application_data

pytestmark = pytest.mark.django_db

SITE = "https://portal.coworkingnorge.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def to_secretariat(secretariat_user) -> mail.EmailMessage:
    [message] = [message for message in mail.outbox if message.to == [secretariat_user.email]]
    return message


def admin_links(message: mail.EmailMessage) -> list[str]:
    return re.findall(rf"{re.escape(SITE)}(/\S*admin/\S+)", message.body)


def shows(client, path: str, text: str) -> bool:
    return text in client.get(path).content.decode()


@pytest.fixture
def application(django_capture_on_commit_callbacks, secretariat_user):
    applicant = UserFactory()
    # An English-speaking applicant: the secretariat's e-mail is Norwegian all the same.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        return application_submit(
            applicant=applicant, data=application_data(language="en", hub_name="Lenkehuben")
        )


def test_a_new_application_links_to_it_in_the_admin(client, application, secretariat_user):
    message = to_secretariat(secretariat_user)
    assert admin_links(message) == [
        f"/admin/members/membershipapplication/{application.pk}/change/"
    ]
    client.force_login(secretariat_user)
    assert shows(client, admin_links(message)[0], "Lenkehuben")


def test_an_approval_links_to_the_application_and_the_new_member(
    client, application, secretariat_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_approve(application=application, reviewer=secretariat_user)
    organisation = Organisation.objects.get()
    message = to_secretariat(secretariat_user)
    assert admin_links(message) == [
        f"/admin/members/membershipapplication/{application.pk}/change/",
        f"/admin/members/organisation/{organisation.pk}/change/",
    ]
    client.force_login(secretariat_user)
    assert shows(client, admin_links(message)[1], organisation.legal_name)


def test_a_rejection_links_to_the_application(
    application, secretariat_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_reject(application=application, reviewer=secretariat_user, reason="For lite.")
    message = to_secretariat(secretariat_user)
    assert admin_links(message) == [
        f"/admin/members/membershipapplication/{application.pk}/change/"
    ]


def test_the_managers_changes_digest_links_to_each_hubs_history_and_to_all_changes(
    client, secretariat_user
):
    first, second = HubFactory(name="Første hub"), HubFactory(name="Andre hub")
    since = timezone.now() - timedelta(minutes=1)
    manager = UserFactory()
    for hub in (first, second):
        hub_update_profile(hub=hub, changes={"tagline_nb": "Ny"}, user=manager)
    assert hub_changes_digest_send(since=since) == 2
    message = to_secretariat(secretariat_user)
    assert admin_links(message) == [
        f"/admin/hubs/hub/{second.pk}/history/",
        f"/admin/hubs/hub/{first.pk}/history/",
        "/admin/hubs/historicalhub/?by=managers",
    ]
    client.force_login(secretariat_user)
    assert shows(client, admin_links(message)[0], "Andre hub")
    changes = client.get(admin_links(message)[-1]).context["cl"]
    assert changes.result_count == 2
