"""Registrations: the seats of an event are scarce, so every change to who holds one — registering,
cancelling, promoting from the waiting list, a new capacity, a cancelled event — happens with the
event's row locked by `event_lock`, the only place that locks it. Positions on the waiting list are
1, 2, 3… without gaps, kept so under that lock."""

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coworking_norge import fragments
from coworking_norge.text import one_line
from events import notifications
from events.models import Event, Registration, RegistrationOrder, RegistrationState
from events.permissions import can_book_for
from events.services import invoicing
from members.models import Organisation

MAX_ATTENDEES = 20
CACHE_SCOPE = "events"


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str


def event_lock(event_id: int) -> Event:
    """The event's row, locked until the transaction ends: the one lock over its seats."""
    return Event.objects.select_for_update().get(pk=event_id)


@transaction.atomic
def registration_create(
    *,
    event: Event,
    booked_by,
    attendees: list[Attendee],
    organisation: Organisation | None = None,
    buyer: dict | None = None,
    language: str = "nb",
    now: datetime | None = None,
) -> RegistrationOrder:
    """Seats for the attendees while there are any, the waiting list after that. `buyer` is a
    person's invoice address (address, postcode, city) when they pay for themselves."""
    now = now or timezone.now()
    attendees = _checked_attendees(attendees)
    if organisation is not None and not can_book_for(booked_by, organisation):
        raise ValidationError(_("You can only register on behalf of your own organisation."))
    event = event_lock(event.pk)
    _require_open(event, now)
    _refuse_taken(event, attendees)
    member = organisation is not None and organisation.is_member
    order = _order_create(event, booked_by, organisation, member, buyer or {}, language)
    confirmed = _seat_or_queue(event, order, attendees, booked_by, now)
    invoicing.registrations_bill(order=order, registrations=confirmed, language=language)
    _tell_after_commit(order.registrations.values_list("pk", flat=True))
    fragments.invalidate(CACHE_SCOPE)
    return order


def _checked_attendees(attendees: list[Attendee]) -> list[Attendee]:
    if not attendees:
        raise ValidationError(_("Add at least one person to register."))
    if len(attendees) > MAX_ATTENDEES:
        raise ValidationError(
            _("At most %(count)d people can be registered at once.") % {"count": MAX_ATTENDEES}
        )
    cleaned = [Attendee(name=printable(a.name), email=a.email.strip().lower()) for a in attendees]
    for attendee in cleaned:
        if not any(character.isalnum() for character in attendee.name):
            raise ValidationError(_("Every person needs a name."))
        validate_email(attendee.email)
    if len({a.email for a in cleaned}) != len(cleaned):
        raise ValidationError(_("The same e-mail address is given twice."))
    return cleaned


def printable(text: str) -> str:
    """Text as one line without control characters: a name goes on tickets (an SVG, which is
    XML and has no place for them), badges, invoices and e-mail subjects."""
    return one_line("".join(c for c in text if c.isspace() or unicodedata.category(c) != "Cc"))


def _require_open(event: Event, now: datetime) -> None:
    state = event.registration_state(now)
    if state != RegistrationState.OPEN:
        raise ValidationError(RegistrationState(state).label)


def _refuse_taken(event: Event, attendees: list[Attendee]) -> None:
    taken = sorted(
        event.registrations.exclude(status=Registration.Status.CANCELLED)
        .filter(email__in=[a.email for a in attendees])
        .values_list("email", flat=True)
    )
    if taken:
        raise ValidationError(
            _("Already registered for this event: %(emails)s.") % {"emails": ", ".join(taken)}
        )


def _order_create(
    event, booked_by, organisation, member: bool, buyer: dict, language: str
) -> RegistrationOrder:
    order = RegistrationOrder(
        event=event,
        booked_by=booked_by,
        organisation=organisation,
        member_price=member,
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        buyer_address=printable(buyer.get("address", "")),
        buyer_postcode=printable(buyer.get("postcode", "")),
        buyer_city=printable(buyer.get("city", "")),
    )
    order.full_clean()
    order.save()
    return order


