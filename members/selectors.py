"""Reads about member organisations that several views share."""

from django.db.models import Prefetch

from hubs.models import Hub
from members.models import Organisation


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
