"""The survey's e-mails, sent by network.services after their transaction commits: to each asked
hub's managers (the hub's own address when it has none), in its organisation's language, with
the link to the hub's survey page on Min side. A failed send is logged by coworking_norge.mail,
never raised."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from coworking_norge.mail import email_render, email_send
from hubs.models import Hub
from network.models import Survey
from network.selectors.survey import hubs_asked
from visits.notifications import hub_addresses, hub_language


def survey_opened(survey_id: int) -> None:
    """Every hub the survey asks is told it is open, what it asks and by when."""
    survey = Survey.objects.get(pk=survey_id)
    for hub in hubs_asked(survey).select_related("organisation"):
        _send_hub("survey_opened", survey, hub)


def survey_reminded(survey_id: int, hub_ids: list[int]) -> None:
    """The hubs that have not answered are reminded (chosen by survey_remind)."""
    survey = Survey.objects.get(pk=survey_id)
    for hub in Hub.objects.filter(pk__in=hub_ids).select_related("organisation").order_by("name"):
        _send_hub("survey_reminder", survey, hub)


def _send_hub(template: str, survey: Survey, hub: Hub) -> None:
    language = hub_language(hub)
    with translation.override(language):
        context = {
            "survey": survey,
            "hub": hub.name,
            "year": survey.year,
            "deadline": date_format(survey.deadline, "DATE_FORMAT"),
            "late": survey.deadline < timezone.localdate(),
            "survey_url": settings.SITE_URL + reverse("me:hub_survey", args=[hub.slug]),
            "network_email": settings.NETWORK_EMAIL,
        }
    subject, body = email_render(f"network/email/{template}", context, language=language)
    email_send(subject=subject, body=body, to=hub_addresses(hub), reply_to=settings.NETWORK_EMAIL)
