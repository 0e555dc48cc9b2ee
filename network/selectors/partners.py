"""The international partners page: the published partners in their order, each with the member
hubs that also honour its scheme, in two queries whatever their number."""

from django.db.models import Prefetch, QuerySet

from hubs.models import Hub
from members.models import Organisation
from network.models import Partner


def member_hubs() -> QuerySet[Hub]:
    """Hubs run by member organisations: the ones that can honour a scheme in the network's name."""
    return Hub.objects.filter(organisation__status=Organisation.Status.MEMBER).order_by("name")


def partners_published() -> list[Partner]:
    """Published partners, in order; `hubs_shown` lists those of its reciprocal hubs that are
    published member hubs."""
    shown = member_hubs().filter(is_published=True).only("name", "slug", "city")
    hubs = Prefetch("reciprocal_hubs", queryset=shown, to_attr="hubs_shown")
    return list(Partner.objects.filter(published=True).prefetch_related(hubs))
