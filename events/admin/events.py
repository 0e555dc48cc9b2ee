"""The admin of events: the secretariat creates and edits them (in both languages, with a
conference's programme), publishes hub managers' proposals, cancels, and takes out the
participant list (CSV) and name badges (PDF); the change page links to the door's check-in list.
Every write goes through events.services, whose refusals are shown as messages."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from coworking_norge import fragments
from coworking_norge.admin_helpers import RefusalAsMessageMixin, call_service
from events.admin.filters import CancelledFilter, ProposalFilter, WhenFilter
from events.exports import badge_registrations, badges_pdf, participants_csv
from events.models import Event, ProgrammeItem, Registration
from events.services import event_cancel, event_publish, event_save
from events.services.registrations import CACHE_SCOPE

CONFIRMED = Registration.Status.CONFIRMED
WAITLISTED = Registration.Status.WAITLISTED


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own picker for a date and a time of day, in one input and without a script:
    a programme's rows fit on one line, and an event's five moments take five lines, not twenty.
    Oslo time, as the portal's."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


ONE_INPUT_MOMENTS = {
    models.DateTimeField: {"form_class": forms.DateTimeField, "widget": DateTimeLocalInput}
}


class ProgrammeItemInline(TranslationStackedInline):
    """An item in three lines (when, the titles, who and where): as a table's row, two moments,
    two titles, speakers and room would not fit beside the admin's sidebar."""

    model = ProgrammeItem
    extra = 0
    fields = (("starts_at", "ends_at"), ("title_nb", "title_en"), ("speakers", "room"))
    formfield_overrides = ONE_INPUT_MOMENTS


FIELDSETS = (
    (None, {"fields": ("title", "slug", "kind", "published")}),
    (
        _("When"),
        {
            "fields": (
                "starts_at",
                "ends_at",
                "registration_opens_at",
                "registration_closes_at",
                "refund_deadline",
            )
        },
    ),
    (_("Where"), {"fields": ("hub", "venue_name", "venue_address", "online_url")}),
    (_("About the event"), {"fields": ("description",)}),
    (
        _("Seats and prices"),
        {"fields": ("capacity", "member_price", "non_member_price", "vat_rate")},
    ),
    (
        _("Record"),
        {
            "fields": (
                "seats_column",
                "waiting_column",
                "cancelled_at",
                "proposed_by",
                "sequence",
                "created_at",
                "updated_at",
            )
        },
    ),
)
RECORD_FIELDS = FIELDSETS[-1][1]["fields"]


