"""E-mails about membership applications, sent once the change is committed."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from coworking_norge.admin_site import admin_url
from coworking_norge.mail import email_render, email_send
from coworking_norge.secretariat import secretariat_addresses
from members.models import MembershipApplication


def _send(template: str, context: dict, *, to: list[str], language: str) -> None:
    if not to:
        return
    context = {**context, "site_url": settings.SITE_URL}
    subject, body = email_render(f"members/email/{template}", context, language=language)
    email_send(subject=subject, body=body, to=to)


def application_submitted(application: MembershipApplication) -> None:
    context = {"application": application}
    to_applicant = [application.applicant.email]
    _send("application_received", context, to=to_applicant, language=application.language)
    _send_secretariat("application_to_review", application)


def application_decided(application: MembershipApplication) -> None:
    context = {"application": application}
    template = (
        "application_approved"
        if application.status == MembershipApplication.Status.APPROVED
        else "application_rejected"
    )
    _send(template, context, to=[application.applicant.email], language=application.language)
    _send_secretariat("application_decided_secretariat", application)


def _send_secretariat(template: str, application: MembershipApplication) -> None:
    """To the secretariat, in the portal's language, with the links to the admin's pages."""
    language = settings.LANGUAGE_CODE
    context = {
        "application": application,
        "application_url": admin_url(
            "members_membershipapplication_change", application.pk, language=language
        ),
        "organisation_url": admin_url(
            "members_organisation_change", application.organisation_id, language=language
        )
        if application.organisation_id
        else "",
    }
    _send(template, context, to=secretariat_addresses(), language=language)


def invitation_sent(invitation, token: str) -> None:
    # The e-mail is in Norwegian, so the link is to the Norwegian page, whoever sent it.
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("me:invitation", kwargs={"token": token})
    context = {"invitation": invitation, "path": path}
    _send("invitation", context, to=[invitation.email], language=settings.LANGUAGE_CODE)
