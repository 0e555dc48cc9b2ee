from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from coworking_norge.admin_helpers import ReadOnlyAdminMixin
from hubs.models import Facility, Hub, HubManager, HubPhoto
from hubs.selectors import (
    hub_change_summary,
    hub_history_by_managers,
    hub_history_by_secretariat,
)
from hubs.services import hub_manager_add, hub_manager_remove, hub_manager_replace


class HubPhotoInline(admin.TabularInline):
    model = HubPhoto
    extra = 0
    fields = ("image", "alt_text", "order")


class HubManagerInline(admin.TabularInline):
    model = HubManager
    extra = 0
    autocomplete_fields = ("user",)
    readonly_fields = ("added_at",)


def _managers_saved(formset) -> None:
    """A hub's managers as the inline left them, added and removed through the services."""
    managers = formset.save(commit=False)
    for manager in formset.deleted_objects:
        hub_manager_remove(manager=manager)
    for manager in managers:
        _manager_saved(manager)


def _manager_saved(manager: HubManager) -> None:
    """Save a manager row of a form through the services, and make it the saved one."""
    if manager.pk is None:
        saved = hub_manager_add(hub=manager.hub, user=manager.user)
    else:
        saved = hub_manager_replace(manager=manager, hub=manager.hub, user=manager.user)
    # The admin goes on with this object (log entry, message, redirect).
    manager.pk, manager.added_at = saved.pk, saved.added_at
    manager._state.adding = False


@admin.register(Hub)
class HubAdmin(SimpleHistoryAdmin, TranslationAdmin):  # the tabbed one loads jQuery UI from a CDN
    list_display = (
        "name",
        "city",
        "county",
        "capacity",
        "is_published",
        "is_founding",
        "updated_at",
    )
    list_filter = ("is_founding", "is_published", "county", "facilities")
    list_editable = ("is_published",)
    search_fields = ("name", "city", "slug", "email")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("facilities",)
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

    def save_formset(self, request, form, formset, change):
        if formset.model is HubManager:
            _managers_saved(formset)
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
        _manager_saved(obj)

    def delete_model(self, request, obj):
        hub_manager_remove(manager=obj)

    def delete_queryset(self, request, queryset):
        for manager in queryset:
            hub_manager_remove(manager=manager)


HistoricalHub = Hub.history.model


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


@admin.register(HistoricalHub)
class HubChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every change to a hub profile, to look over what managers change (read only)."""

    list_display = ("history_date", "name", "history_user", "history_type", "changes")
    list_filter = (ChangedByFilter, "history_type", "history_date")
    list_select_related = ("history_user",)
    search_fields = ("name", "history_user__email", "history_user__name")
    date_hierarchy = "history_date"

    @admin.display(description=_("what changed"))
    def changes(self, record) -> str:
        return ", ".join(hub_change_summary(record)) or "–"
