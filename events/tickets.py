"""Tickets: a registration's signed code, and its QR code. The QR encodes the ticket page's whole
address, so any phone camera opens it at the door; the signature makes a code nobody was given
worthless."""

import io

import segno
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from events.models import TICKET_SALT, Registration

# Medium error correction survives a scuffed or glare-lit screen; the quiet zone of four modules
# is what the standard asks for, and dark on white is what every reader expects.
QR_ERROR = "m"
QR_BORDER = 4
QR_SCALE = 6


def ticket_url(registration: Registration) -> str:
    return settings.SITE_URL + registration.get_ticket_url()


def ticket_qr_svg(registration: Registration) -> str:
    """A standalone SVG document of the ticket's QR code (also fit to put inline in a page)."""
    qr = segno.make_qr(ticket_url(registration), error=QR_ERROR, boost_error=False)
    buffer = io.BytesIO()
    qr.save(
        buffer,
        kind="svg",
        scale=QR_SCALE,
        border=QR_BORDER,
        dark="#000",
        light="#fff",
        xmldecl=False,
        title=_("Ticket for %(name)s") % {"name": registration.name},
        svgclass="ticket-qr",
        omitsize=True,
        lineclass=None,
    )
    return buffer.getvalue().decode().replace("<svg ", '<svg role="img" ', 1)


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
