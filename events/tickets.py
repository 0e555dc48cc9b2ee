"""Tickets: a registration's signed code, and its QR code. The QR encodes the ticket page's whole
address, so any phone camera opens it at the door; the signature makes a code nobody was given
worthless."""

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from coworking_norge.qr import qr_svg
from events.models import TICKET_SALT, Registration


def ticket_url(registration: Registration) -> str:
    return settings.SITE_URL + registration.get_ticket_url()


def ticket_qr_svg(registration: Registration) -> str:
    """A standalone SVG document of the ticket's QR code (also fit to put inline in a page)."""
    return qr_svg(
        ticket_url(registration),
        title=_("Ticket for %(name)s") % {"name": registration.name},
        css_class="ticket-qr",
    )


def registration_from_ticket_code(code: str) -> Registration | None:
    """The registration a signed ticket code names; None when the code is tampered with or
    names no registration."""
    try:
        ticket_code = signing.Signer(salt=TICKET_SALT).unsign(code)
    except signing.BadSignature:
        return None
    return (
        Registration.objects.select_related("event", "event__hub")
        .filter(ticket_code=ticket_code)
        .first()
    )
