"""An organisation's contacts: added, given another role, removed. An organisation always keeps at
least one admin contact; every change of its contacts takes the organisation's row lock first
(`contacts_lock`), so that two changes at once run one after the other and the second sees the
first."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Organisation, OrganisationContact, User


def contacts_lock(organisation_id: int) -> None:
    """The one place that locks an organisation's contacts: its row, until the transaction ends."""
    list(Organisation.objects.select_for_update().filter(pk=organisation_id).values("pk"))


def _admins_besides(organisation_id: int, contact_pk: int) -> bool:
    return (
        OrganisationContact.objects.filter(
            organisation_id=organisation_id, role=OrganisationContact.Role.ADMIN
        )
        .exclude(pk=contact_pk)
        .exists()
    )


@transaction.atomic
def contact_set(*, organisation: Organisation, user: User, role: str) -> OrganisationContact:
    """Make the person a contact of the organisation in `role`, or give them that role; the last
    admin contact is never made a plain one."""
    contacts_lock(organisation.pk)
    contact = OrganisationContact.objects.filter(organisation=organisation, user=user).first()
    if contact is None:
        contact = OrganisationContact(organisation=organisation, user=user)
    elif (
        contact.role == OrganisationContact.Role.ADMIN
        and role != OrganisationContact.Role.ADMIN
        and not _admins_besides(organisation.pk, contact.pk)
    ):
        raise ValidationError(_("The organisation's last admin contact cannot give up the role."))
    contact.role = role
    contact.full_clean(validate_unique=False)
    contact.save()
    return contact


@transaction.atomic
def contact_remove(*, contact: OrganisationContact) -> None:
    """Remove a contact; an organisation always keeps at least one admin contact."""
    contacts_lock(contact.organisation_id)
    contact = OrganisationContact.objects.filter(pk=contact.pk).first()
    if contact is None:
        return  # removed a moment ago by someone else
    refusal = contact_removal_refusal(contact)
    if refusal:
        raise ValidationError(refusal)
    contact.delete()


def contact_removal_refusal(contact: OrganisationContact) -> str:
    """Why removing this contact would be refused, or "": asked before the confirmation page too,
    so that nobody is asked a question whose answer is no."""
    if contact.role == OrganisationContact.Role.ADMIN and not _admins_besides(
        contact.organisation_id, contact.pk
    ):
        return _("The organisation's last admin contact cannot be removed.")
    return ""
