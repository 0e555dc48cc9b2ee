from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from coworking_norge import fragments
from coworking_norge.cache import shared_cache_state
from events.selectors import next_events
from hubs import selectors

# The home page shows the hubs and the next events, which change with the clock (one ends).
HOME_SCOPES = ("hubs", "events", fragments.MINUTE)
HOME_EVENTS = 3


@require_safe
@fragments.cached_for_visitors(HOME_SCOPES)
def home(request: HttpRequest) -> HttpResponse:
    content = fragments.cached(HOME_SCOPES, f"home:{get_language()}", _render_home)
    return render(request, "home.html", {"content": content})


def _render_home() -> str:
    context = {
        "hubs": selectors.hub_cards(selectors.hubs_published()),
        "totals": selectors.network_totals(),
        "events": next_events(HOME_EVENTS),
    }
    return render_to_string("includes/_home_content.html", context)


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (PDFs, the admin)."""
    return redirect(static("img/favicon.ico"), permanent=True)


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy.html")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    context = {"site_url": settings.SITE_URL}
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    # The site works without the cache, so its state is reported but never fails the check.
    return HttpResponse(f"ok\ncache: {shared_cache_state()}\n", content_type="text/plain")
