"""Reads of hubs that several views share."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.text import Truncator

from hubs import geo
from hubs.counties import County
from hubs.models import Facility, Hub

TAGLINE_LENGTH = 110


def hubs_published(
    *, county: str | None = None, facility: str | None = None, q: str | None = None
) -> QuerySet[Hub]:
    hubs = Hub.objects.filter(is_published=True)
    if county:
        hubs = hubs.filter(county=county)
    if facility:
        hubs = hubs.filter(facilities__slug=facility)
    if q:
        hubs = hubs.filter(_text_query(q))
    return hubs.order_by("name")


def _text_query(q: str) -> Q:
    query = Q()
    for word in q.split()[:8]:
        query &= (
            Q(name__icontains=word)
            | Q(city__icontains=word)
            | Q(tagline_nb__icontains=word)
            | Q(tagline_en__icontains=word)
            | Q(description_nb__icontains=word)
            | Q(description_en__icontains=word)
            | Q(facilities__name_nb__icontains=word)
            | Q(facilities__name_en__icontains=word)
        )
    return query


@dataclass(frozen=True, slots=True)
class HubCard:
    """What a list row or a map marker shows, worked out once per hub, not in the template."""

    name: str
    url: str
    city: str
    county: str
    tagline: str
    capacity: int | None
    # Map coordinates as text: numbers would be localised ("365,1") by the template.
    x: str
    y: str


def hub_cards(hubs: QuerySet[Hub]) -> list[HubCard]:
    # The URL prefix is reversed once; reversing per row is the costliest part of a long list.
    prefix = reverse("hubs:detail", kwargs={"slug": "-"})[:-2]
    county_labels = dict(County.choices)
    ids = hubs.values("pk")
    rows = (
        Hub.objects.filter(pk__in=ids)
        .order_by("name")
        .only("name", "slug", "city", "county", "tagline", "capacity", "latitude", "longitude")
    )
    return [_card(hub, prefix, county_labels) for hub in rows]


def _card(hub: Hub, prefix: str, county_labels: dict) -> HubCard:
    x, y = geo.project(float(hub.latitude), float(hub.longitude))
    return HubCard(
        name=hub.name,
        url=f"{prefix}{hub.slug}/",
        city=hub.city,
        county=str(county_labels.get(hub.county, hub.county)),
        tagline=Truncator(hub.tagline).chars(TAGLINE_LENGTH),
        capacity=hub.capacity,
        x=f"{x:.1f}",
        y=f"{y:.1f}",
    )


def network_totals() -> dict[str, int]:
    totals = Hub.objects.filter(is_published=True).aggregate(
        hubs=Count("pk"), desks=Sum("capacity"), cities=Count("city", distinct=True)
    )
    return {key: value or 0 for key, value in totals.items()}


def facilities_all() -> QuerySet[Facility]:
    return Facility.objects.order_by("order", "slug")


def hub_for_profile(*, slug: str, include_unpublished: bool) -> QuerySet[Hub]:
    hubs = Hub.objects.filter(slug=slug).prefetch_related(
        Prefetch("facilities", queryset=Facility.objects.order_by("order", "slug")), "photos"
    )
    return hubs if include_unpublished else hubs.filter(is_published=True)
