"""The event list's filters: upcoming or past, cancelled, and hub managers' proposals."""

from django.contrib import admin
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def proposals_open(events: QuerySet) -> QuerySet:
    """Proposed by a hub manager, neither published nor cancelled, and not over."""
    return events.filter(
        proposed_by__isnull=False,
        published=False,
        cancelled_at__isnull=True,
        ends_at__gte=timezone.now(),
    )


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return (("upcoming", _("Upcoming")), ("past", _("Past")))

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(ends_at__gte=now)
        if self.value() == "past":
            return queryset.filter(ends_at__lt=now)
        return queryset


class CancelledFilter(admin.SimpleListFilter):
    title = pgettext_lazy("event", "cancelled")
    parameter_name = "cancelled"

    def lookups(self, request, model_admin):
        return (("yes", _("Cancelled")), ("no", _("Not cancelled")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(cancelled_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(cancelled_at__isnull=True)
        return queryset


class ProposalFilter(admin.SimpleListFilter):
    OPEN = "open"
    title = _("proposals")
    parameter_name = "proposal"

    def lookups(self, request, model_admin):
        return ((self.OPEN, _("Proposed by a hub, to publish")),)

    def queryset(self, request, queryset):
        return proposals_open(queryset) if self.value() == self.OPEN else queryset
