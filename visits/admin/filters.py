"""The lists' filters: a vouch's state, and upcoming or past visits."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VouchStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return (
            ("valid", _("Accepted and running")),
            ("open", _("Invitation not yet accepted")),
            ("run_out", _("Run out")),
            ("revoked", _("Revoked")),
        )

    def queryset(self, request, queryset):
        today = timezone.localdate()
        live = queryset.filter(revoked_at__isnull=True)
        choices = {
            "valid": lambda: live.filter(accepted_at__isnull=False, until__gte=today),
            "open": lambda: live.filter(accepted_at__isnull=True, until__gte=today),
            "run_out": lambda: live.filter(until__lt=today),
            "revoked": lambda: queryset.filter(revoked_at__isnull=False),
        }
        chosen = choices.get(self.value())
        return chosen() if chosen else queryset


class VisitWhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return (("upcoming", _("Today and later")), ("past", _("Past")))

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "upcoming":
            return queryset.filter(date__gte=today)
        if self.value() == "past":
            return queryset.filter(date__lt=today)
        return queryset
