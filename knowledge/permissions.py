"""Who may read, submit and review library resources; used by views, services and templates."""

from django.db.models import QuerySet

from coworking_norge.secretariat import is_secretariat
from hubs.models import Hub
from knowledge.models import Resource
from members.models import Organisation
from members.permissions import belongs_to_a_member


def can_read_in_full(user, resource: Resource) -> bool:
    """The body and the file: of a public resource for anyone; of a members-only one for people
    of member organisations."""
    return not resource.members_only or belongs_to_a_member(user)


def can_view_resource(user, resource: Resource) -> bool:
    """Its page: published, or the submitter's own or the secretariat's preview."""
    return (
        resource.is_out
        or is_secretariat(user)
        or (user.is_authenticated and resource.submitted_by_id == user.pk)
    )


def hubs_submitting_for(user) -> QuerySet[Hub]:
    """The hubs on whose behalf this person may submit a resource: those they manage whose
    organisation is a member."""
    if not user.is_authenticated or not user.is_active:
        return Hub.objects.none()
    return Hub.objects.filter(
        managers__user=user, organisation__status=Organisation.Status.MEMBER
    ).order_by("name")


def submissions_of(user) -> QuerySet[Resource]:
    if not user.is_authenticated:
        return Resource.objects.none()
    return Resource.objects.filter(submitted_by=user).select_related("hub").order_by("-created_at")


def can_withdraw(user, resource: Resource) -> bool:
    return (
        user.is_authenticated
        and resource.submitted_by_id == user.pk
        and resource.status == Resource.Status.SUBMITTED
    )
