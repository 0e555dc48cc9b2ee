"""A hub's hosting: whether it takes network guests, its guest desks per weekday, how requests are
confirmed, its house rules and arrival instructions, and the dates it is closed."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coworking_norge import fragments
from coworking_norge.text import one_line
from hubs.models import Hub
from visits.models import ClosedDay, HostSettings, Visit
from visits.permissions import can_take_part
from visits.selectors import HOSTING_SCOPE
from visits.services.visits import desks_and_quota_lock

MAX_CLOSED_DAYS = 366


@transaction.atomic
def host_settings_save(*, hub: Hub, changes: dict) -> HostSettings:
    """Save the hub's hosting settings (made the first time). Fewer desks than already booked
    keep the visits booked; they only stop new ones."""
    if changes.get("hosts_guests") and not can_take_part(hub):
        raise ValidationError(_("Only hubs of member organisations host network guests."))
    HostSettings.objects.get_or_create(hub=hub)
    settings_ = desks_and_quota_lock(host_id=hub.pk)
    for field, value in changes.items():
        setattr(settings_, field, value)
    settings_.full_clean()
    settings_.save()
    fragments.invalidate(HOSTING_SCOPE)
    return settings_


@transaction.atomic
def closed_day_add(*, hub: Hub, day: date, reason: str = "") -> ClosedDay:
    """Close a date to network guests. A date with visits booked is refused: decline them first,
    so that each visitor is told why."""
    HostSettings.objects.get_or_create(hub=hub)
    desks_and_quota_lock(host_id=hub.pk)
    if day < timezone.localdate():
        raise ValidationError({"date": _("Pick today or a later date.")})
    if ClosedDay.objects.filter(hub=hub, date=day).exists():
        raise ValidationError({"date": _("This date is already closed.")})
    ahead = ClosedDay.objects.filter(hub=hub, date__gte=timezone.localdate()).count()
    if ahead >= MAX_CLOSED_DAYS:
        raise ValidationError(
            _("A hub can have at most %(n)d closed dates.") % {"n": MAX_CLOSED_DAYS}
        )
    booked = Visit.objects.filter(host=hub, date=day, status__in=Visit.HOLDING).count()
    if booked:
        raise ValidationError(
            {
                "date": ngettext(
                    "%(count)d visit is booked that day: call off or decline it first, so that "
                    "the visitor is told.",
                    "%(count)d visits are booked that day: call off or decline them first, so "
                    "that each visitor is told.",
                    booked,
                )
                % {"count": booked}
            }
        )
    closed = ClosedDay(hub=hub, date=day, reason=one_line(reason or "").strip())
    closed.full_clean()
    closed.save()
    return closed


def closed_day_remove(*, closed_day: ClosedDay) -> None:
    closed_day.delete()
