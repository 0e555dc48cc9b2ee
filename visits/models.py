"""The network pass: a member hub vouches for its coworkers (`Vouch`), a hub says whether and how
many network guests it hosts (`HostSettings`, `ClosedDay`), and a vouched coworker visits another
member hub for a day (`Visit`), with a pass the host checks on any phone.

Desks and quotas are scarce: visits are requested only through `visits.services`, which lock the
coworker and the host in one place (`services.visits.desks_and_quota_lock`)."""

import secrets
from datetime import date

from django.conf import settings
from django.core import signing
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

PASS_SALT = "visits.pass"  # noqa: S105  (a signing salt, not a secret)
MAX_GUEST_DESKS = 50
WEEKDAYS = (
    ("monday", _("Monday")),
    ("tuesday", _("Tuesday")),
    ("wednesday", _("Wednesday")),
    ("thursday", _("Thursday")),
    ("friday", _("Friday")),
    ("saturday", _("Saturday")),
    ("sunday", _("Sunday")),
)


def new_pass_code() -> str:
    return secrets.token_urlsafe(18)


class VouchQuerySet(models.QuerySet):
    def live(self):
        """Not revoked: an open invitation or an accepted vouch, whatever its end date."""
        return self.filter(revoked_at__isnull=True)

    def valid_on(self, day: date):
        """Accepted, not revoked, running on `day`, from a hub of a member organisation."""
        return self.live().filter(
            accepted_at__isnull=False,
            until__gte=day,
            home_hub__organisation__status="member",
        )


