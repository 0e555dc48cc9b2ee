"""The library's admin: the secretariat keeps the tags, adds resources of its own (published at
once, with the date the resource came out), and reviews what hub managers submit: publishing it,
or turning it down with a note the submitter reads, through knowledge.services, which e-mails
them. A file is checked by its content (knowledge.files) before it is stored, here as on Min
side. The front page's to-do list counts the submissions waiting."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Case, Value, When
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from coworking_norge.admin_helpers import RefusalAsMessageMixin, call_service
from coworking_norge.admin_todo import TodoItem
from knowledge.models import Resource, Tag
from knowledge.services import (
    resource_file_attach,
    resource_publish,
    resource_reject,
    withdrawn_by_submitter,
)

Status = Resource.Status
# What the review leaves behind, and what the file check measured: read, never typed.
RECORD_FIELDS = (
    "submitted_by",
    "reviewed_by",
    "reviewed_at",
    "review_note",
    "file_name",
    "file_type",
    "file_size",
    "created_at",
    "updated_at",
)
NOTE_MAX_LENGTH = 2000
REJECT_TEMPLATE = "admin/knowledge/resource/reject_confirmation.html"


@admin.register(Tag)
class TagAdmin(TranslationAdmin):
    list_display = ("name", "slug")
    search_fields = ("name_nb", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_nb",)}


class ResourceAdminForm(forms.ModelForm):
    """The admin's resource: a new file is checked by its content (the same check as a hub
    manager's upload) and its name, type and size are recorded; a published one has its date."""

    class Meta:
        model = Resource
        fields = "__all__"  # noqa: DJ007  (the admin's fieldsets choose)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("title_nb", "summary_nb"):  # Norwegian first, as the model's own fields
            if name in self.fields:
                self.fields[name].required = True

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is False:  # "Clear" ticked: nothing is left to describe
            self.instance.file_name, self.instance.file_type = "", ""
            self.instance.file_size = None
        elif isinstance(upload, UploadedFile):
            try:
                resource_file_attach(self.instance, upload)
            except ValidationError as error:
                raise ValidationError(error.message_dict["file"]) from None
        return upload

    def clean(self) -> dict:
        data = super().clean()
        if data.get("status") == Status.PUBLISHED and not data.get("published_on"):
            self.add_error("published_on", _("A published resource needs the date it came out."))
        return data


