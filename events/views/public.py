"""The public events pages: the list (upcoming, past, and what the hubs publish themselves), one
event's page, registering for it, and cancelling by the link in the e-mail.

Visitors without a session get the stored page (coworking_norge.fragments) until events or hubs
change, and for the current minute only: an event that ends or opens for registration shows so
without any write. Seats left are never stale: the registration services mark the events' pages
stale when they commit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coworking_norge import fragments
from events import selectors
from events.forms import (
    EventFilterForm,
    OrganisationChoiceForm,
    SelfRegistrationForm,
    attendee_formset,
    attendee_rows,
    months_offered,
)
from events.models import Event, Registration, RegistrationState
from events.permissions import can_check_in
from events.services import MAX_ATTENDEES, registration_cancel, registration_create
from hubs.counties import County
from members.permissions import organisations_of

# The events' pages show the hubs' names too, and change with the clock.
SCOPES = ("events", "hubs", fragments.MINUTE)
PAGE_SIZE = 20
# Pages a visitor reaches by the list's links are kept; deeper ones are drawn each time.
PAGES_KEPT = 20
FILTERS = ("kind", "county", "month")


def _known_list_address(request: HttpRequest) -> bool:
    """Only values the filters offer, and page numbers the links lead to, are kept."""
    get = request.GET
    page = get.get("page", "1")
    return (
        get.get("kind", "") in {"", *Event.Kind.values}
        and get.get("county", "") in {"", *County.values}
        and get.get("month", "") in {"", *months_offered()}
        and page.isdigit()
        and 1 <= int(page) <= PAGES_KEPT
    )


@require_safe
@fragments.cached_for_visitors(SCOPES, params=(*FILTERS, "page"), known=_known_list_address)
def event_list(request: HttpRequest) -> HttpResponse:
    params = {name: request.GET.get(name, "")[:20] for name in FILTERS}
    page = request.GET.get("page", "1")[:6]
    render_page = lambda: _render_list(params, page)  # noqa: E731
    if _known_list_address(request):
        key = f"list:{get_language()}:{sorted(params.items())}:{page}"
        content = fragments.cached(SCOPES, key, render_page)
    else:
        content = render_page()
    return render(request, "events/event_list.html", {"content": content})


def _render_list(params: dict, page: str) -> str:
    form = EventFilterForm({name: value for name, value in params.items() if value} or None)
    filters = form.filters() if form.is_bound else selectors.EventFilters()
    events = selectors.events_upcoming(filters) if filters else Event.objects.none()
    page_obj = Paginator(events, PAGE_SIZE).get_page(page)
    context = {
        "form": form,
        "filtered": form.is_bound,
        "unknown_filter": filters is None,
        "page_obj": page_obj,
        "cards": selectors.event_cards(page_obj.object_list),
        "query": urlencode({name: value for name, value in params.items() if value}),
        "feed_events": [] if form.is_bound else selectors.feed_events_upcoming(),
    }
    return render_to_string("events/includes/_list_content.html", context)


@require_safe
@fragments.cached_for_visitors(SCOPES, params=("page",), known=_known_list_address)
def event_past(request: HttpRequest) -> HttpResponse:
    page_obj = Paginator(selectors.events_past(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page_obj, "cards": selectors.event_cards(page_obj.object_list)}
    return render(request, "events/event_past.html", context)


# --- One event ----------------------------------------------------------------------------------


@require_safe
@fragments.cached_for_visitors(SCOPES)
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for_page(request.user, slug)
    if event is None:
        raise Http404
    return render(request, "events/event_detail.html", _detail_context(request.user, event))


def _detail_context(user, event: Event) -> dict:
    now = timezone.now()
    organisations = list(organisations_of(user)) if user.is_authenticated else []
    # A contact of a member organisation, who books through it, pays the member price.
    member = any(organisation.is_member for organisation in organisations)
    return {
        "event": event,
        "when": selectors.when(event),
        "place": selectors.place(event),
        "seats_left": selectors.seats_left(event),
        "is_over": event.ends_at < now,
        "state": event.registration_state(now),
        "prices": [] if event.is_free else selectors.prices(event, member=member),
        "member": member,
        "mine": selectors.own_registrations(user, event),
        "books_for_organisation": bool(organisations),
        "door": can_check_in(user),
    }


# --- Registering ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for_page(request.user, slug)
    if event is None:
        raise Http404
    state = event.registration_state()
    if state != RegistrationState.OPEN:
        messages.warning(request, RegistrationState(state).label)
        return redirect(event)
    organisations = list(organisations_of(request.user).order_by("legal_name"))
    wanted = request.POST.get("for") or request.GET.get("for")
    if wanted == "organisation" and organisations:
        return _register_colleagues(request, event, organisations)
    return _register_self(request, event, organisations)


def _register_self(request, event: Event, organisations) -> HttpResponse:
    user = request.user
    paid = event.non_member_price > 0
    initial = {"name": user.name, "email": user.email}
    form = SelfRegistrationForm(request.POST or None, paid=paid, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            order = registration_create(
                event=event,
                booked_by=user,
                attendees=form.attendees(),
                buyer=form.buyer(),
                language=get_language(),
            )
        except ValidationError as error:
            _add_service_error(form, error, field="email")
        else:
            messages.success(request, _self_registered_message(order))
            return redirect(event)
    context = _register_context(event, organisations, "self", form=form)
    return render(request, "events/register.html", context, status=400 if form.errors else 200)


def _register_colleagues(request, event: Event, organisations) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    if data is not None and "more" in data:
        return _with_more_rows(request, event, organisations)
    choice = OrganisationChoiceForm(data, organisations=organisations)
    attendees = attendee_formset(data)
    if data is not None and all([choice.is_valid(), attendees.is_valid()]):
        try:
            order = registration_create(
                event=event,
                booked_by=request.user,
                attendees=attendees.attendees(),
                organisation=choice.cleaned_data["organisation"],
                language=get_language(),
            )
        except ValidationError as error:
            _add_formset_error(attendees, error)
        else:
            messages.success(request, _colleagues_registered_message(order))
            return redirect("me:events")
    context = _register_context(
        event, organisations, "organisation", form=choice, attendees=attendees
    )
    return render(request, "events/register.html", context, status=400 if data else 200)


def _with_more_rows(request, event: Event, organisations) -> HttpResponse:
    """Without scripts, "more rows" posts the form: the rows typed so far, shown again (not yet
    checked), and three empty ones after them."""
    choice = OrganisationChoiceForm(
        initial={"organisation": request.POST.get("organisation")}, organisations=organisations
    )
    attendees = attendee_formset(rows=attendee_rows(request.POST))
    context = _register_context(
        event, organisations, "organisation", form=choice, attendees=attendees
    )
    return render(request, "events/register.html", context)


def _register_context(event, organisations, mode, *, form, attendees=None) -> dict:
    member_organisation = any(organisation.is_member for organisation in organisations)
    return {
        "event": event,
        "when": selectors.when(event),
        "place": selectors.place(event),
        "seats_left": selectors.seats_left(event),
        "mode": mode,
        "form": form,
        "attendees": attendees,
        "organisations": organisations,
        "member_organisation": member_organisation,
        "prices": [] if event.is_free else selectors.prices(event, member=mode != "self"),
        "own_price": selectors.prices(event, member=False)[-1],
        "max_attendees": MAX_ATTENDEES,
    }


def _add_service_error(form, error: ValidationError, *, field: str) -> None:
    """The service's refusal, next to the field it is about, or above the form."""
    value = str(form.cleaned_data.get(field, "")).lower()
    for message in error.messages:
        form.add_error(field if value and value in message.lower() else None, message)


