"""Every write about people and member organisations, by subject: accounts, applications to join,
contacts, invitations, and organisations."""

from members.services.accounts import user_create_verified, user_make_secretariat
from members.services.applications import (
    application_approve,
    application_reject,
    application_submit,
    application_withdraw,
    open_applications_left,
    tier_suggested,
)
from members.services.contacts import (
    contact_removal_refusal,
    contact_remove,
    contact_set,
    contacts_lock,
)
from members.services.invitations import invitation_accept, invitation_for, invitation_send
from members.services.organisations import organisation_resign

__all__ = [
    "application_approve",
    "application_reject",
    "application_submit",
    "application_withdraw",
    "contact_removal_refusal",
    "contact_remove",
    "contact_set",
    "contacts_lock",
    "invitation_accept",
    "invitation_for",
    "invitation_send",
    "open_applications_left",
    "organisation_resign",
    "tier_suggested",
    "user_create_verified",
    "user_make_secretariat",
]
