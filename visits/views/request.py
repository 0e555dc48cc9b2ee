"""A hub's page for network guests (/hubs/<slug>/visit/): whether it hosts, its house rules, the
coming weeks' days with room, and for a vouched coworker the form that requests one of them.
Anyone sees the days; only a coworker vouched for by another member hub books."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.forms.boundfield import BoundWidget
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coworking_norge.form_errors import add_service_errors
from hubs.models import Hub
from visits import selectors, services
from visits.forms import VisitRequestForm
from visits.models import Visit, Vouch


@dataclass(frozen=True)
class Standing:
    """Whether the person may book here: until when (their vouch's end), or why not."""

    until: date | None = None
    refusal: str = ""


@dataclass(frozen=True)
class DayRow:
    day: selectors.Day
    note: str  # why it cannot be booked; "" when it can
    radio: BoundWidget | None = None


@require_http_methods(["GET", "HEAD", "POST"])
def visit_request(request: HttpRequest, slug: str) -> HttpResponse:
    hub = _hub(slug)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = _page(request, hub)
    form = context["form"]
    if form is not None and form.is_bound and form.is_valid():
        try:
            visit = _request(request, hub, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, rest="day")
        else:
            messages.success(request, _requested_message(visit))
            return redirect("me:pass")
    status = 400 if request.method == "POST" else 200
    return render(request, "visits/request.html", context, status=status)


def _hub(slug: str) -> Hub:
    """The published hub, knowing whether it takes network guests now, with its settings."""
    hosting = Exists(selectors.hosts().filter(pk=OuterRef("pk")))
    hubs = Hub.objects.filter(is_published=True).annotate(hosting=hosting)
    return get_object_or_404(hubs.select_related("host_settings"), slug=slug)


def _page(request: HttpRequest, hub: Hub) -> dict:
    user, today = request.user, timezone.localdate()
    standing = _standing(user, hub, today) if user.is_authenticated else Standing()
    # Only the weekdays the hub takes guests on: the others would be a column of "no desks".
    days = [day for day in selectors.days_with_room(hub, user, today) if day.desks]
    used = _days_used(user, today) if standing.until else {}
    notes = [(day, _note(day, standing, used)) for day in days]
    form = _form(request, standing, [day.date for day, note in notes if not note])
    radios = {radio.data["value"]: radio for radio in form["day"]} if form else {}
    return {
        "hub": hub,
        "host_settings": getattr(hub, "host_settings", None),
        "weeks": _weeks(
            [DayRow(day, note, radios.get(day.date.isoformat())) for day, note in notes]
        ),
        "standing": standing,
        "form": form,
        "quota": settings.VISITS_MONTHLY_QUOTA,
        "quota_left": max(0, settings.VISITS_MONTHLY_QUOTA - used.get(_month(today), 0)),
        "today": today,
    }


def _form(request: HttpRequest, standing: Standing, bookable: list[date]):
    """The request form, for a coworker who may book here, while any day has room for them."""
    if not (standing.until and bookable):
        return None
    return VisitRequestForm(request.POST if request.method == "POST" else None, days=bookable)


def _standing(user, hub: Hub, today: date) -> Standing:
    """A vouch valid today from another member hub lets the person book up to its end."""
    vouches = list(
        Vouch.objects.valid_on(today).filter(coworker=user).values_list("home_hub", "until")
    )
    if vouches and hub.pk not in {home_hub for home_hub, _until in vouches}:
        return Standing(until=max(until for _home_hub, until in vouches))
    if vouches:
        return Standing(
            refusal=_("This is your home hub: the network pass is for days at other member hubs.")
        )
    return Standing(
        refusal=_(
            "To book a day you need a vouch from your own member hub: ask its manager to vouch "
            "for you."
        )
    )


def _month(day: date) -> tuple[int, int]:
    return day.year, day.month


def _days_used(user, today: date) -> Counter:
    """The coworker's days held in each month the booking window touches, at any host and on
    any weekday, in one query: a month whose days are used offers none here."""
    first = selectors.month_bounds(today)[0]
    last = selectors.month_bounds(selectors.booking_window(today)[1])[1]
    held = Visit.objects.filter(
        visitor=user, date__range=(first, last), status__in=Visit.HOLDING
    ).values_list("date", flat=True)
    return Counter(_month(day) for day in held)


def _note(day: selectors.Day, standing: Standing, used: dict) -> str:
    """Why the day cannot be booked (by this person), or "" when it can."""
    if day.closed:
        if day.closed_reason:
            return _("Closed: %(reason)s") % {"reason": day.closed_reason}
        return _("Closed")
    if day.yours:
        return _("You already have a visit this day")
    if not day.left:
        return _("Full")
    if standing.until and day.date > standing.until:
        return _("After your vouch ends")
    if used.get(_month(day.date), 0) >= settings.VISITS_MONTHLY_QUOTA:
        return _("Your days this month are used")
    return ""


@dataclass(frozen=True)
class Week:
    number: int
    first: date
    last: date
    rows: list[DayRow]


def _weeks(rows: list[DayRow]) -> list[Week]:
    weeks = []
    for (_year, number), group in groupby(rows, key=lambda row: row.day.date.isocalendar()[:2]):
        week_rows = list(group)
        monday = week_rows[0].day.date - timedelta(days=week_rows[0].day.date.weekday())
        weeks.append(Week(number, monday, monday + timedelta(days=6), week_rows))
    return weeks


def _request(request: HttpRequest, hub: Hub, data: dict) -> Visit:
    return services.visit_request(
        visitor=request.user,
        host=hub,
        day=data["day"],
        share_email=data["share_email"],
        phone=data["phone"],
        message=data["message"],
        language=request.LANGUAGE_CODE,
    )


def _requested_message(visit: Visit) -> str:
    names = {"hub": visit.host.name, "date": date_format(visit.date, "SHORT_DATE_FORMAT")}
    if visit.status == Visit.Status.CONFIRMED:
        return _("Your day at %(hub)s on %(date)s is confirmed: your pass is below.") % names
    return (
        _("Your request for a day at %(hub)s on %(date)s is sent. The host answers by e-mail.")
        % names
    )
