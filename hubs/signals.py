"""Any change to a hub, its photos or the facility tags makes the cached hub pages stale."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from coworking_norge import fragments
from hubs.models import Facility, Hub, HubPhoto
from hubs.services import hub_map_positions_update

SCOPE = "hubs"


@receiver([post_save, post_delete], sender=Hub)
def hub_changed(**kwargs) -> None:
    # Markers are placed once per transaction, before the pages' version moves on, so no page
    # caches the old places; robust, so a failure there never keeps the pages stale.
    if not _queued(_place_markers):
        transaction.on_commit(_place_markers, robust=True)
    fragments.invalidate(SCOPE)


def _queued(callback) -> bool:
    pending = transaction.get_connection().run_on_commit
    return any(queued is callback for _savepoints, queued, _robust in pending)


def _place_markers() -> None:
    hub_map_positions_update()


@receiver([post_save, post_delete], sender=HubPhoto)
@receiver([post_save, post_delete], sender=Facility)
@receiver(m2m_changed, sender=Hub.facilities.through)
def hubs_changed(**kwargs) -> None:
    fragments.invalidate(SCOPE)
