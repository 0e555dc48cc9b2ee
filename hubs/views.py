"""The hubs' pages: the directory, profiles and open data for everyone, and on "Min side"
(/me/hubs/) a hub manager's own pages: the public profile, photos and logo."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from coworking_norge import fragments, page_sections
from coworking_norge.decorators import owner_only
from hubs import geo, selectors, services
from hubs.counties import County
from hubs.forms import HubFilterForm, HubProfileForm, LogoForm, PhotoEditForm, PhotoUploadForm
from hubs.models import Hub, HubPhoto
from hubs.permissions import can_see_unpublished_hubs, hubs_editable_by
from hubs.texts import local_texts

SCOPE = "hubs"
# The managers' pages name their hub by its slug: anyone who may not edit it gets 404.
SLUG = ("slug", "slug")


# Facilities a visitor may combine in one address; more are left out.
MAX_FACILITIES = 20


def _known_filters(request: HttpRequest) -> bool:
    """Only a county and facilities the directory offers, and no search: the addresses its own
    links lead to. Anything else is rendered afresh and never kept (a made-up ?county=… each
    time would push the real pages out of the store)."""
    if not request.GET:
        return True  # the plain directory, most visitors' page: nothing to look up
    county = request.GET.get("county", "")
    facilities = set(request.GET.getlist("facility"))
    known_county = not county or county in County.values
    return known_county and not request.GET.get("q") and facilities <= _facility_slugs()


def _facility_slugs() -> frozenset[str]:
    return frozenset(facility.slug for facility in _facilities())


def _facilities() -> list:
    """Read once per version of the hubs' data: the directory and its known filters share it."""
    return fragments.cached(SCOPE, "facilities", lambda: list(selectors.facilities_all()))


@require_safe
@fragments.cached_for_visitors(SCOPE, params=("county", "facility"), known=_known_filters)
def hub_list(request: HttpRequest) -> HttpResponse:
    params = {
        "county": request.GET.get("county", "")[:200],
        "facility": sorted({v[:200] for v in request.GET.getlist("facility")})[:MAX_FACILITIES],
        "q": request.GET.get("q", "")[:200],
    }
    if not (settings.PAGE_CACHE_ENABLED and _known_filters(request)):
        content = _render_list(params)
    else:
        key = f"list:{get_language()}:{json.dumps(params, sort_keys=True)}"
        content = fragments.cached(SCOPE, key, lambda: _render_list(params))
    return render(request, "hubs/hub_list.html", {"content": content})


def _render_list(params: dict) -> str:
    data = {name: value for name, value in params.items() if value}
    facilities = _facilities()
    form = HubFilterForm(data or None, facilities=facilities)
    filters = form.filters()
    directory = selectors.hub_directory(all_facilities=facilities, **filters)
    form.show_options(directory.counties)
    context = {
        "form": form,
        "directory": directory,
        "hubs": directory.cards,
        "filtered": any(filters.values()),
    }
    return render_to_string("hubs/includes/_directory.html", context)


def _profile_scopes() -> tuple[str, ...]:
    """The hubs' own data, and that of the sections other apps add (their events)."""
    return page_sections.hub_profile_scopes(SCOPE)


