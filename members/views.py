"""The pages about people and member organisations: "Min side", the member list, joining the
network, and an organisation contact's page with the admin contact's invitations and removals."""

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coworking_norge.decorators import owner_only
from hubs.models import HubManager
from hubs.selectors import hubs_managed_overview
from hubs.services import hub_manager_removal_refusal, hub_manager_remove
from members import services
from members.brreg import entity_lookup
from members.forms import ApplicationForm, InviteForm
from members.models import MembershipApplication, Organisation
from members.permissions import (
    applications_withdrawable_by,
    can_accept_invitation,
    invitations_open_to_admin,
    organisations_administered_by,
    organisations_of,
)
from members.selectors import (
    join_standing,
    membership_facts,
    organisations_for_overview,
    organisations_members,
)
from members.services import invitations as invitation_services
from members.signals import me_page_sections, organisation_page_sections


@login_required
@require_safe
def me(request: HttpRequest) -> HttpResponse:
    """ "Min side": what the signed-in person may see and do."""
    replies = me_page_sections.send(sender=type(request.user), user=request.user)
    sections = [part for _receiver, part in replies if part]
    context = {
        "sections": sections,
        "engaged": any(part.get("engaged") for part in sections),
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


@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """What membership is, costs and requires, for everyone; for a signed-in person also where
    they stand (a member's contact, an application being reviewed) and the application form."""
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "members/join.html", membership_facts())
    form = ApplicationForm(request.POST or None)
    limited = False
    if request.method == "POST" and form.is_valid():
        limited = not ratelimit.consume(request, action="join", user=request.user)
        if limited:
            form.add_error(None, _too_many_message())
        elif _submitted(request, form):
            messages.success(request, _("Thank you! Your application is sent to the secretariat."))
            return redirect("me:home")
    context = {**membership_facts(), **join_standing(request.user), "form": form}
    context["lookup"] = settings.BRREG_LOOKUP_ENABLED
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


@owner_only(applications_withdrawable_by, "GET", "HEAD", "POST")
def application_withdraw(request: HttpRequest, application: MembershipApplication) -> HttpResponse:
    """Asks first; the withdrawal is the POST of the confirmation page."""
    if request.method != "POST":
        return render(request, "confirm.html", _withdraw_question(application))
    services.application_withdraw(application=application, user=request.user)
    messages.success(request, _("Your application is withdrawn."))
    return redirect("me:home")


def _withdraw_question(application: MembershipApplication) -> dict:
    return {
        "question": _("Withdraw the application for %(name)s?")
        % {"name": application.organisation_name},
        "details": [
            _("The secretariat stops reviewing it. To join later, you send a new application.")
        ],
        "confirm": _("Withdraw the application"),
        "cancel_url": reverse("me:home"),
    }


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
    return _overview_page(request, organisations)


def _overview_page(request, organisations, *, invite_form=None, status: int = 200):
    """The page; `invite_form`, bound and refused, is shown with its errors in its place."""
    administered = set(organisations_administered_by(request.user).values_list("pk", flat=True))
    roles = {
        organisation.pk: _role_of(request.user, organisation) for organisation in organisations
    }
    parts = _sections_of_other_apps(request.user, organisations, roles)
    sections = [
        {
            "organisation": organisation,
            "is_admin": organisation.pk in administered,
            "invite_form": _invite_form_for(organisation, invite_form),
            "parts": [found[organisation.pk] for found in parts if organisation.pk in found],
        }
        for organisation in organisations
    ]
    return render(request, "members/organisation.html", {"sections": sections}, status=status)


def _invite_form_for(organisation: Organisation, refused: InviteForm | None) -> InviteForm:
    if refused is not None and refused.organisation.pk == organisation.pk:
        return refused
    return InviteForm(organisation=organisation)


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
    else:  # the page again, with the errors next to the fields and summed up above them
        organisations = list(organisations_for_overview(request.user))
        return _overview_page(request, organisations, invite_form=form, status=400)
    return redirect("me:organisation")


@owner_only(invitations_open_to_admin, "POST")
def invitation_resend(request: HttpRequest, invitation) -> HttpResponse:
    try:
        invitation_services.invitation_resend(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "The invitation is sent again to %(email)s; the link in the earlier e-mail no "
                "longer works."
            )
            % {"email": invitation.email},
        )
    return redirect("me:organisation")


@owner_only(invitations_open_to_admin, "GET", "HEAD", "POST")
def invitation_withdraw(request: HttpRequest, invitation) -> HttpResponse:
    """Asks first; the withdrawal is the POST of the confirmation page."""
    if request.method != "POST":
        return render(request, "members/invitation_withdraw.html", {"invitation": invitation})
    try:
        invitation_services.invitation_withdraw(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email},
        )
    return redirect("me:organisation")


@owner_only(organisations_administered_by, "GET", "HEAD", "POST")
def contact_remove(
    request: HttpRequest, organisation: Organisation, contact_pk: int
) -> HttpResponse:
    """Asks first; the removal is the POST of the confirmation page."""
    contact = get_object_or_404(organisation.contacts.select_related("user"), pk=contact_pk)
    person = contact.user.name or contact.user.email
    if request.method != "POST":
        if refusal := services.contact_removal_refusal(contact):
            messages.error(request, refusal)
            return redirect("me:organisation")
        question = _("Remove %(person)s as a contact of %(organisation)s?")
        return _confirm_removal(
            request, question % {"person": person, "organisation": organisation}
        )
    try:
        services.contact_remove(contact=contact)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(person)s is removed.") % {"person": person})
    return redirect("me:organisation")


@owner_only(organisations_administered_by, "GET", "HEAD", "POST")
def manager_remove(
    request: HttpRequest, organisation: Organisation, manager_pk: int
) -> HttpResponse:
    """Asks first; a hub's last manager stays (the service refuses, and says so)."""
    manager = get_object_or_404(
        HubManager.objects.select_related("user", "hub"),
        pk=manager_pk,
        hub__organisation=organisation,
    )
    names = {"person": manager.user.name or manager.user.email, "hub": manager.hub.name}
    if request.method != "POST":
        if refusal := hub_manager_removal_refusal(manager, by=request.user):
            messages.error(request, refusal)
            return redirect("me:organisation")
        return _confirm_removal(request, _("Remove %(person)s as manager of %(hub)s?") % names)
    try:
        hub_manager_remove(manager=manager, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(person)s no longer manages %(hub)s.") % names)
    return redirect("me:organisation")


def _confirm_removal(request: HttpRequest, question: str) -> HttpResponse:
    context = {
        "question": question,
        "details": [_("They keep their account; only this role ends. You can invite them again.")],
        "confirm": _("Remove"),
        "cancel_url": reverse("me:organisation"),
    }
    return render(request, "confirm.html", context)


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
