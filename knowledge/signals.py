"""Any change to a resource or a tag makes the cached library pages and the network's figures stale.
Min side shows the library to hub managers who may submit resources."""

from django.db.models import Count, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from coworking_norge import fragments
from knowledge.models import Resource, Tag
from knowledge.permissions import hubs_submitting_for
from knowledge.selectors import CACHE_SCOPE
from members.signals import me_page_sections


@receiver([post_save, post_delete], sender=Resource)
@receiver([post_save, post_delete], sender=Tag)
@receiver(m2m_changed, sender=Resource.tags.through)
def library_changed(**kwargs) -> None:
    fragments.invalidate(CACHE_SCOPE)


# Min side (/me/): the library for people who may submit resources or have submitted some
# (members sends members.signals.me_page_sections and never imports knowledge).

ME_SECTION_TEMPLATE = "knowledge/includes/_me_library.html"


def me_library_section(sender, *, user, **kwargs) -> dict | None:
    """How many of the person's submissions wait for review and how many are published: two
    queries, whatever the number of submissions."""
    counts = Resource.objects.filter(submitted_by=user).aggregate(
        total=Count("pk"),
        waiting=Count("pk", filter=Q(status=Resource.Status.SUBMITTED)),
        published=Count("pk", filter=Q(status=Resource.Status.PUBLISHED)),
    )
    may_submit = hubs_submitting_for(user).exists()
    if not counts["total"] and not may_submit:
        return None
    return {"template": ME_SECTION_TEMPLATE, "engaged": True, "may_submit": may_submit, **counts}


me_page_sections.connect(me_library_section, dispatch_uid="knowledge")
