"""The admin of hubs' hosting: whether and how each hub takes network guests, with its closed
dates in the same page. Saved through host_settings_save, closed_day_add and closed_day_remove,
whose refusals (a date with visits booked, a hub that is no member) are shown as messages."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from coworking_norge.admin_helpers import RefusalAsMessageMixin
from hubs.models import Hub
from visits.models import WEEKDAYS, ClosedDay, HostSettings
from visits.services import closed_day_add, closed_day_remove, host_settings_save

DESKS = tuple(f"desks_{day}" for day, _label in WEEKDAYS)


class ClosedDaysOfHostFormSet(BaseInlineFormSet):
    """A hub's closed dates in its hosting settings' page: they belong to the hub, so the formset
    is the hub's, found through the settings (a new Hub when there is none yet)."""

    def __init__(self, data=None, files=None, instance=None, **kwargs):
        hub = getattr(instance, "hub", None)  # None too while a new page has no hub
        super().__init__(data, files, instance=hub, **kwargs)

    def added(self) -> list[dict]:
        return [
            form.cleaned_data
            for form in self.extra_forms
            if form.has_changed() and not self._should_delete_form(form)
        ]

    def removed(self) -> list[ClosedDay]:
        return [form.instance for form in self.initial_forms if self._should_delete_form(form)]


class ClosedDayInline(admin.TabularInline):
    """Closed dates are added and removed, never changed (visitors book around them): the
    dates there are shown, not edited."""

    model = ClosedDay
    formset = ClosedDaysOfHostFormSet
    fields = ("date", "reason")
    extra = 1
    ordering = ("-date",)

    def __init__(self, parent_model, admin_site):
        # The closed days hang on the hub, with which the hosting settings are one to one.
        super().__init__(Hub, admin_site)

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(HostSettings)
class HostSettingsAdmin(RefusalAsMessageMixin, admin.ModelAdmin):
    list_display = ("hub", "hosts_guests", "desks_column", "confirmation", "updated_at")
    list_filter = ("hosts_guests", "confirmation")
    list_select_related = ("hub",)
    search_fields = ("hub__name",)
    ordering = ("hub__name",)
    autocomplete_fields = ("hub",)
    inlines = (ClosedDayInline,)
    fieldsets = (
        (None, {"fields": ("hub", "hosts_guests", "confirmation")}),
        (_("Guest desks per weekday"), {"fields": (DESKS,)}),
        (None, {"fields": ("arrival_instructions", "house_rules", "updated_at")}),
    )

    def get_readonly_fields(self, request, obj=None):
        return ("hub", "updated_at") if obj is not None else ("updated_at",)

    def has_delete_permission(self, request, obj=None) -> bool:
        """A hub stops hosting by its "hosts network guests" box, through the service; its
        settings stay for when it hosts again."""
        return False

    @admin.display(description=_("guest desks, Monday to Sunday"))
    def desks_column(self, hosting: HostSettings) -> str:
        return " · ".join(str(desks) for _label, desks in hosting.weekly_desks)

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "hub"}
        obj.pk = host_settings_save(hub=obj.hub, changes=changes).pk

    def save_formset(self, request, form, formset, change):
        if not isinstance(formset, ClosedDaysOfHostFormSet):
            super().save_formset(request, form, formset, change)
            return
        # What formset.save() would note, for the admin's history of the change.
        formset.changed_objects = []
        formset.deleted_objects = formset.removed()
        for closed_day in formset.deleted_objects:
            closed_day_remove(closed_day=closed_day)
        formset.new_objects = [
            closed_day_add(hub=form.instance.hub, day=row["date"], reason=row.get("reason", ""))
            for row in formset.added()
        ]
