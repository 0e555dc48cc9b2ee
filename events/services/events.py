"""Writes to events themselves: saving them from the admin (a new capacity fills seats from the
waiting list), a hub manager's proposal, publishing and cancelling."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coworking_norge import fragments
from events import notifications
from events.models import Event, Registration
from events.services import invoicing
from events.services.registrations import (
    CACHE_SCOPE,
    event_lock,
    promote_waiting,
    seats_taken,
)

# Changes a calendar that holds the event should pick up (SEQUENCE grows).
CALENDAR_FIELDS = (
    "title_nb",
    "title_en",
    "starts_at",
    "ends_at",
    "hub",
    "venue_name",
    "venue_address",
    "online_url",
    "description_nb",
    "description_en",
)


@transaction.atomic
def event_save(*, event: Event, changed: list[str] | tuple[str, ...] = ()) -> Event:
    """The secretariat's edit: saved whole; a larger capacity fills seats from the queue at once.
    `changed` names the fields the form changed (all of them for a new event)."""
    if event.pk is None:
        event.full_clean()
        event.save()
        fragments.invalidate(CACHE_SCOPE)
        return event
    locked = event_lock(event.pk)
    _refuse_capacity_below_seats(locked, event.capacity)
    if set(changed) & set(CALENDAR_FIELDS) or "programme" in changed:
        event.sequence = locked.sequence + 1
    event.cancelled_at = locked.cancelled_at
    event.full_clean()
    event.save()
    promote_waiting(event)
    fragments.invalidate(CACHE_SCOPE)
    return event


def _refuse_capacity_below_seats(event: Event, capacity: int) -> None:
    taken = seats_taken(event)
    if capacity < taken:
        raise ValidationError(
            {
                "capacity": ngettext(
                    "%(count)d person already holds a seat; cancel registrations before "
                    "lowering the capacity below that.",
                    "%(count)d people already hold a seat; cancel registrations before "
                    "lowering the capacity below that.",
                    taken,
                )
                % {"count": taken}
            }
        )


@transaction.atomic
def event_capacity_change(*, event: Event, capacity: int) -> Event:
    event = event_lock(event.pk)
    _refuse_capacity_below_seats(event, capacity)
    event.capacity = capacity
    event.full_clean()
    event.save(update_fields=["capacity", "updated_at"])
    promote_waiting(event)
    fragments.invalidate(CACHE_SCOPE)
    return event


@transaction.atomic
def event_cancel(*, event: Event, now: datetime | None = None) -> Event:
    """Everyone registered is e-mailed; every paid seat is credited, whatever the deadline."""
    now = now or timezone.now()
    event = event_lock(event.pk)
    if event.is_cancelled:
        raise ValidationError(_("This event is already cancelled."))
    event.cancelled_at, event.sequence = now, event.sequence + 1
    event.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    told = event.registrations.exclude(status=Registration.Status.CANCELLED)
    ids = list(told.values_list("pk", flat=True))
    told.update(
        status=Registration.Status.CANCELLED, position=None, cancelled_at=now, checked_in_at=None
    )
    invoicing.registrations_credit(registrations=Registration.objects.filter(pk__in=ids))
    transaction.on_commit(lambda: notifications.event_cancelled(event.pk, ids), robust=True)
    fragments.invalidate(CACHE_SCOPE)
    return event


@transaction.atomic
def event_propose(*, event: Event, hub, by) -> Event:
    """A hub manager's event at their hub, unpublished until the secretariat publishes it."""
    event.hub, event.proposed_by, event.published = hub, by, False
    event.full_clean()
    event.save()
    pk = event.pk
    transaction.on_commit(lambda: notifications.event_proposed(pk), robust=True)
    return event


@transaction.atomic
def event_publish(*, event: Event) -> Event:
    event = event_lock(event.pk)
    if event.is_cancelled:
        raise ValidationError(_("A cancelled event cannot be published."))
    event.published = True
    event.save(update_fields=["published", "updated_at"])
    fragments.invalidate(CACHE_SCOPE)
    return event
