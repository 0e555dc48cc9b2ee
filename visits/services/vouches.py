"""Vouches: a hub manager vouches for a coworker of their hub until a date, by an e-mail invitation
(to an address that may already have an account); the coworker accepts; the home hub renews or
revokes it. When a hub's organisation leaves the network its vouches end, and its upcoming visits,
sent and hosted, are called off."""

import hashlib
import secrets
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hubs.models import Hub
from members.models import Organisation, User
from members.permissions import can_accept_invitation
from visits import notifications
from visits.models import HostSettings, Visit, Vouch
from visits.permissions import can_take_part
from visits.services.visits import desks_and_quota_lock, visits_cancel_for

# The network's own reasons are kept in English (gettext_noop) and translated where they are shown,
# in the reader's language; a manager's own words are shown as written.

# Upcoming visits that an ending vouch may leave without a home hub.
HOLDING_AHEAD = (Visit.Status.REQUESTED, Visit.Status.CONFIRMED)
# A vouch runs at most this far ahead; it is renewed, not made endless.
LONGEST = timedelta(days=366)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_until(until: date, today: date) -> None:
    if until < today:
        raise ValidationError({"until": _("Pick today or a later date.")})
    if until > today + LONGEST:
        raise ValidationError({"until": _("A vouch runs for at most a year; renew it later.")})


@transaction.atomic
def vouch_invite(*, hub: Hub, email: str, until: date, by: User, language: str = "nb") -> Vouch:
    """Vouch for the person at `email` until `until`; they are e-mailed a link to accept, and an
    account that already has that address sees it on Min side too."""
    if not can_take_part(hub):
        raise ValidationError(_("Only hubs of member organisations vouch for coworkers."))
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    _check_until(until, timezone.localdate())
    if Vouch.objects.live().filter(home_hub=hub, email__iexact=email).exists():
        raise _already_vouching()
    token = secrets.token_urlsafe(32)
    vouch = Vouch(home_hub=hub, email=email, until=until, vouched_by=by, token_hash=_hash(token))
    vouch.full_clean(validate_constraints=False)  # the database says it at once, just below
    try:
        with transaction.atomic():  # a form sent twice at once: the second is refused
            vouch.save()
    except IntegrityError:
        raise _already_vouching() from None
    transaction.on_commit(lambda: notifications.vouch_invited(vouch.pk, token, language))
    return vouch


def _already_vouching() -> ValidationError:
    return ValidationError(
        {"email": _("This hub already vouches for that address: renew it instead.")}
    )


def vouch_for(token: str) -> Vouch | None:
    """The open invitation behind a link's token: live, not yet accepted, not run out."""
    return (
        Vouch.objects.live()
        .select_related("home_hub")
        .filter(token_hash=_hash(token), accepted_at__isnull=True, until__gte=timezone.localdate())
        .first()
    )


@transaction.atomic
def vouch_accept(*, vouch: Vouch, user: User) -> Vouch:
    vouch = (
        Vouch.objects.select_for_update(of=("self",))
        .select_related("home_hub__organisation")
        .get(pk=vouch.pk)
    )
    if vouch.revoked_at is not None or vouch.until < timezone.localdate():
        raise ValidationError(_("This vouch has ended."))
    if vouch.accepted_at is not None:
        raise ValidationError(_("This vouch has already been accepted."))
    if not can_accept_invitation(user, vouch):
        raise ValidationError(
            _("This vouch is for %(email)s: accept it signed in with that address.")
            % {"email": vouch.email}
        )
    vouch.coworker = user
    vouch.accepted_at = timezone.now()
    vouch.full_clean()
    vouch.save(update_fields=["coworker", "accepted_at"])
    return vouch


