from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from coworking_norge.admin_helpers import call_service
from coworking_norge.admin_todo import TodoItem
from hubs.models import Hub
from members.exports import organisations_csv
from members.forms import (
    APPLICATION_FIELDS,
    HUB_FIELDS,
    ORGANISATION_FIELDS,
    SELF_ASSESSMENT_FIELDS,
)
from members.models import (
    MembershipApplication,
    MembershipTier,
    Organisation,
    OrganisationContact,
    User,
)
from members.permissions import can_change_password_of, groups_grantable_by
from members.services import application_approve, application_reject, organisation_resign


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "name", "is_staff", "is_active", "joined_on")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "name")
    readonly_fields = ("last_login", "date_joined")
    # The few groups as checkboxes, each with its label (Django's two-list widget is not).
    filter_horizontal = ("user_permissions",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),
    )

    # Staff who are not superusers grant nobody, themselves included, more than they have.

    @admin.display(description=_("date joined"), ordering="date_joined")
    def joined_on(self, user: User) -> str:
        return short_date(user.date_joined)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj)]
        if request.user.is_superuser:
            return fields
        fields += ["is_superuser", "user_permissions"]
        if obj is not None and obj.pk == request.user.pk:
            fields += ["is_staff", "is_active", "groups"]
        elif obj is not None and obj.is_staff:
            fields += ["email"]  # with the address goes the password reset, and the account
        return fields

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = groups_grantable_by(request.user)
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        if user is not None and not can_change_password_of(request.user, user):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(MembershipTier)
class MembershipTierAdmin(TranslationAdmin):
    list_display = ("name", "yearly_fee", "vat_rate", "min_desks", "max_desks")


class OrganisationContactInline(admin.TabularInline):
    model = OrganisationContact
    extra = 0
    autocomplete_fields = ("user",)


class HubInline(admin.TabularInline):
    model = Hub
    fields = ("name", "city", "county", "is_published")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    object_history_list_template = "admin/simple_history/object_history_list.html"
    object_history_form_template = "admin/simple_history/object_history_form.html"
    list_display = (
        "legal_name",
        "organisation_number",
        "status",
        "tier",
        "member_since",
        "hub_list",
    )
    list_filter = ("status", "tier", "hubs__county", "member_since")
    search_fields = ("legal_name", "organisation_number", "invoice_email")
    list_select_related = ("tier",)
    inlines = (OrganisationContactInline, HubInline)
    actions = ("export_csv", "record_resignation")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("hubs")

    @admin.display(description=_("hubs"))
    def hub_list(self, obj: Organisation) -> str:
        return ", ".join(hub.name for hub in obj.hubs.all())

    @admin.action(
        description=_("Record that the selected members resigned today"), permissions=["change"]
    )
    def record_resignation(self, request, queryset):
        for organisation in queryset:
            call_service(
                self,
                request,
                organisation_resign,
                about=organisation,
                organisation=organisation,
                on=timezone.localdate(),
                user=request.user,
            )

    @admin.action(description=_("Export the selected organisations as CSV"))
    def export_csv(self, request, queryset):
        return organisations_csv(queryset.select_related("tier").prefetch_related("hubs"))


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    change_form_template = "admin/members/membershipapplication/change_form.html"
    list_display = ("submitted_on", "organisation_named", "hub", "hub_capacity", "status", "tier")
    list_filter = ("status", "hub_county")
    search_fields = ("organisation_name", "organisation_number", "hub_name", "applicant__email")
    list_select_related = ("suggested_tier",)
    actions = ("approve_selected",)
    readonly_fields = (
        "applicant",
        "status",
        *APPLICATION_FIELDS,
        "reviewer",
        "decided_at",
        "organisation",
        "created_at",
    )
    fieldsets = (
        # The tier is suggested from the desks; the secretariat may choose another before approving.
        (None, {"fields": ("status", "applicant", "created_at", "suggested_tier")}),
        (_("Self-assessment"), {"fields": SELF_ASSESSMENT_FIELDS}),
        (_("Motivation"), {"fields": ("motivation",)}),
        (_("The hub"), {"fields": HUB_FIELDS}),
        (_("The organisation"), {"fields": ORGANISATION_FIELDS}),
        (
            _("Review"),
            {
                "fields": (
                    "internal_note",
                    "decision_reason",
                    "reviewer",
                    "decided_at",
                    "organisation",
                )
            },
        ),
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("submitted"), ordering="created_at")
    def submitted_on(self, application: MembershipApplication) -> str:
        return short_date(application.created_at)

    @admin.display(description=_("organisation"), ordering="organisation_name")
    def organisation_named(self, application: MembershipApplication) -> str:
        return application.organisation_name

    @admin.display(description=_("tier"), ordering="suggested_tier__name")
    def tier(self, application: MembershipApplication) -> str:
        return str(application.suggested_tier or "–")

    @admin.display(description=_("hub"), ordering="hub_name")
    def hub(self, application: MembershipApplication) -> str:
        return f"{application.hub_name}, {application.get_hub_county_display()}"

    def response_change(self, request, obj):
        if "_approve" in request.POST:
            if not self._approve(request, obj):
                return HttpResponseRedirect(request.path)
            return HttpResponseRedirect(self.after_approval_url(request, obj))
        if "_reject" in request.POST:
            if not self._reject(request, obj):
                return HttpResponseRedirect(request.path)
            return HttpResponseRedirect(self._changelist_url())
        return super().response_change(request, obj)

    def after_approval_url(self, request, application: MembershipApplication) -> str:
        """Where the secretariat goes once an application is approved: back to the list here;
        billing offers the year's fee instead (billing/admin/applications.py)."""
        return self._changelist_url()

    def _changelist_url(self) -> str:
        return reverse(
            "admin:members_membershipapplication_changelist", current_app=self.admin_site.name
        )

    def _approve(self, request, obj) -> bool:
        organisation = call_service(
            self, request, application_approve, application=obj, reviewer=request.user
        )
        if organisation is not None:
            obj.organisation = organisation
            self.message_user(
                request, _("%(name)s is a member.") % {"name": organisation.legal_name}
            )
        return organisation is not None

    def _reject(self, request, obj) -> bool:
        rejected = call_service(
            self,
            request,
            application_reject,
            application=obj,
            reviewer=request.user,
            reason=obj.decision_reason,
        )
        if rejected is not None:
            self.message_user(request, _("The application is rejected."))
        return rejected is not None

    @admin.action(description=_("Approve the selected applications"), permissions=["change"])
    def approve_selected(self, request, queryset):
        for application in queryset:
            call_service(
                self,
                request,
                application_approve,
                about=application,
                application=application,
                reviewer=request.user,
            )
        self.message_user(request, _("Approved what could be approved."))


def short_date(moment) -> str:
    """A moment as the day it fell on, in the page's language: nb "15.01.2026"."""
    return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


def admin_todo_items(sender, *, site, request, **kwargs) -> list[TodoItem]:
    """The applications waiting for the secretariat's decision."""
    if not site.get_model_admin(MembershipApplication).has_view_or_change_permission(request):
        return []
    waiting = MembershipApplication.objects.filter(status=MembershipApplication.Status.SUBMITTED)
    url = reverse("admin:members_membershipapplication_changelist", current_app=site.name)
    status = MembershipApplication.Status.SUBMITTED
    return [
        TodoItem(
            _("applications waiting for a decision"),
            waiting.count(),
            f"{url}?status__exact={status}",
            10,
        )
    ]
