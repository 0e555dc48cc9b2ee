"""The network in numbers: the yearly hub survey (each member hub's own figures, filed by its
manager), and the international partners and programmes the network links its members to.

Everything else `network` shows is read from the other apps; a survey's figures are shown only as
the network's median and range, and only where at least `SURVEY_MIN_ANSWERS` hubs answered."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coworking_norge.text import one_line_fields

# Fewer answers than this and no figure of the survey is shown: no hub can be singled out.
SURVEY_MIN_ANSWERS = 3


class SurveyQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class Survey(models.Model):
    """One year's survey; at most one is open at a time."""

    year = models.PositiveSmallIntegerField(
        _("year"),
        unique=True,
        validators=[MinValueValidator(2016), MaxValueValidator(2100)],
        help_text=_("The year the figures describe."),
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    deadline = models.DateField(_("answer by"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("hub survey")
        verbose_name_plural = _("hub surveys")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["closed_at"],
                condition=Q(closed_at__isnull=True),
                name="network_one_open_survey",
            ),
        ]

    def __str__(self) -> str:
        return _("Hub survey %(year)s") % {"year": self.year}

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class SurveyAnswer(models.Model):
    """One hub's figures for a survey's year."""

    class Occupancy(models.TextChoices):
        UNDER_50 = "under_50", _("under 50 %")
        FROM_50 = "50_74", _("50–74 %")
        FROM_75 = "75_89", _("75–89 %")
        FROM_90 = "90_100", _("90–100 %")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="answers", verbose_name=_("survey")
    )
    hub = models.ForeignKey(
        # PROTECT: deleting a hub must not change a closed survey's figures (which would tell
        # that hub's answer by the difference); a hub that stops is unpublished, as for visits.
        "hubs.Hub",
        on_delete=models.PROTECT,
        related_name="survey_answers",
        verbose_name=_("hub"),
    )
    desks = models.PositiveIntegerField(
        _("desks"),
        validators=[MaxValueValidator(5000)],
        help_text=_("Workplaces, fixed and flexible."),
    )
    area = models.PositiveIntegerField(
        _("area (m²)"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    members = models.PositiveIntegerField(
        _("members (people)"),
        validators=[MaxValueValidator(10_000)],
        help_text=_("People with a membership or a desk agreement at the end of the year."),
    )
    creative_share = models.PositiveSmallIntegerField(
        _("share in the creative industries (%)"),
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Of the members, the share that works in the creative and cultural industries."
        ),
    )
    day_pass_price = models.DecimalField(
        _("day-pass price (NOK)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(10000))],
        help_text=_("0 if the hub sells no day passes."),
    )
    events_held = models.PositiveIntegerField(
        _("events held"),
        validators=[MaxValueValidator(10_000)],
        help_text=_("Events the hub organised or hosted in the year, open or for members."),
    )
    occupancy = models.CharField(_("occupancy"), max_length=8, choices=Occupancy.choices)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by"),
    )
    filed_at = models.DateTimeField(_("filed"), auto_now=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["survey", "hub__name"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "hub"], name="network_one_answer_per_hub"),
            models.CheckConstraint(
                condition=Q(creative_share__lte=100), name="network_answer_share_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hub} · {self.survey.year}"


class SurveyReminder(models.Model):
    """That a hub was reminded of a survey, and when: reminders are not sent twice a day."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("survey")
    )
    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey reminder")
        verbose_name_plural = _("survey reminders")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.hub} · {self.sent_at:%Y-%m-%d}"


class Partner(models.Model):
    """An international network, programme or conference the network links its members to."""

    class Kind(models.TextChoices):
        NETWORK = "network", _("network")
        PROGRAMME = "programme", _("programme")
        CONFERENCE = "conference", _("conference")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    place = models.CharField(_("where"), max_length=120, help_text=_("City and country."))
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), help_text=_("Who they are, in a few lines."))
    offer = models.TextField(
        _("what it offers members"), blank=True, help_text=_("What a member hub or coworker gets.")
    )
    reciprocal_hubs = models.ManyToManyField(
        "hubs.Hub",
        blank=True,
        related_name="reciprocal_schemes",
        verbose_name=_("member hubs that honour it"),
        help_text=_("Member hubs that also welcome this scheme's members."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("international partner")
        verbose_name_plural = _("international partners")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        one_line_fields(self, "name", "place")
