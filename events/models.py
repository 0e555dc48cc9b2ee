"""Seminars, the national conference, meet-ups, webinars and open days; who registered for them;
and the public calendars of member hubs, imported as they are.

Seats are scarce: registrations change only through `events.services`, which lock the event's row
in one place (`services.registrations.event_lock`)."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coworking_norge.text import one_line_fields

MONEY = {"max_digits": 10, "decimal_places": 2}
MAX_CAPACITY = 100_000
MAX_PRICE = Decimal("1000000.00")
TICKET_SALT = "events.ticket"


class RegistrationState(models.TextChoices):
    OPEN = "open", _("Registration is open.")
    NOT_OPEN = "not_open", _("Registration has not opened yet.")
    CLOSED = "closed", _("Registration has closed.")
    CANCELLED = "cancelled", _("This event is cancelled.")
    UNPUBLISHED = "unpublished", _("This event is not published.")


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(published=True)

    def upcoming(self, now=None):
        return self.public().filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.public().filter(ends_at__lt=now or timezone.now())


class Event(models.Model):
    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("seminar")
        CONFERENCE = "conference", _("conference")
        MEETUP = "meetup", _("meet-up")
        WEBINAR = "webinar", _("webinar")
        OPEN_DAY = "open_day", _("open day")

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SEMINAR)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    hub = models.ForeignKey(
        "hubs.Hub",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("venue (member hub)"),
        help_text=_("The member hub that hosts the event; leave empty for another venue."),
    )
    venue_name = models.CharField(_("venue"), max_length=160, blank=True)
    venue_address = models.CharField(
        _("venue address"),
        max_length=200,
        blank=True,
        help_text=_("Street address and town, for a venue that is not a member hub."),
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("For webinars: the link participants join by. Sent with the ticket only."),
    )
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)]
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"),
        null=True,
        blank=True,
        help_text=_("Empty: open as soon as the event is published."),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: open until the event starts."),
    )
    refund_deadline = models.DateTimeField(
        _("free cancellation until"),
        null=True,
        blank=True,
        help_text=_("Paid seats cancelled before this are credited. Empty: until the start."),
    )
    member_price = models.DecimalField(
        _("member price excl. VAT"),
        **MONEY,
        default=Decimal(0),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_PRICE)],
        help_text=_("0 means free."),
    )
    non_member_price = models.DecimalField(
        _("non-member price excl. VAT"),
        **MONEY,
        default=Decimal(0),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_PRICE)],
        help_text=_("0 means free."),
    )
    vat_rate = models.DecimalField(
        _("VAT rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("25.00"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    published = models.BooleanField(_("published"), default=False)
    cancelled_at = models.DateTimeField(
        pgettext_lazy("event", "cancelled"), null=True, blank=True, editable=False
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    # iCalendar's SEQUENCE: grows with every change a calendar should pick up.
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="events_event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="events_event_registration_window",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="events_event_capacity",
            ),
            models.CheckConstraint(
                condition=Q(member_price__gte=0, non_member_price__gte=0),
                name="events_event_prices_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(vat_rate__gte=0, vat_rate__lte=100), name="events_event_vat_rate"
            ),
        ]
        indexes = [models.Index(fields=["published", "ends_at"], name="events_upcoming")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        one_line_fields(self, "title", "title_nb", "title_en", "venue_name", "venue_address")
        return super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        closes, ends = self.registration_closes_at, self.ends_at
        if closes and ends and closes > ends:
            raise ValidationError(
                {"registration_closes_at": _("Registration cannot close after the event ends.")}
            )

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_free(self) -> bool:
        return self.member_price == 0 and self.non_member_price == 0

    @property
    def registration_closes(self):
        """When registration closes: as set, or at the start; never after the event is over."""
        return min(self.registration_closes_at or self.starts_at, self.ends_at)

    @property
    def refunds_until(self):
        return self.refund_deadline or self.starts_at

    def refunds_at(self, moment) -> bool:
        """Whether a paid seat given up at `moment` is credited."""
        return moment < self.refunds_until

    def registration_state(self, now=None) -> str:
        """Whether people may register now, or why not (seats aside: a full event still takes
        people onto its waiting list)."""
        now = now or timezone.now()
        if self.is_cancelled:
            return RegistrationState.CANCELLED
        if not self.published:
            return RegistrationState.UNPUBLISHED
        if self.registration_opens_at and now < self.registration_opens_at:
            return RegistrationState.NOT_OPEN
        if now >= self.registration_closes:
            return RegistrationState.CLOSED
        return RegistrationState.OPEN

    def price_for(self, *, member: bool) -> Decimal:
        return self.member_price if member else self.non_member_price


class ProgrammeItem(models.Model):
    """One item of a conference's programme."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="programme", verbose_name=_("event")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    room = models.CharField(_("room or track"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="events_programme_item_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        one_line_fields(self, "title", "title_nb", "title_en", "speakers", "room")
        return super().save(*args, **kwargs)


