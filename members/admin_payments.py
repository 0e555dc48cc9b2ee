"""The admin of payments: registered by hand, or imported from the bank's OCR giro file."""

import base64
import binascii
import hashlib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from members.billing import payment_register
from members.invoice_totals import round_ore
from members.models import Invoice, OcrImport, Payment
from members.ocr import MAX_FILE_BYTES, duplicate_file_message, ocr_import, ocr_preview

# Payments, corrections included, go to invoices that are issued and not credited.
PAYABLE_STATUSES = (Invoice.Status.ISSUED, Invoice.Status.PARTLY_PAID, Invoice.Status.PAID)


class PaymentForm(forms.ModelForm):
    class Meta:
        model = Payment
        fields = ("invoice", "amount", "paid_on", "reference")
        help_texts = {
            "amount": gettext_lazy(
                "In NOK. A payment is never changed afterwards: to correct one, register the "
                "opposite (negative) amount."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "invoice" in self.fields:
            self.fields["invoice"].error_messages["invalid_choice"] = gettext_lazy(
                "Choose an issued invoice that is not credited."
            )

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount == 0:
            raise ValidationError(
                _("A payment cannot be zero. To correct a payment, register a negative amount."),
                code="zero",
            )
        return amount

    def clean(self):
        """What payment_register would refuse, checked on the invoice as it is now. In the admin
        the form is validated inside the transaction that saves it: the invoice's row stays
        locked from here to the save, so that nobody credits or pays it in between."""
        cleaned = super().clean()
        invoice, amount = cleaned.get("invoice"), cleaned.get("amount")
        if invoice is None or amount is None:
            return cleaned
        invoice = _current(invoice)
        if invoice.is_credit_note or invoice.status not in PAYABLE_STATUSES:
            self.add_error("invoice", self.fields["invoice"].error_messages["invalid_choice"])
        elif invoice.paid_amount + round_ore(amount) < 0:
            self.add_error(
                "amount",
                _("A correction cannot take back more than has been paid (%(paid)s).")
                % {"paid": invoice.paid_amount},
            )
        return cleaned


def _current(invoice: Invoice) -> Invoice:
    rows = Invoice.objects.filter(pk=invoice.pk)
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()
    return rows.get()


class OcrUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("OCR giro file"),
        help_text=gettext_lazy("The OCR file (OCR giro, Nets) downloaded from the bank."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(_("The file is too large for an OCR giro file."))
        self.data_bytes = upload.read()
        self.preview = ocr_preview(data=self.data_bytes, file_name=upload.name)
        return upload


class OcrConfirmForm(forms.Form):
    """The file itself travels back with the confirmation, so nothing is kept on the server
    between preview and import; the import recomputes everything from it."""

    file_name = forms.CharField(max_length=200, widget=forms.HiddenInput)
    content = forms.CharField(widget=forms.HiddenInput)
    sha256 = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        try:
            data = base64.b64decode(cleaned.get("content", ""), validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError(_("The file could not be read back; upload it again.")) from None
        if hashlib.sha256(data).hexdigest() != cleaned.get("sha256"):
            raise ValidationError(_("The file changed after the preview; upload it again."))
        cleaned["data"] = data
        return cleaned

    @classmethod
    def for_preview(cls, *, data: bytes, preview) -> "OcrConfirmForm":
        content = base64.b64encode(data).decode("ascii")
        return cls(
            initial={"file_name": preview.file_name, "content": content, "sha256": preview.sha256}
        )


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    form = PaymentForm
    change_list_template = "admin/members/ocr_import_change_list.html"
    list_display = ("paid_on", "invoice", "organisation", "amount", "source", "reference")
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
        return obj.invoice.organisation.legal_name

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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # payment_register refused what the form let through: nothing was written.
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

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
            path("import-ocr/", import_view, name="members_payment_import_ocr"),
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
        return TemplateResponse(request, "admin/members/ocr_import.html", context)

    def _ocr_confirm(self, request):
        form = OcrConfirmForm(request.POST)
        if not form.is_valid():
            for error in form.non_field_errors() or [_("Upload the file again.")]:
                self.message_user(request, error, messages.ERROR)
            return HttpResponseRedirect(request.path)
        data, file_name = form.cleaned_data["data"], form.cleaned_data["file_name"]
        try:
            result = ocr_import(data=data, file_name=file_name, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(request, self._recorded_message(result), messages.SUCCESS)
        if request.user.has_perm("members.view_ocrimport"):
            url = reverse("admin:members_ocrimport_change", args=[result.pk])
        else:
            url = reverse("admin:members_payment_changelist")
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
            "duplicate_file_message": duplicate_file_message(preview),
            "confirm_form": OcrConfirmForm.for_preview(data=data, preview=preview),
        }
        return TemplateResponse(request, "admin/members/ocr_import_preview.html", context)

    def _ocr_context(self, request, title: str) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "import_url": reverse("admin:members_payment_import_ocr"),
        }


class OcrImportPaymentInline(admin.TabularInline):
    model = Payment
    fields = ("paid_on", "invoice", "amount", "reference", "external_id")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("invoice")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OcrImport)
class OcrImportAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request) -> bool:
        return False  # files come in through the payments' "Import OCR file"

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
