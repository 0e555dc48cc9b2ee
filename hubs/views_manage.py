"""A hub manager's own pages under /me/hubs/: the public profile, photos and logo."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hubs import services
from hubs.forms_manage import HubProfileForm, LogoForm, PhotoEditForm, PhotoUploadForm
from hubs.models import Hub, HubPhoto
from hubs.permissions import hubs_editable_by


def manages_hub(*methods: str):
    """Sign-in first, then the hub: 404 for anyone who may not edit it, whatever the method;
    only then is the method checked, so a stranger learns nothing from a 405."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, **kwargs) -> HttpResponse:
            hub = get_object_or_404(hubs_editable_by(request.user), slug=slug)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, hub, **kwargs)

        return wrapper

    return decorator


@manages_hub("GET", "HEAD", "POST")
def hub_edit(request: HttpRequest, hub: Hub) -> HttpResponse:
    form = HubProfileForm(request.POST or None, instance=hub)
    if request.method == "POST" and form.is_valid():
        services.hub_update_profile(hub=hub, changes=dict(form.cleaned_data), user=request.user)
        messages.success(request, _("The profile of %(hub)s is saved.") % {"hub": hub.name})
        return redirect("me:hub_edit", slug=hub.slug)
    return render(request, "hubs/manage/hub_edit.html", {"hub": hub, "form": form})


@manages_hub("GET", "HEAD", "POST")
def hub_photos(request: HttpRequest, hub: Hub) -> HttpResponse:
    form = PhotoUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.hub_photo_add(
            hub=hub,
            upload=form.cleaned_data["image"],
            alt_text=form.cleaned_data["alt_text"],
            user=request.user,
        )
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


@manages_hub("POST")
def hub_photo_edit(request: HttpRequest, hub: Hub, pk: int) -> HttpResponse:
    photo = get_object_or_404(HubPhoto, hub=hub, pk=pk)
    form = PhotoEditForm(request.POST, instance=photo, prefix=f"p{photo.pk}")
    if not form.is_valid():
        photo.refresh_from_db()
        return _photos_page(request, hub, edit_forms={photo.pk: form})
    services.hub_photo_update(
        photo=photo,
        alt_text=form.cleaned_data["alt_text"],
        order=form.cleaned_data["order"],
        user=request.user,
    )
    messages.success(request, _("The photo is updated."))
    return redirect("me:hub_photos", slug=hub.slug)


@manages_hub("POST")
def hub_photo_delete(request: HttpRequest, hub: Hub, pk: int) -> HttpResponse:
    photo = get_object_or_404(HubPhoto, hub=hub, pk=pk)
    services.hub_photo_delete(photo=photo, user=request.user)
    messages.success(request, _("The photo is deleted."))
    return redirect("me:hub_photos", slug=hub.slug)


@manages_hub("POST")
def hub_logo(request: HttpRequest, hub: Hub) -> HttpResponse:
    if "remove" in request.POST:
        services.hub_logo_remove(hub=hub, user=request.user)
        messages.success(request, _("The logo is removed."))
        return redirect("me:hub_photos", slug=hub.slug)
    form = LogoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _photos_page(request, hub, logo_form=form)
    services.hub_logo_set(hub=hub, upload=form.cleaned_data["logo"], user=request.user)
    messages.success(request, _("The logo is saved."))
    return redirect("me:hub_photos", slug=hub.slug)
