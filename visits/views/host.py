"""A hub manager's network pass pages on Min side (/me/hubs/<slug>/…): the hub's guests (confirm,
decline, mark arrival), its hosting (settings and closed days), its coworkers (vouch, renew,
revoke) and its fairness ledger. Only the hub's managers see them: 404 for anyone else, and for a
visit, closed day or vouch that is not the hub's."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Min, Q
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coworking_norge.decorators import owner_only
from coworking_norge.form_errors import add_service_errors
from hubs.models import Hub
from visits import selectors, services
from visits.forms import (
    ClosedDayForm,
    HostSettingsForm,
    VisitDeclineForm,
    VisitMarkForm,
    VouchForm,
    VouchRenewForm,
)
from visits.models import ClosedDay, HostSettings, Visit, Vouch
from visits.permissions import can_take_part, hubs_run_by, hubs_vouching_by

Status = Visit.Status
SLUG = ("slug", "slug")
# Confirmed visits stay on the guests page this long after their day, to be marked.
MARK_DAYS = 14
# Ended vouches stay on the coworkers page this long.
ENDED_DAYS = 90


def _hubs(user):
    return hubs_run_by(user).select_related("organisation")


def _vouching_hubs(user):
    return hubs_vouching_by(user).select_related("organisation")


def manager_only(*methods: str, hubs=_hubs):
    """Sign-in, then the hub (404 unless the person manages it), then the method (405)."""
    return owner_only(hubs, *methods, lookup=SLUG)


def _day(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


# --- Guests ---------------------------------------------------------------------------------------


@manager_only("GET", "HEAD")
def hub_visits(request: HttpRequest, hub: Hub) -> HttpResponse:
    return render(request, "visits/host/visits.html", {"hub": hub, **_guests(hub)})


def _guests(hub: Hub) -> dict:
    """The visits waiting for an answer, the confirmed ones ahead, and those of today and the last
    days to mark (marked ones too, so that a mis-tap can be turned), in one query."""
    today = timezone.localdate()
    visits = selectors.visits_to(hub).filter(
        Q(date__gte=today, status=Status.REQUESTED)
        | Q(date__gt=today, status=Status.CONFIRMED)
        | Q(
            date__range=(today - timedelta(days=MARK_DAYS), today),
            status__in=(Status.CONFIRMED, Status.ARRIVED, Status.NO_SHOW),
        )
    )
    requested, confirmed, to_mark = [], [], []
    for visit in visits.order_by("date", "visitor_name", "pk"):
        if visit.status == Status.REQUESTED:
            requested.append(visit)
        elif visit.date > today:
            confirmed.append(visit)
        else:
            to_mark.append(visit)
    to_mark.sort(key=lambda visit: visit.date, reverse=True)
    return {"requested": requested, "confirmed": confirmed, "to_mark": to_mark, "today": today}


def _hub_visit(hub: Hub, pk: int) -> Visit:
    return get_object_or_404(selectors.visits_to(hub), pk=pk)


def _back_to_guests(hub: Hub, visit: Visit | None = None):
    url = reverse("me:hub_visits", kwargs={"slug": hub.slug})
    return redirect(f"{url}#visit-{visit.pk}" if visit else url)


@manager_only("POST")
def visit_confirm(request: HttpRequest, hub: Hub, pk: int) -> HttpResponse:
    visit = _hub_visit(hub, pk)
    try:
        services.visit_confirm(visit=visit, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The visit of %(name)s on %(date)s is confirmed; they are told by e-mail.")
            % {"name": visit.visitor_name, "date": _day(visit.date)},
        )
    return _back_to_guests(hub, visit)


@manager_only("GET", "HEAD", "POST")
def visit_decline(request: HttpRequest, hub: Hub, pk: int) -> HttpResponse:
    """Asks for the reason (GET); the POST declines with it."""
    visit = _hub_visit(hub, pk)
    if visit.status not in (Status.REQUESTED, Status.CONFIRMED):
        messages.info(request, _("This visit is no longer waiting or confirmed."))
        return _back_to_guests(hub)
    form = VisitDeclineForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.visit_decline(visit=visit, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The visit of %(name)s on %(date)s is declined; they are told why by e-mail.")
                % {"name": visit.visitor_name, "date": _day(visit.date)},
            )
            return _back_to_guests(hub)
    context = {"hub": hub, "visit": visit, "form": form}
    return render(request, "visits/host/decline.html", context, status=400 if form.errors else 200)


@manager_only("POST")
def visit_mark(request: HttpRequest, hub: Hub, pk: int) -> HttpResponse:
    visit = _hub_visit(hub, pk)
    form = VisitMarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose “Arrived” or “Did not come”."))
        return _back_to_guests(hub, visit)
    arrived = form.cleaned_data["arrived"]
    try:
        services.visit_mark(visit=visit, by=request.user, arrived=arrived)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = _("%(name)s is marked as arrived.") if arrived else _("%(name)s did not come.")
        messages.success(request, text % {"name": visit.visitor_name})
    return _back_to_guests(hub, visit)


# --- Hosting --------------------------------------------------------------------------------------

SETTINGS, CLOSED = "settings", "closed"


@manager_only("GET", "HEAD", "POST")
def hub_hosting(request: HttpRequest, hub: Hub) -> HttpResponse:
    """Two forms on one page, told apart by the hidden field `part`."""
    can_host = can_take_part(hub)
    current = HostSettings.objects.filter(hub=hub).first() or HostSettings(hub=hub)
    part = request.POST.get("part") if request.method == "POST" else None
    settings_form = HostSettingsForm(
        request.POST if part == SETTINGS else None, instance=current, can_host=can_host
    )
    closed_form = ClosedDayForm(request.POST if part == CLOSED else None, prefix=CLOSED)
    if part == SETTINGS and _save_settings(request, hub, settings_form):
        return redirect("me:hub_hosting", slug=hub.slug)
    if part == CLOSED and _add_closed_day(request, hub, closed_form):
        return redirect("me:hub_hosting", slug=hub.slug)
    context = {
        "hub": hub,
        "can_host": can_host,
        "settings_form": settings_form,
        "closed_form": closed_form,
        "closed_days": ClosedDay.objects.filter(hub=hub, date__gte=timezone.localdate()),
    }
    failed = settings_form.errors or closed_form.errors
    return render(request, "visits/host/hosting.html", context, status=400 if failed else 200)


def _save_settings(request: HttpRequest, hub: Hub, form: HostSettingsForm) -> bool:
    if not form.is_valid():
        return False
    try:
        services.host_settings_save(hub=hub, changes=form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, _("The hosting settings are saved."))
    return True


def _add_closed_day(request: HttpRequest, hub: Hub, form: ClosedDayForm) -> bool:
    if not form.is_valid():
        return False
    day = form.cleaned_data["date"]
    try:
        services.closed_day_add(hub=hub, day=day, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, _("%(date)s is closed to network guests.") % {"date": _day(day)})
    return True


@manager_only("GET", "HEAD", "POST")
def closed_day_remove(request: HttpRequest, hub: Hub, pk: int) -> HttpResponse:
    """Asks first (GET); the POST opens the date to guests again."""
    closed_day = get_object_or_404(ClosedDay, hub=hub, pk=pk)
    if request.method != "POST":
        return render(
            request, "visits/host/closed_day_remove.html", {"hub": hub, "day": closed_day}
        )
    services.closed_day_remove(closed_day=closed_day)
    messages.success(
        request, _("%(date)s is open to network guests again.") % {"date": _day(closed_day.date)}
    )
    return redirect("me:hub_hosting", slug=hub.slug)


# --- Coworkers ------------------------------------------------------------------------------------


@manager_only("GET", "HEAD", "POST")
def hub_coworkers(request: HttpRequest, hub: Hub) -> HttpResponse:
    can_vouch = can_take_part(hub)
    form = VouchForm(request.POST if request.method == "POST" and can_vouch else None)
    if form.is_bound and form.is_valid():
        try:
            vouch = services.vouch_invite(
                hub=hub,
                email=form.cleaned_data["email"],
                until=form.cleaned_data["until"],
                by=request.user,
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(email)s is invited to accept the vouch.") % {"email": vouch.email}
            )
            return redirect("me:hub_coworkers", slug=hub.slug)
    context = {
        "hub": hub,
        "can_vouch": can_vouch,
        "form": form,
        "quota": settings.VISITS_MONTHLY_QUOTA,
        **_vouches(hub),
    }
    return render(
        request, "visits/host/coworkers.html", context, status=400 if form.errors else 200
    )


def _vouches(hub: Hub) -> dict:
    """Running vouches (open invitations and accepted ones), and those that ended lately (revoked,
    or run out and not renewed), in one query."""
    today = timezone.localdate()
    since = timezone.now() - timedelta(days=ENDED_DAYS)
    vouches = (
        Vouch.objects.filter(home_hub=hub)
        .filter(Q(revoked_at__isnull=True) | Q(revoked_at__gte=since))
        .select_related("coworker", "vouched_by")
        .order_by(Lower("email"), "-created_at")
    )
    running, ended = [], []
    for vouch in vouches:
        (running if vouch.revoked_at is None and vouch.until >= today else ended).append(vouch)
    ended.sort(key=lambda vouch: vouch.revoked_at.date() if vouch.revoked_at else vouch.until)
    ended.reverse()
    return {"running": running, "ended": ended, "today": today}


def _hub_vouch(hub: Hub, pk: int) -> Vouch:
    return get_object_or_404(
        Vouch.objects.filter(home_hub=hub).select_related("coworker", "vouched_by"), pk=pk
    )


@manager_only("GET", "HEAD", "POST", hubs=_vouching_hubs)
def vouch_renew(request: HttpRequest, hub: Hub, pk: int) -> HttpResponse:
    vouch = _hub_vouch(hub, pk)
    if vouch.revoked_at is not None:
        messages.info(request, _("This vouch has ended: vouch for the coworker again."))
        return redirect("me:hub_coworkers", slug=hub.slug)
    form = VouchRenewForm(request.POST if request.method == "POST" else None, current=vouch.until)
    if form.is_bound and form.is_valid():
        until = form.cleaned_data["until"]
        try:
            services.vouch_renew(vouch=vouch, until=until, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The vouch for %(email)s now runs until %(date)s.")
                % {"email": vouch.email, "date": _day(until)},
            )
            return redirect("me:hub_coworkers", slug=hub.slug)
    context = {"hub": hub, "vouch": vouch, "form": form, "today": timezone.localdate()}
    return render(request, "visits/host/renew.html", context, status=400 if form.errors else 200)


@manager_only("GET", "HEAD", "POST")
def vouch_revoke(request: HttpRequest, hub: Hub, pk: int) -> HttpResponse:
    """Asks first (GET); the POST ends the vouch and calls off the coworker's visits."""
    vouch = _hub_vouch(hub, pk)
    if vouch.revoked_at is not None:
        messages.info(request, _("This vouch has already ended."))
        return redirect("me:hub_coworkers", slug=hub.slug)
    if request.method != "POST":
        return render(request, "visits/host/revoke.html", {"hub": hub, "vouch": vouch})
    services.vouch_revoke(vouch=vouch, by=request.user)
    messages.success(request, _("The vouch for %(email)s has ended.") % {"email": vouch.email})
    return redirect("me:hub_coworkers", slug=hub.slug)


