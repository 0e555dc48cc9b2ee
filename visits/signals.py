"""Connected in VisitsConfig.ready(): when a hub's organisation leaves the network (by the
resignation service or in the admin), its hubs stop vouching and hosting (members never imports
visits, so the model's own signal carries it).

When a person's account is deleted, their upcoming visits are called off (the host is told) and
their name and what they chose to share are wiped from the visits kept for the ledger.

A hub's profile says, when the hub hosts network guests, that it welcomes coworkers of other member
hubs (hubs sends coworking_norge.page_sections.hub_profile_sections and never imports visits)."""

from django.db.models.signals import post_save, pre_delete

from coworking_norge import fragments, page_sections
from members.models import Organisation, User
from visits import selectors
from visits.services import visits_forget_visitor, vouches_end_for_organisation

HUB_VISIT_TEMPLATE = "visits/includes/_hub_visit.html"


def organisation_saved(sender, *, instance: Organisation, raw: bool = False, **kwargs) -> None:
    if raw or instance.status == Organisation.Status.MEMBER:
        return
    vouches_end_for_organisation(instance)


post_save.connect(organisation_saved, sender=Organisation, dispatch_uid="visits")


def user_deleted(sender, *, instance: User, **kwargs) -> None:
    visits_forget_visitor(instance)


pre_delete.connect(user_deleted, sender=User, dispatch_uid="visits")


def hub_visit_section(sender, *, hub, **kwargs) -> dict | None:
    """The way to the hub's page for network guests, in one query; nothing when it hosts none."""
    if not selectors.is_host(hub):
        return None
    return {"template": HUB_VISIT_TEMPLATE, "hub": hub}


def organisation_hosting_changed(sender, *, raw: bool = False, **kwargs) -> None:
    # Only hubs of member organisations host: a change of status changes the profiles' section.
    if not raw:
        fragments.invalidate(selectors.HOSTING_SCOPE)


page_sections.hub_profile_sections.connect(hub_visit_section, dispatch_uid="visits")
page_sections.hub_profile_depends_on(selectors.HOSTING_SCOPE)
post_save.connect(organisation_hosting_changed, sender=Organisation, dispatch_uid="visits.hosting")