@transaction.atomic
def vouch_renew(*, vouch: Vouch, until: date, by: User) -> Vouch:
    """Move the end date (later or earlier); the coworker is told."""
    vouch = Vouch.objects.select_for_update().get(pk=vouch.pk)
    if vouch.revoked_at is not None:
        raise ValidationError(_("A revoked vouch cannot be renewed: vouch again."))
    _check_until(until, timezone.localdate())
    vouch.until = until
    vouch.save(update_fields=["until"])
    if vouch.coworker_id:  # a shortened vouch calls off the visits past its new end
        desks_and_quota_lock(visitor_id=vouch.coworker_id)
        _visits_through_ending(
            vouch,
            Visit.objects.filter(
                visitor_id=vouch.coworker_id, home_hub=vouch.home_hub, date__gt=until
            ),
            reason=gettext_noop("The home hub's vouch ends before this day."),
        )
    transaction.on_commit(lambda: notifications.vouch_renewed(vouch.pk))
    return vouch


@transaction.atomic
def vouch_revoke(
    *, vouch: Vouch, by: User | None, reason: str = "", now: datetime | None = None
) -> Vouch:
    """End the vouch now; the coworker's upcoming visits through this hub are called off and
    everyone concerned is told."""
    vouch = Vouch.objects.select_for_update().get(pk=vouch.pk)
    if vouch.revoked_at is not None:
        raise ValidationError(_("This vouch has already ended."))
    vouch.revoked_at = now or timezone.now()
    vouch.revoked_reason = reason or gettext_noop("Revoked by the home hub.")
    vouch.save(update_fields=["revoked_at", "revoked_reason"])
    if vouch.coworker_id:
        # A request the coworker makes meanwhile waits, and then finds the vouch ended.
        desks_and_quota_lock(visitor_id=vouch.coworker_id)
        _visits_through_ending(
            vouch,
            Visit.objects.filter(visitor_id=vouch.coworker_id, home_hub=vouch.home_hub),
            reason=gettext_noop("The home hub no longer vouches for you."),
            now=now,
        )
        transaction.on_commit(lambda: notifications.vouch_ended(vouch.pk))
    return vouch


def _visits_through_ending(
    vouch: Vouch, visits, *, reason: str, now: datetime | None = None
) -> None:
    """The coworker's upcoming visits through a vouch that ends: each goes on through another
    of their vouches valid on its day (the one ending last), or is called off. Under the
    coworker's half of desks_and_quota_lock."""
    today = timezone.localdate(now or timezone.now())
    others = list(
        Vouch.objects.valid_on(today)
        .filter(coworker_id=vouch.coworker_id)
        .exclude(pk=vouch.pk)
        .order_by("-until", "pk")
    )
    ending = []
    for visit in visits.filter(status__in=HOLDING_AHEAD, date__gte=today):
        home = next((o for o in others if _covers(o, visit)), None)
        if home is None:
            ending.append(visit.pk)
        else:
            Visit.objects.filter(pk=visit.pk).update(home_hub=home.home_hub_id)
    visits_cancel_for(Visit.objects.filter(pk__in=ending), reason=reason, now=now)


def _covers(vouch: Vouch, visit: Visit) -> bool:
    return vouch.until >= visit.date and vouch.home_hub_id != visit.host_id


@transaction.atomic
def vouches_end_for_organisation(organisation: Organisation) -> int:
    """The organisation left the network: its hubs stop vouching and hosting. Their vouches end
    (each coworker is told), and upcoming visits from or to them are called off. Returns the
    number of vouches ended; safe to run again."""
    hubs = list(Hub.objects.filter(organisation=organisation).values_list("pk", flat=True))
    reason = gettext_noop("The hub's organisation has left Coworking Norge.")
    ended = 0
    for vouch in Vouch.objects.live().filter(home_hub__in=hubs):
        vouch_revoke(vouch=vouch, by=None, reason=reason)
        ended += 1
    # A request to one of its hubs made meanwhile waits, and then finds the hub gone.
    for host_id in HostSettings.objects.filter(hub__in=hubs).values_list("hub", flat=True):
        desks_and_quota_lock(host_id=host_id)
    # From them too: a visit whose visitor deleted their account has no vouch left to revoke.
    visits_cancel_for(Visit.objects.filter(Q(host__in=hubs) | Q(home_hub__in=hubs)), reason=reason)
    return ended
