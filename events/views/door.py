"""At the door: the ticket page a ticket's QR code opens (anyone with the link sees whether the
ticket is valid and for whom; the secretariat checks the person in there), and the secretariat's
check-in list of an event, searchable by name, one tap a person."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from events.forms import CheckInForm, SearchForm
from events.ics import event_location
from events.models import Event, Registration
from events.permissions import can_check_in
from events.services import registration_check_in
from events.tickets import registration_from_ticket_code, ticket_qr_svg

CONFIRMED = Registration.Status.CONFIRMED


class TicketState:
    VALID = "valid"
    CHECKED_IN = "checked_in"
    CANCELLED = "cancelled"
    WAITLISTED = "waitlisted"
    EVENT_CANCELLED = "event_cancelled"


def ticket_state(registration: Registration) -> str:
    if registration.event.is_cancelled:
        return TicketState.EVENT_CANCELLED
    if registration.status == Registration.Status.CANCELLED:
        return TicketState.CANCELLED
    if registration.status == Registration.Status.WAITLISTED:
        return TicketState.WAITLISTED
    if registration.checked_in_at is not None:
        return TicketState.CHECKED_IN
    return TicketState.VALID


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def ticket(request: HttpRequest, code: str) -> HttpResponse:
    registration = registration_from_ticket_code(code)
    if registration is None:
        raise Http404
    door = can_check_in(request.user)
    if request.method == "POST":
        if not door:
            return HttpResponseNotAllowed(["GET", "HEAD"])
        _check_in(request, registration)
        return redirect(request.path)
    return render(request, "events/door/ticket.html", _ticket_context(registration, door))


def _ticket_context(registration: Registration, door: bool) -> dict:
    state = ticket_state(registration)
    shows_code = state in (TicketState.VALID, TicketState.CHECKED_IN)
    return {
        "registration": registration,
        "event": registration.event,
        "place": event_location(registration.event),
        "state": state,
        "qr_svg": ticket_qr_svg(registration) if shows_code else "",
        "door": door,
    }


def _check_in(request: HttpRequest, registration: Registration) -> None:
    """Check the person in, and say how it went."""
    try:
        first_time = registration_check_in(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return
    if first_time:
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
        return
    registration.refresh_from_db(fields=["checked_in_at"])
    when = formats.time_format(timezone.localtime(registration.checked_in_at))
    messages.info(
        request,
        _("%(name)s was already checked in, at %(time)s.")
        % {"name": registration.name, "time": when},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def check_in(request: HttpRequest, slug: str) -> HttpResponse:
    if not can_check_in(request.user):
        raise Http404
    event = get_object_or_404(Event.objects.select_related("hub"), slug=slug)
    if request.method == "POST":
        return _check_in_posted(request, event)
    search = SearchForm(request.GET).text()
    return render(request, "events/door/check_in.html", _door_context(event, search))


def _check_in_posted(request: HttpRequest, event: Event) -> HttpResponse:
    form = CheckInForm(request.POST, event=event)
    if form.is_valid():
        _check_in(request, form.cleaned_data["registration"])
    else:
        messages.error(request, _("That person is not on this event's list of participants."))
    search = SearchForm(request.POST).text()
    url = reverse("events:check_in", kwargs={"slug": event.slug})
    return redirect(f"{url}?{urlencode({'q': search})}" if search else url)


def _door_context(event: Event, search: str) -> dict:
    confirmed = event.registrations.filter(status=CONFIRMED)
    counts = confirmed.aggregate(
        total=Count("pk"), checked_in=Count("pk", filter=Q(checked_in_at__isnull=False))
    )
    shown = confirmed.select_related("order__organisation").order_by("name", "pk")
    if search:
        shown = shown.filter(name__icontains=search)
    return {
        "event": event,
        "place": event_location(event),
        "registrations": list(shown),
        "search": search,
        "total": counts["total"],
        "checked_in": counts["checked_in"],
    }
