"""The library's e-mails, sent by knowledge.services after their transaction commits: the
secretariat hears of a submission; the submitter hears whether it was published or turned down, in
the language of their hub's organisation. A failed send is logged by coworking_norge.mail."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from coworking_norge.mail import email_render, email_send
from coworking_norge.secretariat import secretariat_addresses
from knowledge.models import Resource


def resource_submitted(resource_id: int) -> None:
    resource = Resource.objects.select_related("hub", "submitted_by").get(pk=resource_id)
    with translation.override(settings.LANGUAGE_CODE):  # the links in the e-mail's language
        context = {
            "resource": resource,
            "review_url": settings.SITE_URL
            + reverse("admin:knowledge_resource_change", args=[resource.pk]),
        }
    subject, body = email_render(
        "knowledge/email/resource_submitted", context, language=settings.LANGUAGE_CODE
    )
    email_send(subject=subject, body=body, to=secretariat_addresses())


def resource_reviewed(resource_id: int) -> None:
    resource = Resource.objects.select_related("hub__organisation", "submitted_by").get(
        pk=resource_id
    )
    if resource.submitted_by is None:
        return
    organisation = resource.hub.organisation if resource.hub else None
    language = organisation.language if organisation else settings.LANGUAGE_CODE
    with translation.override(language):  # the links in the e-mail's language
        context = {
            "resource": resource,
            "name": resource.submitted_by.name,
            "resource_url": settings.SITE_URL + resource.get_absolute_url(),
            "submissions_url": settings.SITE_URL + reverse("me:knowledge_submissions"),
        }
    subject, body = email_render("knowledge/email/resource_reviewed", context, language=language)
    email_send(subject=subject, body=body, to=[resource.submitted_by.email])
