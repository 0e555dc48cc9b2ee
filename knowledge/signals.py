"""Any change to a resource or a tag makes the cached library pages and the network's figures stale."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from coworking_norge import fragments
from knowledge.models import Resource, Tag
from knowledge.selectors import CACHE_SCOPE


@receiver([post_save, post_delete], sender=Resource)
@receiver([post_save, post_delete], sender=Tag)
@receiver(m2m_changed, sender=Resource.tags.through)
def library_changed(**kwargs) -> None:
    fragments.invalidate(CACHE_SCOPE)
