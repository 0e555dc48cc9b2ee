"""Invitations to become an organisation's contact or one of its hubs' managers: sent, sent again,
withdrawn and accepted. `created_at` is when it was last sent; the link is valid for VALID_FOR
from then."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hubs.models import Hub
from hubs.services import hub_manager_add
from members import notifications
from members.models import Invitation, Organisation, User
from members.permissions import can_accept_invitation
from members.services.contacts import contact_set

VALID_FOR = timedelta(days=14)
# An invitation is sent again at most once in this time, so that nobody is flooded with e-mails.
RESEND_AFTER = timedelta(minutes=5)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_send(
    *,
    organisation: Organisation,
    email: str,
    invited_by: User,
    role: str = "",
    hub: Hub | None = None,
) -> Invitation:
    if hub is not None and hub.organisation_id != organisation.pk:
        raise ValidationError(_("The hub does not belong to this organisation."))
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        email=email.strip().lower(),
        role="" if hub else role,
        hub=hub,
        token_hash=_hash(token),
        invited_by=invited_by,
    )
    invitation.full_clean()
    invitation.save()
    transaction.on_commit(lambda: notifications.invitation_sent(invitation, token), robust=True)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> Invitation:
    """Send the same invitation again, valid for VALID_FOR from now. Only a hash of a token is
    stored, so the e-mail carries a new link and the earlier one stops working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."), code="accepted")
    if invitation.created_at > timezone.now() - RESEND_AFTER:
        raise ValidationError(
            _(
                "The invitation to %(email)s was sent less than %(minutes)d minutes ago. Wait a "
                "few minutes before sending it again."
            )
            % {"email": invitation.email, "minutes": RESEND_AFTER.seconds // 60},
            code="too_soon",
        )
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(token)
    invitation.created_at = timezone.now()
    invitation.save(update_fields=["token_hash", "created_at"])
    transaction.on_commit(lambda: notifications.invitation_sent(invitation, token), robust=True)
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation) -> None:
    """Take back an invitation nobody has accepted: its link stops working. An accepted one is
    kept, as the record of who gave the person their role."""
    invitation = Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if invitation is None:
        return  # withdrawn a moment ago, from another tab
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."), code="accepted")
    invitation.delete()


def invitation_for(token: str) -> Invitation | None:
    """The open invitation behind a link's token, if it has not expired."""
    return (
        Invitation.objects.select_related("organisation", "hub")
        .filter(
            token_hash=_hash(token),
            accepted_at__isnull=True,
            created_at__gte=timezone.now() - VALID_FOR,
        )
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."))
    if not can_accept_invitation(user, invitation):
        raise ValidationError(
            _("This invitation is for %(email)s: accept it signed in with that address.")
            % {"email": invitation.email}
        )
    if invitation.hub_id:
        hub_manager_add(hub=invitation.hub, user=user)
    else:
        contact_set(organisation=invitation.organisation, user=user, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