def _add_formset_error(attendees, error: ValidationError) -> None:
    """An address already registered goes next to its row; anything else above the rows."""
    for message in error.messages:
        rows = [
            form
            for form in attendees.forms
            if form.cleaned_data.get("email")
            and form.cleaned_data["email"].lower() in message.lower()
        ]
        for form in rows:
            form.add_error("email", message)
        if not rows:
            attendees._non_form_errors.append(message)


def _self_registered_message(order) -> str:
    registration = order.registrations.get()
    if registration.status == Registration.Status.WAITLISTED:
        return _(
            "The event is full: you are number %(position)d on the waiting list. An e-mail "
            "confirming it is on its way to %(email)s; you get your ticket if a seat comes free."
        ) % {"position": registration.position, "email": registration.email}
    return _(
        "You are registered for %(event)s. An e-mail with your ticket is on its way to %(email)s."
    ) % {"event": order.event.title, "email": registration.email}


def _colleagues_registered_message(order) -> str:
    registrations = list(order.registrations.all())
    waiting = [r for r in registrations if r.status == Registration.Status.WAITLISTED]
    confirmed = len(registrations) - len(waiting)
    message = ngettext(
        "%(count)d person has a seat at %(event)s.",
        "%(count)d people have a seat at %(event)s.",
        confirmed,
    ) % {"count": confirmed, "event": order.event.title}
    if waiting:
        message += " " + ngettext(
            "%(count)d is on the waiting list (number %(first)d).",
            "%(count)d are on the waiting list (numbers %(first)d–%(last)d).",
            len(waiting),
        ) % {
            "count": len(waiting),
            "first": min(r.position for r in waiting),
            "last": max(r.position for r in waiting),
        }
    if waiting:
        return (
            message
            + " "
            + _("Each of them gets an e-mail with their ticket or place in the queue.")
        )
    return message + " " + _("Each of them gets an e-mail with their ticket.")


