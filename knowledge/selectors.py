"""Reads of the library, shared by its pages, the network's figures and the grant report."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, TextField, Value, When

from knowledge.models import Resource, Tag

CACHE_SCOPE = "knowledge"
# PostgreSQL's text-search configuration for the library: Norwegian stemming and stop words.
SEARCH_CONFIG = "norwegian"
SEARCHED = ("title_nb", "title_en", "summary_nb", "summary_en", "authors")
BODIES = ("body_nb", "body_en")


def resources_listed(
    *,
    q: str = "",
    kind: str = "",
    phase: str = "",
    tag: str = "",
    include_members_bodies: bool = False,
) -> QuerySet:
    """Published resources matching the filters, best match first when searching (newest first
    otherwise); tags and the contributing hub come along (one query each).

    A search reads the bodies of public resources, and of members-only ones only with
    `include_members_bodies` (for people who may read them): otherwise a hit would tell a
    visitor which words a members-only text holds."""
    resources = Resource.objects.published().select_related("hub", "organisation")
    if kind:
        resources = resources.filter(kind=kind)
    if phase:
        resources = resources.filter(phase=phase)
    if tag:
        resources = resources.filter(tags__slug=tag)
    if q.strip():
        resources = _searched(resources, q.strip(), include_members_bodies)
    return resources.prefetch_related("tags")


def _body(field: str, include_members_bodies: bool):
    """A body as search may read it: a members-only one reads as empty unless allowed."""
    if include_members_bodies:
        return F(field)
    public = Q(visibility=Resource.Visibility.PUBLIC)
    return Case(When(public, then=F(field)), default=Value(""), output_field=TextField())


def _searched(resources: QuerySet, q: str, include_members_bodies: bool) -> QuerySet:
    if connection.vendor == "postgresql":
        bodies = [_body(field, include_members_bodies) for field in BODIES]
        query = SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")
        vector = (
            SearchVector("title_nb", "title_en", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary_nb", "summary_en", "authors", weight="B", config=SEARCH_CONFIG)
            + SearchVector(*bodies, weight="C", config=SEARCH_CONFIG)
        )
        # Matched with @@, not by rank: ts_rank gives a document that does not match 1e-20.
        return (
            resources.annotate(search=vector, rank=SearchRank(F("search"), query))
            .filter(search=query)
            .order_by("-rank", "-published_on", "title")
        )
    # SQLite: every word must appear somewhere; a word in the title ranks first.
    words = q.split()[:8]
    for word in words:
        resources = resources.filter(_anywhere(word, include_members_bodies))
    in_title = Q()
    for word in words:
        in_title |= Q(title_nb__icontains=word) | Q(title_en__icontains=word)
    return resources.annotate(
        rank=Case(When(in_title, then=Value(2)), default=Value(1), output_field=IntegerField())
    ).order_by("-rank", "-published_on", "title")


def _anywhere(word: str, include_members_bodies: bool) -> Q:
    found = Q()
    for field in SEARCHED:
        found |= Q(**{f"{field}__icontains": word})
    readable = Q() if include_members_bodies else Q(visibility=Resource.Visibility.PUBLIC)
    for field in BODIES:
        found |= Q(**{f"{field}__icontains": word}) & readable
    return found


def tags_in_use() -> list[Tag]:
    """Tags of published resources, with how many each has, for the filter."""
    return list(
        Tag.objects.filter(resources__in=Resource.objects.published())
        .annotate(count=Count("resources", distinct=True))
        .order_by("name")
    )


def resources_published_in(year: int) -> QuerySet:
    """Resources the library gained in a year, for the grant report: published in review that
    year, or added by the secretariat that year without a review."""
    return Resource.objects.filter(status=Resource.Status.PUBLISHED).filter(
        Q(reviewed_at__year=year) | Q(reviewed_at__isnull=True, created_at__year=year)
    )
