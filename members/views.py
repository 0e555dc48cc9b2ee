"""The pages about people and member organisations: "Min side", the member list, joining the
network, and an organisation contact's page with the admin contact's invitations and removals."""

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coworking_norge.decorators import owner_only
from hubs.models import HubManager
from hubs.selectors import hubs_managed_overview
from hubs.services import hub_manager_remove
from members import services
from members.brreg import entity_lookup
from members.forms import ApplicationForm, InviteForm
from members.models import MembershipApplication, Organisation
from members.permissions import (
    applications_withdrawable_by,
    can_accept_invitation,
    organisations_administered_by,
    organisations_of,
)
from members.selectors import organisations_for_overview, organisations_members
from members.signals import organisation_page_sections


@login_required
@require_safe
def me(request: HttpRequest) -> HttpResponse:
    """ "Min side": what the signed-in person may see and do."""
    context = {
        "managed_hubs": hubs_managed_overview(user=request.user),
        "organisations": list(organisations_of(request.user).order_by("legal_name")),
        "applications": list(
            request.user.applications.select_related("organisation").order_by("-created_at")
        ),
    }
    return render(request, "members/me.html", context)


@require_safe
def member_list(request: HttpRequest) -> HttpResponse:
    """The member organisations, each with its published hubs."""
    return render(request, "members/member_list.html", {"members": organisations_members()})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    limited = False
    if request.method == "POST" and form.is_valid():
        limited = not ratelimit.consume(request, action="join", user=request.user)
        if limited:
            form.add_error(None, _too_many_message())
        elif _submitted(request, form):
            messages.success(request, _("Thank you! Your application is sent to the secretariat."))
            return redirect("me:home")
    context = {
        "form": form,
        "lookup": settings.BRREG_LOOKUP_ENABLED,
        "applications_left": services.open_applications_left(request.user),
    }
    status = 429 if limited else 400 if form.errors else 200
    return render(request, "members/join.html", context, status=status)


def _too_many_message() -> str:
    return _(
        "You have sent several applications in a short time: please wait an hour, or write to "
        "the secretariat."
    )


def _submitted(request: HttpRequest, form: ApplicationForm) -> bool:
    """Hand the application to the service; what it refuses becomes the form's error."""
    data = {**form.cleaned_data, "language": get_language()}
    try:
        services.application_submit(applicant=request.user, data=data)
    except (ValidationError, IntegrityError) as error:
        refusal = error
    else:
        return True
    if getattr(refusal, "code", None) == "open_application_limit":
        form.add_error(None, refusal)
    else:  # someone else applied for the same organisation a moment ago
        taken = _("An application for it is already being reviewed.")
        form.add_error("organisation_number", taken)
    return False


@owner_only(applications_withdrawable_by, "POST")
def application_withdraw(request: HttpRequest, application: MembershipApplication) -> HttpResponse:
    services.application_withdraw(application=application, user=request.user)
    messages.success(request, _("Your application is withdrawn."))
    return redirect("me:home")


@login_required
@require_safe
def organisation_lookup(request: HttpRequest) -> JsonResponse:
    """What Brønnøysund's register says about an organisation number, for the form's script.
    Answers 404 when the lookup is switched off; an unreachable register is simply not found."""
    if not settings.BRREG_LOOKUP_ENABLED:
        raise Http404
    entity = entity_lookup(request.GET.get("number", "")[:20])
    if entity is None:
        return JsonResponse({"found": False})
    return JsonResponse(
        {
            "found": True,
            "name": entity.name,
            "address": entity.address,
            "postcode": entity.postcode,
            "city": entity.city,
            "county": entity.county or "",
            "warnings": [str(warning) for warning in entity.warnings],
        }
    )


@owner_only(organisations_for_overview, "GET", "HEAD", lookup=None)
def organisation_overview(request: HttpRequest, organisations: list[Organisation]) -> HttpResponse:
    """The organisations this person is a contact of; other apps add their sections to each
    (billing its invoices) through the organisation_page_sections signal."""
    administered = set(organisations_administered_by(request.user).values_list("pk", flat=True))
    roles = {
        organisation.pk: _role_of(request.user, organisation) for organisation in organisations
    }
    parts = _sections_of_other_apps(request.user, organisations, roles)
    sections = [
        {
            "organisation": organisation,
            "is_admin": organisation.pk in administered,
            "invite_form": InviteForm(organisation=organisation),
            "parts": [found[organisation.pk] for found in parts if organisation.pk in found],
        }
        for organisation in organisations
    ]
    return render(request, "members/organisation.html", {"sections": sections})


def _sections_of_other_apps(user, organisations, roles) -> list[dict]:
    replies = organisation_page_sections.send(
        sender=Organisation, user=user, organisations=organisations, roles=roles
    )
    return [reply for _receiver, reply in replies]


def _role_of(user, organisation: Organisation) -> str | None:
    """The person's role, from the contacts already prefetched."""
    roles = [c.role for c in organisation.contacts.all() if c.user_id == user.pk]
    return roles[0] if roles else None


@owner_only(organisations_administered_by, "POST")
def organisation_invite(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = InviteForm(request.POST, organisation=organisation)
    if form.is_valid():
        services.invitation_send(
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


@owner_only(organisations_administered_by, "POST")
def contact_remove(
    request: HttpRequest, organisation: Organisation, contact_pk: int
) -> HttpResponse:
    contact = get_object_or_404(organisation.contacts, pk=contact_pk)
    try:
        services.contact_remove(contact=contact)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(person)s is removed.") % {"person": contact.user})
    return redirect("me:organisation")


@owner_only(organisations_administered_by, "POST")
def manager_remove(
    request: HttpRequest, organisation: Organisation, manager_pk: int
) -> HttpResponse:
    manager = get_object_or_404(HubManager, pk=manager_pk, hub__organisation=organisation)
    hub_manager_remove(manager=manager)
    messages.success(
        request,
        _("%(person)s no longer manages %(hub)s.") % {"person": manager.user, "hub": manager.hub},
    )
    return redirect("me:organisation")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = services.invitation_for(token)
    if found is None:
        raise Http404
    context = {"invitation": found, "may_accept": can_accept_invitation(request.user, found)}
    if request.method == "POST" and context["may_accept"]:
        try:
            services.invitation_accept(invitation=found, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("me:organisation")
        messages.success(request, _("Welcome! The invitation is accepted."))
        return redirect("me:home")
    return render(request, "members/invitation.html", context)
