"""Any change to a hub, its photos or the facility tags makes the cached hub pages stale."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from coworking_norge import fragments
from hubs.models import Facility, Hub, HubPhoto

SCOPE = "hubs"


@receiver([post_save, post_delete], sender=Hub)
@receiver([post_save, post_delete], sender=HubPhoto)
@receiver([post_save, post_delete], sender=Facility)
@receiver(m2m_changed, sender=Hub.facilities.through)
def hubs_changed(**kwargs) -> None:
    fragments.invalidate(SCOPE)
