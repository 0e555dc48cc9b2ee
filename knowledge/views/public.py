"""The library's public pages: the list with its filters and search, a resource's page, and its
file. Members-only resources show their summary to everyone; their body, link and file only to
people of member organisations (knowledge.permissions), and the file's address answers 404 to
anyone else, exactly as for a resource that does not exist.

The list's cards are the same for everyone, so the list is kept (coworking_norge.fragments) until
the library, the hubs' or the organisations' names change. Only a search differs by reader: it
reads members-only bodies for people who may read them, so it is drawn afresh every time."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from coworking_norge import fragments
from coworking_norge.text import one_line
from hubs.texts import LocalText, local_text
from knowledge import selectors
from knowledge.files import CONTENT_TYPES
from knowledge.forms import LibraryFilterForm
from knowledge.markdown import markdown_html
from knowledge.models import Resource
from knowledge.permissions import can_read_in_full, can_view_resource
from members.permissions import belongs_to_a_member

PAGE_SIZE = 24
# Pages a visitor reaches by the list's links are kept; deeper ones are drawn each time.
PAGES_KEPT = 20
# Compared as text: int() fails on digits such as "²" and on thousands of them.
KEPT_PAGE_NUMBERS = {str(number) for number in range(1, PAGES_KEPT + 1)}
FILTERS = ("kind", "phase", "tag")


def _scopes() -> tuple[str, ...]:
    """The library, the contributing hubs' and organisations' names ("members" moves on when an
    organisation changes, see network.signals), and the day: a resource dated ahead appears on
    its date without any write."""
    return (selectors.CACHE_SCOPE, "hubs", "members", f"day:{timezone.localdate().isoformat()}")


def _tags() -> list:
    """The tags in use, read once per version of the library: the filter and its check share it."""
    return fragments.cached(_scopes, "tags", selectors.tags_in_use)


def _known_list_address(request: HttpRequest) -> bool:
    """Only values the filters offer, no search, and page numbers the links lead to, are kept."""
    get = request.GET
    page, tag = get.get("page", "1"), get.get("tag", "")
    return (
        not get.get("q")
        and get.get("kind", "") in {"", *Resource.Kind.values}
        and get.get("phase", "") in {"", *Resource.Phase.values}
        and page in KEPT_PAGE_NUMBERS
        and (not tag or tag in {known.slug for known in _tags()})
    )


@require_safe
@fragments.cached_for_visitors(_scopes, params=(*FILTERS, "page"), known=_known_list_address)
def resource_list(request: HttpRequest) -> HttpResponse:
    params = {name: request.GET.get(name, "")[:100] for name in ("q", *FILTERS)}
    page = request.GET.get("page", "1")[:6]
    # Only a search differs by reader, and a search is never kept.
    readers = bool(params["q"].strip()) and belongs_to_a_member(request.user)
    render_list = lambda: _render_list(params, page, include_members_bodies=readers)  # noqa: E731
    if _known_list_address(request):
        key = f"list:{get_language()}:{sorted(params.items())}:{page}"
        content = fragments.cached(_scopes, key, render_list)
    else:
        content = render_list()
    return render(request, "knowledge/resource_list.html", {"content": content})


def _render_list(params: dict, page: str, *, include_members_bodies: bool) -> str:
    chosen = {name: value for name, value in params.items() if value}
    form = LibraryFilterForm(chosen or None, tags=_tags())
    filters = form.filters() if form.is_bound else {}
    if filters is None:
        resources = Resource.objects.none()
    else:
        resources = selectors.resources_listed(
            **filters, include_members_bodies=include_members_bodies
        )
    page_obj = Paginator(resources, PAGE_SIZE).get_page(page)
    context = {
        "form": form,
        "filtered": form.is_bound,
        "unknown_filter": filters is None,
        "page_obj": page_obj,
        "cards": [_card(resource) for resource in page_obj.object_list],
        "query": urlencode(chosen),
    }
    return render_to_string("knowledge/includes/_list_content.html", context)


@dataclass(frozen=True, slots=True)
class Card:
    resource: Resource
    title: LocalText
    summary: LocalText
    source: str


def _card(resource: Resource) -> Card:
    return Card(
        resource=resource,
        title=local_text(resource, "title"),
        summary=local_text(resource, "summary"),
        source=_source(resource),
    )


def _source(resource: Resource) -> str:
    """Who contributed it: the hub, or else the organisation."""
    if resource.hub:
        return resource.hub.name
    return resource.organisation.legal_name if resource.organisation else ""


# --- One resource --------------------------------------------------------------------------------


def _resource(slug: str) -> Resource | None:
    return (
        Resource.objects.select_related("hub", "organisation")
        .prefetch_related("tags")
        .filter(slug=slug)
        .first()
    )


@require_safe
@fragments.cached_for_visitors(_scopes)
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _resource(slug)
    if resource is None or not can_view_resource(request.user, resource):
        raise Http404
    full = can_read_in_full(request.user, resource)
    texts = {field: local_text(resource, field) for field in ("title", "summary", "body")}
    context = {
        "resource": resource,
        "texts": texts,
        "description": one_line(texts["summary"].text),
        "preview": not resource.is_out,
        "full": full,
        "body_html": markdown_html(texts["body"].text) if full else "",
        "download": _download(resource) if full else None,
        "link_host": _link_host(resource) if full else "",
        "source": _source(resource),
    }
    return render(request, "knowledge/resource_detail.html", context)


@dataclass(frozen=True, slots=True)
class Download:
    url: str
    name: str
    type: str
    size: int | None


def _download(resource: Resource) -> Download | None:
    if not resource.file:
        return None
    return Download(
        url=reverse("knowledge:file", kwargs={"slug": resource.slug}),
        name=download_name(resource),
        type=resource.get_file_type_display(),
        size=resource.file_size,
    )


def _link_host(resource: Resource) -> str:
    """Where the resource's link leads (the page names it), or "" when there is none to show."""
    if not resource.url.startswith(("https://", "http://")):
        return ""
    return urlsplit(resource.url).hostname or ""


# --- The file ------------------------------------------------------------------------------------


def download_name(resource: Resource) -> str:
    """The name the browser saves the file under: the kept name without any folder, its letters,
    digits and dashes only (no quotes, line breaks or dots that hide or climb), and the extension
    of the file's real type, whatever the name said."""
    name = (resource.file_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[^\w-]+", "_", stem).strip("_-")[:100] or "file"
    return f"{stem}.{resource.file_type}"


@require_safe
def resource_file(request: HttpRequest, slug: str) -> FileResponse:
    resource = Resource.objects.filter(slug=slug).first()
    allowed = (
        resource is not None
        and resource.file
        and can_view_resource(request.user, resource)
        and can_read_in_full(request.user, resource)
    )
    if not allowed:
        raise Http404
    try:
        handle = resource.file.storage.open(resource.file.name, "rb")
    except OSError:
        raise Http404 from None
    return _file_response(resource, handle)


def _file_response(resource: Resource, handle) -> FileResponse:
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(resource),
        content_type=CONTENT_TYPES.get(resource.file_type, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Opened in the browser anyway, the file may run nothing and load nothing.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    if resource.members_only:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, private=True, max_age=3600)
    return response