# --- Cancelling by the link in the e-mail ------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel_by_link(request: HttpRequest, code: str) -> HttpResponse:
    """No sign-in: the signed code is the key. Asks first; the POST cancels."""
    registration = selectors.registration_from_cancel_code(code)
    if registration is None:
        raise Http404
    if request.method != "POST":
        return render(request, *cancel_question(registration, cancel_url=registration.event))
    try:
        registration_cancel(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, cancelled_message(registration))
    return redirect(registration.event)


def cancel_question(registration: Registration, *, cancel_url) -> tuple[str, dict]:
    """The confirmation page: what cancelling means for this registration, or that it is done."""
    event = registration.event
    if registration.status == Registration.Status.CANCELLED:
        return "events/cancel_done.html", {"registration": registration, "event": event}
    return "confirm.html", {
        "question": _("Cancel the registration of %(name)s?") % {"name": registration.name},
        "details": cancel_details(registration),
        "confirm": _("Cancel the registration"),
        "cancel": _("No, keep it"),
        "cancel_url": cancel_url if isinstance(cancel_url, str) else cancel_url.get_absolute_url(),
    }


def cancel_details(registration: Registration) -> list[str]:
    event = registration.event
    when = selectors.when(event)
    if registration.status == Registration.Status.WAITLISTED:
        return [
            _("%(event)s, %(when)s.") % {"event": event.title, "when": when},
            _("You leave the waiting list, where you are number %(position)d.")
            % {"position": registration.position},
        ]
    lines = [
        _("%(event)s, %(when)s.") % {"event": event.title, "when": when},
        _("The seat goes to the first person on the waiting list, if there is one."),
    ]
    if registration.invoice_line_id:
        lines.append(_refund_line(registration))
    return lines


def _refund_line(registration: Registration) -> str:
    deadline = registration.event.refunds_until
    shown = {"deadline": formats.date_format(timezone.localtime(deadline), "DATETIME_FORMAT")}
    if registration.event.refunds_at(timezone.now()):
        return (
            _("The seat is credited on the invoice: free cancellation lasts until %(deadline)s.")
            % shown
        )
    return (
        _("Free cancellation ended %(deadline)s: the seat is not credited, and the invoice stands.")
        % shown
    )


def cancelled_message(registration: Registration) -> str:
    return _(
        "The registration of %(name)s for %(event)s is cancelled. A confirmation is e-mailed."
    ) % {
        "name": registration.name,
        "event": registration.event.title,
    }
