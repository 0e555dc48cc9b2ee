"""The admin of vouches: looked at, searched and filtered, never edited (hub managers vouch on
their Min side); the secretariat revokes one through vouch_revoke, which calls off the coworker's
upcoming visits through that hub and tells everyone concerned, after a confirmation page."""

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from coworking_norge.admin_helpers import ReadOnlyAdminMixin, call_service
from visits.admin.confirmation import missing_reason, posted_reason, reason_page
from visits.admin.filters import VouchStateFilter
from visits.models import Vouch
from visits.services import vouch_revoke

FIELDS = (
    "email",
    "coworker",
    "home_hub",
    "until",
    "vouched_by",
    "created_at",
    "accepted_at",
    "revoked_at",
    "revoked_reason",
)


@admin.register(Vouch)
class VouchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "email",
        "coworker",
        "home_hub",
        "until",
        "accepted_column",
        "revoked_column",
    )
    list_filter = (VouchStateFilter, ("home_hub", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("coworker", "home_hub")
    search_fields = ("email", "coworker__name", "coworker__email", "home_hub__name")
    ordering = ("-created_at", "-pk")
    actions = ("revoke_selected",)
    fields = FIELDS
    readonly_fields = FIELDS

    @admin.display(description=_("accepted"), boolean=True, ordering="accepted_at")
    def accepted_column(self, vouch: Vouch) -> bool:
        return vouch.accepted_at is not None

    @admin.display(description=_("revoked"), boolean=True, ordering="revoked_at")
    def revoked_column(self, vouch: Vouch) -> bool:
        return vouch.revoked_at is not None

    def has_revoke_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("visits.change_vouch")

    @admin.action(description=_("Revoke the selected vouches…"), permissions=["revoke"])
    def revoke_selected(self, request, queryset):
        vouches = list(queryset.filter(revoked_at__isnull=True).select_related("home_hub"))
        reason = posted_reason(request)
        if reason is None or not vouches:
            return self._page(request, vouches, _default_reason())
        if not reason:
            return self._page(request, vouches, reason, error=missing_reason())
        for vouch in vouches:
            call_service(
                self,
                request,
                vouch_revoke,
                about=vouch,
                vouch=vouch,
                by=request.user,
                reason=reason,
                success=lambda done: gettext("%(vouch)s is revoked.") % {"vouch": done},
            )
        return None

    def _page(self, request, vouches: list[Vouch], reason: str, **extra):
        texts = {
            "title": ngettext("Revoke this vouch", "Revoke these vouches", len(vouches)),
            "text": gettext(
                "Each coworker below can no longer book days at other hubs through this hub. "
                "Their upcoming visits through it are called off, and they and the hosts are "
                "e-mailed with the reason. This cannot be undone: the hub can vouch again."
            ),
            "confirm": gettext("Yes, revoke"),
            "label": gettext("Reason (the coworker reads it)"),
            "empty": gettext("The vouches chosen are already revoked."),
        }
        columns = (gettext("E-mail"), gettext("Home hub"), gettext("Valid until"))
        rows = [
            (vouch.pk, (vouch.email, vouch.home_hub.name, date_format(vouch.until)))
            for vouch in vouches
        ]
        return reason_page(self, request, rows, columns, texts=texts, reason=reason, **extra)


def _default_reason() -> str:
    return gettext("Revoked by the Coworking Norge secretariat.")
