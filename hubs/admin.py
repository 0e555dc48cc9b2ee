from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from coworking_norge.admin_helpers import ReadOnlyAdminMixin
from coworking_norge.admin_todo import TodoItem
from hubs.models import Facility, Hub, HubManager, HubPhoto
from hubs.selectors import (
    hub_change_summary,
    hub_history_by_managers,
    hub_history_by_secretariat,
)
from hubs.services import hub_manager_add, hub_manager_remove, hub_manager_replace


class HubPhotoInline(TranslationTabularInline):
    """The alt text in both languages (modeltranslation puts alt_text_nb and alt_text_en in place
    of alt_text); the Norwegian required, the English optional."""

    model = HubPhoto
    extra = 0
    fields = ("image", "alt_text", "order")


class HubManagerInline(admin.TabularInline):
    model = HubManager
    extra = 0
    autocomplete_fields = ("user",)
    readonly_fields = ("added_at",)


def _managers_saved(formset, by) -> None:
    """A hub's managers as the inline left them, added and removed through the services: the
    new ones first, so that replacing a hub's only manager never leaves it without one."""
    managers = formset.save(commit=False)
    for manager in managers:
        _manager_saved(manager, by)
    for manager in formset.deleted_objects:
        hub_manager_remove(manager=manager, by=by)


def _manager_saved(manager: HubManager, by) -> None:
    """Save a manager row of a form through the services, and make it the saved one."""
    if manager.pk is None:
        saved = hub_manager_add(hub=manager.hub, user=manager.user)
    else:
        saved = hub_manager_replace(manager=manager, hub=manager.hub, user=manager.user, by=by)
    # The admin goes on with this object (log entry, message, redirect).
    manager.pk, manager.added_at = saved.pk, saved.added_at
    manager._state.adding = False


# The managers' changes the front page's to-do list counts: the last two weeks.
RECENT_CHANGES_DAYS = 14
# A profile a visitor finds wanting lacks one of these (Norwegian first: English falls back to it).
_PROFILE_TEXTS = ("tagline_nb", "description_nb", "address")


def hub_has_photo() -> Exists:
    return Exists(HubPhoto.objects.filter(hub=OuterRef("pk")))


def hubs_incomplete_q() -> Q:
    """No Norwegian tagline or description, no street address, or no photo. Needs the
    annotation `has_photo` (hub_has_photo())."""
    incomplete = Q(has_photo=False)
    for field in _PROFILE_TEXTS:
        incomplete |= Q(**{field: ""}) | Q(**{f"{field}__isnull": True})
    return incomplete


class ProfileFilter(admin.SimpleListFilter):
    title = _("profile")
    parameter_name = "profile"

    def lookups(self, request, model_admin):
        return [("incomplete", _("Incomplete")), ("complete", _("Complete"))]

    def queryset(self, request, queryset):
        if self.value() == "incomplete":
            return queryset.filter(hubs_incomplete_q())
        if self.value() == "complete":
            return queryset.exclude(hubs_incomplete_q())
        return queryset


