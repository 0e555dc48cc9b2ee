"""Writes to member organisations."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Organisation, User


@transaction.atomic
def organisation_resign(*, organisation: Organisation, on: date, user: User) -> Organisation:
    """Membership runs until the organisation resigns; the date and the history are kept."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status != Organisation.Status.MEMBER:
        raise ValidationError(_("Only a member can resign."))
    organisation.status = Organisation.Status.RESIGNED
    organisation.resigned_on = on
    organisation._history_user = user
    organisation.full_clean()
    organisation.save()
    return organisation
