"""The network pass as its QR code opens it, on any phone and without an account: whose it is
(name, home hub), where and when, and whether it is valid. The host's managers mark the visitor
there as arrived or not come. A bad token says only that the pass is not valid; a client that
tries many is turned away for a while, so that passes cannot be found by guessing."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from visits import services
from visits.models import HostSettings, Visit
from visits.passes import (
    PassState,
    bad_token_count,
    bad_tokens_exceeded,
    pass_is_stale,
    pass_qr_svg,
    pass_state,
    visit_from_pass_token,
)
from visits.permissions import can_mark_visit

# The states in which the code is worth showing at the door.
SHOWS_CODE = (PassState.VALID, PassState.NOT_YET, PassState.ARRIVED)
# The states in which the host's managers mark the visitor (the service has the last word).
MARKABLE = (PassState.VALID, PassState.EXPIRED, PassState.ARRIVED, PassState.NO_SHOW)
HIDES_FACTS = (PassState.CANCELLED, PassState.DECLINED)


def _private(view):
    """A pass's address is its key: no other site learns it from a link followed, no search
    engine lists it, no cache keeps the page. "same-origin", not "no-referrer": with no referrer
    at all the browser sends the host's "Arrived" form as from origin null, which CSRF refuses."""

    @wraps(view)
    def wrapper(request: HttpRequest, **kwargs) -> HttpResponse:
        response = view(request, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex"
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper


def _visit_or_answer(request: HttpRequest, token: str) -> Visit | HttpResponse:
    """The visit the token names, or the page that says no. A good token is always answered, so
    a busy network behind one address never loses its passes to someone else's guessing; only
    bad tokens are counted, and refused while a client has tried too many. A pass long past its
    day says only that it is not valid: an old link or photo tells nothing of the visit."""
    visit = visit_from_pass_token(token)
    if visit is None:
        if bad_tokens_exceeded(request):
            return render(request, "visits/pass/too_many.html", status=429)
        bad_token_count(request)
        return render(request, "visits/pass/not_valid.html", status=404)
    if pass_is_stale(visit):
        return render(request, "visits/pass/not_valid.html", status=404)
    return visit


@_private
@require_http_methods(["GET", "HEAD"])
def visit_pass(request: HttpRequest, token: str) -> HttpResponse:
    found = _visit_or_answer(request, token)
    if isinstance(found, HttpResponse):
        return found
    return render(request, "visits/pass/pass.html", _pass_context(request, found))


def _pass_context(request: HttpRequest, visit: Visit) -> dict:
    state = pass_state(visit)
    marks = can_mark_visit(request.user, visit)
    return {
        "visit": visit,
        "state": state,
        "qr_svg": pass_qr_svg(visit) if state in SHOWS_CODE else "",
        "host_settings": _host_settings(visit) if state in SHOWS_CODE else None,
        "marks": marks,
        "markable": marks and state in MARKABLE,
        # A called-off visit's pass says only that: not whose it was, nor where or when.
        "shows_facts": state not in HIDES_FACTS,
    }


def _host_settings(visit: Visit) -> HostSettings | None:
    return HostSettings.objects.filter(hub=visit.host).first()


@_private
def visit_pass_mark(request: HttpRequest, token: str) -> HttpResponse:
    """Arrived (arrived=1) or did not come (arrived=0), by the host's managers only: 404 for
    everyone else, whatever the method."""
    found = _visit_or_answer(request, token)
    if isinstance(found, HttpResponse):
        return found
    if not can_mark_visit(request.user, found):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    arrived = {"1": True, "0": False}.get(request.POST.get("arrived"))
    if arrived is None:
        messages.error(request, _("Choose whether the visitor arrived."))
    else:
        _mark(request, found, arrived)
    return redirect(found.get_pass_url())


def _mark(request: HttpRequest, visit: Visit, arrived: bool) -> None:
    try:
        services.visit_mark(visit=visit, by=request.user, arrived=arrived)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return
    text = _("%(name)s is marked as arrived.") if arrived else _("%(name)s did not come.")
    messages.success(request, text % {"name": visit.visitor_name})
