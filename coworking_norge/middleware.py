"""Middleware of the portal's own."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


class RefuseNulMiddleware:
    """No real request carries a NUL character in its query or form fields; PostgreSQL refuses
    to store or compare one. Such a request is refused before any view or filter uses it, with
    BadRequest: the portal's 400 page, drawn (in the request's language, with its user) like any
    other page, since the check waits until the middleware before the view has run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in query or "%00" in query:
            raise BadRequest("A NUL character in the query.")
        if request.method == "POST" and any(
            "\x00" in value for values in request.POST.lists() for value in values[1]
        ):
            raise BadRequest("A NUL character in a form field.")


class PrivatePagesMiddleware:
    """A page drawn for a signed-in person is theirs: no proxy or browser cache keeps it
    (Cache-Control: private, no-store)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class AdminRequiresMfaMiddleware:
    """With ADMIN_REQUIRES_MFA (on unless DEBUG), staff reach the admin only once their account
    has a second factor: until then they are sent to set one up. The admin's login page itself
    stays open, so that nobody is locked out of signing in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not settings.ADMIN_REQUIRES_MFA or match is None or "admin" not in match.namespaces:
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff) or is_mfa_enabled(user):
            return None
        messages.warning(
            request, _("Set up two-factor authentication for your account to use the admin.")
        )
        return redirect("mfa_index")
