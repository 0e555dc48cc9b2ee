"""Writes that change the network's figures or its partners page make their cached pages stale.
Hubs, events, visits and the library keep their own scopes; the figures page names them all."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from coworking_norge import fragments
from members.models import Organisation
from network.models import Partner, Survey, SurveyAnswer
from network.selectors import MEMBERS_SCOPE, NETWORK_SCOPE


@receiver([post_save, post_delete], sender=Organisation)
def organisations_changed(**kwargs) -> None:
    fragments.invalidate(MEMBERS_SCOPE)


@receiver([post_save, post_delete], sender=Survey)
@receiver([post_save, post_delete], sender=SurveyAnswer)
@receiver([post_save, post_delete], sender=Partner)
@receiver(m2m_changed, sender=Partner.reciprocal_hubs.through)
def network_changed(**kwargs) -> None:
    fragments.invalidate(NETWORK_SCOPE)