class StoredFileInput(AdminFileWidget):
    """The stored file by its original name, linked to its download (which checks who may read
    it): the library's storage has no URL of its own."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value):
            context["widget"]["value"] = StoredFile(value.instance)
        return context


class StoredFile:
    def __init__(self, resource: Resource) -> None:
        self.url = reverse("knowledge:file", kwargs={"slug": resource.slug})
        self.name = resource.file_name or resource.file.name

    def __str__(self) -> str:
        return self.name


FIELDSETS = (
    (None, {"fields": ("title", "slug", "kind", "phase", "status", "published_on", "visibility")}),
    (_("Text"), {"fields": ("summary", "body")}),
    (_("Link and file"), {"fields": ("url", "file", "file_name", "file_type", "file_size")}),
    (_("Credit"), {"fields": ("authors", "hub", "organisation", "tags")}),
    (
        _("Review"),
        {
            "fields": (
                "submitted_by",
                "reviewed_by",
                "reviewed_at",
                "review_note",
                "created_at",
                "updated_at",
            )
        },
    ),
)


@admin.register(Resource)
class ResourceAdmin(RefusalAsMessageMixin, TranslationAdmin):
    form = ResourceAdminForm
    change_form_template = "admin/knowledge/resource/change_form.html"
    list_display = ("title", "kind", "phase", "visibility", "status", "hub", "published_on")
    list_filter = ("status", "kind", "phase", "visibility")
    list_select_related = ("hub",)
    search_fields = ("title_nb", "title_en", "summary_nb", "summary_en", "authors", "hub__name")
    prepopulated_fields = {"slug": ("title_nb",)}
    autocomplete_fields = ("hub", "organisation")
    formfield_overrides = {
        # A few tags: checkboxes, each with its label (Django's two-list widget has none).
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
        models.FileField: {"widget": StoredFileInput},
    }
    fieldsets = FIELDSETS
    actions = ("publish_selected", "reject_selected")

    def get_changeform_initial_data(self, request):
        # What the secretariat adds itself is published, once it says when it came out.
        return {"status": Status.PUBLISHED, **super().get_changeform_initial_data(request)}

    def get_ordering(self, request):
        # Waiting for review first, then the newest.
        waiting_first = Case(When(status=Status.SUBMITTED, then=Value(0)), default=Value(1))
        return (waiting_first.asc(), "-created_at")

    def get_readonly_fields(self, request, obj=None):
        # A submission is decided with the actions, which tell whoever submitted it.
        pending = obj is not None and obj.status == Status.SUBMITTED and obj.submitted_by_id
        return (*RECORD_FIELDS, *(("status",) if pending else ()))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "status" in form.base_fields:
            form.base_fields["status"].choices = _status_choices(obj)
        return form

    def save_model(self, request, obj, form, change):
        # A replaced or removed file goes from the disk too: the secretariat may remove one
        # because it should never have been shared.
        before = _stored_file_name(obj) if change and "file" in form.changed_data else ""
        super().save_model(request, obj, form, change)
        if before and before != obj.file.name:
            _files_delete_named([before])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _files_delete([obj])

    def delete_queryset(self, request, queryset):
        resources = list(queryset)
        super().delete_queryset(request, queryset)
        _files_delete(resources)

    # Actions, and the change page's buttons for a submission waiting for review

    @admin.action(description=_("Publish the selected resources"), permissions=["change"])
    def publish_selected(self, request, queryset):
        for resource in queryset.order_by("created_at", "pk"):
            self._publish(request, resource)

    def _publish(self, request, resource: Resource):
        return call_service(
            self,
            request,
            resource_publish,
            about=resource,
            resource=resource,
            by=request.user,
            success=lambda done: gettext("%(title)s is published.") % {"title": done},
        )

    def response_change(self, request, obj):
        # "Publish" saves the page's changes first (the admin did), then publishes.
        if "_publish" in request.POST:
            self._publish(request, obj)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def get_urls(self):
        view = self.admin_site.admin_view(self.reject_view)
        return [
            path("<int:pk>/reject/", view, name="knowledge_resource_reject"),
            *super().get_urls(),
        ]

    def reject_view(self, request, pk: int):
        """The change page's "Turn down…": the same page as the action's, for one resource."""
        resource = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, resource):
            raise PermissionDenied
        pending = [resource] if resource.status == Status.SUBMITTED else []
        note = request.POST.get("review_note", "").strip()[:NOTE_MAX_LENGTH]
        if request.method != "POST" or not pending:
            return self._reject_page(request, pending, "")
        if not note:
            return self._reject_page(request, pending, note, error=_missing_note())
        self._reject(request, pending, note)
        return HttpResponseRedirect(reverse("admin:knowledge_resource_change", args=[pk]))

    @admin.action(
        description=_("Turn down the selected resources (with a note)…"), permissions=["change"]
    )
    def reject_selected(self, request, queryset):
        resources = list(
            queryset.filter(status=Status.SUBMITTED)
            .select_related("hub", "submitted_by")
            .order_by("created_at", "pk")
        )
        note = request.POST.get("review_note", "").strip()[:NOTE_MAX_LENGTH]
        if request.POST.get("post") != "yes" or not resources:
            return self._reject_page(request, resources, "")
        if not note:
            return self._reject_page(request, resources, note, error=_missing_note())
        self._reject(request, resources, note)
        return None

    def _reject(self, request, resources: list[Resource], note: str) -> None:
        for resource in resources:
            call_service(
                self,
                request,
                resource_reject,
                about=resource,
                resource=resource,
                by=request.user,
                note=note,
                success=lambda done: gettext("%(title)s is turned down.") % {"title": done},
            )

    def _reject_page(self, request, resources: list[Resource], note: str, **extra):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": ngettext(
                "Turn down this resource", "Turn down these resources", len(resources)
            ),
            "resources": resources,
            "note": note,
            "note_max_length": NOTE_MAX_LENGTH,
            "action": request.POST.get("action", ""),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            **extra,
        }
        return TemplateResponse(request, REJECT_TEMPLATE, context)


def _status_choices(resource: Resource | None) -> list[tuple[str, str]]:
    """What the form may set: submitted or published for a new one; published or withdrawn for
    one already decided (turning down goes through the action, with its note); nothing else
    for one its submitter withdrew."""
    if resource is None:
        allowed = {Status.SUBMITTED, Status.PUBLISHED}
    elif withdrawn_by_submitter(resource):  # Min side promised them it stays unpublished
        allowed = {resource.status}
    else:
        allowed = {resource.status, Status.PUBLISHED, Status.WITHDRAWN}
    return [(value, label) for value, label in Status.choices if value in allowed]


def _missing_note() -> str:
    return gettext("Write the note: whoever submitted the resource reads why it was turned down.")


def _files_delete(resources: list[Resource]) -> None:
    """A removed resource's file goes too, once the removal is committed."""
    _files_delete_named([resource.file.name for resource in resources if resource.file])


def _files_delete_named(names: list[str]) -> None:
    if names:
        storage = Resource._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


def _stored_file_name(resource: Resource) -> str:
    return Resource.objects.filter(pk=resource.pk).values_list("file", flat=True).first() or ""


def admin_todo_items(sender, *, site, request, **kwargs) -> list[TodoItem]:
    """Resources hub managers submitted that wait for the secretariat's review."""
    if not site.get_model_admin(Resource).has_view_or_change_permission(request):
        return []
    url = reverse("admin:knowledge_resource_changelist", current_app=site.name)
    waiting = Resource.objects.filter(status=Status.SUBMITTED).count()
    label = _("resources submitted for the library, to review")
    return [TodoItem(label, waiting, f"{url}?status__exact={Status.SUBMITTED}", 85)]
