"""Billing's forms, all used by the secretariat's admin: a draft's lines, a payment by hand, and the
OCR file's upload and confirmation. No side effects: the admin hands what they clean to a
service."""

import base64
import binascii
import hashlib
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from billing.models import Invoice, InvoiceLine, Payment
from billing.services import payment_check
from billing.services.ocr import MAX_FILE_BYTES, ocr_preview
from billing.totals import round_ore, totals
from coworking_norge.formats.money import money

# Far below what the amount columns hold (12 digits, 2 decimals), so that no sum overflows them.
AMOUNT_LIMIT = Decimal(1_000_000_000)


def _too_large_message() -> str:
    return _("Amounts must stay below %(limit)s.") % {"limit": money(AMOUNT_LIMIT)}


class InvoiceLineFormSet(BaseInlineFormSet):
    """The draft's lines as they will be saved: each line's amount and the invoice's totals must
    fit the amount columns."""

    def clean(self):
        super().clean()
        lines = [line for line in map(self._line, self.forms) if line is not None]
        result = totals(lines)
        if any(abs(amount) >= AMOUNT_LIMIT for amount in (result.net, result.vat, result.total)):
            raise ValidationError(
                _("The invoice total is too large.") + " " + _too_large_message(),
                code="total_too_large",
            )

    def _line(self, form) -> InvoiceLine | None:
        """The form's line when it is valid and kept, None otherwise; a line too large for its
        amount is an error on the form."""
        data = getattr(form, "cleaned_data", None)
        if not data or form.errors or self._should_delete_form(form):
            return None
        if any(data.get(name) is None for name in ("quantity", "unit_price", "vat_rate")):
            return None
        line = InvoiceLine(
            quantity=data["quantity"], unit_price=data["unit_price"], vat_rate=data["vat_rate"]
        )
        if abs(round_ore(line.quantity * line.unit_price)) >= AMOUNT_LIMIT:
            form.add_error(
                "unit_price",
                ValidationError(
                    _("The line's amount is too large.") + " " + _too_large_message(),
                    code="line_too_large",
                ),
            )
            return None
        return line


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

    def clean(self):
        """What payment_register refuses by hand (a zero amount, one too large to record, a
        correction larger than what was paid, an invoice that is not open), asked of the same rule
        on the invoice as it is now. In the admin the form is validated inside the transaction
        that saves it: the invoice's row stays locked from here to the save, so that nobody
        credits or pays it in between."""
        cleaned = super().clean()
        invoice, amount = cleaned.get("invoice"), cleaned.get("amount")
        if invoice is None or amount is None:
            return cleaned
        try:
            payment_check(invoice=_current(invoice), amount=amount, only_open=True)
        except ValidationError as error:
            self.add_error(None, error)
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
