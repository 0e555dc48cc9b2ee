from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from hubs.selectors import hubs_managed_overview
from members.permissions import organisations_of
from members.selectors import organisations_members


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
