"""Every e-mail the portal sends, built from names as hostile as stored data can hold: line breaks
(a header injection attempt among them), quotes, '&' and names as long as their fields allow. Each
must send, with a one-line subject in which the name reads as typed, never HTML-escaped.

Each scenario below drives an app's real services (or its notifications) and says which e-mails
it sends; its test checks it sent exactly those (the subject templates rendered), and one more
test checks that together the scenarios send every e-mail the project has a subject template
for, so that a new e-mail cannot go out untried."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.test import Client
from django.test.signals import template_rendered
from django.utils import timezone

from billing.services import invoice_credit, invoice_draft_create, invoice_issue, reminder_send
from events.models import Event, Registration
from events.services import (
    Attendee,
    event_cancel,
    event_propose,
    registration_cancel,
    registration_create,
)
from hubs.models import Hub
from hubs.notifications import hub_changes_digest_send
from hubs.services import hub_update_profile
from knowledge.models import Resource
from knowledge.services import resource_publish, resource_reject, resource_submit
from members import notifications
from members.models import MembershipApplication, Organisation, User
from members.services import (
    application_approve,
    application_reject,
    application_submit,
    invitation_send,
)
from network.services import survey_open, survey_remind
from tests.factories import (
    EventFactory,
    HostSettingsFactory,
    HubFactory,
    HubManagerFactory,
    MemberHubFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    ResourceFactory,
    UserFactory,
    VouchFactory,
    application_data,
    verified_user,
)
from visits.models import HostSettings, Visit, Vouch
from visits.services import (
    visit_cancel,
    visit_confirm,
    visit_decline,
    visit_request,
    vouch_invite,
    vouch_renew,
    vouch_revoke,
)

pytestmark = pytest.mark.django_db

CORE = 'Berg & "Co"\r\nBcc: victim@example.org\n\tAS'
ONE_LINE = 'Berg & "Co" Bcc: victim@example.org AS'
SUBJECT = "_subject.txt"


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


# The scenarios


@dataclass
class World:
    """What a scenario may use: the secretariat (the address of the e-mails to it), the settings,
    and the e-mails the services leave for after their commit."""

    secretariat: User
    settings: object
    capture: Callable

    def committed(self, service, *, stored_before_sending=None, **kwargs):
        """Run `service`, then the e-mails it leaves for after its commit. Before they go,
        `stored_before_sending(result)` may store names that the service (or a model's clean())
        put on one line as they were typed, as if they had been stored before that."""
        with self.capture() as callbacks:
            result = service(**kwargs)
        if stored_before_sending is not None:
            stored_before_sending(result)
        with self.capture(execute=True):
            for callback in callbacks:
                callback()
        return result


@dataclass(frozen=True)
class Scenario:
    run: Callable[[World], None]
    sends: frozenset[str]  # the templates of the e-mails it sends (no more, no fewer)


SCENARIOS: dict[str, Scenario] = {}


def scenario(*sends: str):
    def register(run: Callable[[World], None]) -> Callable[[World], None]:
        assert run.__name__ not in SCENARIOS
        SCENARIOS[run.__name__] = Scenario(run, frozenset(sends))
        return run

    return register


def stored(model, pk: int, **fields) -> None:
    """Names stored as they are, past the model's clean() and save()."""
    model.objects.filter(pk=pk).update(**fields)


# Accounts: allauth's e-mails, in the portal's words (templates/account/email/)


@scenario("account/email/email_confirmation_signup", "account/email/account_already_exists")
def the_sign_ups(world: World) -> None:
    verified_user("finnes@example.org", name=hostile(150))
    client = Client()
    for email in ("ny@example.org", "finnes@example.org"):  # new, then one with an account
        client.post(
            "/accounts/signup/",
            {
                "name": "Ny",
                "email": email,
                "password1": "et-passord-42",
                "password2": "et-passord-42",
            },
        )
    assert_sent_safely(mail.outbox, named=0)  # no name in their subjects
    assert len(mail.outbox) == 2


@scenario("account/email/email_confirmation")
def an_address_added(world: World) -> None:
    world.settings.ACCOUNT_REAUTHENTICATION_REQUIRED = False
    client = Client()
    client.force_login(verified_user("finnes@example.org", name=hostile(150)))
    client.post("/accounts/email/", {"action_add": "", "email": "ny@example.org"})
    assert_sent_safely(mail.outbox, named=0)  # no name in the subject
    assert len(mail.outbox) == 1


@scenario("account/email/password_reset_key", "account/email/unknown_account")
def the_password_resets(world: World) -> None:
    verified_user("finnes@example.org", name=hostile(150))
    client = Client()
    for email in ("finnes@example.org", "ukjent@example.org"):
        client.post("/accounts/password/reset/", {"email": email})
    assert_sent_safely(mail.outbox, named=0)  # no name in their subjects
    assert len(mail.outbox) == 2


# Members, billing and hubs


@scenario("members/email/application_received", "members/email/application_to_review")
def the_receipts_of_an_application(world: World) -> None:
    applicant = UserFactory(name=hostile(150))
    application = application_submit(applicant=applicant, data=application_data())
    stored_hostile(application)
    application.refresh_from_db()
    notifications.application_submitted(application)
    assert_sent_safely(mail.outbox, named=2)  # to the applicant and to the secretariat


def _decided(world: World, decision: str) -> None:
    applicant = UserFactory(name=hostile(150))
    application = application_submit(applicant=applicant, data=application_data())
    stored_hostile(application)
    application.refresh_from_db()
    with world.capture(execute=True):
        if decision == "approve":
            application_approve(application=application, reviewer=world.secretariat)
        else:
            application_reject(application=application, reviewer=world.secretariat, reason="Nei.")
    assert_sent_safely(mail.outbox, named=2)


@scenario("members/email/application_approved", "members/email/application_decided_secretariat")
def an_approved_application(world: World) -> None:
    _decided(world, "approve")


@scenario("members/email/application_rejected", "members/email/application_decided_secretariat")
def a_rejected_application(world: World) -> None:
    _decided(world, "reject")


@scenario("members/email/invitation")
def the_invitation_emails(world: World) -> None:
    organisation = OrganisationFactory()
    stored(Organisation, organisation.pk, legal_name=hostile(200))
    organisation.refresh_from_db()
    hub = HubFactory(organisation=organisation)
    stored(Hub, hub.pk, name=hostile(120))
    hub.refresh_from_db()
    inviter = UserFactory(name=hostile(150))
    with world.capture(execute=True):
        invitation_send(
            organisation=organisation, email="a@example.org", role="contact", invited_by=inviter
        )
        invitation_send(
            organisation=organisation, email="b@example.org", hub=hub, invited_by=inviter
        )
    assert_sent_safely(mail.outbox, named=2)


@scenario("billing/email/invoice", "billing/email/reminder")
def the_invoice_credit_note_and_reminder_emails(world: World) -> None:
    world.settings.INVOICE_SELLER = {**world.settings.INVOICE_SELLER, "name": hostile(100)}
    organisation = OrganisationFactory()
    stored(Organisation, organisation.pk, legal_name=hostile(200))
    organisation.refresh_from_db()
    fee = {"description": hostile(200), "unit_price": Decimal("100.00")}
    with world.capture(execute=True):
        invoice = invoice_issue(
            invoice=invoice_draft_create(organisation=organisation, lines=[fee]),
            today=date(2026, 1, 5),
        )
    with world.capture(execute=True):
        invoice_credit(invoice=invoice, today=date(2026, 1, 6))
    second = invoice_issue(
        invoice=invoice_draft_create(organisation=organisation, lines=[fee]),
        today=date(2026, 1, 5),
        send=False,
    )
    with world.capture(execute=True):
        reminder_send(invoice=second, today=second.due_date + timedelta(days=30))
    assert_sent_safely(mail.outbox, named=3)  # the seller's name is in every subject


@scenario("hubs/email/changes_digest")
def the_hub_changes_digest(world: World) -> None:
    manager = UserFactory()
    stored(User, manager.pk, name=hostile(150))
    manager.refresh_from_db()
    hub = HubFactory()
    stored(Hub, hub.pk, name=hostile(120))
    hub.refresh_from_db()
    since = timezone.now() - timedelta(minutes=1)
    hub_update_profile(hub=hub, changes={"tagline_nb": "Ny"}, user=manager)
    assert hub_changes_digest_send(since=since) == 1
    assert_sent_safely(mail.outbox, named=0)
    assert ONE_LINE not in mail.outbox[0].subject


# Events


def _paid_event() -> Event:
    """A seminar of one seat, paid, with a title and a venue as hostile as their fields hold."""
    event = EventFactory(
        capacity=1, member_price=Decimal("400.00"), non_member_price=Decimal("800.00")
    )
    _event_names_stored(event)
    return event


def _event_names_stored(event: Event) -> None:
    """Its title and venue (its save() puts them on one line)."""
    stored(Event, event.pk, title_nb=hostile(160), title_en=hostile(160), venue_name=hostile(160))


def _booker_for(organisation: Organisation) -> User:
    """A contact of the organisation with a hostile name: the e-mails say who registered whom."""
    return OrganisationContactFactory(
        organisation=organisation, user__name=hostile(150), user__email="kontakt@example.org"
    ).user


def _attendee_names_stored(event: Event) -> None:
    """The attendees' names as hostile as the field holds (the service puts them on one line)."""
    Registration.objects.filter(event=event).update(name=hostile(150))


@scenario(
    "events/email/registration_confirmed",
    "events/email/registration_waitlisted",
    "events/email/registration_cancelled",
    "events/email/registration_promoted",
    "billing/email/invoice",
)
def registering_waiting_cancelling_and_moving_up(world: World) -> None:
    event = _paid_event()
    organisation = OrganisationFactory(legal_name=hostile(200))
    booker = _booker_for(organisation)
    order = world.committed(
        registration_create,
        event=event,
        booked_by=booker,
        organisation=organisation,
        attendees=[Attendee("Kari", "kari@example.org"), Attendee("Ola", "ola@example.org")],
        stored_before_sending=lambda order: _attendee_names_stored(order.event),
    )
    first = order.registrations.get(status=Registration.Status.CONFIRMED)
    world.committed(registration_cancel, registration=first)
    # Seat, waiting list; the first cancels (credited), the second moves up (invoiced).
    assert_sent_safely(mail.outbox, named=4)
    assert len(mail.outbox) == 7


@scenario(
    "events/email/event_cancelled", "events/email/registration_confirmed", "billing/email/invoice"
)
def a_cancelled_event(world: World) -> None:
    event = _paid_event()
    organisation = OrganisationFactory(legal_name=hostile(200), language="en")
    world.committed(
        registration_create,
        event=event,
        booked_by=_booker_for(organisation),
        organisation=organisation,
        attendees=[Attendee("Kari", "kari@example.org")],
        language="en",
        stored_before_sending=lambda order: _attendee_names_stored(order.event),
    )
    world.committed(event_cancel, event=event)
    assert_sent_safely(mail.outbox, named=2)  # the ticket and the cancellation
    assert len(mail.outbox) == 4  # and the invoice and its credit note


@scenario("events/email/event_proposed")
def a_proposed_event(world: World) -> None:
    hub = HubFactory(name=hostile(120))
    manager = HubManagerFactory(hub=hub, user__name=hostile(150)).user
    event = world.committed(
        event_propose,
        event=EventFactory.build(),
        hub=hub,
        by=manager,
        stored_before_sending=_event_names_stored,
    )
    assert event.proposed_by == manager
    assert_sent_safely(mail.outbox, named=1)
    assert mail.outbox[0].to == [world.secretariat.email]


# Visits: the network pass


@dataclass
class Network:
    home: Hub
    host: Hub
    coworker: User


def _network() -> Network:
    """A coworker vouched for by one member hub, and a hub that hosts network guests and answers
    their requests itself; the hubs and the coworker named as hostile as their fields hold."""
    home = MemberHubFactory(name=hostile(120))
    HubManagerFactory(hub=home, user__name=hostile(150))
    host = HostSettingsFactory(
        hub__name=hostile(120),
        confirmation=HostSettings.Confirmation.MANUAL,
        arrival_instructions=CORE,
        house_rules=CORE,
    ).hub
    HubManagerFactory(hub=host, user__name=hostile(150))
    coworker = verified_user("coworker@example.org", name=hostile(150))
    VouchFactory(home_hub=home, coworker=coworker)
    return Network(home=home, host=host, coworker=coworker)


def _next_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def _requested(world: World, network: Network, **fields) -> Visit:
    return world.committed(
        visit_request,
        visitor=network.coworker,
        host=network.host,
        day=_next_monday(),
        share_email=True,
        phone="+47 912 34 567",
        message="Jeg tar med egen skjerm.",
        **fields,
    )


REQUESTED = ("visits/email/visit_requested_visitor", "visits/email/visit_requested_host")


@scenario(
    *REQUESTED,
    "visits/email/visit_confirmed_visitor",
    "visits/email/visit_confirmed_host",
    "visits/email/visit_confirmed_home",
)
def a_visit_requested_and_confirmed(world: World) -> None:
    network = _network()
    visit = _requested(world, network, language="en")
    world.committed(visit_confirm, visit=visit, by=network.host.managers.get().user)
    assert_sent_safely(mail.outbox, named=5)  # each names the host or the visitor


@scenario(*REQUESTED, "visits/email/visit_declined_visitor", "visits/email/visit_declined_home")
def a_visit_declined(world: World) -> None:
    network = _network()
    visit = _requested(world, network)
    world.committed(
        visit_decline,
        visit=visit,
        by=network.host.managers.get().user,
        reason="Dugnad.",
        stored_before_sending=lambda visit: stored(Visit, visit.pk, decline_reason=hostile(300)),
    )
    assert_sent_safely(mail.outbox, named=4)


@scenario(*REQUESTED, "visits/email/visit_cancelled_host")
def a_visit_the_coworker_cancels(world: World) -> None:
    network = _network()
    visit = _requested(world, network)
    world.committed(visit_cancel, visit=visit, by=network.coworker)
    assert_sent_safely(mail.outbox, named=3)


@scenario(
    *REQUESTED,
    "visits/email/vouch_ended",
    "visits/email/visit_called_off_visitor",
    "visits/email/visit_called_off_host",
)
def a_vouch_that_ends_and_calls_the_visit_off(world: World) -> None:
    network = _network()
    _requested(world, network)
    vouch = Vouch.objects.get(coworker=network.coworker)
    world.committed(vouch_revoke, vouch=vouch, by=None, reason=hostile(200))
    assert_sent_safely(mail.outbox, named=5)


@scenario("visits/email/vouch_invited", "visits/email/vouch_renewed")
def a_vouch_invited_and_renewed(world: World) -> None:
    network = _network()
    by = network.home.managers.get().user
    until = timezone.localdate() + timedelta(days=90)
    vouch = world.committed(
        vouch_invite, hub=network.home, email="ny@example.org", until=until, by=by
    )
    world.committed(vouch_renew, vouch=vouch, until=until + timedelta(days=30), by=by)
    assert_sent_safely(mail.outbox, named=2)


# Knowledge: the library


def _submitter() -> User:
    hub = MemberHubFactory(name=hostile(120))
    return HubManagerFactory(hub=hub, user__name=hostile(150)).user


def _titles_stored(resource_pk: int) -> None:
    stored(Resource, resource_pk, title_nb=hostile(200), title_en=hostile(200))


@scenario("knowledge/email/resource_submitted")
def a_submitted_resource(world: World) -> None:
    person = _submitter()
    data = {
        "title_nb": "Husregler",
        "title_en": "House rules",
        "kind": "guide",
        "phase": "running",
        "summary_nb": "Kort.",
        "visibility": "members",
    }
    world.committed(
        resource_submit,
        hub=person.managed_hubs.get().hub,
        by=person,
        data=data,
        stored_before_sending=lambda resource: _titles_stored(resource.pk),
    )
    assert_sent_safely(mail.outbox, named=1)  # the hub and the title
    assert mail.outbox[0].to == [world.secretariat.email]


def _reviewed(world: World, review, **kwargs) -> None:
    person = _submitter()
    resource = ResourceFactory(
        status="submitted",
        hub=person.managed_hubs.get().hub,
        submitted_by=person,
        published_on=None,
    )
    world.committed(
        review,
        resource=resource,
        by=world.secretariat,
        stored_before_sending=lambda reviewed: _titles_stored(reviewed.pk),
        **kwargs,
    )
    assert_sent_safely(mail.outbox, named=1)
    assert mail.outbox[0].to == [person.email]


@scenario("knowledge/email/resource_reviewed")
def a_published_resource(world: World) -> None:
    _reviewed(world, resource_publish)


@scenario("knowledge/email/resource_reviewed")
def a_resource_turned_down(world: World) -> None:
    _reviewed(world, resource_reject, note=hostile(600))


# Network: the hub survey


@scenario("network/email/survey_opened", "network/email/survey_reminder")
def the_survey_opened_and_reminded(world: World) -> None:
    for language in ("nb", "en"):
        hub = MemberHubFactory(name=hostile(120), organisation__language=language)
        HubManagerFactory(hub=hub, user__name=hostile(150))
    survey = world.committed(
        survey_open,
        year=timezone.localdate().year - 1,
        deadline=timezone.localdate() + timedelta(days=30),
        by=world.secretariat,
    )
    world.committed(survey_remind, survey=survey, by=world.secretariat)
    assert_sent_safely(mail.outbox, named=0)  # no name in their subjects
    assert len(mail.outbox) == 4


# The checks


@pytest.fixture
def world(secretariat_user, settings, django_capture_on_commit_callbacks):
    return World(
        secretariat=secretariat_user, settings=settings, capture=django_capture_on_commit_callbacks
    )


@pytest.fixture
def sent_templates():
    """The e-mails rendered during the test, by their templates (the test environment's
    template_rendered signal, sent for every template Django renders)."""
    names: set[str] = set()

    def record(sender, template, **kwargs):
        if template.name and template.name.endswith(SUBJECT):
            names.add(template.name.removesuffix(SUBJECT))

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_email_sends_safely_with_hostile_names(name, world, sent_templates):
    SCENARIOS[name].run(world)
    assert sent_templates == SCENARIOS[name].sends


def subject_templates_on_disk() -> set[str]:
    """Every e-mail subject template of the project: in its templates folder and its apps'."""
    base = Path(settings.BASE_DIR)
    roots = [Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]]
    roots += [
        Path(app.path) / "templates"
        for app in apps.get_app_configs()
        if Path(app.path).parent == base
    ]
    return {
        path.relative_to(root).as_posix().removesuffix(SUBJECT)
        for root in roots
        for path in root.rglob(f"*{SUBJECT}")
    }


def test_the_scenarios_send_every_email_of_the_project():
    on_disk = subject_templates_on_disk()
    assert len(on_disk) >= 30  # the folders were found
    sent = set().union(*(scenario.sends for scenario in SCENARIOS.values()))
    assert not on_disk - sent, f"e-mails no scenario sends: {sorted(on_disk - sent)}"
    assert not sent - on_disk, f"e-mails no longer in the project: {sorted(sent - on_disk)}"
