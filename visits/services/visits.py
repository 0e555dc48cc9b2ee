"""Visits: a host's guest desks on a day and a coworker's days per month are scarce, so a visit is
requested only with both locked by `desks_and_quota_lock`, the only place that locks them. Every
other change frees a desk or a day, or leaves them as they are."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coworking_norge import fragments
from coworking_norge.text import one_line
from hubs.models import Hub
from members.models import User
from visits import notifications
from visits.models import HostSettings, Visit, Vouch
from visits.selectors import (
    CACHE_SCOPE,
    booking_window,
    desks_left,
    is_host,
    month_bounds,
    quota_used,
)

Status = Visit.Status
# Shown instead of a person's name when there is none (an account deleted, or made without one).
FORGOTTEN = "—"
# How long after its day a visit may still be marked as arrived or not come.
MARK_WITHIN_DAYS = 14


def desks_and_quota_lock(
    *, host_id: int | None = None, visitor_id: int | None = None
) -> HostSettings | None:
    """The coworker's row (when a coworker books, or their vouch ends), then the host's settings
    (when a host's desks are booked or changed), locked until the transaction ends: the one lock
    over a coworker's monthly days and a host's guest desks and closed dates. Always in that
    order, so that two requests never wait for each other."""
    if visitor_id is not None:
        User.objects.select_for_update().only("pk").get(pk=visitor_id)
    if host_id is None:
        return None
    # The settings' row alone: PostgreSQL refuses to lock the outer join to the organisation,
    # and a locked hub row would deadlock two requests booking between two hubs in opposite
    # directions (a visit's insert checks both its hubs' rows).
    return (
        HostSettings.objects.select_for_update(of=("self",))
        .select_related("hub__organisation")
        .get(hub_id=host_id)
    )


@transaction.atomic
def visit_request(
    *,
    visitor: User,
    host: Hub,
    day: date,
    share_email: bool = False,
    phone: str = "",
    message: str = "",
    language: str = "nb",
    today: date | None = None,
) -> Visit:
    """A day at `host` for a vouched coworker, confirmed at once when the host confirms
    automatically; refused, with the reason, when the day is full, closed or out of reach, or
    the coworker's days this month are used."""
    today = today or timezone.localdate()
    _vouch_for_visit(visitor, host, day, today)
    settings_ = desks_and_quota_lock(visitor_id=visitor.pk, host_id=host.pk)
    # Again under the lock: a vouch revoked or a hub gone meanwhile refuses the request.
    vouch = _vouch_for_visit(visitor, host, day, today)
    _require_room(settings_, visitor, day)
    status = (
        Status.CONFIRMED
        if settings_.confirmation == HostSettings.Confirmation.AUTOMATIC
        else Status.REQUESTED
    )
    visit = Visit(
        visitor=visitor,
        # Never the e-mail address in its place: the visitor chooses whether the host sees it.
        visitor_name=visitor.name or FORGOTTEN,
        home_hub=vouch.home_hub,
        host=host,
        date=day,
        status=status,
        share_email=share_email,
        phone=one_line(phone).strip() if phone else "",
        message=one_line(message).strip() if message else "",
        language=language,
        decided_at=timezone.now() if status == Status.CONFIRMED else None,
    )
    visit.full_clean()
    visit.save()
    _after_commit(notifications.visit_requested, visit.pk)
    return visit


def _vouch_for_visit(visitor: User, host: Hub, day: date, today: date) -> Vouch:
    first, last = booking_window(today)
    if not first <= day <= last:
        raise ValidationError(
            _("Pick a day from %(first)s to %(last)s.")
            % {"first": _date(first), "last": _date(last)}
        )
    vouches = list(
        Vouch.objects.valid_on(day)
        .filter(coworker=visitor)
        .select_related("home_hub")
        .order_by("-until", "pk")
    )
    if any(vouch.home_hub_id == host.pk for vouch in vouches):
        raise ValidationError(
            _("This is your home hub: the network pass is for days at other member hubs.")
        )
    vouch = vouches[0] if vouches else None
    if vouch is None:
        raise ValidationError(
            _("You need a member hub's vouch that is valid on that day to visit another hub.")
        )
    if not is_host(host):
        raise ValidationError(_("This hub does not host network guests."))
    return vouch


def _require_room(settings_: HostSettings, visitor: User, day: date) -> None:
    """Under desks_and_quota_lock: still hosting, and room for the visit."""
    if not settings_.hosts_guests:
        raise ValidationError(_("This hub does not host network guests."))
    if refusal := _room_refusal(settings_, visitor.pk, day):
        raise ValidationError(refusal)


def _room_refusal(settings_: HostSettings, visitor_id: int | None, day: date) -> str | None:
    """Under desks_and_quota_lock: why a desk-holding visit on `day` does not fit (another visit
    of the person that day, no desk left, the month's days used), or None. An account deleted
    since (None) holds no other day."""
    person = visitor_id is not None
    if (
        person
        and Visit.objects.filter(visitor_id=visitor_id, date=day, status__in=Visit.HOLDING).exists()
    ):
        return _("You already have a visit on that day.")
    if desks_left(settings_, day) <= 0:
        return _("There is no guest desk left at this hub on that day.")
    quota = settings.VISITS_MONTHLY_QUOTA
    if person and quota_used(visitor_id, *month_bounds(day)) >= quota:
        return _("You have used your %(quota)d days in the network this month.") % {"quota": quota}
    return None


def _date(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _locked(visit: Visit) -> Visit:
    # The visit's row alone: locking the hubs' rows too would block every request that books
    # from or to them, and deadlock with one that holds the same visitor.
    return (
        Visit.objects.select_for_update(of=("self",))
        .select_related("host", "home_hub")
        .get(pk=visit.pk)
    )


@transaction.atomic
def visit_confirm(*, visit: Visit, by: User, now: datetime | None = None) -> Visit:
    """The host says yes to a request."""
    visit = _locked(visit)
    _require_not_own(visit, by)
    if visit.status != Status.REQUESTED:
        raise ValidationError(_("Only a visit that waits for an answer can be confirmed."))
    _require_not_past(visit, now)
    return _decide(visit, Status.CONFIRMED, by, now, notifications.visit_confirmed)


@transaction.atomic
def visit_decline(*, visit: Visit, by: User, reason: str, now: datetime | None = None) -> Visit:
    """The host says no, with a reason the coworker reads: to a request, or to a confirmed visit
    that cannot take place after all."""
    visit = _locked(visit)
    _require_not_own(visit, by)
    if visit.status not in (Status.REQUESTED, Status.CONFIRMED):
        raise ValidationError(_("Only a requested or confirmed visit can be declined."))
    _require_not_past(visit, now)
    reason = one_line(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tell the coworker why.")})
    visit.decline_reason = reason
    return _decide(visit, Status.DECLINED, by, now, notifications.visit_declined)


@transaction.atomic
def visit_cancel(*, visit: Visit, by: User, now: datetime | None = None) -> Visit:
    """The coworker calls it off, until the day before: on the day the host marks them."""
    visit = _locked(visit)
    if visit.status not in (Status.REQUESTED, Status.CONFIRMED):
        raise ValidationError(_("This visit can no longer be cancelled."))
    if not visit.cancellable_on(timezone.localdate(now or timezone.now())):
        raise ValidationError(_("A visit can be cancelled until the day before."))
    visit.status = Status.CANCELLED
    visit.cancelled_at = now or timezone.now()
    visit.save(update_fields=["status", "cancelled_at"])
    _after_commit(notifications.visit_cancelled, visit.pk)
    return visit


@transaction.atomic
def visit_mark(*, visit: Visit, by: User, arrived: bool, now: datetime | None = None) -> Visit:
    """The host marks a confirmed visitor as arrived or not come, on the day or in the
    MARK_WITHIN_DAYS after it (later, the ledger may have been settled); a mistaken mark can be
    turned the other way."""
    visit = _locked(visit)
    now = now or timezone.now()
    _require_not_own(visit, by)
    if visit.status not in (Status.CONFIRMED, Status.ARRIVED, Status.NO_SHOW):
        raise ValidationError(_("Only a confirmed visit can be marked."))
    today = timezone.localdate(now)
    if visit.date > today:
        raise ValidationError(_("A visit can be marked on its day or after it."))
    if visit.date < today - timedelta(days=MARK_WITHIN_DAYS):
        raise ValidationError(
            _("A visit can be marked up to %(days)d days after its day.")
            % {"days": MARK_WITHIN_DAYS}
        )
    if arrived and visit.status == Status.NO_SHOW:
        _require_room_again(visit)
    visit.status = Status.ARRIVED if arrived else Status.NO_SHOW
    visit.marked_at = now
    visit.save(update_fields=["status", "marked_at"])
    fragments.invalidate(CACHE_SCOPE)
    return visit


def _require_room_again(visit: Visit) -> None:
    """A no-show freed its desk and the visitor's day; turned back into an arrival it holds them
    again, so only if nobody took them meanwhile (under desks_and_quota_lock)."""
    settings_ = desks_and_quota_lock(visitor_id=visit.visitor_id, host_id=visit.host_id)
    if _room_refusal(settings_, visit.visitor_id, visit.date):
        raise ValidationError(
            _(
                "The desk or the visitor's day has been booked again since: this visit can no "
                "longer be marked as arrived."
            )
        )


def visits_cancel_for(visits, *, reason: str, now: datetime | None = None) -> list[int]:
    """Upcoming visits called off by the network (a vouch that ended, a hub that left); each
    visitor and host is told. Called inside the caller's transaction."""
    now = now or timezone.now()
    ids = list(
        visits.select_for_update()
        .filter(status__in=(Status.REQUESTED, Status.CONFIRMED), date__gte=timezone.localdate(now))
        .values_list("pk", flat=True)
    )
    Visit.objects.filter(pk__in=ids).update(
        status=Status.CANCELLED, cancelled_at=now, decline_reason=reason
    )
    for pk in ids:
        _after_commit(notifications.visit_called_off, pk)
    if ids:
        fragments.invalidate(CACHE_SCOPE)
    return ids


def _require_not_own(visit: Visit, by: User | None) -> None:
    """A manager of two hubs never answers or marks their own visit: the ledger is between hubs."""
    if by is not None and visit.visitor_id is not None and by.pk == visit.visitor_id:
        raise ValidationError(_("Another manager of the hub answers your own visit."))


def _require_not_past(visit: Visit, now: datetime | None) -> None:
    if visit.date < timezone.localdate(now or timezone.now()):
        raise ValidationError(_("This visit's day has passed."))


def _decide(visit: Visit, status: str, by: User, now, notify) -> Visit:
    visit.status = status
    visit.decided_at = now or timezone.now()
    visit.decided_by = by
    visit.full_clean()
    visit.save()
    _after_commit(notify, visit.pk)
    return visit


def _after_commit(notify, pk: int) -> None:
    fragments.invalidate(CACHE_SCOPE)
    transaction.on_commit(lambda: notify(pk))


@transaction.atomic
def visits_forget_visitor(visitor: User) -> None:
    """The person's account is being deleted: their upcoming visits are called off (each host is
    told), and the visits kept for the ledger lose their name and what they chose to share."""
    visits = Visit.objects.filter(visitor=visitor)
    visits_cancel_for(visits, reason=gettext_noop("The visitor's account has been deleted."))
    visits.update(visitor_name=FORGOTTEN, share_email=False, phone="", message="")