@admin.register(Hub)
class HubAdmin(SimpleHistoryAdmin, TranslationAdmin):  # the tabbed one loads jQuery UI from a CDN
    object_history_list_template = "admin/simple_history/object_history_list.html"
    object_history_form_template = "admin/simple_history/object_history_form.html"
    list_display = (
        "name",
        "place",
        "desks",
        "is_published",
        "profile_complete",
        "updated_on",
    )
    list_filter = (ProfileFilter, "is_founding", "is_published", "county", "facilities")
    list_editable = ("is_published",)
    search_fields = ("name", "city", "slug", "email")
    prepopulated_fields = {"slug": ("name",)}
    # A few facilities: checkboxes, each with its label (Django's two-list widget is not).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    inlines = (HubPhotoInline, HubManagerInline)
    readonly_fields = ("created_at", "updated_at")

    fieldsets = (
        (
            None,
            {"fields": ("name", "slug", "is_published", "is_founding", "tagline", "description")},
        ),
        (
            _("Location"),
            {"fields": ("address", "postcode", "city", "county", "latitude", "longitude")},
        ),
        (_("Contact"), {"fields": ("website", "email", "phone", "logo")}),
        (
            _("The space"),
            {"fields": ("capacity", "area", "opening_hours", "facilities", "visitor_info")},
        ),
        (
            _("Accessibility"),
            {"fields": (*Hub.ACCESSIBILITY_FIELDS, "accessibility_notes")},
        ),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(has_photo=hub_has_photo())

    @admin.display(description=_("place"), ordering="city")
    def place(self, hub: Hub) -> str:
        county = hub.get_county_display()
        return hub.city if hub.city == county else f"{hub.city}, {county}"

    @admin.display(description=_("desks"), ordering="capacity")
    def desks(self, hub: Hub):
        return hub.capacity

    @admin.display(description=_("profile complete"), boolean=True)
    def profile_complete(self, hub: Hub) -> bool:
        return hub.has_photo and all(getattr(hub, field) for field in _PROFILE_TEXTS)

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated_on(self, hub: Hub) -> str:
        return formats.date_format(timezone.localtime(hub.updated_at), "SHORT_DATE_FORMAT")

    def save_formset(self, request, form, formset, change):
        if formset.model is HubManager:
            _managers_saved(formset, request.user)
        else:
            super().save_formset(request, form, formset, change)


@admin.register(Facility)
class FacilityAdmin(TranslationAdmin):
    list_display = ("name", "slug", "order", "hub_count")
    list_editable = ("order",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name_nb",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(hub_count=Count("hubs"))

    @admin.display(description=_("hubs"), ordering="hub_count")
    def hub_count(self, obj: Facility) -> int:
        return obj.hub_count


@admin.register(HubManager)
class HubManagerAdmin(admin.ModelAdmin):
    list_display = ("user", "hub", "added_at")
    list_select_related = ("user", "hub")
    search_fields = ("user__email", "user__name", "hub__name")
    autocomplete_fields = ("user", "hub")
    list_filter = ("hub__county",)

    def save_model(self, request, obj, form, change):
        _manager_saved(obj, request.user)

    def delete_model(self, request, obj):
        hub_manager_remove(manager=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for manager in queryset:
            hub_manager_remove(manager=manager, by=request.user)


HistoricalHub = Hub.history.model  # named "hub profile change" in hubs/translation.py


class ChangedByFilter(admin.SimpleListFilter):
    title = _("changed by")
    parameter_name = "by"

    def lookups(self, request, model_admin):
        return [("managers", _("hub managers")), ("secretariat", _("the secretariat"))]

    def queryset(self, request, queryset):
        if self.value() == "managers":
            return hub_history_by_managers(queryset)
        if self.value() == "secretariat":
            return hub_history_by_secretariat(queryset)
        return queryset


class KindOfChangeFilter(admin.ChoicesFieldListFilter):
    """simple-history's history_type, under a name in the page's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("kind of change")


class ChangedWhenFilter(admin.DateFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("date of change")


@admin.register(HistoricalHub)
class HubChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every change to a hub profile, to look over what managers change (read only)."""

    list_display = ("changed_at", "name", "changed_by", "kind", "changes")
    list_filter = (
        ChangedByFilter,
        ("history_type", KindOfChangeFilter),
        ("history_date", ChangedWhenFilter),
    )
    list_select_related = ("history_user",)
    search_fields = ("name", "history_user__email", "history_user__name")
    date_hierarchy = "history_date"  # labelled in templates/admin/hubs/historicalhub/
    fieldsets = (
        (None, {"fields": ("changed_at", "changed_by", "kind", "changes")}),
        (
            _("The profile as it was"),
            {"fields": ("name", "slug", "is_published", "tagline_nb", "description_nb")},
        ),
    )

    @admin.display(description=_("date of change"), ordering="history_date")
    def changed_at(self, record) -> str:
        return formats.date_format(timezone.localtime(record.history_date), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("by"), ordering="history_user__email")
    def changed_by(self, record) -> str:
        return str(record.history_user) if record.history_user else "–"

    @admin.display(description=_("kind of change"), ordering="history_type")
    def kind(self, record) -> str:
        return record.get_history_type_display()

    @admin.display(description=_("what changed"))
    def changes(self, record) -> str:
        return ", ".join(hub_change_summary(record)) or "–"

    # A record's own name is simple-history's "<hub> as of <date>", in English: these pages name
    # it by its hub and date.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, object_id)
        named = {"subtitle": self._named(record)} if record else {}
        return super().change_view(request, object_id, form_url, {**named, **(extra_context or {})})

    def history_view(self, request, object_id, extra_context=None):
        record = self.get_object(request, object_id)
        named = {}
        if record:
            name = self._named(record)
            named = {"title": _("Change history: %s") % name, "record_name": name}
        return super().history_view(request, object_id, {**named, **(extra_context or {})})

    def _named(self, record) -> str:
        return f"{record.name}, {self.changed_at(record)}"


def recent_changes_since() -> datetime:
    """The start of the day two weeks ago, in the portal's time zone."""
    day = timezone.localdate() - timedelta(days=RECENT_CHANGES_DAYS)
    return timezone.make_aware(datetime.combine(day, time.min))


def admin_todo_items(sender, *, site, request, **kwargs) -> list[TodoItem]:
    """Hubs with an incomplete profile, and what hub managers changed in the last two weeks."""
    items = []
    if site.get_model_admin(Hub).has_view_or_change_permission(request):
        hubs = Hub.objects.annotate(has_photo=hub_has_photo()).filter(hubs_incomplete_q())
        url = reverse("admin:hubs_hub_changelist", current_app=site.name)
        items.append(
            TodoItem(
                _("hubs with an incomplete profile"), hubs.count(), f"{url}?profile=incomplete", 60
            )
        )
    if site.get_model_admin(HistoricalHub).has_view_or_change_permission(request):
        since = recent_changes_since()
        changes = hub_history_by_managers(HistoricalHub.objects.filter(history_date__gte=since))
        url = reverse("admin:hubs_historicalhub_changelist", current_app=site.name)
        query = urlencode({"by": "managers", "history_date__gte": str(since)})
        items.append(
            TodoItem(
                _("changes by hub managers, last 14 days"), changes.count(), f"{url}?{query}", 70
            )
        )
    return items
