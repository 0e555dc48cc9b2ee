"""The network's library: reports, guides, templates, articles and links about founding, running and
growing a coworking space. A resource is public or for people of member organisations; hub managers
submit resources from Min side, and the secretariat reviews and publishes them.

Files are kept in their own storage ("knowledge"), outside the public media folder: they are served
only through `knowledge.views.resource_file`, which checks the same permission as the body."""

import os
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from coworking_norge.text import one_line_fields


class KnowledgeStorage(FileSystemStorage):
    """Resource files, in settings.KNOWLEDGE_FILES_ROOT (read when first used, and again when a
    test changes it): outside MEDIA_ROOT, and with no URL of their own."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @cached_property
    def base_location(self):
        return settings.KNOWLEDGE_FILES_ROOT

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def _clear_cached_properties(self, setting, **kwargs) -> None:
        if setting == "KNOWLEDGE_FILES_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)
        super()._clear_cached_properties(setting, **kwargs)


_STORAGE = KnowledgeStorage()


def knowledge_storage() -> KnowledgeStorage:
    return _STORAGE


def resource_file_path(resource: "Resource", filename: str) -> str:
    # The stored name never comes from the uploader: a random name keeps files unguessable and
    # out of reach of path tricks; the original name is kept in `file_name` for the download.
    return f"resources/{secrets.token_hex(16)}.{resource.file_type or 'bin'}"


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ResourceQuerySet(models.QuerySet):
    def published(self):
        """Out in the library: published, and its day has come (Resource.is_out says the same)."""
        return self.filter(status=Resource.Status.PUBLISHED, published_on__lte=timezone.localdate())


class Resource(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("report")
        GUIDE = "guide", _("guide")
        TEMPLATE = "template", _("template")
        ARTICLE = "article", _("article")
        LINK = "link", _("link")

    class Phase(models.TextChoices):
        STARTING = "starting", _("starting a space")
        RUNNING = "running", _("running a space")
        GROWING = "growing", _("growing a space")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        MEMBERS = "members", _("members only")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted for review")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("not accepted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        XLSX = "xlsx", "Excel (XLSX)"
        ODT = "odt", "OpenDocument (ODT)"

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three sentences, shown to everyone, also for members-only resources."),
    )
    body = models.TextField(
        _("text"), blank=True, help_text=_("Markdown: headings, lists, links, emphasis, tables.")
    )
    url = models.URLField(
        _("link"),
        blank=True,
        help_text=_("Where the resource is published, when it lives elsewhere."),
    )
    file = models.FileField(
        _("file"), storage=knowledge_storage, upload_to=resource_file_path, blank=True
    )
    file_name = models.CharField(_("file name"), max_length=120, blank=True)
    file_type = models.CharField(_("file type"), max_length=5, choices=FileType.choices, blank=True)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), null=True, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="resources", verbose_name=_("tags"))
    authors = models.CharField(
        _("authors"), max_length=200, blank=True, help_text=_("As they are credited.")
    )
    hub = models.ForeignKey(
        "hubs.Hub",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("contributed by hub"),
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("contributed by organisation"),
    )
    published_on = models.DateField(
        _("published"), null=True, blank=True, help_text=_("When the resource itself came out.")
    )
    published_year_only = models.BooleanField(
        _("only the year is known"),
        default=False,
        help_text=_("The page then shows the year alone, not a day nobody knows."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(
        _("review note"), blank=True, help_text=_("Sent to whoever submitted it.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-published_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="knowledge_resource_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(review_note=""),
                name="knowledge_resource_rejected_has_note",
            ),
            models.CheckConstraint(
                condition=Q(file="") | ~Q(file_type=""),
                name="knowledge_resource_file_has_type",
            ),
            models.CheckConstraint(
                condition=~Q(kind="link") | ~Q(url=""),
                name="knowledge_resource_link_has_url",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        one_line_fields(self, "title_nb", "title_en", "authors", "file_name")
        if self.kind == self.Kind.LINK and not self.url:
            raise ValidationError({"url": _("A link needs its address.")})

    @property
    def members_only(self) -> bool:
        return self.visibility == self.Visibility.MEMBERS

    @property
    def published_shown(self) -> str:
        """When it came out, as precisely as it is known: "2016", or the date in the locale's
        format (an empty string when there is no date)."""
        if not self.published_on:
            return ""
        if self.published_year_only:
            return str(self.published_on.year)
        return date_format(self.published_on)

    @property
    def is_out(self) -> bool:
        """In the library for everyone now: what ResourceQuerySet.published() selects."""
        return self.is_published and self.published_on <= timezone.localdate()

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
