"""A hub manager's page on "Min side" for the hub's own public calendar (/me/hubs/<slug>/calendar/):
the address, how the last import went, and removing it (asked first, at ?remove)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.forms import HubFeedForm
from events.models import HubFeed
from events.permissions import can_propose_event_at
from events.services import hub_feed_remove, hub_feed_set
from hubs.models import Hub

# The coming events the page shows, so that a manager sees what the portal took from the calendar.
PREVIEW = 5


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def hub_feed(request: HttpRequest, slug: str) -> HttpResponse:
    hub = get_object_or_404(Hub, slug=slug)
    if not can_propose_event_at(request.user, hub):
        raise Http404
    if "remove" in request.GET:
        return _remove(request, hub)
    feed = HubFeed.objects.filter(hub=hub).first()
    posted = request.POST if request.method == "POST" else None
    form = HubFeedForm(posted, initial={"url": feed.url if feed else ""})
    if posted is not None and form.is_valid():
        try:
            hub_feed_set(hub=hub, url=form.cleaned_data["url"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The calendar address is saved."))
            return redirect("me:hub_feed", slug=hub.slug)
    return _page(request, hub, feed, form)


def _page(request: HttpRequest, hub: Hub, feed: HubFeed | None, form: HubFeedForm):
    context = {
        "hub": hub,
        "feed": feed,
        "form": form,
        "importing": settings.EVENTS_FEEDS_ENABLED,
        "last_error": _(feed.last_error) if feed and feed.last_error else "",
        **_coming(feed),
    }
    return render(
        request, "events/feeds/hub_feed.html", context, status=400 if form.errors else 200
    )


def _coming(feed: HubFeed | None) -> dict:
    if feed is None:
        return {"coming": [], "coming_count": 0}
    now = timezone.now()
    found = feed.events.filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now))
    return {"coming": list(found[:PREVIEW]), "coming_count": found.count()}


def _remove(request: HttpRequest, hub: Hub) -> HttpResponse:
    """Asks first (GET); the removal is the POST of the confirmation page."""
    feed = HubFeed.objects.filter(hub=hub).first()
    if feed is None:
        return redirect("me:hub_feed", slug=hub.slug)
    if request.method != "POST":
        return render(request, "events/feeds/hub_feed_remove.html", {"hub": hub, "feed": feed})
    hub_feed_remove(hub=hub, by=request.user)
    messages.success(request, _("The calendar is removed, and its events are no longer shown."))
    return redirect("me:hub_feed", slug=hub.slug)