@admin.register(Event)
class EventAdmin(RefusalAsMessageMixin, TranslationAdmin):
    change_form_template = "admin/events/event/change_form.html"
    # Narrow enough for 1280 px beside the filters: short headings, and published and cancelled
    # in one column.
    list_display = (
        "title",
        "starts_column",
        "kind",
        "hub_column",
        "seats_column",
        "waiting_column",
        "state_column",
    )
    list_filter = (
        WhenFilter,
        ProposalFilter,
        "kind",
        "published",
        CancelledFilter,
        ("hub", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("hub",)
    search_fields = ("title_nb", "title_en", "slug", "venue_name", "hub__name")
    date_hierarchy = "starts_at"
    ordering = ("-starts_at", "-pk")
    autocomplete_fields = ("hub",)
    prepopulated_fields = {"slug": ("title_nb",)}
    fieldsets = FIELDSETS
    readonly_fields = RECORD_FIELDS
    inlines = (ProgrammeItemInline,)
    formfield_overrides = ONE_INPUT_MOMENTS
    actions = ("publish_selected", "cancel_selected", "export_participants", "print_badges")

    def has_delete_permission(self, request, obj=None) -> bool:
        """An event people registered for is cancelled, never deleted: its registrations and
        invoices stay."""
        if obj is not None and obj.registrations.exists():
            return False
        return super().has_delete_permission(request, obj)

    # Columns

    def get_queryset(self, request):
        registrations = "registrations__status"
        return (
            super()
            .get_queryset(request)
            .annotate(
                seats_taken=Count("registrations", filter=Q(**{registrations: CONFIRMED})),
                waiting=Count("registrations", filter=Q(**{registrations: WAITLISTED})),
            )
        )

    @admin.display(description=_("starts"), ordering="starts_at")
    def starts_column(self, event: Event) -> str:
        return formats.date_format(timezone.localtime(event.starts_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("seats"), ordering="seats_taken")
    def seats_column(self, event: Event) -> str:
        return gettext("%(taken)d of %(capacity)d") % {
            "taken": event.seats_taken,
            "capacity": event.capacity,
        }

    @admin.display(description=_("waiting list"), ordering="waiting")
    def waiting_column(self, event: Event) -> int:
        return event.waiting

    @admin.display(description=_("hub"), ordering="hub__name")
    def hub_column(self, event: Event) -> str:
        return event.hub.name if event.hub else "–"

    @admin.display(description=_("state"), ordering="published")
    def state_column(self, event: Event) -> str:
        if event.is_cancelled:
            return pgettext("event", "Cancelled")
        return gettext("Published") if event.published else gettext("Draft")

    def get_readonly_fields(self, request, obj=None):
        # A cancelled event is published only through event_publish, which refuses it.
        extra = ("published",) if obj is not None and obj.is_cancelled else ()
        return (*RECORD_FIELDS, *extra)

    # Saving through event_save: a new event at once (its programme needs its key); a change
    # with its programme, in save_related, so one save names every change and SEQUENCE grows once.

    def save_model(self, request, obj, form, change):
        if not change:
            event_save(event=obj, changed=form.changed_data)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            programme = any(formset.has_changed() for formset in formsets)
            changed = [*form.changed_data, *(["programme"] if programme else [])]
            event_save(event=form.instance, changed=changed)

    # An event nobody registered for may be deleted (registrations protect the others); visitors'
    # stored pages must not list it a minute longer.

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        fragments.invalidate(CACHE_SCOPE)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        fragments.invalidate(CACHE_SCOPE)

    # Actions

    @admin.action(description=_("Publish the selected events"), permissions=["change"])
    def publish_selected(self, request, queryset):
        for event in queryset.order_by("starts_at", "pk"):
            call_service(
                self,
                request,
                event_publish,
                about=event,
                event=event,
                success=lambda done: gettext("%(event)s is published.") % {"event": done},
            )

    @admin.action(description=_("Cancel the selected events…"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        events = list(queryset.order_by("starts_at", "pk"))
        if request.POST.get("post") == "yes":
            self._cancel(request, events)
            return None
        return self._cancel_confirmation(request, events, action="cancel_selected")

    @admin.action(description=_("Export the participants as CSV"), permissions=["view"])
    def export_participants(self, request, queryset):
        registrations = Registration.objects.filter(event__in=queryset)
        return participants_csv(registrations, _participants_name(queryset))

    @admin.action(description=_("Print name badges (PDF)"), permissions=["view"])
    def print_badges(self, request, queryset):
        registrations = badge_registrations(Registration.objects.filter(event__in=queryset))
        return _pdf_response(badges_pdf(registrations), "badges.pdf")

    def _cancel(self, request, events: list[Event]) -> None:
        for event in events:
            call_service(
                self,
                request,
                event_cancel,
                about=event,
                event=event,
                success=lambda done: (
                    gettext("%(event)s is cancelled; everyone registered is e-mailed.")
                    % {"event": done}
                ),
            )

    def _cancel_confirmation(self, request, events: list[Event], *, action: str | None):
        told = sum(event.seats_taken + event.waiting for event in events)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": ngettext("Cancel this event", "Cancel these events", len(events)),
            "events": events,
            "told": told,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/events/event/cancel_confirmation.html", context)

    # Views of their own: the change page's buttons

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/participants/",
                view(self.participants_view),
                name="events_event_participants",
            ),
            path("<int:pk>/badges/", view(self.badges_view), name="events_event_badges"),
            path("<int:pk>/cancel/", view(self.cancel_view), name="events_event_cancel"),
            *super().get_urls(),
        ]

    def _object(self, request, pk: int, *, change: bool = False) -> Event:
        event = get_object_or_404(self.get_queryset(request), pk=pk)
        allowed = (
            self.has_change_permission(request, event)
            if change
            else self.has_view_permission(request, event)
        )
        if not allowed:
            raise PermissionDenied
        return event

    def participants_view(self, request, pk: int):
        event = self._object(request, pk)
        return participants_csv(event.registrations.all(), f"participants-{event.slug}")

    def badges_view(self, request, pk: int):
        event = self._object(request, pk)
        registrations = badge_registrations(event.registrations.all())
        return _pdf_response(badges_pdf(registrations), f"badges-{event.slug}.pdf")

    def cancel_view(self, request, pk: int):
        event = self._object(request, pk, change=True)
        if request.method != "POST":
            return self._cancel_confirmation(request, [event], action=None)
        self._cancel(request, [event])
        return HttpResponseRedirect(reverse("admin:events_event_change", args=[pk]))


def _participants_name(events) -> str:
    slugs = list(events.values_list("slug", flat=True)[:2])
    return f"participants-{slugs[0]}" if len(slugs) == 1 else "participants"


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
