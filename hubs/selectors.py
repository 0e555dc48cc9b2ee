"""Reads of hubs that several views share."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coworking_norge.secretariat import secretariat_members
from hubs import geo
from hubs.counties import County
from hubs.images import rendition_sizes
from hubs.models import Facility, Hub, HubManager, HubPhoto
from hubs.reference_data import FOUNDING_HUBS
from hubs.texts import LocalText, local_text

TAGLINE_LENGTH = 110
# A card names a few of the hub's facilities, and how many more it has.
CARD_FACILITIES = 3


def hubs_published(
    *, county: str | None = None, facilities: Iterable[str] = (), q: str | None = None
) -> QuerySet[Hub]:
    """Published hubs in the county, with every one of the facilities, matching the text."""
    hubs = Hub.objects.filter(is_published=True)
    if county:
        hubs = hubs.filter(county=county)
    for slug in facilities:
        hubs = hubs.filter(
            pk__in=Hub.facilities.through.objects.filter(facility__slug=slug).values("hub_id")
        )
    if q:
        hubs = hubs.filter(pk__in=Hub.objects.filter(_text_query(q)).values("pk"))
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
class CardImage:
    """The picture at the top of a directory card: the first photo, else the logo, else the
    designed placeholder. Decorative there (the card's heading names the hub), so its alt is
    empty."""

    src: str
    srcset: str
    width: int
    height: int
    kind: str  # "photo", "logo" or "placeholder"


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
    place: str = ""  # "Lillehammer, Innlandet"; only "Oslo" where city and county share a name
    # The hub's own spot on the map, before markers are moved apart (for the close-up of Oslo).
    spot: tuple[float, float] = (0.0, 0.0)
    image: CardImage | None = None
    facilities: tuple[str, ...] = ()
    more_facilities: int = 0


CARD_FIELDS = (
    "pk", "name", "slug", "city", "county", "tagline_nb", "tagline_en", "capacity",
    "latitude", "longitude", "map_x", "map_y",
)  # fmt: skip


def hub_cards(
    hubs: QuerySet[Hub], *, details: bool = False, facilities: dict | None = None
) -> list[HubCard]:
    """Everything a row shows, worked out once per request: the URL prefix is reversed once, county
    names and desk counts are looked up once per value, and rows are plain values, not models.

    With details (the directory), each row also brings its first photo and its logo, in the same
    query; `facilities` names each hub's facilities ({hub pk: [name, …]}), read by the caller."""
    prefix = reverse("hubs:detail", kwargs={"slug": "-"})[:-2]
    county_labels = {value: str(label) for value, label in County.choices}
    desks = _Memo(_desks)
    rows = Hub.objects.filter(pk__in=hubs.values("pk")).order_by("name")
    fields = CARD_FIELDS
    if details:
        rows = rows.annotate(**_first_photo())
        fields = (*CARD_FIELDS, "logo", *_FIRST_PHOTO_FIELDS)
    facilities = facilities or {}
    return [
        _card(
            SimpleNamespace(**row),
            prefix,
            county_labels,
            desks,
            image=_card_image(row) if details else None,
            facilities=facilities.get(row["pk"], ()),
        )
        for row in rows.values(*fields)
    ]


_FIRST_PHOTO_FIELDS = (
    "photo_image",
    "photo_card",
    "photo_thumbnail",
    "photo_width",
    "photo_height",
)


def _first_photo() -> dict:
    first = HubPhoto.objects.filter(hub=OuterRef("pk")).order_by("order", "pk")
    return {
        name: Subquery(first.values(name.removeprefix("photo_"))[:1])
        for name in _FIRST_PHOTO_FIELDS
    }


# The card's picture box (3:2): a photo fills it, a logo is fitted into it; the placeholder is an
# icon in its middle.
CARD_IMAGE_SIZE = (320, 213)
PLACEHOLDER_SIZE = (56, 56)


# The stylesheet draws the placeholder (static/css/hubs.css), so it needs no address here.
_PLACEHOLDER = CardImage("", "", *PLACEHOLDER_SIZE, "placeholder")


def _card_image(row: dict) -> CardImage:
    storage = HubPhoto._meta.get_field("image").storage
    if row["photo_image"]:
        thumbnail = row["photo_thumbnail"] or row["photo_card"] or row["photo_image"]
        card = row["photo_card"] or row["photo_image"]
        size = (row["photo_width"] or 0, row["photo_height"] or 0)
        sizes = rendition_sizes(size) if all(size) else {"thumb": CARD_IMAGE_SIZE}
        width, height = sizes["thumb"]
        srcset = ""
        if thumbnail != card and "card" in sizes:
            srcset = f"{storage.url(thumbnail)} {width}w, {storage.url(card)} {sizes['card'][0]}w"
        return CardImage(storage.url(thumbnail), srcset, width, height, "photo")
    if row["logo"]:
        return CardImage(storage.url(row["logo"]), "", *CARD_IMAGE_SIZE, "logo")
    return _PLACEHOLDER


def _card(hub, prefix: str, county_labels: dict, desks, *, image=None, facilities=()) -> HubCard:
    x, y = marker_position(hub)
    tagline = local_text(hub, "tagline")
    county = county_labels.get(hub.county, hub.county)
    return HubCard(
        name=hub.name,
        url=f"{prefix}{hub.slug}/",
        city=hub.city,
        county=county,
        tagline=_shortened(tagline.text, TAGLINE_LENGTH),
        tagline_lang=tagline.lang if tagline.fallback else "",
        desks=desks(hub.capacity),
        x=f"{x:.1f}",
        y=f"{y:.1f}",
        place=place_name(hub.city, county),
        spot=geo.project(float(hub.latitude), float(hub.longitude)),
        image=image,
        facilities=tuple(facilities[:CARD_FACILITIES]),
        more_facilities=max(0, len(facilities) - CARD_FACILITIES),
    )


def place_name(city: str, county: str) -> str:
    """ "Lillehammer, Innlandet", but "Oslo" once: Oslo is both the city and the county."""
    if not county or city.casefold() == str(county).casefold():
        return city
    return f"{city}, {county}"


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
    """The published hubs, the counties they are in, and the desks of the hubs that state them
    (with how many do, so that a total is never shown as more than it is)."""
    totals = Hub.objects.filter(is_published=True).aggregate(
        hubs=Count("pk"),
        counties=Count("county", distinct=True),
        desks=Sum("capacity"),
        hubs_with_desks=Count("capacity"),
    )
    totals = {key: value or 0 for key, value in totals.items()}
    totals["all_counties"] = len(County.choices)
    return totals


def facilities_all() -> QuerySet[Facility]:
    return Facility.objects.order_by("order", "slug")


@dataclass(frozen=True, slots=True)
class FilterOption:
    """A county or facility the directory offers, with how many hubs choosing it would show."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True, slots=True)
class WayOut:
    """For a search that found nothing: a link that drops one filter, and what it finds."""

    label: str
    query: str
    count: int


@dataclass(frozen=True, slots=True)
class Directory:
    cards: list[HubCard]
    counties: list[FilterOption]
    facilities: list[FilterOption]
    ways_out: list[WayOut]


@dataclass(frozen=True, slots=True)
class _Published:
    """Every published hub as the filters see it, read in two queries whatever the filters:
    the counts of every option, and the ways out of an empty result, are worked out from it."""

    county: dict[int, str]
    matches_text: set[int]
    facilities: dict[int, set[int]]

    def matching(self, *, county: str, chosen: Iterable[int], text: bool) -> set[int]:
        need = set(chosen)
        return {
            pk
            for pk, hub_county in self.county.items()
            if (not county or hub_county == county)
            and (not text or pk in self.matches_text)
            and need <= self.facilities.get(pk, set())
        }


def hub_directory(
    *, all_facilities: list[Facility], county: str = "", facility: Iterable[str] = (), q: str = ""
) -> Directory:
    """The directory for these filters (every chosen facility must match): the cards, the options
    with their counts (an option that would show no hub is left out, unless it is chosen), and,
    when nothing matches, the nearest ways out."""
    by_slug = {f.slug: f for f in all_facilities}
    chosen = [by_slug[slug] for slug in facility if slug in by_slug]
    published = _published(q)
    result = published.matching(county=county, chosen=(f.pk for f in chosen), text=bool(q))
    names = [(f.pk, f.name) for f in all_facilities]  # each name translated once, not per hub
    badges = {pk: _names(published.facilities.get(pk, set()), names) for pk in result}
    cards = hub_cards(Hub.objects.filter(pk__in=result), details=True, facilities=badges)
    filters = _Filters(county, chosen, q)
    return Directory(
        cards=cards,
        counties=_county_options(published, filters),
        facilities=_facility_options(published, result, all_facilities, chosen),
        ways_out=[] if result else _ways_out(published, filters),
    )


@dataclass(frozen=True, slots=True)
class _Filters:
    county: str
    chosen: list[Facility]
    q: str

    def query(self, *, county: bool = True, drop: Facility | None = None, q: bool = True) -> str:
        pairs = [("q", self.q)] if q and self.q else []
        pairs += [("county", self.county)] if county and self.county else []
        pairs += [("facility", f.slug) for f in self.chosen if f != drop]
        return "?" + urlencode(pairs)

    def matching(self, published: _Published, *, county=True, drop=None, q=True) -> set[int]:
        return published.matching(
            county=self.county if county else "",
            chosen=(f.pk for f in self.chosen if f != drop),
            text=bool(q and self.q),
        )


def _published(q: str) -> _Published:
    hubs = Hub.objects.filter(is_published=True)
    if q:
        text = Exists(Hub.objects.filter(pk=OuterRef("pk")).filter(_text_query(q)))
        rows = list(hubs.annotate(text=text).values_list("pk", "county", "text"))
    else:
        rows = [(pk, county, True) for pk, county in hubs.values_list("pk", "county")]
    facilities: dict[int, set[int]] = {}
    links = Hub.facilities.through.objects.filter(hub__is_published=True)
    for hub_id, facility_id in links.values_list("hub_id", "facility_id"):
        facilities.setdefault(hub_id, set()).add(facility_id)
    return _Published(
        county={pk: county for pk, county, _text in rows},
        matches_text={pk for pk, _county, text in rows if text},
        facilities=facilities,
    )


def _names(facility_pks: set[int], names: list[tuple[int, str]]) -> list[str]:
    return [name for pk, name in names if pk in facility_pks]


def _facility_options(published, result, all_facilities, chosen) -> list[FilterOption]:
    counts = Counter(f for pk in result for f in published.facilities.get(pk, ()))
    options = []
    for facility in all_facilities:
        count = counts[facility.pk]
        if count or facility in chosen:
            options.append(FilterOption(facility.slug, facility.name, count, facility in chosen))
    return options


def _county_options(published: _Published, filters: _Filters) -> list[FilterOption]:
    """Each county with the hubs it would show, the other filters kept."""
    counts: dict[str, int] = {}
    for pk in filters.matching(published, county=False):
        counts[published.county[pk]] = counts.get(published.county[pk], 0) + 1
    return [
        FilterOption(value, str(label), counts.get(value, 0), value == filters.county)
        for value, label in County.choices
        if counts.get(value) or value == filters.county
    ]


def _ways_out(published: _Published, filters: _Filters) -> list[WayOut]:
    """Drop one filter at a time; the ways that find something, most hubs first, then all hubs."""
    ways = []
    if filters.county:
        found = filters.matching(published, county=False)
        ways.append(WayOut(str(_("In every county")), filters.query(county=False), len(found)))
    for facility in filters.chosen:
        found = filters.matching(published, drop=facility)
        label = _("Without “%(facility)s”") % {"facility": facility.name}
        ways.append(WayOut(str(label), filters.query(drop=facility), len(found)))
    if filters.q:
        found = filters.matching(published, q=False)
        label = _("Without the search “%(text)s”") % {"text": filters.q}
        ways.append(WayOut(str(label), filters.query(q=False), len(found)))
    ways = sorted((way for way in ways if way.count), key=lambda way: -way.count)
    total = len(published.county)
    if total and all(way.count < total for way in ways):
        ways.append(WayOut(str(_("All hubs")), "?", total))
    return ways


def hub_for_profile(*, slug: str, include_unpublished: bool) -> QuerySet[Hub]:
    hubs = Hub.objects.filter(slug=slug).prefetch_related(
        Prefetch("facilities", queryset=Facility.objects.order_by("order", "slug")), "photos"
    )
    return hubs if include_unpublished else hubs.filter(is_published=True)


@dataclass(frozen=True, slots=True)
class ProfilePhoto:
    full: str  # the largest size kept, for the link and for previews where it is shared
    full_width: int | None
    full_height: int | None
    src: str
    width: int
    height: int
    alt: LocalText  # in the page's language, or the Norwegian marked as such


@dataclass(frozen=True, slots=True)
class ProfileSummary:
    """What a profile shows beyond the hub's own fields, worked out once when it is rendered."""

    place: str
    photos: list[ProfilePhoto]
    accessibility: list[tuple[str, bool]]  # the facts the hub has stated, yes or no
    accessibility_unstated: list[str]
    has_space: bool  # capacity, area, opening hours or facilities
    filled: bool  # has its manager filled in what only the hub can tell?
    from_public_sources: bool  # is the "About" shown still the seed's, from public sources?
    direct_contact: bool  # an e-mail address, a phone number or a website
    map_search: str


# What only the hub itself can tell; a profile with none of it is not filled in yet.
_FILLED_BY_THE_HUB = ("opening_hours", "visitor_info", "email", "phone", "capacity")
# What the seed wrote about each founding hub from public sources (reference_data).
_SEEDED_FACTS = {founding.slug: founding.facts for founding in FOUNDING_HUBS}


def hub_profile_summary(hub: Hub, texts: dict) -> ProfileSummary:
    photos = list(hub.photos.all())
    stated = [(str(label), value) for label, value in hub.accessibility_facts if value is not None]
    facilities = list(hub.facilities.all())
    return ProfileSummary(
        place=place_name(hub.city, hub.get_county_display()),
        photos=[_profile_photo(photo, big=index == 0) for index, photo in enumerate(photos)],
        accessibility=stated,
        accessibility_unstated=[
            str(label) for label, value in hub.accessibility_facts if value is None
        ],
        has_space=bool(hub.capacity or hub.area or texts["opening_hours"] or facilities),
        filled=bool(
            photos
            or stated
            or texts["accessibility_notes"]
            or any(getattr(hub, name) for name in _FILLED_BY_THE_HUB)
        ),
        from_public_sources=_seeded_text(hub, texts["description"]),
        direct_contact=bool(hub.email or hub.phone or hub.website),
        map_search=map_search_url(hub),
    )


def _seeded_text(hub: Hub, description) -> bool:
    """Whether the founding hub's "About" is still word for word what the seed wrote from public
    sources (spaces aside: the seed's typography may have changed since), not its manager's."""
    facts = _SEEDED_FACTS.get(hub.slug, {}) if hub.is_founding else {}
    seeded = facts.get(f"description_{description.lang}", "")
    return bool(seeded) and description.text.split() == seeded.split()


def _profile_photo(photo: HubPhoto, *, big: bool) -> ProfilePhoto:
    size = (photo.width or 0, photo.height or 0)
    sizes = rendition_sizes(size) if all(size) else {"card": (800, 533), "thumb": (320, 213)}
    if big:
        src, (width, height) = photo.card_url, sizes["card"]
    else:
        src, (width, height) = photo.thumbnail_url, sizes["thumb"]
    return ProfilePhoto(
        photo.image.url,
        photo.width,
        photo.height,
        src,
        width,
        height,
        local_text(photo, "alt_text"),
    )


def map_search_url(hub: Hub) -> str:
    """A search for the hub's address on OpenStreetMap: a plain link, nothing loaded by the page."""
    street = ", ".join(part for part in (hub.address, f"{hub.postcode} {hub.city}".strip()) if part)
    return "https://www.openstreetmap.org/search?" + urlencode({"query": f"{street}, Norway"})


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
