"""The yearly survey in the admin. The secretariat opens a survey by adding one (year and
deadline; save_model calls survey_open, which e-mails every member hub's managers), sees on its
page who has answered and who has not, and each hub's figures, read only: hubs file them on Min
side. The list's actions remind the hubs that have not answered (survey_remind) and close the
survey (survey_close, after a confirmation page). Refusals are shown as messages."""

from django.contrib import admin, messages
from django.db.models import Count, IntegerField, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from coworking_norge.admin_helpers import ReadOnlyAdminMixin, RefusalAsMessageMixin, call_service
from hubs.models import Hub
from members.models import Organisation
from network.admin.report import GrantReportMixin
from network.models import Survey, SurveyAnswer
from network.selectors.survey import survey_answer_status
from network.services import survey_close, survey_open, survey_remind

FIGURE_FIELDS = (
    "desks",
    "area",
    "members",
    "creative_share",
    "day_pass_price",
    "events_held",
    "occupancy",
)
ANSWER_FIELDS = ("hub", *FIGURE_FIELDS, "filed_at", "filed_by")
RECORD_FIELDS = ("opened_at", "opened_by", "closed_at")


class SurveyAnswerInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SurveyAnswer
    fields = ANSWER_FIELDS
    readonly_fields = ANSWER_FIELDS
    extra = 0
    ordering = ("hub__name",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("hub", "filed_by")


def _hubs_asked_count():
    """The member hubs now (selectors.survey.hubs_asked), as a number beside each survey: one
    subquery in the list's query."""
    hubs = (
        Hub.objects.filter(organisation__status=Organisation.Status.MEMBER)
        .order_by()
        .values("organisation__status")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(hubs, output_field=IntegerField()), 0)


@admin.register(Survey)
class SurveyAdmin(GrantReportMixin, RefusalAsMessageMixin, admin.ModelAdmin):
    list_display = ("year", "deadline", "state_column", "answers_column")
    ordering = ("-year",)
    inlines = (SurveyAnswerInline,)
    actions = ("remind_selected", "close_selected")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.annotate(answered=Count("answers"), asked=_hubs_asked_count())

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("year", "deadline")
        return ("year", "deadline", *RECORD_FIELDS, "answer_status")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.get_fields(request, obj)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    def has_delete_permission(self, request, obj=None) -> bool:
        """A survey stands with its answers: it is closed, never deleted."""
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Nothing on the page is edited: the actions are the list's.
        nothing_to_save = {
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), **nothing_to_save}
        )

    def save_model(self, request, obj, form, change):
        if change:
            return
        survey = survey_open(year=obj.year, deadline=obj.deadline, by=request.user)
        obj.pk, obj.opened_at, obj.opened_by = survey.pk, survey.opened_at, survey.opened_by
        self.message_user(
            request,
            gettext("The survey is open; the managers of every member hub are e-mailed the link."),
            messages.SUCCESS,
        )

    # Columns and the change page's list

    @admin.display(description=_("state"), ordering="closed_at")
    def state_column(self, survey: Survey) -> str:
        if survey.is_open:
            return gettext("open")
        return gettext("closed %(date)s") % {"date": date_format(localtime(survey.closed_at))}

    @admin.display(description=_("answers / hubs asked"))
    def answers_column(self, survey: Survey) -> str:
        if not survey.is_open:
            return str(survey.answered)
        return f"{survey.answered} / {survey.asked}"

    @admin.display(description=_("who has answered"))
    def answer_status(self, survey: Survey) -> str:
        rows = survey_answer_status(survey)
        if not rows:
            return gettext("No member hubs yet.")
        header = format_html(
            "<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>",
            gettext("Hub"),
            gettext("Filed"),
            gettext("Last reminded"),
        )
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", map(_row, rows))
        return format_html("<table>{}<tbody>{}</tbody></table>", header, body)

    # Actions

    @admin.action(description=_("Send reminders to hubs that have not answered"))
    def remind_selected(self, request, queryset):
        for survey in queryset.order_by("year"):
            call_service(
                self,
                request,
                survey_remind,
                about=survey,
                survey=survey,
                by=request.user,
                success=lambda count, survey=survey: _reminded(survey, count),
            )

    @admin.action(description=_("Close the survey…"))
    def close_selected(self, request: HttpRequest, queryset):
        surveys = list(queryset.filter(closed_at__isnull=True).order_by("year"))
        if not surveys:
            self.message_user(request, gettext("The surveys chosen are closed already."))
            return None
        if request.POST.get("post") != "yes":
            return self._close_confirmation(request, surveys)
        for survey in surveys:
            call_service(
                self,
                request,
                survey_close,
                about=survey,
                survey=survey,
                by=request.user,
                success=lambda done: gettext("%(survey)s is closed.") % {"survey": done},
            )
        return None

    def _close_confirmation(self, request, surveys: list[Survey]):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": ngettext("Close this survey", "Close these surveys", len(surveys)),
            "surveys": surveys,
            "objects": surveys,
            "action": "close_selected",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "confirm": gettext("Yes, close"),
            "back_url": request.get_full_path(),
        }
        return TemplateResponse(request, "admin/network/survey/close_confirmation.html", context)


def _row(row: dict) -> tuple[str, str, str]:
    filed, reminded = row["filed_at"], row["reminded_at"]
    return (
        row["hub"].name,
        date_format(localtime(filed)) if filed else gettext("not answered"),
        date_format(localtime(reminded)) if reminded else "–",
    )


def _reminded(survey: Survey, count: int) -> str:
    if not count:
        return gettext(
            "%(survey)s: no hub to remind (every hub has answered or was reminded today)."
        ) % {"survey": survey}
    return ngettext(
        "%(survey)s: %(count)d hub is reminded by e-mail.",
        "%(survey)s: %(count)d hubs are reminded by e-mail.",
        count,
    ) % {"survey": survey, "count": count}


@admin.register(SurveyAnswer)
class SurveyAnswerAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Each hub's figures, for the secretariat only: looked at, never changed here."""

    list_display = ("hub", "survey", *FIGURE_FIELDS[:3], "filed_at")
    list_filter = ("survey",)
    list_select_related = ("hub", "survey")
    search_fields = ("hub__name",)
    ordering = ("-survey__year", "hub__name")
    fields = ("survey", *ANSWER_FIELDS)
    readonly_fields = fields
