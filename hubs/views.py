import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from coworking_norge import fragments
from hubs import geo, selectors
from hubs.forms import HubFilterForm
from hubs.permissions import can_see_unpublished_hubs
from hubs.texts import local_texts

SCOPE = "hubs"


@require_safe
@fragments.cached_for_visitors(SCOPE, params=("county", "facility"))
def hub_list(request: HttpRequest) -> HttpResponse:
    params = {name: request.GET.get(name, "")[:200] for name in ("county", "facility", "q")}
    key = f"list:{get_language()}:{json.dumps(params, sort_keys=True)}"
    content = fragments.cached(SCOPE, key, lambda: _render_list(params))
    return render(request, "hubs/hub_list.html", {"content": content})


def _render_list(params: dict[str, str]) -> str:
    data = {name: value for name, value in params.items() if value}
    form = HubFilterForm(data or None, facilities=list(selectors.facilities_all()))
    filters = form.filters()
    hubs = selectors.hub_cards(selectors.hubs_published(**filters))
    context = {"form": form, "hubs": hubs, "filtered": bool(filters)}
    return render_to_string("hubs/includes/_directory.html", context)


@require_safe
@fragments.cached_for_visitors(SCOPE)
def hub_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if can_see_unpublished_hubs(request.user):
        page = _render_profile(slug, include_unpublished=True)
    else:
        key = f"profile:{get_language()}:{slug}"
        page = fragments.cached(
            SCOPE, key, lambda: _render_profile(slug, include_unpublished=False)
        )
    if page is None:
        raise Http404
    return render(request, "hubs/hub_detail.html", {"page": page})


def _render_profile(slug: str, *, include_unpublished: bool) -> dict | None:
    hub = selectors.hub_for_profile(slug=slug, include_unpublished=include_unpublished).first()
    if hub is None:
        return None
    x, y = geo.project(float(hub.latitude), float(hub.longitude))
    marker = {"name": hub.name, "url": hub.get_absolute_url(), "x": f"{x:.1f}", "y": f"{y:.1f}"}
    context = {"hub": hub, "texts": local_texts(hub), "markers": [marker]}
    return {
        "title": hub.name,
        "summary": hub.tagline,
        "image": hub.photos.all()[0].image.url if hub.photos.all() else "",
        "published": hub.is_published,
        "jsonld": json.dumps(_jsonld(hub)),
        "body": render_to_string("hubs/includes/_profile.html", context),
    }


def _jsonld(hub) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": hub.name,
        "description": hub.tagline or hub.description[:300],
        "url": hub.website or None,
        "email": hub.email or None,
        "telephone": hub.phone or None,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": hub.address or None,
            "postalCode": hub.postcode or None,
            "addressLocality": hub.city,
            "addressRegion": hub.get_county_display(),
            "addressCountry": "NO",
        },
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": float(hub.latitude),
            "longitude": float(hub.longitude),
        },
    }
    return _without_empty(data)


def _without_empty(data: dict) -> dict:
    return {
        key: _without_empty(value) if isinstance(value, dict) else value
        for key, value in data.items()
        if value not in (None, "")
    }


@require_safe
def hubs_json(request: HttpRequest) -> HttpResponse:
    key = f"json:{request.scheme}:{request.get_host()}"
    body = fragments.cached(SCOPE, key, lambda: json.dumps(_open_data(request)))
    response = HttpResponse(body, content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _open_data(request: HttpRequest) -> dict:
    base = request.build_absolute_uri("/").rstrip("/")
    hubs = selectors.hubs_published().only(
        "name", "slug", "city", "county", "latitude", "longitude", "capacity"
    )
    return {
        "hubs": [
            {
                "name": hub.name,
                "url": base + reverse("hubs:detail", kwargs={"slug": hub.slug}),
                "city": hub.city,
                "county": hub.county,
                "lat": float(hub.latitude),
                "lng": float(hub.longitude),
                "capacity": hub.capacity,
            }
            for hub in hubs
        ]
    }
