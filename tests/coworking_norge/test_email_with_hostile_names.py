"""Every e-mail the portal sends, built from names as hostile as stored data can hold: line breaks
(a header injection attempt among them), quotes, '&' and names as long as their fields allow. Each
must send, with a one-line subject in which the name reads as typed, never HTML-escaped."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from billing.services import invoice_credit, invoice_draft_create, invoice_issue, reminder_send
from hubs.models import Hub
from hubs.notifications import hub_changes_digest_send
from hubs.services import hub_update_profile
from members import notifications
from members.models import MembershipApplication, Organisation, User
from members.services import (
    application_approve,
    application_reject,
    application_submit,
    invitation_send,
)
from tests.factories import HubFactory, OrganisationFactory, UserFactory, application_data

pytestmark = pytest.mark.django_db

CORE = 'Berg & "Co"\r\nBcc: victim@example.org\n\tAS'
ONE_LINE = 'Berg & "Co" Bcc: victim@example.org AS'


def hostile(length: int) -> str:
    """The hostile core, filled up to the field's length."""
    return CORE + " " + "Å" * (length - len(CORE) - 1)


def stored_hostile(application: MembershipApplication) -> None:
    """As if the name had been stored before names were put on one line."""
    MembershipApplication.objects.filter(pk=application.pk).update(organisation_name=hostile(200))


def assert_sent_safely(messages, *, named: int) -> None:
    assert messages, "nothing was sent"
    for message in messages:
        message.message()  # the headers are built: no newline got into one
        assert "\n" not in message.subject
        assert "\r" not in message.subject
        assert "&amp;" not in message.subject
        assert "&quot;" not in message.subject
    assert sum(ONE_LINE in message.subject for message in messages) == named


@pytest.fixture
def people(secretariat_user):
    return {"applicant": UserFactory(name=hostile(150)), "secretariat": secretariat_user}


def test_the_receipts_of_an_application(people, django_capture_on_commit_callbacks):
    application = application_submit(applicant=people["applicant"], data=application_data())
    stored_hostile(application)
    application.refresh_from_db()
    notifications.application_submitted(application)
    assert_sent_safely(mail.outbox, named=2)  # to the applicant and to the secretariat


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_the_decision_on_an_application(people, decision, django_capture_on_commit_callbacks):
    application = application_submit(applicant=people["applicant"], data=application_data())
    stored_hostile(application)
    application.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        if decision == "approve":
            application_approve(application=application, reviewer=people["secretariat"])
        else:
            application_reject(
                application=application, reviewer=people["secretariat"], reason="Nei."
            )
    assert_sent_safely(mail.outbox, named=2)


def test_the_invitation_emails(people, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    Organisation.objects.filter(pk=organisation.pk).update(legal_name=hostile(200))
    organisation.refresh_from_db()
    hub = HubFactory(organisation=organisation)
    Hub.objects.filter(pk=hub.pk).update(name=hostile(120))
    hub.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(
            organisation=organisation,
            email="a@example.org",
            role="contact",
            invited_by=people["applicant"],
        )
        invitation_send(
            organisation=organisation,
            email="b@example.org",
            hub=hub,
            invited_by=people["applicant"],
        )
    assert_sent_safely(mail.outbox, named=2)


def test_the_invoice_credit_note_and_reminder_emails(django_capture_on_commit_callbacks, settings):
    settings.INVOICE_SELLER = {**settings.INVOICE_SELLER, "name": hostile(100)}
    organisation = OrganisationFactory()
    Organisation.objects.filter(pk=organisation.pk).update(legal_name=hostile(200))
    organisation.refresh_from_db()
    fee = {"description": hostile(200), "unit_price": Decimal("100.00")}
    with django_capture_on_commit_callbacks(execute=True):
        invoice = invoice_issue(
            invoice=invoice_draft_create(organisation=organisation, lines=[fee]),
            today=date(2026, 1, 5),
        )
    with django_capture_on_commit_callbacks(execute=True):
        invoice_credit(invoice=invoice, today=date(2026, 1, 6))
    second = invoice_issue(
        invoice=invoice_draft_create(organisation=organisation, lines=[fee]),
        today=date(2026, 1, 5),
        send=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        reminder_send(invoice=second, today=second.due_date + timedelta(days=30))
    assert_sent_safely(mail.outbox, named=3)  # the seller's name is in every subject


def test_the_hub_changes_digest(people):
    manager = UserFactory()
    User.objects.filter(pk=manager.pk).update(name=hostile(150))
    manager.refresh_from_db()
    hub = HubFactory()
    Hub.objects.filter(pk=hub.pk).update(name=hostile(120))
    hub.refresh_from_db()
    since = timezone.now() - timedelta(minutes=1)
    hub_update_profile(hub=hub, changes={"tagline_nb": "Ny"}, user=manager)
    assert hub_changes_digest_send(since=since) == 1
    assert_sent_safely(mail.outbox, named=0)
    assert ONE_LINE not in mail.outbox[0].subject
