"""The yearly hub survey's writes. The secretariat opens one survey at a time (the database holds
it: `network_one_open_survey`), for a year that has begun and was not surveyed before; every
member hub's managers are e-mailed the link. A hub's managers file its answer — one row per hub
and survey, changed by filing again — while the survey is open: the deadline is the date asked
for, and answers filed after it are still taken until the secretariat closes the survey, so that
a late hub still counts. Reminders go to the hubs that have not answered, at most once a day.

`survey_lock` is the one place that locks a survey: filing, reminding and closing all take it
first, so that a close never slips between a filing's check and its write, two filings of one hub
at once make one row, and two reminder runs at once send one reminder."""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hubs.models import Hub
from members.models import User
from network import notifications
from network.models import Survey, SurveyAnswer, SurveyReminder
from network.permissions import can_file_survey
from network.selectors import survey as selectors

# What a filing sets: the figures, in the order the survey asks them.
ANSWER_FIELDS = (*(name for name, _label in selectors.FIGURES), "occupancy")


def survey_lock(survey: Survey) -> Survey:
    """The survey's row, fresh and locked until the transaction ends (SELECT … FOR UPDATE)."""
    return Survey.objects.select_for_update().get(pk=survey.pk)


@transaction.atomic
def survey_open(*, year: int, deadline: date, by: User | None) -> Survey:
    """Open the survey of `year`, answered by `deadline`; each asked hub's managers are e-mailed
    once the survey is saved. Refused while another survey is open, and for a year surveyed
    before, not yet begun, or a deadline already past."""
    _check_opening(year, deadline)
    survey = Survey(year=year, deadline=deadline, opened_by=by)
    survey.full_clean(validate_unique=False, validate_constraints=False)  # checked just above
    try:
        with transaction.atomic():  # the constraints settle two secretaries opening at once
            survey.save()
    except IntegrityError:
        raise ValidationError(_("Another survey was opened a moment ago.")) from None
    transaction.on_commit(lambda: notifications.survey_opened(survey.pk))
    return survey


def _check_opening(year: int, deadline: date) -> None:
    today = timezone.localdate()
    errors = {}
    if Survey.objects.filter(year=year).exists():
        errors["year"] = _("The year %(year)s has already been surveyed.") % {"year": year}
    elif year > today.year:
        errors["year"] = _("The survey asks about a year that has begun.")
    if deadline < today:
        errors["deadline"] = _("Pick today or a later date.")
    if errors:
        raise ValidationError(errors)
    current = selectors.survey_open()
    if current is not None:
        raise ValidationError(
            _("The survey of %(year)s is still open: close it before opening another.")
            % {"year": current.year}
        )


@transaction.atomic
def survey_answer_file(*, survey: Survey, hub: Hub, by: User, data: dict) -> SurveyAnswer:
    """File (or file again) `hub`'s answer to `survey`: `data` holds ANSWER_FIELDS. Only the
    hub's managers file, only for a hub of a member organisation, only while the survey is
    open (after its deadline too, until it is closed). Filing again changes the same row: under
    `survey_lock`, a second submit of the same form waits for the first and then finds its row,
    so (survey, hub) stays unique without an error."""
    if not can_file_survey(by, hub):
        raise ValidationError(
            _("Only the managers of a member hub file its survey."), code="not_allowed"
        )
    survey = survey_lock(survey)
    if not survey.is_open:
        raise ValidationError(
            _("The survey of %(year)s is closed: answers can no longer be changed.")
            % {"year": survey.year},
            code="closed",
        )
    answer = SurveyAnswer.objects.filter(survey=survey, hub=hub).first()
    answer = answer or SurveyAnswer(survey=survey, hub=hub)
    for name in ANSWER_FIELDS:
        setattr(answer, name, data.get(name))
    answer.filed_by = by
    answer.full_clean()
    answer.save()
    return answer


@transaction.atomic
def survey_remind(survey: Survey, *, by: User | None = None) -> int:
    """E-mail the managers of each asked hub that has not answered `survey` and was not reminded
    of it today (local time); how many hubs were reminded. `by`: who asked (None for the cron
    command); the admin's log keeps who did."""
    survey = survey_lock(survey)
    if not survey.is_open:
        raise ValidationError(
            _("The survey of %(year)s is closed: nobody is reminded.") % {"year": survey.year}
        )
    start_of_today = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    reminded_today = SurveyReminder.objects.filter(survey=survey, sent_at__gte=start_of_today)
    hub_ids = list(
        selectors.hubs_not_answered(survey)
        .exclude(pk__in=reminded_today.values("hub_id"))
        .values_list("pk", flat=True)
    )
    SurveyReminder.objects.bulk_create(SurveyReminder(survey=survey, hub_id=pk) for pk in hub_ids)
    if hub_ids:
        transaction.on_commit(lambda: notifications.survey_reminded(survey.pk, hub_ids))
    return len(hub_ids)


@transaction.atomic
def survey_close(survey: Survey, *, by: User | None) -> Survey:
    """Close the survey: its answers stand as filed, and another survey may be opened."""
    survey = survey_lock(survey)
    if not survey.is_open:
        raise ValidationError(
            _("The survey of %(year)s was already closed on %(date)s.")
            % {"year": survey.year, "date": date_format(timezone.localdate(survey.closed_at))}
        )
    survey.closed_at = timezone.now()
    survey.save(update_fields=["closed_at"])
    return survey