# --- The ledger -----------------------------------------------------------------------------------


@manager_only("GET", "HEAD")
def hub_ledger(request: HttpRequest, hub: Hub) -> HttpResponse:
    years = _ledger_years(hub)
    year = _year(request.GET.get("year", ""), years)
    months = selectors.hub_ledger(hub, year)
    hosted, sent = sum(row.hosted for row in months), sum(row.sent for row in months)
    context = {
        "hub": hub,
        "year": year,
        "years": years,
        "months": [(date(year, row.month, 1), row) for row in months],
        "total": {"hosted": hosted, "sent": sent, "balance": hosted - sent},
    }
    return render(request, "visits/host/ledger.html", context)


def _ledger_years(hub: Hub) -> list[int]:
    """From the year of the hub's first visit, hosted or sent, to this year."""
    this_year = timezone.localdate().year
    first = Visit.objects.filter(Q(host=hub) | Q(home_hub=hub)).aggregate(first=Min("date"))
    start = min(first["first"].year, this_year) if first["first"] else this_year
    return list(range(start, this_year + 1))


def _year(value: str, years: list[int]) -> int:
    """The year asked for, or this one when it is not a year of the ledger."""
    if len(value) == 4 and value.isascii() and value.isdigit() and int(value) in years:
        return int(value)
    return years[-1]
