"""Everything the network bills: invoices and credit notes with their lines, payments, the bank's
OCR imports, reminders, and the gapless invoice number."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from billing.totals import round_ore
from coworking_norge.formats.money import money
from members.models import Organisation

MONEY = {"max_digits": 12, "decimal_places": 2}
FEE_YEAR_TAKEN = "fee_year_taken"


class InvoiceSequence(models.Model):
    """The next invoice number. Its row is locked while an invoice is issued, so that numbers are
    handed out one at a time and a rolled-back issue gives its number back: no gaps."""

    name = models.CharField(max_length=20, unique=True, default="invoice")
    next_number = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("invoice number sequence")
        verbose_name_plural = _("invoice number sequences")

    def __str__(self) -> str:
        return f"{self.name}: {self.next_number}"


class Invoice(models.Model):
    """An invoice or a credit note. A draft can be changed; once issued it is never edited or
    deleted, only credited by a credit note that references it."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("invoice")
        CREDIT_NOTE = "credit_note", _("credit note")

    # What may still change once an invoice is issued (see save()).
    MUTABLE_FIELDS = frozenset({"status", "paid_amount", "credited_amount", "emailed_at"})

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ISSUED = "issued", _("issued")
        PARTLY_PAID = "partly_paid", _("partly paid")
        PAID = "paid", _("paid")
        CREDITED = "credited", _("credited")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # The buyer: an organisation, or a person (an event's private attendee); never both.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
        verbose_name=_("organisation"),
    )
    buyer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
        verbose_name=_("buyer (person)"),
    )
    credits = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("credits invoice"),
    )
    membership_year = models.PositiveIntegerField(
        _("membership year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Set on the yearly membership fee: an organisation is billed once a year."),
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, unique=True)
    kid = models.CharField(_("KID"), max_length=25, null=True, blank=True, unique=True)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # The buyer and the seller as they were when the invoice was issued.
    buyer_name = models.CharField(_("buyer"), max_length=200, blank=True)
    buyer_organisation_number = models.CharField(
        _("buyer's organisation number"), max_length=9, blank=True
    )
    buyer_address = models.CharField(_("buyer's address"), max_length=200, blank=True)
    buyer_postcode = models.CharField(_("buyer's postcode"), max_length=4, blank=True)
    buyer_city = models.CharField(_("buyer's city"), max_length=80, blank=True)
    buyer_email = models.EmailField(_("invoice e-mail"), blank=True)
    seller = models.JSONField(_("seller"), default=dict, blank=True, editable=False)
    our_reference = models.CharField(_("our reference"), max_length=100, blank=True)
    your_reference = models.CharField(_("your reference"), max_length=100, blank=True)
    # Totals are fixed when the invoice is issued; for a draft they follow its lines.
    net_amount = models.DecimalField(_("amount excl. VAT"), **MONEY, default=Decimal(0))
    vat_amount = models.DecimalField(_("VAT"), **MONEY, default=Decimal(0))
    total_amount = models.DecimalField(_("total"), **MONEY, default=Decimal(0))
    paid_amount = models.DecimalField(_("paid"), **MONEY, default=Decimal(0))
    # What the credit notes of an invoice give back, added up (a positive amount).
    credited_amount = models.DecimalField(_("credited"), **MONEY, default=Decimal(0))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-number", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(number__isnull=False, issue_date__isnull=False, due_date__isnull=False),
                name="billing_invoice_issued_has_number_and_dates",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="invoice", credits__isnull=True)
                | models.Q(kind="credit_note", credits__isnull=False),
                name="billing_invoice_credit_note_references_invoice",
            ),
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False, buyer_user__isnull=True)
                | models.Q(organisation__isnull=True, buyer_user__isnull=False),
                name="billing_invoice_one_buyer",
                violation_error_message=_(
                    "An invoice is billed to an organisation or to a person, never both."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(buyer_user__isnull=True)
                | (~models.Q(buyer_name="") & ~models.Q(buyer_email="")),
                name="billing_invoice_person_buyer_named",
                violation_error_message=_("An invoice to a person needs their name and e-mail."),
            ),
            # The yearly fee is the organisation's.
            models.CheckConstraint(
                condition=models.Q(membership_year__isnull=True)
                | models.Q(organisation__isnull=False),
                name="billing_invoice_fee_billed_to_organisation",
                violation_error_message=_("Only an organisation is billed a membership fee."),
            ),
            # Several credit notes may each credit some lines, never more than the invoice holds.
            models.CheckConstraint(
                condition=models.Q(credited_amount=0)
                | models.Q(
                    kind="invoice",
                    credited_amount__gt=0,
                    credited_amount__lte=models.F("total_amount"),
                ),
                name="billing_invoice_credited_within_total",
                violation_error_message=_("An invoice cannot be credited for more than it holds."),
            ),
            # The yearly fee is billed once; a credited one can be billed again.
            models.UniqueConstraint(
                fields=["organisation", "membership_year"],
                condition=models.Q(kind="invoice", membership_year__isnull=False)
                & ~models.Q(status="credited"),
                name="billing_invoice_one_fee_per_year",
                violation_error_code=FEE_YEAR_TAKEN,
                violation_error_message=_(
                    "This organisation already has a fee invoice for this membership year. "
                    "Credit that invoice to bill the year again."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="billing_invoice_overdue")]

    def __str__(self) -> str:
        if self.number is None:
            return _("Draft %(kind)s for %(buyer)s") % {
                "kind": self.get_kind_display(),
                "buyer": self.buyer_name or self.organisation or self.buyer_user,
            }
        return f"{self.get_kind_display().capitalize()} {self.number}"

    def save(self, *args, **kwargs):
        """An issued invoice's content is fixed: only its status, payments and e-mail record
        change, and only through the billing services, which name those fields."""
        update_fields = kwargs.get("update_fields")
        changes_content = update_fields is None or set(update_fields) - self.MUTABLE_FIELDS
        if self.pk and changes_content and _stored_status(Invoice, self.pk) != self.Status.DRAFT:
            raise ValidationError(_("An issued invoice cannot be changed; credit it instead."))
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_issued or _stored_status(Invoice, self.pk) not in (None, self.Status.DRAFT):
            raise ValidationError(_("An issued invoice is never deleted; credit it instead."))
        return super().delete(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        # Forms without kind or status (the admin's add form) must still meet the one-fee-a-year
        # rule, which reads them; its refusal belongs next to the year.
        exclude = set(exclude or ()) - {"kind", "status"}
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            if "membership_year" in exclude:
                raise
            raise ValidationError(_year_taken_on_its_field(error)) from error

    @property
    def is_issued(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def buyer(self):
        """Who is billed: the organisation, or the person."""
        return self.organisation if self.organisation_id else self.buyer_user

    @property
    def credits_in_full(self) -> bool:
        """Whether this credit note gives back every line of the invoice it credits."""
        if not self.credits_id:
            return False
        return self.lines.count() == self.credits.lines.count()

    @property
    def total_after_credits(self) -> Decimal:
        """What the invoice still asks for once its credit notes are taken off."""
        return self.total_amount - self.credited_amount

    @property
    def outstanding(self) -> Decimal:
        if self.is_credit_note or self.status in (self.Status.DRAFT, self.Status.CREDITED):
            return Decimal("0.00")
        return max(self.total_after_credits - self.paid_amount, Decimal("0.00"))

    @property
    def refund_due(self) -> Decimal:
        """Money received for a credited (or partly credited) invoice beyond what it still asks
        for: it is owed back. The SQL twin is billing.selectors.invoices_refund_due_q."""
        if (
            self.is_credit_note
            or self.credited_amount <= 0
            or self.paid_amount <= self.total_after_credits
        ):
            return Decimal("0.00")
        return self.paid_amount - self.total_after_credits

    def status_from_amounts(self) -> str:
        """The status an issued invoice's payments and credits give it: credited stays credited;
        paid once what is still owed after credit notes is paid."""
        if self.status == self.Status.CREDITED:
            return self.status
        if self.paid_amount >= self.total_after_credits:
            return self.Status.PAID
        if self.paid_amount > 0:
            return self.Status.PARTLY_PAID
        return self.Status.ISSUED

    def is_overdue(self, today) -> bool:
        return self.outstanding > 0 and self.due_date is not None and self.due_date < today


class InvoiceLine(models.Model):
    """One line of an invoice. `kind` and `source` say what is billed (the yearly fee, an event
    registration…), so that every kind of fee shares the same invoices."""

    class Kind(models.TextChoices):
        MEMBERSHIP_FEE = "membership_fee", _("membership fee")
        EVENT_FEE = "event_fee", _("event fee")
        OTHER = "other", _("other")

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="lines", verbose_name=_("invoice")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"), max_digits=10, decimal_places=3, default=Decimal(1)
    )
    unit_price = models.DecimalField(_("unit price excl. VAT"), **MONEY)
    vat_rate = models.DecimalField(
        _("VAT rate (%)"), max_digits=5, decimal_places=2, default=Decimal("25.00")
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    # What the line bills, when it is a row in the portal (an event registration, say).
    source_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("billed for (type)"),
    )
    source_id = models.PositiveBigIntegerField(_("billed for (id)"), null=True, blank=True)
    # On a credit note: the invoice's line it gives back.
    credits_line = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credited_by",
        verbose_name=_("credits line"),
    )

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["credits_line"],
                name="billing_invoice_line_credited_once",
                violation_error_message=_("This line is already credited."),
            ),
            models.CheckConstraint(
                condition=models.Q(vat_rate__gte=0, vat_rate__lte=100),
                name="billing_invoice_line_vat_rate_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="billing_invoice_line_period",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def save(self, *args, **kwargs):
        self._refuse_if_issued()
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_issued()
        return super().delete(*args, **kwargs)

    @property
    def net_amount(self) -> Decimal:
        return round_ore(self.quantity * self.unit_price)

    def _refuse_if_issued(self) -> None:
        if _stored_status(Invoice, self.invoice_id) not in (None, Invoice.Status.DRAFT):
            raise ValidationError(_("The lines of an issued invoice cannot be changed."))


def _year_taken_on_its_field(error: ValidationError) -> dict:
    errors = {field: list(items) for field, items in error.error_dict.items()}
    for item in errors.pop(NON_FIELD_ERRORS, []):
        field = "membership_year" if item.code == FEE_YEAR_TAKEN else NON_FIELD_ERRORS
        errors.setdefault(field, []).append(item)
    return errors


def _stored_status(model, pk) -> str | None:
    """The invoice's status in the database, locked until the transaction ends when there is
    one, so that an issue cannot slip in between this check and the write."""
    if pk is None:
        return None
    rows = model.objects.filter(pk=pk)
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()
    return rows.values_list("status", flat=True).first()


class Payment(models.Model):
    """Money received for an invoice: registered by hand, or imported from the bank's OCR file."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("registered by hand")
        OCR = "ocr", _("OCR giro file")

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="payments", verbose_name=_("invoice")
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.MANUAL
    )
    # For an OCR transaction: what makes it unique, so that it is never recorded twice.
    external_id = models.CharField(
        _("bank's transaction id"), max_length=100, null=True, blank=True, unique=True
    )
    ocr_import = models.ForeignKey(
        "billing.OcrImport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("OCR import"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(amount=0), name="billing_payment_amount_not_zero"
            ),
        ]

    def __str__(self) -> str:
        return f"{money(self.amount)} ({date_format(self.paid_on)})"


class OcrImport(models.Model):
    """An OCR giro file from the bank that has been imported; the same file is refused again."""

    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("checksum"), max_length=64, unique=True)
    transmission_number = models.CharField(_("transmission number"), max_length=7)
    transactions = models.PositiveIntegerField(_("transactions"), default=0)
    matched = models.PositiveIntegerField(_("matched"), default=0)
    unmatched = models.PositiveIntegerField(_("unmatched"), default=0)
    total_amount = models.DecimalField(_("total"), **MONEY, default=Decimal(0))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("OCR import")
        verbose_name_plural = _("OCR imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.transmission_number})"


class InvoiceReminder(models.Model):
    """A reminder (purring) e-mailed about an overdue invoice. Never a fee, never a charge."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("invoice")
    )
    sent_on = models.DateField(_("sent on"))
    outstanding = models.DecimalField(_("outstanding"), **MONEY)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "sent_on"], name="billing_reminder_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice} – {date_format(self.sent_on)}"
