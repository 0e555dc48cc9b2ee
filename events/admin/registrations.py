"""The admin of registrations: looked at, searched and filtered, never edited; the secretariat
cancels one through registration_cancel (which frees the seat for the first in the queue and
credits a paid seat in time), after a confirmation page."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from coworking_norge.admin_helpers import ReadOnlyAdminMixin, call_service
from events.models import Registration
from events.services import registration_cancel


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    change_form_template = "admin/events/registration/change_form.html"
    list_display = (
        "name",
        "email",
        "event",
        "status",
        "position",
        "organisation_column",
        "checked_in_column",
    )
    list_filter = ("status", ("event", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("event", "order__organisation")
    search_fields = ("name", "email")
    actions = ("cancel_selected",)
    fields = (
        "event",
        "name",
        "email",
        "status",
        "position",
        "user",
        "order",
        "organisation_column",
        "price",
        "invoice_line",
        "created_at",
        "confirmed_at",
        "cancelled_at",
        "checked_in_at",
    )
    readonly_fields = fields

    @admin.display(description=_("paying organisation"), ordering="order__organisation")
    def organisation_column(self, registration: Registration) -> str:
        organisation = registration.order.organisation
        return organisation.legal_name if organisation else "–"

    @admin.display(description=_("checked in"), ordering="checked_in_at")
    def checked_in_column(self, registration: Registration) -> str:
        moment = registration.checked_in_at
        if moment is None:
            return "–"
        return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")

    def has_cancel_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("events.change_registration")

    @admin.action(description=_("Cancel the selected registrations…"), permissions=["cancel"])
    def cancel_selected(self, request, queryset):
        registrations = list(queryset.exclude(status=Registration.Status.CANCELLED))
        if request.POST.get("post") == "yes":
            self._cancel(request, registrations)
            return None
        return self._confirmation(request, registrations, action="cancel_selected")

    def _cancel(self, request, registrations: list[Registration]) -> None:
        for registration in registrations:
            call_service(
                self,
                request,
                registration_cancel,
                about=registration,
                registration=registration,
                success=lambda done: (
                    gettext("%(registration)s is cancelled.") % {"registration": done}
                ),
            )

    def _confirmation(self, request, registrations, *, action: str | None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": ngettext(
                "Cancel this registration", "Cancel these registrations", len(registrations)
            ),
            "registrations": registrations,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        template = "admin/events/registration/cancel_confirmation.html"
        return TemplateResponse(request, template, context)

    def get_urls(self):
        view = self.admin_site.admin_view(self.cancel_view)
        return [
            path("<int:pk>/cancel/", view, name="events_registration_cancel"),
            *super().get_urls(),
        ]

    def cancel_view(self, request, pk: int):
        if not self.has_cancel_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        registration = get_object_or_404(
            Registration.objects.select_related("event", "order__organisation"), pk=pk
        )
        if request.method != "POST":
            return self._confirmation(request, [registration], action=None)
        self._cancel(request, [registration])
        return HttpResponseRedirect(reverse("admin:events_registration_change", args=[pk]))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_cancel": self.has_cancel_permission(request)}
        return super().changeform_view(request, object_id, form_url, extra_context)
