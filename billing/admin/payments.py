"""The admin of payments: registered by hand, or imported from the bank's OCR giro file."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from billing.admin.columns import money_column
from billing.forms import OcrConfirmForm, OcrUploadForm, PaymentForm
from billing.models import Invoice, OcrImport, Payment
from billing.services import PAYABLE_STATUSES, ocr_import, payment_register
from coworking_norge.admin_helpers import RefusalAsMessageMixin, call_service


@admin.register(Payment)
class PaymentAdmin(RefusalAsMessageMixin, admin.ModelAdmin):
    """A payment_register refusal of what the form let through is shown as a message."""

    form = PaymentForm
    change_list_template = "admin/billing/payment/change_list.html"
    list_display = ("paid_on", "invoice", "organisation", "amount_money", "source", "reference")
    amount_money = money_column("amount", gettext_lazy("amount"))
    list_filter = ("source", "paid_on")
    search_fields = (
        "=invoice__number",
        "=invoice__kid",
        "invoice__organisation__legal_name",
        "invoice__buyer_name",
    )
    list_select_related = ("invoice__organisation",)
    raw_id_fields = ("invoice",)
    date_hierarchy = "paid_on"
    readonly_fields = ("source", "external_id", "ocr_import", "registered_by", "created_at")

    @admin.display(
        description=gettext_lazy("organisation"), ordering="invoice__organisation__legal_name"
    )
    def organisation(self, obj: Payment) -> str:
        invoice = obj.invoice
        return invoice.organisation.legal_name if invoice.organisation_id else invoice.buyer_name

    def get_fields(self, request, obj=None):
        fields = ["invoice", "amount", "paid_on", "reference"]
        return fields if obj is None else [*fields, *self.readonly_fields]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "invoice":
            kwargs["queryset"] = Invoice.objects.filter(
                kind=Invoice.Kind.INVOICE, status__in=PAYABLE_STATUSES
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        return {"paid_on": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a payment stands; a wrong one is corrected by a negative payment

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        payment = payment_register(
            invoice=form.cleaned_data["invoice"],
            amount=form.cleaned_data["amount"],
            paid_on=form.cleaned_data["paid_on"],
            reference=form.cleaned_data["reference"],
            source=Payment.Source.MANUAL,
            user=request.user,
        )
        # The admin goes on with `obj` (log entry, message, redirect): make it the saved one.
        obj.pk, obj.created_at, obj.registered_by = payment.pk, payment.created_at, request.user
        obj._state.adding = False

    def get_urls(self):
        import_view = self.admin_site.admin_view(self.import_ocr_view)
        return [
            path("import-ocr/", import_view, name="billing_payment_import_ocr"),
            *super().get_urls(),
        ]

    def import_ocr_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "_confirm" in request.POST:
            return self._ocr_confirm(request)
        if request.method == "POST":
            form = OcrUploadForm(request.POST, request.FILES)
            if form.is_valid():
                return self._ocr_preview_page(request, form.data_bytes, form.preview)
        else:
            form = OcrUploadForm()
        context = {**self._ocr_context(request, _("Import OCR file")), "form": form}
        return TemplateResponse(request, "admin/billing/payment/ocr_import.html", context)

    def _ocr_confirm(self, request):
        form = OcrConfirmForm(request.POST)
        if not form.is_valid():
            for error in form.non_field_errors() or [_("Upload the file again.")]:
                self.message_user(request, error, messages.ERROR)
            return HttpResponseRedirect(request.path)
        data, file_name = form.cleaned_data["data"], form.cleaned_data["file_name"]
        result = call_service(
            self,
            request,
            ocr_import,
            data=data,
            file_name=file_name,
            user=request.user,
            success=self._recorded_message,
        )
        if result is None:
            return HttpResponseRedirect(request.path)
        if request.user.has_perm("billing.view_ocrimport"):
            url = reverse("admin:billing_ocrimport_change", args=[result.pk])
        else:
            url = reverse("admin:billing_payment_changelist")
        return HttpResponseRedirect(url)

    def _recorded_message(self, result: OcrImport) -> str:
        return ngettext(
            "%(count)d payment was recorded from %(file)s.",
            "%(count)d payments were recorded from %(file)s.",
            result.matched,
        ) % {"count": result.matched, "file": result.file_name}

    def _ocr_preview_page(self, request, data: bytes, preview):
        context = {
            **self._ocr_context(request, _("Preview of %(file)s") % {"file": preview.file_name}),
            "preview": preview,
            "confirm_form": OcrConfirmForm.for_preview(data=data, preview=preview),
        }
        return TemplateResponse(request, "admin/billing/payment/ocr_import_preview.html", context)

    def _ocr_context(self, request, title: str) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "import_url": reverse("admin:billing_payment_import_ocr"),
        }
