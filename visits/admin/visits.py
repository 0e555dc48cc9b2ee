"""The admin of visits: looked at, searched and filtered, never edited; the secretariat confirms,
declines (with a reason the visitor reads) and marks them through visits.services, whose
refusals are shown as messages. The fairness ledger hangs on this admin (ledger.py)."""

from django.contrib import admin
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from coworking_norge.admin_helpers import ReadOnlyAdminMixin, call_service
from visits.admin.confirmation import missing_reason, posted_reason, reason_page
from visits.admin.filters import VisitWhenFilter
from visits.admin.ledger import LedgerMixin
from visits.models import Visit
from visits.services import visit_confirm, visit_decline, visit_mark

FIELDS = (
    "visitor_name",
    "visitor",
    "home_hub",
    "host",
    "date",
    "status",
    "share_email",
    "phone",
    "message",
    "decline_reason",
    "language",
    "created_at",
    "decided_at",
    "decided_by",
    "cancelled_at",
    "marked_at",
)


@admin.register(Visit)
class VisitAdmin(LedgerMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    change_list_template = "admin/visits/visit/change_list.html"
    list_display = ("visitor_name", "host", "home_hub", "date", "status")
    list_filter = (
        VisitWhenFilter,
        "status",
        ("host", admin.RelatedOnlyFieldListFilter),
        ("home_hub", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("host", "home_hub")
    search_fields = ("visitor_name", "visitor__email", "host__name", "home_hub__name")
    date_hierarchy = "date"
    ordering = ("-date", "-pk")
    actions = ("confirm_selected", "decline_selected", "mark_arrived", "mark_no_show")
    fields = FIELDS
    readonly_fields = FIELDS

    def has_decide_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("visits.change_visit")

    def get_urls(self):
        return [*self.ledger_urls(), *super().get_urls()]

    @admin.action(description=_("Confirm the selected requests"), permissions=["decide"])
    def confirm_selected(self, request, queryset):
        self._each(request, _ordered(queryset), visit_confirm, gettext("%(visit)s is confirmed."))

    @admin.action(description=_("Mark the selected visitors as arrived"), permissions=["decide"])
    def mark_arrived(self, request, queryset):
        done = gettext("%(visit)s is marked as arrived.")
        self._each(request, _ordered(queryset), visit_mark, done, arrived=True)

    @admin.action(description=_("Mark the selected visitors as not come"), permissions=["decide"])
    def mark_no_show(self, request, queryset):
        done = gettext("%(visit)s is marked as not come.")
        self._each(request, _ordered(queryset), visit_mark, done, arrived=False)

    def _each(self, request, visits, service, done: str, **kwargs) -> None:
        for visit in visits:
            call_service(
                self,
                request,
                service,
                about=visit,
                visit=visit,
                by=request.user,
                success=lambda result: done % {"visit": result},
                **kwargs,
            )

    @admin.action(description=_("Decline the selected visits…"), permissions=["decide"])
    def decline_selected(self, request, queryset):
        decidable = queryset.filter(status__in=(Visit.Status.REQUESTED, Visit.Status.CONFIRMED))
        visits = list(_ordered(decidable))
        reason = posted_reason(request)
        if reason is None or not visits:
            return self._decline_page(request, visits, "")
        if not reason:
            return self._decline_page(request, visits, reason, error=missing_reason())
        self._each(request, visits, visit_decline, gettext("%(visit)s is declined."), reason=reason)
        return None

    def _decline_page(self, request, visits: list[Visit], reason: str, **extra):
        texts = {
            "title": ngettext("Decline this visit", "Decline these visits", len(visits)),
            "text": gettext(
                "Each visitor below loses the day and its pass, and is e-mailed with the reason; "
                "the home hub's managers are told. This cannot be undone."
            ),
            "confirm": gettext("Yes, decline"),
            "label": gettext("Reason (the visitor reads it)"),
            "empty": gettext("None of the visits chosen is requested or confirmed."),
        }
        columns = (gettext("Visitor"), gettext("Host"), gettext("Date"), gettext("Status"))
        rows = [
            (v.pk, (v.visitor_name, v.host.name, v.date, v.get_status_display())) for v in visits
        ]
        return reason_page(self, request, rows, columns, texts=texts, reason=reason, **extra)


def _ordered(visits):
    return visits.select_related("host", "home_hub").order_by("date", "pk")
