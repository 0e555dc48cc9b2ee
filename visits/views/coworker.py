"""The coworker's part of "Min side": their network pass (vouches, days left this month, visits,
where they may go), accepting a vouch (from Min side or by the e-mailed link), and cancelling a
visit."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coworking_norge.decorators import owner_only
from members.permissions import can_accept_invitation
from visits import selectors, services
from visits.models import Visit, Vouch
from visits.permissions import visits_own

Status = Visit.Status
ENDED = (Status.DECLINED, Status.CANCELLED)


@login_required
@require_safe
def my_pass(request: HttpRequest) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    vouches = list(selectors.vouches_of(user))
    visits = list(selectors.visits_of(user).select_related("host__host_settings"))
    valid = [vouch for vouch in vouches if vouch.is_valid_on(today)]
    # A declined or cancelled visit is done with: it joins the earlier ones, whatever its day.
    ahead = [v for v in visits if v.date >= today and v.status not in ENDED]
    earlier = [v for v in visits if v not in ahead]
    upcoming = ahead
    context = {
        "vouches": vouches,
        "today": today,
        "valid": valid,
        "upcoming": upcoming,
        "cancellable": {visit.pk for visit in upcoming if visit.cancellable_on(today)},
        "past": sorted(earlier, key=lambda v: v.date, reverse=True),
        "quota": settings.VISITS_MONTHLY_QUOTA,
        "quota_left": selectors.quota_left(user, today),
        "hosts": _hosts_for(valid),
    }
    return render(request, "visits/coworker/pass.html", context)


def _hosts_for(valid: list[Vouch]) -> list:
    """Where the coworker may go: every host but their own home hubs (none without a vouch)."""
    if not valid:
        return []
    homes = {vouch.home_hub_id for vouch in valid}
    return list(selectors.hosts().exclude(pk__in=homes).order_by("name"))


# --- Accepting a vouch --------------------------------------------------------------------------


def _open_vouches(user):
    return selectors.vouches_of(user).filter(accepted_at__isnull=True)


@owner_only(_open_vouches, "POST")
def vouch_accept(request: HttpRequest, vouch: Vouch) -> HttpResponse:
    _accept(request, vouch)
    return redirect("me:pass")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def vouch_accept_link(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: what the vouch is, and a button to accept it with this account. A link
    that no longer works says so (404), whatever the reason, and tells nothing of the vouch."""
    vouch = services.vouch_for(token)
    if vouch is None:
        return render(request, "visits/coworker/vouch_link_gone.html", status=404)
    if request.method == "POST" and _accept(request, vouch):
        return redirect("me:pass")
    context = {"vouch": vouch, "may_accept": can_accept_invitation(request.user, vouch)}
    status = 400 if request.method == "POST" else 200
    return render(request, "visits/coworker/vouch_invitation.html", context, status=status)


def _accept(request: HttpRequest, vouch: Vouch) -> bool:
    try:
        vouch = services.vouch_accept(vouch=vouch, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(
        request,
        _("%(hub)s vouches for you until %(until)s: you can now book days at other member hubs.")
        % {"hub": vouch.home_hub.name, "until": date_format(vouch.until, "SHORT_DATE_FORMAT")},
    )
    return True


# --- Cancelling a visit ---------------------------------------------------------------------------


def _own_visits(user):
    return visits_own(user).select_related("host")


@owner_only(_own_visits, "GET", "HEAD", "POST")
def visit_cancel(request: HttpRequest, visit: Visit) -> HttpResponse:
    """Asks first; the POST cancels. A visit past cancelling goes back to the pass, saying so."""
    names = {"hub": visit.host.name, "date": date_format(visit.date, "SHORT_DATE_FORMAT")}
    if request.method != "POST":
        if not visit.cancellable_on(timezone.localdate()):
            messages.error(request, _("This visit can no longer be cancelled."))
            return redirect("me:pass")
        return render(request, "confirm.html", _cancel_question(names))
    try:
        services.visit_cancel(visit=visit, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Your day at %(hub)s on %(date)s is cancelled; the host is told.") % names
        )
    return redirect("me:pass")


def _cancel_question(names: dict) -> dict:
    return {
        "question": _("Cancel your day at %(hub)s on %(date)s?") % names,
        "details": [
            _(
                "The desk is freed for someone else, the host is told, and the day no longer "
                "counts against your days this month."
            )
        ],
        "confirm": _("Cancel the visit"),
        "cancel": _("No, keep it"),
        "cancel_url": reverse("me:pass"),
    }