@require_safe
@fragments.cached_for_visitors(_profile_scopes)
def hub_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if can_see_unpublished_hubs(request.user):
        page = _render_profile(slug, include_unpublished=True)
    else:
        key = f"profile:{get_language()}:{slug}"
        page = fragments.cached(
            _profile_scopes, key, lambda: _render_profile(slug, include_unpublished=False)
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
    texts = local_texts(hub)
    summary = selectors.hub_profile_summary(hub, texts)
    context = {
        "hub": hub,
        "texts": texts,
        "summary": summary,
        "markers": [marker],
        "sections": page_sections.hub_profile_parts(hub),
        "network_email": getattr(settings, "NETWORK_EMAIL", "post@coworkingnorge.no"),
    }
    return {
        "title": hub.name,
        "published": hub.is_published,
        "jsonld": json.dumps(_jsonld(hub)),
        "body": render_to_string("hubs/includes/_profile.html", context),
        **_social_preview(hub, texts, summary),
    }


def _social_preview(hub: Hub, texts: dict, summary) -> dict:
    """Open Graph: what a link to the profile shows where it is shared. Addresses are absolute,
    on the portal's own address (SITE_URL), whatever host the request named."""
    summary_text = str(texts["tagline"]) or _shortened_text(str(texts["description"]), 200)
    photo = summary.photos[0] if summary.photos else None
    return {
        "summary": summary_text
        or _("%(hub)s, a member hub of Coworking Norge in %(place)s.")
        % {"hub": hub.name, "place": summary.place},
        "url": settings.SITE_URL + hub.get_absolute_url(),
        "image": _absolute(photo.full) if photo else "",
        "image_width": photo.full_width if photo else None,
        "image_height": photo.full_height if photo else None,
        "image_alt": str(photo.alt) if photo else "",
    }


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def _shortened_text(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


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


# A hub manager's pages on "Min side"


@owner_only(hubs_editable_by, "GET", "HEAD", "POST", lookup=SLUG)
def hub_edit(request: HttpRequest, hub: Hub) -> HttpResponse:
    form = HubProfileForm(request.POST or None, instance=hub)
    if request.method == "POST" and form.is_valid():
        services.hub_update_profile(hub=hub, changes=dict(form.cleaned_data), user=request.user)
        messages.success(request, _("The profile of %(hub)s is saved.") % {"hub": hub.name})
        return redirect("me:hub_edit", slug=hub.slug)
    return render(request, "hubs/manage/hub_edit.html", {"hub": hub, "form": form})


@owner_only(hubs_editable_by, "GET", "HEAD", "POST", lookup=SLUG)
def hub_photos(request: HttpRequest, hub: Hub) -> HttpResponse:
    form = PhotoUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.hub_photo_add(
                hub=hub,
                image=data["image"],
                alt_text=data["alt_text_nb"],
                alt_text_en=data["alt_text_en"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The photo is added."))
            return redirect("me:hub_photos", slug=hub.slug)
    return _photos_page(request, hub, upload_form=form)


def _photos_page(request, hub: Hub, *, upload_form=None, logo_form=None, edit_forms=None):
    photos = list(hub.photos.all())
    edit_forms = edit_forms or {}
    context = {
        "hub": hub,
        "upload_form": upload_form or PhotoUploadForm(),
        "logo_form": logo_form or LogoForm(),
        "photo_forms": [
            (
                photo,
                edit_forms.get(photo.pk) or PhotoEditForm(instance=photo, prefix=f"p{photo.pk}"),
            )
            for photo in photos
        ],
    }
    status = 400 if any(f and f.errors for f in (upload_form, logo_form)) else 200
    return render(request, "hubs/manage/hub_photos.html", context, status=status)


@owner_only(hubs_editable_by, "POST", lookup=SLUG)
def hub_photo_edit(request: HttpRequest, hub: Hub, pk: int) -> HttpResponse:
    photo = get_object_or_404(HubPhoto, hub=hub, pk=pk)
    form = PhotoEditForm(request.POST, instance=photo, prefix=f"p{photo.pk}")
    if not form.is_valid():
        photo.refresh_from_db()
        return _photos_page(request, hub, edit_forms={photo.pk: form})
    data = form.cleaned_data
    services.hub_photo_update(
        photo=photo,
        alt_text=data["alt_text_nb"],
        alt_text_en=data["alt_text_en"] or "",
        order=data["order"],
        user=request.user,
    )
    messages.success(request, _("The photo is updated."))
    return redirect("me:hub_photos", slug=hub.slug)


@owner_only(hubs_editable_by, "GET", "HEAD", "POST", lookup=SLUG)
def hub_photo_delete(request: HttpRequest, hub: Hub, pk: int) -> HttpResponse:
    """Asks first (GET); the deletion is the POST of the confirmation page."""
    photo = get_object_or_404(HubPhoto, hub=hub, pk=pk)
    if request.method != "POST":
        number = list(hub.photos.values_list("pk", flat=True)).index(photo.pk) + 1
        context = {"hub": hub, "photo": photo, "number": number}
        return render(request, "hubs/manage/photo_delete.html", context)
    services.hub_photo_delete(photo=photo, user=request.user)
    messages.success(request, _("The photo is deleted."))
    return redirect("me:hub_photos", slug=hub.slug)


@owner_only(hubs_editable_by, "POST", lookup=SLUG)
def hub_logo(request: HttpRequest, hub: Hub) -> HttpResponse:
    form = LogoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _photos_page(request, hub, logo_form=form)
    services.hub_logo_set(hub=hub, upload=form.cleaned_data["logo"], user=request.user)
    messages.success(request, _("The logo is saved."))
    return redirect("me:hub_photos", slug=hub.slug)


@owner_only(hubs_editable_by, "GET", "HEAD", "POST", lookup=SLUG)
def hub_logo_remove(request: HttpRequest, hub: Hub) -> HttpResponse:
    """Asks first (GET); the removal is the POST of the confirmation page. With no logo there is
    nothing to ask about, and nothing to do."""
    if not hub.logo:
        return redirect("me:hub_photos", slug=hub.slug)
    if request.method != "POST":
        return render(request, "hubs/manage/logo_remove.html", {"hub": hub})
    services.hub_logo_remove(hub=hub, user=request.user)
    messages.success(request, _("The logo is removed."))
    return redirect("me:hub_photos", slug=hub.slug)
