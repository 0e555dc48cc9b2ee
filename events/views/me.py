"""The events' part of "Min side": a person's registrations (and those their organisation booked),
cancelling one, and a hub manager's proposal of an event at their hub."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from coworking_norge.decorators import owner_only
from coworking_norge.form_errors import add_service_errors
from events import selectors
from events.forms import EventProposalForm
from events.models import Registration
from events.permissions import can_propose_event_at, registrations_visible_to
from events.services import event_propose as propose
from events.services import registration_cancel as cancel
from events.views.public import cancel_question, cancelled_message
from hubs.models import Hub


@login_required
@require_safe
def my_registrations(request: HttpRequest) -> HttpResponse:
    own = selectors.registrations_of(request.user)
    booked = selectors.registrations_booked_for_organisations(request.user)
    invoices = selectors.invoices_downloadable(request.user, own + booked)
    context = {
        "own": own,
        "booked": selectors.by_event(booked, invoices),
        "invoices": invoices,
        "cancellable": selectors.cancellable(own + booked),
    }
    return render(request, "events/my_registrations.html", context)


def _visible_registrations(user):
    return registrations_visible_to(user).select_related("event__hub", "invoice_line")


@owner_only(_visible_registrations, "GET", "HEAD", "POST")
def registration_cancel(request: HttpRequest, registration: Registration) -> HttpResponse:
    """Asks first, saying whether the seat is credited; the POST cancels."""
    if request.method != "POST":
        return render(request, *cancel_question(registration, cancel_url=reverse("me:events")))
    try:
        cancel(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, cancelled_message(registration))
    return redirect("me:events")


def _proposer_only(view):
    """Sign-in first, then the hub (404 unless the person may propose events there), then the
    method (405), as coworking_norge.decorators.owner_only does."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, slug: str) -> HttpResponse:
        hub = get_object_or_404(Hub, slug=slug)
        if not can_propose_event_at(request.user, hub):
            raise Http404
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        return view(request, hub)

    return wrapper


@_proposer_only
def event_propose(request: HttpRequest, hub: Hub) -> HttpResponse:
    form = EventProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            propose(event=form.save(commit=False), hub=hub, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your event is sent to the secretariat, who will publish it.")
            )
            return redirect("me:hub_edit", slug=hub.slug)
    status = 400 if form.errors else 200
    return render(request, "events/propose.html", {"hub": hub, "form": form}, status=status)
