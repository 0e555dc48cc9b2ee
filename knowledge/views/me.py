"""The library's part of "Min side": a hub manager of a member hub submits a resource for the
secretariat to review, follows what became of their submissions, and withdraws one still waiting.
Anyone else gets 404 here, as for anything not theirs."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from coworking_norge.decorators import owner_only
from coworking_norge.form_errors import add_service_errors
from knowledge.forms import ResourceSubmitForm
from knowledge.models import Resource
from knowledge.permissions import can_withdraw, hubs_submitting_for, submissions_of
from knowledge.services import resource_submit, resource_withdraw


@login_required
@require_safe
def submissions(request: HttpRequest) -> HttpResponse:
    """The person's submissions, newest first, with what became of each."""
    resources = list(submissions_of(request.user))
    may_submit = hubs_submitting_for(request.user).exists()
    if not resources and not may_submit:
        raise Http404
    context = {
        "resources": resources,
        "may_submit": may_submit,
        "withdrawable": {r.pk for r in resources if can_withdraw(request.user, r)},
    }
    return render(request, "knowledge/me/submissions.html", context)


def _submitter_only(view):
    """Sign-in first, then whether the person manages a member hub (404 otherwise), then the
    method (405), as coworking_norge.decorators.owner_only does."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest) -> HttpResponse:
        if not hubs_submitting_for(request.user).exists():
            raise Http404
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        return view(request)

    return wrapper


@_submitter_only
def submit(request: HttpRequest) -> HttpResponse:
    form = ResourceSubmitForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            resource = resource_submit(by=request.user, **form.submitted())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _submitted_message(resource))
            return redirect("me:knowledge_submissions")
    status = 400 if form.errors else 200
    return render(request, "knowledge/me/submit.html", {"form": form}, status=status)


def _submitted_message(resource: Resource) -> str:
    return _(
        "“%(title)s” is sent to the secretariat, who reviews it before it is published. "
        "You get an e-mail when they have."
    ) % {"title": resource.title}


@owner_only(submissions_of, "GET", "HEAD", "POST")
def withdraw(request: HttpRequest, resource: Resource) -> HttpResponse:
    """Asks first; the POST withdraws. One no longer waiting goes back to the list, saying so."""
    if request.method != "POST":
        if not can_withdraw(request.user, resource):
            messages.error(request, _("Only a resource waiting for review can be withdrawn."))
            return redirect("me:knowledge_submissions")
        return render(request, "confirm.html", _withdraw_question(resource))
    try:
        resource_withdraw(resource, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(title)s” is withdrawn.") % {"title": resource.title})
    return redirect("me:knowledge_submissions")


def _withdraw_question(resource: Resource) -> dict:
    return {
        "question": _("Withdraw “%(title)s”?") % {"title": resource.title},
        "details": [
            _(
                "The secretariat will not review it, and it is not published. To offer it "
                "again, submit it anew."
            )
        ],
        "confirm": _("Withdraw it"),
        "cancel": _("No, keep it"),
        "cancel_url": reverse("me:knowledge_submissions"),
    }
