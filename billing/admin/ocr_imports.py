"""The admin of the bank's OCR files that have been imported, with the payments from each."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from billing.admin.columns import money_column
from billing.models import OcrImport, Payment
from coworking_norge.admin_helpers import ReadOnlyAdminMixin

# An OCR line that matched no invoice is not recorded: the secretariat registers it by hand or
# pays it back. The front page's to-do list counts those of the last 30 days.
RECENT_DAYS = 30


def unmatched_recently_q() -> Q:
    """The imports of the last 30 days with lines that matched no invoice."""
    return Q(unmatched__gt=0, imported_at__gte=timezone.now() - timedelta(days=RECENT_DAYS))


class UnmatchedFilter(admin.SimpleListFilter):
    title = _("unmatched lines")
    parameter_name = "unmatched"

    def lookups(self, request, model_admin):
        return [("recent", _("In the last 30 days")), ("any", _("Any time"))]

    def queryset(self, request, queryset):
        if self.value() == "recent":
            return queryset.filter(unmatched_recently_q())
        if self.value() == "any":
            return queryset.filter(unmatched__gt=0)
        return queryset


class OcrImportPaymentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Payment
    fields = ("paid_on", "invoice", "amount_money", "reference", "external_id")
    readonly_fields = fields
    amount_money = money_column("amount", _("amount"))
    extra = 0
    max_num = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("invoice")


@admin.register(OcrImport)
class OcrImportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Files come in through the payments' \"Import OCR file\"; here they are only looked at."""

    list_display = (
        "imported_at",
        "file_name",
        "transactions",
        "matched",
        "unmatched",
        "total_money",
        "imported_by",
    )
    total_money = money_column("total_amount", _("total"))
    list_filter = (UnmatchedFilter,)
    list_select_related = ("imported_by",)
    search_fields = ("file_name", "transmission_number", "sha256")
    date_hierarchy = "imported_at"
    fields = (
        "file_name",
        "transmission_number",
        "sha256",
        "transactions",
        "matched",
        "unmatched",
        "total_money",
        "imported_by",
        "imported_at",
    )
    readonly_fields = fields
    inlines = (OcrImportPaymentInline,)
