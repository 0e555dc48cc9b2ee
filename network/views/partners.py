"""The international partners page: the networks, programmes and conferences Coworking Norge links
its members to, what each offers them, and the member hubs that also honour each one's scheme.

Kept for visitors until partners (network), hubs or member organisations change."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from coworking_norge import fragments
from network.selectors import MEMBERS_SCOPE, NETWORK_SCOPE
from network.selectors.partners import partners_published

# Hubs are listed by name under each partner, and only while their organisation is a member.
SCOPES = (NETWORK_SCOPE, "hubs", MEMBERS_SCOPE)


@require_safe
@fragments.cached_for_visitors(SCOPES)
def partner_list(request: HttpRequest) -> HttpResponse:
    content = fragments.cached(SCOPES, f"partners:{get_language()}", _render_partners)
    return render(request, "network/partners.html", {"content": content})


def _render_partners() -> str:
    # Drawn without the request, so the secretariat's address comes from the settings here.
    context = {"partners": partners_published(), "network_email": settings.NETWORK_EMAIL}
    return render_to_string("network/includes/_partners_content.html", context)
