"""Writes that change the network's figures or its partners page make their cached pages stale.
Hubs, events, visits and the library keep their own scopes; the figures page names them all."""

from django.db.models import Max, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from coworking_norge import fragments
from members.models import Organisation
from members.signals import me_page_sections
from network.models import Partner, Survey, SurveyAnswer
from network.permissions import hubs_surveyed_for
from network.selectors import MEMBERS_SCOPE, NETWORK_SCOPE
from network.selectors.survey import survey_open


@receiver([post_save, post_delete], sender=Organisation)
def organisations_changed(**kwargs) -> None:
    fragments.invalidate(MEMBERS_SCOPE)


@receiver([post_save, post_delete], sender=Survey)
@receiver([post_save, post_delete], sender=SurveyAnswer)
@receiver([post_save, post_delete], sender=Partner)
@receiver(m2m_changed, sender=Partner.reciprocal_hubs.through)
def network_changed(**kwargs) -> None:
    fragments.invalidate(NETWORK_SCOPE)


# Min side (/me/): a manager of member hubs sees, while a survey is open, whether each of their
# hubs has answered (members sends members.signals.me_page_sections).

ME_SURVEY_TEMPLATE = "network/includes/_me_survey.html"


def me_survey_section(sender, *, user, **kwargs) -> dict | None:
    """The open survey and the person's member hubs, each with when it filed: two queries."""
    survey = survey_open()
    if survey is None:
        return None
    answered = Max("survey_answers__filed_at", filter=Q(survey_answers__survey=survey))
    hubs = list(hubs_surveyed_for(user).annotate(filed_at=answered).order_by("name"))
    if not hubs:
        return None
    waiting = any(hub.filed_at is None for hub in hubs)
    return {
        "template": ME_SURVEY_TEMPLATE,
        "engaged": True,
        "survey": survey,
        "hubs": hubs,
        "waiting": waiting,
    }


me_page_sections.connect(me_survey_section, dispatch_uid="network.survey")