class Vouch(models.Model):
    """A hub's word that a person is its coworker, until a date: what lets them visit others.

    It starts as an invitation to an e-mail address (only a hash of its token is stored) and is
    valid once the coworker accepts it with an account that has verified that address."""

    home_hub = models.ForeignKey(
        "hubs.Hub", on_delete=models.CASCADE, related_name="vouches", verbose_name=_("home hub")
    )
    email = models.EmailField(_("e-mail address"))
    coworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="vouches",
        verbose_name=_("coworker"),
    )
    until = models.DateField(_("valid until"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    vouched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vouched by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("why it ended"), max_length=200, blank=True)

    objects = VouchQuerySet.as_manager()

    class Meta:
        verbose_name = _("vouch")
        verbose_name_plural = _("vouches")
        ordering = ["-created_at"]
        constraints = [
            # One live vouch per person (by address) per home hub: renewing moves its end date.
            models.UniqueConstraint(
                Lower("email"),
                "home_hub",
                condition=Q(revoked_at__isnull=True),
                name="visits_vouch_one_live_per_email_and_hub",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(coworker__isnull=False),
                name="visits_vouch_accepted_has_coworker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ← {self.home_hub}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    def is_valid_on(self, day: date) -> bool:
        return self.revoked_at is None and self.accepted_at is not None and self.until >= day


class HostSettings(models.Model):
    """Whether, when and how a hub hosts coworkers of other member hubs."""

    class Confirmation(models.TextChoices):
        AUTOMATIC = "automatic", _("automatically, while there are guest desks")
        MANUAL = "manual", _("by a manager")

    hub = models.OneToOneField(
        "hubs.Hub",
        on_delete=models.CASCADE,
        related_name="host_settings",
        verbose_name=_("hub"),
    )
    hosts_guests = models.BooleanField(_("hosts network guests"), default=False)
    desks_monday = models.PositiveSmallIntegerField(
        _("Monday"), default=0, validators=[MaxValueValidator(MAX_GUEST_DESKS)]
    )
    desks_tuesday = models.PositiveSmallIntegerField(
        _("Tuesday"), default=0, validators=[MaxValueValidator(MAX_GUEST_DESKS)]
    )
    desks_wednesday = models.PositiveSmallIntegerField(
        _("Wednesday"), default=0, validators=[MaxValueValidator(MAX_GUEST_DESKS)]
    )
    desks_thursday = models.PositiveSmallIntegerField(
        _("Thursday"), default=0, validators=[MaxValueValidator(MAX_GUEST_DESKS)]
    )
    desks_friday = models.PositiveSmallIntegerField(
        _("Friday"), default=0, validators=[MaxValueValidator(MAX_GUEST_DESKS)]
    )
    desks_saturday = models.PositiveSmallIntegerField(
        _("Saturday"), default=0, validators=[MaxValueValidator(MAX_GUEST_DESKS)]
    )
    desks_sunday = models.PositiveSmallIntegerField(
        _("Sunday"), default=0, validators=[MaxValueValidator(MAX_GUEST_DESKS)]
    )
    confirmation = models.CharField(
        _("requests are confirmed"),
        max_length=10,
        choices=Confirmation.choices,
        default=Confirmation.MANUAL,
    )
    house_rules = models.TextField(_("house rules"), max_length=2000, blank=True)
    arrival_instructions = models.TextField(
        _("arrival instructions"),
        max_length=2000,
        blank=True,
        help_text=_("Shown to visitors once their visit is confirmed, and on their pass."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("host settings")
        verbose_name_plural = _("host settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"desks_{day}__lte": MAX_GUEST_DESKS for day, _label in WEEKDAYS}),
                name="visits_hostsettings_desks_at_most_max",
            ),
        ]

    def __str__(self) -> str:
        return str(self.hub)

    def desks_on(self, day: date) -> int:
        """Guest desks on that day of the week (closed dates aside)."""
        return getattr(self, f"desks_{WEEKDAYS[day.weekday()][0]}")

    @property
    def weekly_desks(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, f"desks_{day}")) for day, label in WEEKDAYS]


class ClosedDay(models.Model):
    """A date a hub takes no network guests (a holiday, an event of its own)."""

    hub = models.ForeignKey(
        "hubs.Hub", on_delete=models.CASCADE, related_name="closed_days", verbose_name=_("hub")
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("closed day")
        verbose_name_plural = _("closed days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint("hub", "date", name="visits_closedday_one_per_hub_and_date"),
        ]

    def __str__(self) -> str:
        return f"{self.hub}: {self.date}"


class Visit(models.Model):
    """A coworker's day at another member hub. It keeps its home hub and host even when the
    person deletes their account, so that the ledger between hubs stays true."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", pgettext_lazy("visit", "cancelled")
        ARRIVED = "arrived", _("arrived")
        NO_SHOW = "no_show", _("did not come")

    # The visits that hold a desk and count against the coworker's monthly quota.
    HOLDING = (Status.REQUESTED, Status.CONFIRMED, Status.ARRIVED)

    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("visitor"),
    )
    visitor_name = models.CharField(_("visitor's name"), max_length=150)
    home_hub = models.ForeignKey(
        "hubs.Hub", on_delete=models.PROTECT, related_name="visits_sent", verbose_name=_("home hub")
    )
    host = models.ForeignKey(
        "hubs.Hub", on_delete=models.PROTECT, related_name="visits_hosted", verbose_name=_("host")
    )
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    share_email = models.BooleanField(_("show my e-mail address to the host"), default=False)
    phone = models.CharField(
        _("phone for the host"),
        max_length=30,
        blank=True,
        help_text=_("Only if you want the host to be able to call you."),
    )
    message = models.CharField(_("message to the host"), max_length=500, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=5, default="nb")
    pass_code = models.CharField(max_length=32, unique=True, default=new_pass_code, editable=False)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    marked_at = models.DateTimeField(_("arrival marked"), null=True, blank=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["date", "pk"]
        indexes = [
            models.Index(fields=["host", "date"], name="visits_visit_host_date"),
            models.Index(fields=["home_hub", "date"], name="visits_visit_home_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(home_hub=models.F("host")), name="visits_visit_not_at_home"
            ),
            # One day, one place: a person holds at most one desk per date.
            models.UniqueConstraint(
                "visitor",
                "date",
                condition=Q(status__in=["requested", "confirmed", "arrived"]),
                name="visits_visit_one_holding_per_person_and_day",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="visits_visit_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visitor_name}: {self.host}, {self.date}"

    @property
    def pass_token(self) -> str:
        """The pass's address token: its random code, signed, so a made-up one is worthless."""
        return signing.Signer(salt=PASS_SALT).sign(self.pass_code)

    def get_pass_url(self) -> str:
        return reverse("visit_pass", kwargs={"token": self.pass_token})

    def cancellable_on(self, today: date) -> bool:
        """The coworker may call it off: it waits or is confirmed, and its day has not come."""
        return self.status in (self.Status.REQUESTED, self.Status.CONFIRMED) and self.date > today

    @property
    def holds_desk(self) -> bool:
        return self.status in self.HOLDING
