"""The e-mails of events, as the services send them after commit: who gets what, in which
language, saying what, with which attachments (the calendar file parses, the ticket is an SVG)."""

import logging
from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from events.models import Event, Registration
from events.selectors import cancel_code
from events.services import (
    Attendee,
    event_cancel,
    event_propose,
    registration_cancel,
    registration_create,
)
from members.models import Organisation
from tests.factories import (
    EventFactory,
    HubFactory,
    OrganisationContactFactory,
    UserFactory,
)
from tests.mail_backends import FAILING

pytestmark = pytest.mark.django_db

SITE = "https://coworkingnorge.no"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the callbacks a service leaves for after its commit (the e-mails) at once."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def sign_up(
    committed, event, *people: tuple[str, str], organisation=None, booker=None, language="nb"
):
    booker = booker or UserFactory(email=people[0][1], name=people[0][0])
    if organisation is not None:
        OrganisationContactFactory(user=booker, organisation=organisation)
    committed(
        registration_create,
        event=event,
        booked_by=booker,
        organisation=organisation,
        attendees=[Attendee(name=name, email=email) for name, email in people],
        language=language,
    )


def to(message) -> list[str]:
    return message.to


@pytest.fixture
def seminar():
    return EventFactory(
        title_nb="Driftsseminar",
        title_en="Running a space",
        slug="driftsseminar",
        starts_at=timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
        + timedelta(days=20),
        capacity=1,
    )


