"""Who may see or do what with hubs; used by views, services and templates alike."""

from django.db.models import QuerySet

from coworking_norge.secretariat import is_secretariat
from hubs.models import Hub


def can_see_unpublished_hubs(user) -> bool:
    return is_secretariat(user)


def can_view_hub(user, hub: Hub) -> bool:
    return hub.is_published or can_see_unpublished_hubs(user)


def hubs_editable_by(user) -> QuerySet[Hub]:
    """The hubs whose public profile this person may edit: their own, or all for the secretariat."""
    if not user.is_authenticated or not user.is_active:
        return Hub.objects.none()
    if is_secretariat(user):
        return Hub.objects.all()
    return Hub.objects.filter(managers__user=user)


def can_edit_hub(user, hub: Hub) -> bool:
    return hubs_editable_by(user).filter(pk=hub.pk).exists()


def can_leave_hub_without_managers(user) -> bool:
    """Only the secretariat may remove a hub's last manager (it edits every hub itself)."""
    return user is not None and is_secretariat(user)
