"""Connected in VisitsConfig.ready(): when a hub's organisation leaves the network (by the
resignation service or in the admin), its hubs stop vouching and hosting (members never imports
visits, so the model's own signal carries it).

When a person's account is deleted, their upcoming visits are called off (the host is told) and
their name and what they chose to share are wiped from the visits kept for the ledger.

Min side (/me/) shows the person's network pass at a glance (members sends
members.signals.me_page_sections).

A hub's profile says, when the hub hosts network guests, that it welcomes coworkers of other member
hubs (hubs sends coworking_norge.page_sections.hub_profile_sections and never imports visits)."""

from django.conf import settings
from django.db.models.signals import post_save, pre_delete
from django.utils import timezone

from coworking_norge import fragments, page_sections
from members.models import Organisation, User
from members.signals import me_page_sections
from visits import selectors
from visits.models import Visit
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


ME_SECTION_TEMPLATE = "visits/includes/_me_pass.html"


def me_pass_section(sender, *, user, **kwargs) -> dict:
    """Whether a vouch waits to be accepted, whether the person is vouched for, the days left
    this month and the next visit: two queries, whatever the number of vouches and visits."""
    today = timezone.localdate()
    vouches = list(selectors.vouches_of(user))
    first, _last = selectors.month_bounds(today)
    held = list(
        Visit.objects.filter(visitor=user, date__gte=first, status__in=Visit.HOLDING)
        .select_related("host")
        .order_by("date")
    )
    used = sum(1 for visit in held if visit.date.replace(day=1) == first)
    waiting = any(not v.is_accepted and v.until >= today for v in vouches)
    vouched = any(v.is_valid_on(today) for v in vouches)
    return {
        "template": ME_SECTION_TEMPLATE,
        "engaged": waiting or vouched,
        "waiting": waiting,
        "vouched": vouched,
        "left": max(0, settings.VISITS_MONTHLY_QUOTA - used),
        "today": today,
        # A visit already marked as arrived today is not the next one.
        "next_visit": next(
            (v for v in held if v.date >= today and v.status != Visit.Status.ARRIVED), None
        ),
    }


me_page_sections.connect(me_pass_section, dispatch_uid="visits")
