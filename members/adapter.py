"""The portal's allauth account adapter (settings.ACCOUNT_ADAPTER)."""

from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest, HttpResponseBase

# The links allauth's e-mail templates show, built on the request's host. Two have hooks of their
# own (get_email_confirmation_url, get_reset_password_from_key_url); the sign-up and password-reset
# links of the "account already exists" and "unknown account" mails have none. So all are set in
# send_mail, the one place every allauth e-mail passes.
EMAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")


def on_site(url: str) -> str:
    """The same page on the portal's own address (SITE_URL), whatever host `url` names."""
    return settings.SITE_URL + urlunsplit(("", "", *urlsplit(url)[2:]))


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every allauth e-mail passes here: it names the portal and links to SITE_URL, never to
        the Host the request came with (any allowed host, on any port)."""
        site = SimpleNamespace(name="Coworking Norge", domain=urlsplit(settings.SITE_URL).netloc)
        links = {key: on_site(context[key]) for key in EMAIL_LINKS if context.get(key)}
        super().send_mail(template_prefix, email, {**context, **links, "current_site": site})

    def respond_email_verification_sent(
        self, request: HttpRequest, user: AbstractBaseUser | None
    ) -> HttpResponseBase:
        if user is None:
            # A sign-up made no account: the address has one already (the owner is e-mailed
            # instead, ACCOUNT_PREVENT_ENUMERATION) or a bot filled in the honeypot. Hash the
            # password as making the account would have, so that the answer takes as long.
            make_password(request.POST.get("password1", ""))
        return super().respond_email_verification_sent(request, user)