def test_a_confirmed_attendee_gets_the_facts_the_ticket_the_cancel_link_and_two_files(
    committed, seminar
):
    sign_up(committed, seminar, ("Kari Nordmann", "kari@example.org"))

    (message,) = mail.outbox
    registration = Registration.objects.get(email="kari@example.org")
    assert message.to == ["kari@example.org"]
    assert message.subject == "Du er påmeldt: Driftsseminar"
    assert message.reply_to == ["post@coworkingnorge.no"]
    day = timezone.localtime(seminar.starts_at).strftime("%d.%m.%Y")
    for fact in (
        "Hei Kari Nordmann,",
        "Du har plass på Driftsseminar.",
        f"Når: {day} kl. 09:00–16:00",
        "Hvor: Fabrikken, Fabrikkgata 1, 2317 Hamar",
        f"Om arrangementet: {SITE}/events/driftsseminar/",
        f"Billetten din: {SITE}/tickets/{registration.signed_code}/",
        f"{SITE}/events/cancel/{cancel_code(registration)}/",
    ):
        assert fact in message.body
    assert "meldte deg på" not in message.body
    assert "Pris:" not in message.body
    (ics_name, ics, ics_type), (svg_name, svg, svg_type) = message.attachments
    assert (ics_name, ics_type, svg_name, svg_type) == (
        "driftsseminar.ics",
        "text/calendar",
        "billett.svg",
        "image/svg+xml",
    )
    (entry,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert str(entry["UID"]) == f"event-{seminar.pk}@coworkingnorge.no"
    assert entry["SUMMARY"] == "Driftsseminar"
    assert svg.startswith('<svg role="img" xmlns="http://www.w3.org/2000/svg"')
    assert svg.rstrip().endswith("</svg>")


def test_a_booking_made_in_english_gets_english_e_mails_and_links(committed, seminar):
    """Whatever the organisation's own language (its invoices follow that)."""
    organisation = OrganisationContactFactory(organisation__language="nb").organisation
    sign_up(
        committed,
        seminar,
        ("Ola Nordmann", "ola@example.org"),
        organisation=organisation,
        language="en",
    )

    (message,) = mail.outbox
    registration = Registration.objects.get(email="ola@example.org")
    assert message.subject == "You are registered: Running a space"
    assert f"{SITE}/en/tickets/{registration.signed_code}/" in message.body
    assert f"{SITE}/en/events/driftsseminar/" in message.body
    assert f"{SITE}/en/events/cancel/{cancel_code(registration)}/" in message.body
    assert [name for name, _content, _type in message.attachments] == [
        "driftsseminar.ics",
        "ticket.svg",
    ]
    (entry,) = icalendar.Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert entry["SUMMARY"] == "Running a space"


def test_colleagues_registered_by_a_contact_each_get_their_own_ticket(committed):
    event = EventFactory(title_nb="Nettverkstreff", capacity=5)
    organisation = OrganisationContactFactory().organisation
    booker = UserFactory(name="Kontaktperson", email="kontakt@example.org")
    sign_up(
        committed,
        event,
        ("Per Hansen", "per@example.org"),
        ("Pål Olsen", "pal@example.org"),
        organisation=organisation,
        booker=booker,
    )

    assert sorted(map(to, mail.outbox)) == [["pal@example.org"], ["per@example.org"]]
    for message in mail.outbox:
        assert "Kontaktperson meldte deg på." in message.body
        registration = Registration.objects.get(email=message.to[0])
        assert registration.signed_code in message.body
        assert len(message.attachments) == 2


def test_a_webinar_s_ticket_carries_the_online_link(committed):
    event = EventFactory(
        kind=Event.Kind.WEBINAR,
        venue_name="",
        venue_address="",
        online_url="https://meet.example.org/webinar",
    )
    sign_up(committed, event, ("Kari Nordmann", "kari@example.org"))
    (message,) = mail.outbox
    assert "Bli med digitalt: https://meet.example.org/webinar" in message.body
    assert "Hvor: Digitalt" in message.body


def test_a_paid_seat_s_e_mail_gives_the_price(committed):
    event = EventFactory(member_price=1000, non_member_price=1500)
    organisation = OrganisationContactFactory().organisation
    sign_up(committed, event, ("Kari Nordmann", "kari@example.org"), organisation=organisation)
    confirmation = next(message for message in mail.outbox if message.to == ["kari@example.org"])
    assert (
        f"Pris: 1\xa0250,00\xa0kr inkl. mva. (1\xa0000,00\xa0kr ekskl. mva.), fakturert til "
        f"{organisation.legal_name}." in confirmation.body
    )


def test_the_waitlisted_learn_their_place_and_get_no_ticket(committed):
    event = EventFactory(
        title_nb="Driftsseminar",
        capacity=1,
        kind=Event.Kind.WEBINAR,
        online_url="https://meet.example.org/hemmelig",
    )
    sign_up(committed, event, ("Først", "forst@example.org"))
    mail.outbox.clear()

    sign_up(committed, event, ("Andre", "andre@example.org"), ("Tredje", "tredje@example.org"))

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["andre@example.org", "tredje@example.org"]
    third = by_address["tredje@example.org"]
    assert third.subject == "På ventelisten, nummer 2: Driftsseminar"
    assert "som nummer 2" in third.body
    assert "sender deg billetten på e-post straks plassen er din" in third.body
    registration = Registration.objects.get(email="tredje@example.org")
    assert f"{SITE}/events/cancel/{cancel_code(registration)}/" in third.body
    assert "/tickets/" not in third.body
    assert "hemmelig" not in third.body
    assert third.attachments == []


def test_a_freed_seat_is_e_mailed_to_the_promoted_with_a_ticket(committed, seminar):
    sign_up(committed, seminar, ("Kari Nordmann", "kari@example.org"))
    sign_up(committed, seminar, ("Ola Nordmann", "ola@example.org"))
    mail.outbox.clear()

    committed(registration_cancel, registration=Registration.objects.get(email="kari@example.org"))

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["kari@example.org", "ola@example.org"]
    cancelled, promoted = by_address["kari@example.org"], by_address["ola@example.org"]
    assert cancelled.subject == "Påmelding avbestilt: Driftsseminar"
    assert "Påmeldingen din til Driftsseminar er avbestilt" in cancelled.body
    assert cancelled.attachments == []
    assert promoted.subject == "Du har fått plass: Driftsseminar"
    ola = Registration.objects.get(email="ola@example.org")
    assert f"{SITE}/tickets/{ola.signed_code}/" in promoted.body
    assert [name for name, _content, _type in promoted.attachments] == [
        "driftsseminar.ics",
        "billett.svg",
    ]


def test_cancelling_an_event_tells_everyone_registered(committed, seminar):
    sign_up(committed, seminar, ("Kari Nordmann", "kari@example.org"))
    sign_up(committed, seminar, ("Ola Nordmann", "ola@example.org"))
    sign_up(committed, seminar, ("Gone", "gone@example.org"))
    committed(registration_cancel, registration=Registration.objects.get(email="gone@example.org"))
    mail.outbox.clear()

    committed(event_cancel, event=seminar)

    assert sorted(map(to, mail.outbox)) == [["kari@example.org"], ["ola@example.org"]]
    for message in mail.outbox:
        assert message.subject == "Avlyst: Driftsseminar"
        assert "Vi beklager: Driftsseminar" in message.body
        assert "er avlyst" in message.body


def test_a_proposal_is_e_mailed_to_the_secretariat_with_the_admin_link(committed, secretariat_user):
    manager = UserFactory(name="Hanne Hubsjef")
    hub = HubFactory(name="Fabrikken")
    event = EventFactory.build(title_nb="Åpen dag", slug="apen-dag", published=False)

    committed(event_propose, event=event, hub=hub, by=manager)

    (message,) = mail.outbox
    assert message.to == ["sekretariat@example.org"]
    assert message.subject == "Arrangement foreslått hos Fabrikken: Åpen dag"
    assert "Hanne Hubsjef, som forvalter Fabrikken, foreslår et arrangement der:" in message.body
    assert f"{SITE}/admin/events/event/{event.pk}/change/" in message.body


def test_a_failed_send_is_logged_and_the_registration_stands(committed, seminar, settings, caplog):
    settings.MAILERS = {"default": {"BACKEND": FAILING}}
    with caplog.at_level(logging.ERROR, logger="coworking_norge.mail"):
        sign_up(committed, seminar, ("Kari Nordmann", "kari@example.org"))
    assert Registration.objects.filter(email="kari@example.org", status="confirmed").exists()
    assert "E-mail not sent to kari@example.org: Du er påmeldt: Driftsseminar" in caplog.text


def test_the_member_price_applies_only_to_a_member_organisation(committed):
    # Not the e-mail's business to decide; it says what the registration holds.
    event = EventFactory(member_price=100, non_member_price=300)
    applicant = OrganisationContactFactory(
        organisation__status=Organisation.Status.APPLICANT
    ).organisation
    sign_up(committed, event, ("Kari Nordmann", "kari@example.org"), organisation=applicant)
    confirmation = next(message for message in mail.outbox if message.to == ["kari@example.org"])
    assert (
        f"Pris: 375,00\xa0kr inkl. mva. (300,00\xa0kr ekskl. mva.), fakturert til "
        f"{applicant.legal_name}." in confirmation.body
    )
