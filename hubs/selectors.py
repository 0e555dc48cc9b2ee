"""Reads of hubs that several views share."""

from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coworking_norge.secretariat import secretariat_members
from hubs import geo
from hubs.counties import County
from hubs.models import Facility, Hub, HubManager
from hubs.texts import local_text

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
    tagline_lang: str  # set when the tagline is Norwegian standing in for the page's language
    desks: str  # "40 desks", or empty when the capacity is not stated
    # Map coordinates as text: numbers would be localised ("365,1") by the template.
    x: str
    y: str


CARD_FIELDS = (
    "name", "slug", "city", "county", "tagline_nb", "tagline_en", "capacity",
    "latitude", "longitude", "map_x", "map_y",
)  # fmt: skip


def hub_cards(hubs: QuerySet[Hub]) -> list[HubCard]:
    """Everything a row shows, worked out once per request: the URL prefix is reversed once, county
    names and desk counts are looked up once per value, and rows are plain values, not models."""
    prefix = reverse("hubs:detail", kwargs={"slug": "-"})[:-2]
    county_labels = {value: str(label) for value, label in County.choices}
    desks = _Memo(_desks)
    rows = Hub.objects.filter(pk__in=hubs.values("pk")).order_by("name").values(*CARD_FIELDS)
    return [_card(SimpleNamespace(**row), prefix, county_labels, desks) for row in rows]


def _card(hub, prefix: str, county_labels: dict, desks) -> HubCard:
    x, y = marker_position(hub)
    tagline = local_text(hub, "tagline")
    return HubCard(
        name=hub.name,
        url=f"{prefix}{hub.slug}/",
        city=hub.city,
        county=county_labels.get(hub.county, hub.county),
        tagline=_shortened(tagline.text, TAGLINE_LENGTH),
        tagline_lang=tagline.lang if tagline.fallback else "",
        desks=desks(hub.capacity),
        x=f"{x:.1f}",
        y=f"{y:.1f}",
    )


def _shortened(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    return text[: length - 1].rstrip() + "…"


class _Memo(dict):
    """A function's results by argument, for the length of one list."""

    def __init__(self, function) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, key):
        self[key] = value = self.function(key)
        return value

    def __call__(self, key):
        return self[key]


def _desks(capacity: int | None) -> str:
    if not capacity:
        return ""
    return ngettext("%(count)s desk", "%(count)s desks", capacity) % {"count": capacity}


def marker_position(hub) -> tuple[float, float]:
    """Where the marker sits: placed among its neighbours, or (not placed yet) its own spot."""
    if hub.map_x is not None and hub.map_y is not None:
        return hub.map_x, hub.map_y
    return geo.project(float(hub.latitude), float(hub.longitude))


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


def hubs_managed_overview(*, user) -> list[Hub]:
    """The hubs a person manages, each with its fellow managers (for "Min side")."""
    managers = Prefetch(
        "managers", queryset=HubManager.objects.select_related("user").order_by("user__name")
    )
    return list(Hub.objects.filter(managers__user=user).prefetch_related(managers).order_by("name"))


def hub_change_summary(record) -> list[str]:
    """The names of the fields one historical record of a hub changed, as people read them."""
    previous = record.prev_record
    if previous is None:
        return [str(_("created"))]
    # Translated fields are labelled by modeltranslation with their language: "tagline [en]".
    return [
        str(Hub._meta.get_field(field).verbose_name)
        for field, _old, _new in hub_record_changes(record, previous)
    ]


def hub_record_changes(record, previous=None) -> list[tuple[str, object, object]]:
    """(field, old, new) for what one historical record changed; empty and None count as one."""
    previous = previous or record.prev_record
    changes = record.diff_against(previous).changes
    return [(c.field, c.old, c.new) for c in changes if (c.old or None) != (c.new or None)]


def hub_history_by_managers(records: QuerySet) -> QuerySet:
    """The history records made by someone outside the secretariat: a hub manager."""
    return records.filter(history_user__isnull=False).exclude(
        history_user__in=secretariat_members()
    )


def hub_history_by_secretariat(records: QuerySet) -> QuerySet:
    return records.filter(history_user__in=secretariat_members())


def hub_changes_by_managers(*, since) -> list:
    """Changes to hub profiles made by people outside the secretariat since a moment."""
    return list(
        hub_history_by_managers(Hub.history.filter(history_date__gte=since))
        .select_related("history_user")
        .order_by("name", "history_date")
    )
