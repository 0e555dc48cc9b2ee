"""Min side's glimpse of the network pass (members/me.html): whether a vouch waits to be
accepted, whether the person is vouched for, the days left this month and the next visit. Two
queries, whatever the number of vouches and visits. A tag, not the members view's context,
since members sits below visits and imports nothing of it."""

from django import template
from django.conf import settings
from django.utils import timezone

from visits import selectors
from visits.models import Visit

register = template.Library()


@register.simple_tag
def network_pass_summary(user) -> dict:
    today = timezone.localdate()
    vouches = list(selectors.vouches_of(user))
    first, _last = selectors.month_bounds(today)
    held = list(
        Visit.objects.filter(visitor=user, date__gte=first, status__in=Visit.HOLDING)
        .select_related("host")
        .order_by("date")
    )
    used = sum(1 for visit in held if visit.date.replace(day=1) == first)
    return {
        "waiting": any(not v.is_accepted and v.until >= today for v in vouches),
        "vouched": any(v.is_valid_on(today) for v in vouches),
        "left": max(0, settings.VISITS_MONTHLY_QUOTA - used),
        "today": today,
        # A visit already marked as arrived today is not the next one.
        "next_visit": next(
            (v for v in held if v.date >= today and v.status != Visit.Status.ARRIVED), None
        ),
    }
