"""The admin of the bank's OCR files that have been imported, with the payments from each."""

from django.contrib import admin

from billing.models import OcrImport, Payment
from coworking_norge.admin_helpers import ReadOnlyAdminMixin


class OcrImportPaymentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Payment
    fields = ("paid_on", "invoice", "amount", "reference", "external_id")
    readonly_fields = fields
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
        "transmission_number",
        "transactions",
        "matched",
        "unmatched",
        "total_amount",
        "imported_by",
    )
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
        "total_amount",
        "imported_by",
        "imported_at",
    )
    readonly_fields = fields
    inlines = (OcrImportPaymentInline,)
