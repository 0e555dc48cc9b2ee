"""Who may book for whom and see which registrations; used by views, services and templates.
Anyone without the right gets 404 from the views."""

from django.db.models import Q, QuerySet

from coworking_norge.secretariat import is_secretariat
from events.models import Registration
from hubs.permissions import can_edit_hub
from members.models import Organisation, OrganisationContact


def can_book_for(user, organisation: Organisation) -> bool:
    """Any contact of an organisation may register colleagues with it as the buyer."""
    return OrganisationContact.objects.filter(user=user, organisation=organisation).exists()


def registrations_visible_to(user) -> QuerySet[Registration]:
    """The person registered, whoever booked them, the contacts of the paying organisation, and
    the secretariat."""
    if not user.is_authenticated or not user.is_active:
        return Registration.objects.none()
    if is_secretariat(user):
        return Registration.objects.all()
    return Registration.objects.filter(
        Q(user=user)
        | Q(email__iexact=user.email)
        | Q(order__booked_by=user)
        | Q(order__organisation__contacts__user=user)
    ).distinct()


def can_check_in(user) -> bool:
    return is_secretariat(user)


def can_propose_event_at(user, hub) -> bool:
    return can_edit_hub(user, hub)
