"""An organisation contact's page, and the admin contact's invitations and removals."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hubs.models import Hub, HubManager
from members import invitations
from members.forms_organisation import InviteForm
from members.models import Organisation, OrganisationContact
from members.permissions import organisations_administered_by, organisations_of
from members.views_invoices import invoices_visible_to, may_see_invoices


@login_required
def organisation_overview(request: HttpRequest) -> HttpResponse:
    organisations = list(
        organisations_of(request.user)
        .select_related("tier")
        .prefetch_related(
            Prefetch("contacts", OrganisationContact.objects.select_related("user")),
            Prefetch(
                "invoices",
                invoices_visible_to(request.user)
                .select_related("credits")
                .order_by("-issue_date", "-number"),
                to_attr="visible_invoices",
            ),
            Prefetch(
                "hubs",
                Hub.objects.order_by("name").prefetch_related(
                    Prefetch("managers", HubManager.objects.select_related("user"))
                ),
            ),
        )
    )
    if not organisations:
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    administered = set(organisations_administered_by(request.user).values_list("pk", flat=True))
    today = timezone.localdate()
    sections = [
        {
            "organisation": organisation,
            "is_admin": organisation.pk in administered,
            "invite_form": InviteForm(organisation=organisation),
            "sees_invoices": may_see_invoices(_role_of(request.user, organisation)),
            "invoices": [
                {"invoice": invoice, "is_overdue": invoice.is_overdue(today)}
                for invoice in organisation.visible_invoices
            ],
        }
        for organisation in organisations
    ]
    return render(request, "members/organisation.html", {"sections": sections})


def _role_of(user, organisation: Organisation) -> str | None:
    """The person's role, from the contacts already prefetched."""
    roles = [c.role for c in organisation.contacts.all() if c.user_id == user.pk]
    return roles[0] if roles else None


def administers(view):
    """POST only, by the organisation's admin contact: anyone else gets 404 whatever the method,
    and only then is the method checked, so a stranger learns nothing from a 405."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, **kwargs) -> HttpResponse:
        organisation = get_object_or_404(organisations_administered_by(request.user), pk=pk)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, organisation, **kwargs)

    return wrapper


@administers
def organisation_invite(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = InviteForm(request.POST, organisation=organisation)
    if form.is_valid():
        invitations.invitation_send(
            organisation=organisation, invited_by=request.user, **form.invitation()
        )
        messages.success(
            request,
            _("An invitation is sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
    else:
        messages.error(
            request,
            _("The invitation is not sent: %(errors)s")
            % {"errors": " ".join(e for errors in form.errors.values() for e in errors)},
        )
    return redirect("me:organisation")


@administers
def contact_remove(
    request: HttpRequest, organisation: Organisation, contact_pk: int
) -> HttpResponse:
    contact = get_object_or_404(organisation.contacts, pk=contact_pk)
    try:
        invitations.contact_remove(contact=contact)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(person)s is removed.") % {"person": contact.user})
    return redirect("me:organisation")


@administers
def manager_remove(
    request: HttpRequest, organisation: Organisation, manager_pk: int
) -> HttpResponse:
    manager = get_object_or_404(HubManager, pk=manager_pk, hub__organisation=organisation)
    manager.delete()
    messages.success(
        request,
        _("%(person)s no longer manages %(hub)s.") % {"person": manager.user, "hub": manager.hub},
    )
    return redirect("me:organisation")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = invitations.invitation_for(token)
    if found is None:
        raise Http404
    if request.method == "POST":
        invitations.invitation_accept(invitation=found, user=request.user)
        messages.success(request, _("Welcome! The invitation is accepted."))
        return redirect("me:home")
    return render(request, "members/invitation.html", {"invitation": found})
