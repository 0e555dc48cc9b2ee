from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.no import orgnr

from coworking_norge.secretariat import is_secretariat
from coworking_norge.text import one_line_fields
from hubs.counties import County
from hubs.models import MAX_DESKS


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account; they sign in with their e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can sign in to the admin."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="members_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def clean(self) -> None:
        super().clean()
        one_line_fields(self, "name")

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def is_secretariat(self) -> bool:
        return is_secretariat(self)


def validate_organisation_number(value: str) -> None:
    if not orgnr.is_valid(value):
        raise ValidationError(
            _("A Norwegian organisation number has nine digits and a valid check digit."),
            code="invalid_organisation_number",
        )


class MembershipTier(models.Model):
    """A level of the yearly membership fee, suited to hubs of a range of desks."""

    name = models.CharField(_("name"), max_length=80)
    yearly_fee = models.DecimalField(_("yearly fee (NOK)"), max_digits=10, decimal_places=2)
    vat_rate = models.DecimalField(
        _("VAT rate (%)"), max_digits=5, decimal_places=2, default=Decimal("25.00")
    )
    min_desks = models.PositiveIntegerField(_("from desks"), default=0)
    max_desks = models.PositiveIntegerField(
        _("to desks"), null=True, blank=True, help_text=_("Empty: no upper limit.")
    )

    class Meta:
        verbose_name = _("membership tier")
        verbose_name_plural = _("membership tiers")
        ordering = ["min_desks"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(yearly_fee__gte=0), name="members_tier_fee_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(vat_rate__gte=0, vat_rate__lte=100),
                name="members_tier_vat_rate_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(max_desks__isnull=True)
                | models.Q(max_desks__gte=models.F("min_desks")),
                name="members_tier_desk_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def suits(self, desks: int) -> bool:
        return desks >= self.min_desks and (self.max_desks is None or desks <= self.max_desks)

    @property
    def vat_rate_charged(self) -> Decimal:
        """The VAT the fee is billed with: none while the network is not registered for VAT,
        whatever the tier says."""
        return self.vat_rate if settings.INVOICE_SELLER.get("vat_registered") else Decimal(0)

    @property
    def yearly_fee_with_vat(self) -> Decimal:
        vat = self.yearly_fee * self.vat_rate_charged / 100
        return (self.yearly_fee + vat).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class Organisation(models.Model):
    """An organisation that runs one or more hubs: an applicant, a member, or a former one."""

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("applicant")
        MEMBER = "member", _("member")
        RESIGNED = "resigned", _("resigned")
        REJECTED = "rejected", _("rejected")

    legal_name = models.CharField(_("legal name"), max_length=200)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=9,
        unique=True,
        validators=[validate_organisation_number],
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    invoice_email = models.EmailField(_("invoice e-mail"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.APPLICANT
    )
    tier = models.ForeignKey(
        MembershipTier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("tier"),
    )
    member_since = models.DateField(_("member since"), null=True, blank=True)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Invoices and e-mails to the organisation are in this language."),
    )
    resigned_on = models.DateField(_("resigned on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["legal_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation_number__regex=r"^[0-9]{9}$"),
                name="members_organisation_number_nine_digits",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="member") | models.Q(member_since__isnull=False),
                name="members_organisation_member_has_since",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="resigned") | models.Q(resigned_on__isnull=False),
                name="members_organisation_resigned_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def clean(self) -> None:
        one_line_fields(self, "legal_name", "address", "postcode", "city")

    @property
    def organisation_number_display(self) -> str:
        return orgnr.format(self.organisation_number)

    @property
    def is_member(self) -> bool:
        """A member now: it pays the members' prices (events)."""
        return self.status == self.Status.MEMBER


class OrganisationContact(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("admin contact")
        INVOICE = "invoice", _("invoice contact")
        CONTACT = "contact", _("contact")

    user = models.ForeignKey(
        "members.User",
        on_delete=models.CASCADE,
        related_name="organisation_contacts",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.CONTACT)

    class Meta:
        verbose_name = _("organisation contact")
        verbose_name_plural = _("organisation contacts")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="members_contact_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class MembershipApplication(models.Model):
    """An organisation's application to join, with its hub and its self-assessment."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    applicant = models.ForeignKey(
        "members.User",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("applicant"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    organisation_name = models.CharField(_("organisation's legal name"), max_length=200)
    organisation_number = models.CharField(
        _("organisation number"), max_length=9, validators=[validate_organisation_number]
    )
    address = models.CharField(_("address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=4)
    city = models.CharField(_("city"), max_length=80)
    invoice_email = models.EmailField(_("invoice e-mail"))
    hub_name = models.CharField(_("hub's name"), max_length=120)
    hub_city = models.CharField(_("hub's city or town"), max_length=80)
    hub_county = models.CharField(_("hub's county"), max_length=20, choices=County.choices)
    hub_capacity = models.PositiveIntegerField(
        _("desks"), validators=[MaxValueValidator(MAX_DESKS)]
    )
    hub_description = models.TextField(_("short description of the hub"), max_length=2000)
    hub_website = models.URLField(_("hub's website"), blank=True)
    physical_place = models.TextField(_("a physical place"), max_length=2000)
    community = models.TextField(_("a deliberately composed community"), max_length=2000)
    facilitation = models.TextField(_("facilitation"), max_length=2000)
    motivation = models.TextField(_("why join the network"), max_length=3000)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    suggested_tier = models.ForeignKey(
        MembershipTier,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suggested tier"),
    )
    internal_note = models.TextField(_("internal note"), blank=True)
    decision_reason = models.TextField(_("reason given to the applicant"), blank=True)
    reviewer = models.ForeignKey(
        "members.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_number"],
                condition=models.Q(status="submitted"),
                name="members_application_one_open_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.get_status_display()})"

    def clean(self) -> None:
        one_line_fields(
            self, "organisation_name", "address", "postcode", "city", "hub_name", "hub_city"
        )

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Invitation(models.Model):
    """An admin contact's invitation to become a contact of the organisation, or a hub's manager.

    Only a hash of the token is stored; the token itself is in the e-mail's link."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=10, choices=OrganisationContact.Role.choices, blank=True
    )
    hub = models.ForeignKey(
        "hubs.Hub",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hub to manage"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        "members.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        "members.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # An invitation is either to a contact role or to manage a hub, never both.
            models.CheckConstraint(
                condition=(models.Q(hub__isnull=True) & ~models.Q(role=""))
                | (models.Q(hub__isnull=False) & models.Q(role="")),
                name="members_invitation_role_or_hub",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.hub or self.get_role_display()}"
