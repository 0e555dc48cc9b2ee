"""Invitations to become an organisation's contact or one of its hubs' managers."""

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
