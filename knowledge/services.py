"""Every write to the library: a hub manager submits a resource (with its file checked by content),
withdraws it while it waits; the secretariat publishes or turns it down with a note. E-mails go
after the transaction commits."""

from datetime import date

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from coworking_norge.text import slug_words
from hubs.models import Hub
from knowledge import notifications
from knowledge.files import file_check
from knowledge.models import Resource, Tag
from knowledge.permissions import can_withdraw, hubs_submitting_for
from members.models import User

# What a submitter fills in; everything else is the secretariat's.
SUBMITTED_FIELDS = (
    "title_nb", "title_en", "kind", "phase", "summary_nb", "summary_en", "body_nb", "body_en",
    "url", "authors", "visibility",
)  # fmt: skip


def _free_slug(title: str, *, exclude: int | None = None) -> str:
    base = slug_words(title, max_length=100) or "ressurs"
    slug, number = base, 2
    while Resource.objects.filter(slug=slug).exclude(pk=exclude).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def resource_file_attach(resource: Resource, upload: UploadedFile | None) -> None:
    """Check the file by its content and put it on the (unsaved) resource; its original name is
    kept, cleaned, for the download."""
    if upload is None:
        return
    try:
        resource.file_type = file_check(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    resource.file_name = f"{_file_stem(upload.name)}.{resource.file_type}"
    resource.file_size = upload.size
    resource.file = upload


def _file_stem(name: str) -> str:
    """The name without its extension, letters, digits, dots and dashes only; "file" when none
    is left (Django refuses a name of nothing but dots or signs, such as "€.pdf")."""
    try:
        return get_valid_filename(name.rsplit(".", 1)[0])[:100]
    except SuspiciousFileOperation:
        return "file"


@transaction.atomic
def resource_submit(
    *, hub: Hub, by: User, data: dict, tags: list[Tag] = (), upload: UploadedFile | None = None
) -> Resource:
    """A hub manager's resource, waiting for the secretariat's review; the secretariat is told."""
    if not hubs_submitting_for(by).filter(pk=hub.pk).exists():
        raise ValidationError(_("You can submit resources only for member hubs you manage."))
    resource = Resource(
        **{name: data.get(name, "") for name in SUBMITTED_FIELDS},
        hub=hub,
        organisation=hub.organisation,
        submitted_by=by,
        status=Resource.Status.SUBMITTED,
    )
    resource.slug = _free_slug(resource.title_nb or resource.title_en or "")
    resource_file_attach(resource, upload)
    # `title` (read and written by Resource.clean too) is the active language's field: from an
    # English page it would copy the Norwegian title into the English one, which then reads as
    # translated. In Norwegian it is the Norwegian title, and fills the untranslated column.
    with translation.override(settings.LANGUAGE_CODE):
        resource.title = resource.title_nb or resource.title_en
        resource.full_clean()
    resource.save()
    resource.tags.set(tags)
    transaction.on_commit(lambda: notifications.resource_submitted(resource.pk))
    return resource


def withdrawn_by_submitter(resource: Resource) -> bool:
    """Taken back before any review: Min side told the submitter it will not be published (the
    secretariat's own withdrawals were reviewed, or have nobody who submitted them)."""
    return (
        resource.status == Resource.Status.WITHDRAWN
        and resource.submitted_by_id is not None
        and resource.reviewed_at is None
    )


@transaction.atomic
def resource_publish(resource: Resource, *, by: User, published_on: date | None = None) -> Resource:
    """Publish it (today, unless it says when it came out); whoever submitted it is told."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if resource.status == Resource.Status.PUBLISHED:
        raise ValidationError(_("This resource is already published."))
    if withdrawn_by_submitter(resource):
        raise ValidationError(
            _(
                "Whoever submitted this resource withdrew it: it is published only if they "
                "submit it again."
            )
        )
    was_submitted = resource.status == Resource.Status.SUBMITTED
    resource.status = Resource.Status.PUBLISHED
    resource.published_on = published_on or resource.published_on or timezone.localdate()
    _reviewed(resource, by)
    if was_submitted and resource.submitted_by_id:
        transaction.on_commit(lambda: notifications.resource_reviewed(resource.pk))
    return resource


@transaction.atomic
def resource_reject(resource: Resource, *, by: User, note: str) -> Resource:
    """Turn a submission down with a note that says why; whoever submitted it is told."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if resource.status != Resource.Status.SUBMITTED:
        raise ValidationError(_("Only a resource waiting for review can be turned down."))
    if not (note or "").strip():
        raise ValidationError({"review_note": _("Say why, for whoever submitted it.")})
    resource.status = Resource.Status.REJECTED
    resource.review_note = note.strip()
    _reviewed(resource, by)
    if resource.submitted_by_id:
        transaction.on_commit(lambda: notifications.resource_reviewed(resource.pk))
    return resource


@transaction.atomic
def resource_withdraw(resource: Resource, *, by: User) -> Resource:
    """The submitter takes back a resource that is still waiting for review."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if not can_withdraw(by, resource):
        raise ValidationError(_("Only a resource waiting for review can be withdrawn."))
    resource.status = Resource.Status.WITHDRAWN
    resource.full_clean()
    resource.save()
    return resource


def _reviewed(resource: Resource, by: User) -> None:
    resource.reviewed_by = by
    resource.reviewed_at = timezone.now()
    resource.full_clean()
    resource.save()
