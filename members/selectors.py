"""Reads about member organisations that several views share."""

from django.db.models import Prefetch, QuerySet

from hubs.models import Hub, HubManager
from members.models import Organisation, OrganisationContact
from members.permissions import organisations_of


def organisations_members() -> list[Organisation]:
    published = (
        Hub.objects.filter(is_published=True)
        .order_by("name")
        .only("name", "slug", "city", "organisation_id")
    )
    return list(
        Organisation.objects.filter(status=Organisation.Status.MEMBER)
        .prefetch_related(Prefetch("hubs", queryset=published, to_attr="published_hubs"))
        .order_by("legal_name")
        .only("legal_name", "member_since")
    )


def organisations_for_overview(user) -> QuerySet[Organisation]:
    """The person's organisations as their page shows them: tier, contacts, hubs and managers."""
    return (
        organisations_of(user)
        .select_related("tier")
        .prefetch_related(
            Prefetch("contacts", OrganisationContact.objects.select_related("user")),
            Prefetch(
                "hubs",
                Hub.objects.order_by("name").prefetch_related(
                    Prefetch("managers", HubManager.objects.select_related("user"))
                ),
            ),
        )
    )
