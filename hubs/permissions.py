"""Who may see or do what with hubs; used by views, services and templates alike."""

from hubs.models import Hub


def can_see_unpublished_hubs(user) -> bool:
    return bool(user.is_authenticated and user.is_secretariat)


def can_view_hub(user, hub: Hub) -> bool:
    return hub.is_published or can_see_unpublished_hubs(user)
