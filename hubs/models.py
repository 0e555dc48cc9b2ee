import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coworking_norge.text import one_line_fields
from hubs.counties import County

postcode_validator = RegexValidator(r"^\d{4}$", _("A Norwegian postcode has four digits."))


IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def _server_name(folder: str, filename: str) -> str:
    """Stored files are named by the server, never by the uploader."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        suffix = ""
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def logo_upload_to(instance, filename: str) -> str:
    return _server_name("logos", filename)


def photo_upload_to(instance, filename: str) -> str:
    return _server_name("hubs", filename)


def photo_rendition_upload_to(instance, filename: str) -> str:
    return _server_name("hubs/sizes", filename)


MAX_DESKS = 10_000
MAX_AREA = 1_000_000  # m²
MAX_ORDER = 1_000


class Facility(models.Model):
    """A tag for what a hub offers (meeting rooms, a workshop, showers…)."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, validators=[MaxValueValidator(MAX_ORDER)]
    )

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name


class Hub(models.Model):
    """A coworking space run by a member organisation."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hubs",
        verbose_name=_("organisation"),
    )
    is_founding = models.BooleanField(
        _("founding hub"),
        default=False,
        help_text=_("One of the eleven hubs that founded the network."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown in the directory, on the map and in open data."),
    )
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    description = models.TextField(_("description"), blank=True)

    address = models.CharField(_("street address"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("city"), max_length=80)
    county = models.CharField(_("county"), max_length=20, choices=County.choices)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(57), MaxValueValidator(72)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(4), MaxValueValidator(32)],
    )

    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_upload_to, blank=True)

    # Limits no real hub comes near, so that no sum of them can overflow a column or a page.
    capacity = models.PositiveIntegerField(
        _("capacity (desks)"), null=True, blank=True, validators=[MaxValueValidator(MAX_DESKS)]
    )
    area = models.PositiveIntegerField(
        _("area (m²)"), null=True, blank=True, validators=[MaxValueValidator(MAX_AREA)]
    )
    opening_hours = models.TextField(_("opening hours"), blank=True)
    facilities = models.ManyToManyField(
        Facility, blank=True, related_name="hubs", verbose_name=_("facilities")
    )

    step_free_entrance = models.BooleanField(_("step-free entrance"), null=True, blank=True)
    accessible_toilet = models.BooleanField(_("accessible toilet"), null=True, blank=True)
    hearing_loop = models.BooleanField(_("hearing loop"), null=True, blank=True)
    accessible_parking = models.BooleanField(_("accessible parking"), null=True, blank=True)
    lift = models.BooleanField(_("lift to every floor"), null=True, blank=True)
    accessibility_notes = models.TextField(_("more about accessibility"), blank=True)
    visitor_info = models.TextField(_("how to visit"), blank=True)

    # Where the marker sits on the map, worked out when hubs change (hubs.map_layout).
    map_x = models.FloatField(null=True, editable=False)
    map_y = models.FloatField(null=True, editable=False)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The change history (django-simple-history) is registered in hubs/translation.py, after
    # modeltranslation has added the _nb and _en fields, so that the history records them too.

    class Meta:
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__gte=57, latitude__lte=72)
                & models.Q(longitude__gte=4, longitude__lte=32),
                name="hubs_hub_coordinates_in_norway",
            ),
            models.CheckConstraint(
                condition=models.Q(county__in=County.values), name="hubs_hub_county_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("hubs:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        one_line_fields(self, "name", "address", "postcode", "city")

    ACCESSIBILITY_FIELDS = (
        "step_free_entrance",
        "accessible_toilet",
        "lift",
        "hearing_loop",
        "accessible_parking",
    )

    @property
    def accessibility_facts(self) -> list[tuple[str, bool | None]]:
        """(label, yes/no/unknown) for each physical accessibility fact."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.ACCESSIBILITY_FIELDS
        ]


class HubPhoto(models.Model):
    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="photos", verbose_name=_("hub")
    )
    image = models.ImageField(
        _("image"), upload_to=photo_upload_to, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    # Display sizes made once, at upload.
    card = models.ImageField(_("card size"), upload_to=photo_rendition_upload_to, blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_rendition_upload_to, blank=True)
    alt_text = models.CharField(
        _("alt text"),
        max_length=250,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, validators=[MaxValueValidator(MAX_ORDER)]
    )

    # Its history is registered in hubs/translation.py, after the alt text's languages exist.

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["hub", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                # The Norwegian is the one every page can fall back on; the English is optional.
                condition=models.Q(alt_text_nb__isnull=False) & ~models.Q(alt_text_nb=""),
                name="hubs_hubphoto_alt_text_required",
            ),
        ]

    def __str__(self) -> str:
        return self.alt_text

    @property
    def card_url(self) -> str:
        """The display size for lists and profiles (older photos without sizes: the original)."""
        return (self.card or self.image).url

    @property
    def thumbnail_url(self) -> str:
        return (self.thumbnail or self.card or self.image).url


class HubManager(models.Model):
    """A person who keeps a hub's public profile current."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="managed_hubs",
        verbose_name=_("user"),
    )
    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="managers", verbose_name=_("hub")
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("hub manager")
        verbose_name_plural = _("hub managers")
        constraints = [
            models.UniqueConstraint(fields=["user", "hub"], name="hubs_hubmanager_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.hub}"