def _seat_or_queue(event, order, attendees, booked_by, now) -> list[Registration]:
    free = seats_free(event)
    last = _last_position(event)
    price = event.price_for(member=order.member_price)
    confirmed = []
    for attendee in attendees:
        registration = Registration(
            event=event,
            order=order,
            user=booked_by if attendee.email == booked_by.email.lower() else None,
            name=attendee.name,
            email=attendee.email,
            price=price,
        )
        if free > 0:
            free -= 1
            registration.status, registration.confirmed_at = Registration.Status.CONFIRMED, now
            confirmed.append(registration)
        else:
            last += 1
            registration.status, registration.position = Registration.Status.WAITLISTED, last
        registration.full_clean(validate_constraints=False)
        registration.save()
    return confirmed


def seats_taken(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def seats_free(event: Event) -> int:
    return max(event.capacity - seats_taken(event), 0)


def _last_position(event: Event) -> int:
    waiting = event.registrations.filter(status=Registration.Status.WAITLISTED)
    return waiting.aggregate(last=Max("position"))["last"] or 0


def _tell_after_commit(registration_ids) -> None:
    ids = list(registration_ids)
    transaction.on_commit(lambda: notifications.registrations_made(ids), robust=True)


@transaction.atomic
def registration_cancel(*, registration: Registration, now: datetime | None = None) -> Registration:
    """The seat or the place in the queue is given up; a paid seat is credited before the
    refund deadline; the first in the queue takes a freed seat at once."""
    now = now or timezone.now()
    event = event_lock(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."))
    if event.ends_at <= now:
        raise ValidationError(_("The event is over; the registration can no longer change."))
    was_confirmed, position = _cancel_one(registration, now)
    if position is not None:
        _close_gap(event, after=position, by=1)
    if was_confirmed:
        invoicing.registration_credit(registration=registration, refund=event.refunds_at(now))
    if was_confirmed and now < event.starts_at:
        # Once the event has begun, a seat left empty is handed to nobody: the first in the queue
        # would be billed, past free cancellation, for something already going on without them.
        _promote(event, now)
    rid = registration.pk
    transaction.on_commit(lambda: notifications.registration_cancelled(rid), robust=True)
    fragments.invalidate(CACHE_SCOPE)
    return registration


def _cancel_one(registration: Registration, now: datetime) -> tuple[bool, int | None]:
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    position = registration.position
    registration.status, registration.position = Registration.Status.CANCELLED, None
    registration.cancelled_at = now
    registration.checked_in_at = None
    registration.save(update_fields=["status", "position", "cancelled_at", "checked_in_at"])
    return was_confirmed, position


def _close_gap(event: Event, *, after: int, by: int) -> None:
    """Everyone queued behind `after` moves up `by` places. In two steps, through numbers above
    any place in the queue, so no two rows share a place even for an instant."""
    behind = event.registrations.filter(status=Registration.Status.WAITLISTED, position__gt=after)
    jump = _last_position(event) + 1
    behind.update(position=F("position") + jump)
    event.registrations.filter(
        status=Registration.Status.WAITLISTED, position__gt=after + jump
    ).update(position=F("position") - jump - by)


def _promote(event: Event, now: datetime) -> list[Registration]:
    """Free seats go to the first in the queue, in order; each is billed and e-mailed."""
    free = seats_free(event)
    if free == 0 or event.is_cancelled:
        return []
    lucky = list(
        event.registrations.filter(status=Registration.Status.WAITLISTED)
        .select_related("order__organisation", "order__booked_by")
        .order_by("position")[:free]
    )
    if not lucky:
        return []
    for registration in lucky:
        registration.status, registration.position = Registration.Status.CONFIRMED, None
        registration.confirmed_at = now
        registration.save(update_fields=["status", "position", "confirmed_at"])
    _close_gap(event, after=0, by=len(lucky))
    by_order: dict[int, list[Registration]] = {}
    for registration in lucky:
        by_order.setdefault(registration.order_id, []).append(registration)
    for seated in by_order.values():
        invoicing.registrations_bill(order=seated[0].order, registrations=seated)
    ids = [registration.pk for registration in lucky]
    transaction.on_commit(lambda: notifications.registrations_promoted(ids), robust=True)
    return lucky


def promote_waiting(event: Event, now: datetime | None = None) -> list[Registration]:
    """For the event services, with the event already locked by `event_lock`."""
    return _promote(event, now or timezone.now())


@transaction.atomic
def registration_check_in(*, registration: Registration, now: datetime | None = None) -> bool:
    """Checks the participant in at the door; False when they already were."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Only a confirmed participant can be checked in."))
    if registration.checked_in_at is not None:
        return False
    registration.checked_in_at = now or timezone.now()
    registration.save(update_fields=["checked_in_at"])
    return True
