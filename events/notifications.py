"""The e-mails events send (written by the events services after their transaction commits), each
in the attendee's language: their order's organisation's, or Norwegian. A confirmation carries
the ticket (its QR code as an SVG) and the event's calendar file. A failed send is logged by
coworking_norge.mail, never raised: the registration is saved whatever the mail server says."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from coworking_norge.admin_site import admin_url
from coworking_norge.formats.money import money
from coworking_norge.mail import email_render, email_send
from coworking_norge.secretariat import secretariat_addresses
from events.ics import event_calendar, event_location
from events.models import Event, Registration
from events.selectors import cancel_code, with_vat
from events.tickets import ticket_qr_svg, ticket_url

CONFIRMED = Registration.Status.CONFIRMED
WAITLISTED = Registration.Status.WAITLISTED


def registrations_made(registration_ids: list[int]) -> None:
    """A confirmation with ticket and calendar file to each confirmed attendee; the place in
    the queue to each waitlisted one."""
    for registration in _registrations(registration_ids):
        if registration.status == CONFIRMED:
            _send_ticket(registration, "events/email/registration_confirmed")
        elif registration.status == WAITLISTED:
            _send(registration, "events/email/registration_waitlisted")


def registrations_promoted(registration_ids: list[int]) -> None:
    """A seat came free: each promoted attendee gets their ticket."""
    for registration in _registrations(registration_ids):
        if registration.status == CONFIRMED:
            _send_ticket(registration, "events/email/registration_promoted")


def registration_cancelled(registration_id: int) -> None:
    """The cancellation is confirmed to the attendee."""
    for registration in _registrations([registration_id]):
        _send(registration, "events/email/registration_cancelled")


def event_cancelled(event_id: int, registration_ids: list[int]) -> None:
    """Everyone who was registered is told the event is cancelled."""
    for registration in _registrations(registration_ids):
        _send(registration, "events/email/event_cancelled")


def event_proposed(event_id: int) -> None:
    """The secretariat is told a hub manager proposed an event."""
    event = Event.objects.select_related("hub", "proposed_by").get(pk=event_id)
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "event": event,
            "place": event_location(event),
            "admin_url": admin_url("events_event_change", event.pk, language=language),
        }
    subject, body = email_render("events/email/event_proposed", context, language=language)
    email_send(subject=subject, body=body, to=secretariat_addresses())


def _registrations(registration_ids: list[int]) -> list[Registration]:
    return list(
        Registration.objects.filter(pk__in=registration_ids)
        .select_related("event__hub", "order__organisation", "order__booked_by")
        .prefetch_related("event__programme")
        .order_by("pk")
    )


def registration_language(registration: Registration) -> str:
    """The language the booking was made in (invoices follow the buyer's own)."""
    return registration.order.language


def _send(registration: Registration, template: str, attachments=()) -> bool:
    language = registration_language(registration)
    with translation.override(language):
        context = _context(registration)
    subject, body = email_render(template, context, language=language)
    return email_send(
        subject=subject,
        body=body,
        to=[registration.email],
        reply_to=settings.NETWORK_EMAIL,
        attachments=attachments,
    )


def _send_ticket(registration: Registration, template: str) -> bool:
    """The e-mail with the event's calendar file and the ticket's QR code attached."""
    with translation.override(registration_language(registration)):
        attachments = [
            (f"{registration.event.slug}.ics", event_calendar(registration.event), "text/calendar"),
            (_ticket_filename(), ticket_qr_svg(registration), "image/svg+xml"),
        ]
    return _send(registration, template, attachments)


def _ticket_filename() -> str:
    # Translators: the attached QR code's file name: lower case, no spaces ("billett.svg").
    return translation.pgettext("file name", "ticket.svg")


def _context(registration: Registration) -> dict:
    """What every attendee's e-mail may say, in the active language."""
    event = registration.event
    booked_by = registration.order.booked_by
    return {
        "registration": registration,
        "event": event,
        "place": event_location(event),
        "event_url": settings.SITE_URL + event.get_absolute_url(),
        "ticket_url": ticket_url(registration),
        "cancel_url": settings.SITE_URL
        + reverse("events:cancel_by_link", kwargs={"code": cancel_code(registration)}),
        "price": money(registration.price) if registration.price else "",
        "price_gross": money(with_vat(registration.price, event.vat_rate)),
        "buyer": _buyer(registration),
        "refunded": _refunded(registration),
        "booked_by": booked_by.name if booked_by.email.lower() != registration.email else "",
        "network_email": settings.NETWORK_EMAIL,
    }


def _buyer(registration: Registration) -> str:
    order = registration.order
    return order.organisation.legal_name if order.organisation else order.booked_by.name


def _refunded(registration: Registration) -> bool:
    """Whether a cancelled paid seat was cancelled in time to be credited."""
    event = registration.event
    cancelled = registration.cancelled_at
    return bool(event.is_cancelled or (cancelled and event.refunds_at(cancelled)))
