"""Who may file the yearly survey; used by views, services and templates. A hub's figures are its
managers' to file and to see: only managers of hubs of member organisations, never the
secretariat as such (it reads the answers in the admin, and files none for a hub)."""

from django.db.models import QuerySet

from hubs.models import Hub
from members.models import Organisation


def hubs_surveyed_for(user) -> QuerySet[Hub]:
    """The hubs whose survey this person files and whose answers they see."""
    if not user.is_authenticated or not user.is_active:
        return Hub.objects.none()
    return Hub.objects.filter(managers__user=user, organisation__status=Organisation.Status.MEMBER)


def can_file_survey(user, hub: Hub) -> bool:
    return hubs_surveyed_for(user).filter(pk=hub.pk).exists()
