"""Joining the network: the application form and withdrawing an application."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from members import services
from members.brreg import entity_lookup
from members.forms_join import ApplicationForm
from members.models import MembershipApplication


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "language": get_language()}
        try:
            services.application_submit(applicant=request.user, data=data)
        except (ValidationError, IntegrityError):
            # Someone else applied for the same organisation a moment ago.
            form.add_error(
                "organisation_number", _("An application for it is already being reviewed.")
            )
        else:
            messages.success(request, _("Thank you! Your application is sent to the secretariat."))
            return redirect("me:home")
    status = 400 if form.errors else 200
    context = {"form": form, "lookup": settings.BRREG_LOOKUP_ENABLED}
    return render(request, "members/join.html", context, status=status)


@login_required
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        MembershipApplication, pk=pk, applicant=request.user, status="submitted"
    )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
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
