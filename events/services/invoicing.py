"""Paid seats are billed through billing's services: one invoice per registration order (an
event-fee line per attendee), the organisation or the person as buyer. Free seats never are."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.utils import formats, translation
from django.utils.translation import gettext as _

from billing import services as billing
from billing.models import InvoiceLine
from events.models import Registration, RegistrationOrder

DESCRIPTION_LENGTH = InvoiceLine._meta.get_field("description").max_length


def registrations_bill(
    *, order: RegistrationOrder, registrations: list[Registration], language: str = ""
) -> None:
    """An issued invoice (e-mailed after commit) for the confirmed, paid seats given."""
    paid = [registration for registration in registrations if registration.price > 0]
    if not paid:
        return
    organisation = order.organisation
    language = organisation.language if organisation else (language or "nb")
    with translation.override(language):
        lines = [_line(order, registration) for registration in paid]
    invoice = billing.invoice_draft_create(
        organisation=organisation,
        buyer_user=None if organisation else order.booked_by,
        buyer=None if organisation else _person_buyer(order, language, paid[0].name),
        lines=lines,
        your_reference=order.booked_by.name[:100],
    )
    invoice = billing.invoice_issue(invoice=invoice)
    by_registration = {line.source_id: line for line in invoice.lines.all()}
    for registration in paid:
        registration.invoice_line = by_registration[registration.pk]
        registration.save(update_fields=["invoice_line"])


def _line(order: RegistrationOrder, registration: Registration) -> dict:
    event = order.event
    day = formats.date_format(event.starts_at.astimezone(), "SHORT_DATE_FORMAT")
    return {
        "kind": InvoiceLine.Kind.EVENT_FEE,
        "description": _description(event.title, day, registration.name),
        "unit_price": registration.price,
        "vat_rate": event.vat_rate,
        "period_start": event.starts_at.astimezone().date(),
        "period_end": event.ends_at.astimezone().date(),
        "source_type": ContentType.objects.get_for_model(Registration),
        "source_id": registration.pk,
    }


def _description(title: str, day: str, name: str) -> str:
    """The line's words ("Seminar, 15.01.2026: Kari Nordmann") within its length: a long title
    gives way to the name, which is what the line bills."""
    parts = {"event": title, "date": day, "name": name}
    description = _("%(event)s, %(date)s: %(name)s") % parts
    over = len(description) - DESCRIPTION_LENGTH
    if over > 0:
        parts["event"] = title[: max(len(title) - over - 1, 0)].rstrip() + "…"
        description = (_("%(event)s, %(date)s: %(name)s") % parts)[:DESCRIPTION_LENGTH]
    return description


def _person_buyer(order: RegistrationOrder, language: str, name: str) -> dict:
    """The person who booked, by their account's name or, for an account without one, the name
    they registered with."""
    person = order.booked_by
    return {
        "buyer_name": person.name or name,
        "buyer_email": person.email,
        "buyer_address": order.buyer_address,
        "buyer_postcode": order.buyer_postcode,
        "buyer_city": order.buyer_city,
        "language": language,
    }


def registration_credit(*, registration: Registration, refund: bool) -> None:
    """A cancelled seat's line is credited when it may be refunded; after the deadline the
    invoice stands."""
    if refund:
        registrations_credit(registrations=[registration])


def registrations_credit(*, registrations: Iterable[Registration]) -> None:
    """The paid seats' lines not yet credited, on one credit note per invoice."""
    lines = InvoiceLine.objects.filter(
        registration__in=registrations, credited_by__isnull=True
    ).select_related("invoice")
    by_invoice: dict[int, list[InvoiceLine]] = {}
    for line in lines:
        by_invoice.setdefault(line.invoice_id, []).append(line)
    for invoice_lines in by_invoice.values():
        billing.invoice_lines_credit(invoice=invoice_lines[0].invoice, lines=invoice_lines)