class RegistrationOrder(models.Model):
    """One booking: a person registering themselves, or a contact registering colleagues for their
    organisation. Paid seats in it are billed on one invoice, with a line per attendee."""

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="orders", verbose_name=_("event")
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="event_orders",
        verbose_name=_("booked by"),
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_orders",
        verbose_name=_("paying organisation"),
    )
    member_price = models.BooleanField(_("member price"), default=False)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The attendees' e-mails are in the language the booking was made in."),
    )
    # A person paying for themselves: where their invoice goes.
    buyer_address = models.CharField(_("address"), max_length=200, blank=True)
    buyer_postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    buyer_city = models.CharField(_("city"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration order")
        verbose_name_plural = _("registration orders")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} – {self.organisation or self.booked_by}"


def new_ticket_code() -> str:
    return secrets.token_urlsafe(16)


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("registration", "cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    order = models.ForeignKey(
        RegistrationOrder,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("order"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED
    )
    # Place on the waiting list, 1 first; only while waitlisted.
    position = models.PositiveIntegerField(_("place in the queue"), null=True, blank=True)
    price = models.DecimalField(_("price excl. VAT"), **MONEY, default=Decimal(0))
    ticket_code = models.CharField(
        _("ticket code"), max_length=32, unique=True, default=new_ticket_code, editable=False
    )
    invoice_line = models.OneToOneField(
        "billing.InvoiceLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registration",
        verbose_name=_("invoice line"),
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(
        pgettext_lazy("registration", "cancelled"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "status", "position", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(status="cancelled"),
                name="events_one_registration_per_email",
                violation_error_message=_("This e-mail address is already registered."),
            ),
            models.UniqueConstraint(
                fields=["event", "position"],
                condition=Q(position__isnull=False),
                name="events_one_place_per_position",
            ),
            models.CheckConstraint(
                condition=Q(status="waitlisted", position__gte=1)
                | (~Q(status="waitlisted") & Q(position__isnull=True)),
                name="events_position_only_on_waiting_list",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="events_only_confirmed_check_in",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="events_registration_status")]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"

    def save(self, *args, **kwargs):
        one_line_fields(self, "name")
        self.email = self.email.strip().lower()
        return super().save(*args, **kwargs)

    @property
    def signed_code(self) -> str:
        return signing.Signer(salt=TICKET_SALT).sign(self.ticket_code)

    def get_ticket_url(self) -> str:
        return reverse("ticket", kwargs={"code": self.signed_code})


class HubFeed(models.Model):
    """A member hub's own public calendar (iCal), imported on a schedule and shown as "at the
    hubs", linking out."""

    hub = models.OneToOneField(
        "hubs.Hub", on_delete=models.CASCADE, related_name="event_feed", verbose_name=_("hub")
    )
    url = models.URLField(_("calendar address (iCal)"), max_length=500)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("hub calendar")
        verbose_name_plural = _("hub calendars")

    def __str__(self) -> str:
        return str(self.hub)


class FeedEvent(models.Model):
    """An event from a hub's calendar, in plain text, as the hub published it."""

    feed = models.ForeignKey(
        HubFeed, on_delete=models.CASCADE, related_name="events", verbose_name=_("hub calendar")
    )
    uid = models.CharField(_("UID"), max_length=255)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("event at a hub")
        verbose_name_plural = _("events at the hubs")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "uid"], name="events_feed_event_uid"),
        ]

    def __str__(self) -> str:
        return self.title
