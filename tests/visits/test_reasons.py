"""The network's own reasons (a vouch revoked, a visit called off) are kept in English and shown in
the reader's language, whoever's language ended them; a manager's own reason is shown as written."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.factories import HubManagerFactory, VisitFactory, VouchFactory
from visits.models import Visit
from visits.services import visit_decline, vouch_revoke

pytestmark = pytest.mark.django_db


def test_a_vouch_revoked_by_an_english_speaking_manager_reads_in_norwegian(
    client, django_capture_on_commit_callbacks
):
    vouch = VouchFactory()
    manager = HubManagerFactory(hub=vouch.home_hub).user
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        vouch_revoke(vouch=vouch, by=manager)

    vouch.refresh_from_db()
    assert vouch.revoked_reason == "Revoked by the home hub."
    assert "Trukket tilbake av hjemmehuben." in mail.outbox[0].body
    client.force_login(manager)
    page = client.get(reverse("me:hub_coworkers", kwargs={"slug": vouch.home_hub.slug}))
    assert "Trukket tilbake av hjemmehuben." in page.content.decode()
    english = client.get("/en" + reverse("me:hub_coworkers", kwargs={"slug": vouch.home_hub.slug}))
    assert "Revoked by the home hub." in english.content.decode()


def test_a_visit_called_off_by_a_revocation_tells_the_visitor_why_in_their_language(
    client, django_capture_on_commit_callbacks
):
    visit = VisitFactory(language="nb")
    vouch = visit.visitor.vouches.get()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        vouch_revoke(vouch=vouch, by=None)

    visit.refresh_from_db()
    assert (visit.status, visit.decline_reason) == (
        Visit.Status.CANCELLED,
        "The home hub no longer vouches for you.",
    )
    to_visitor = [m for m in mail.outbox if m.to == [visit.visitor.email]]
    assert any("Hjemmehuben godkjenner deg ikke lenger." in m.body for m in to_visitor)
    client.force_login(visit.visitor)
    assert "Hjemmehuben godkjenner deg ikke lenger." in client.get("/me/pass/").content.decode()


def test_a_managers_own_reason_is_shown_as_written():
    visit = VisitFactory(status=Visit.Status.REQUESTED)
    decided = visit_decline(visit=visit, by=None, reason="Vi har fagdag, 100 % fullt.")
    assert decided.decline_reason == "Vi har fagdag, 100 % fullt."
