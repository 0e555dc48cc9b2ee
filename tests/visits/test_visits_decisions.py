"""After the request: the host confirms or declines (with a reason), the coworker cancels until the
day, and the host marks the visitor arrived or not come on the day or after it. Dates are weekdays
from a Monday two months ahead, `now` is passed to the services, and the refusals are compared in
English, the language the services write them in."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from tests.factories import (
    ClosedDayFactory,
    HostSettingsFactory,
    UserFactory,
    VisitFactory,
    VouchFactory,
)
from visits.models import HostSettings, Visit
from visits.services import (
    visit_cancel,
    visit_confirm,
    visit_decline,
    visit_mark,
    visit_request,
)

pytestmark = pytest.mark.django_db

Status = Visit.Status


def _monday_two_months_ahead() -> date:
    """The first Monday of the month after next: in the future whatever the clock says, and the
    start of two working weeks inside one month."""
    day = (timezone.localdate().replace(day=1) + timedelta(days=62)).replace(day=1)
    return day + timedelta(days=-day.weekday() % 7)


MONDAY = _monday_two_months_ahead()
WEDNESDAY = MONDAY + timedelta(days=2)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def coworker():
    return VouchFactory().coworker


def manual_host():
    return HostSettingsFactory(confirmation=HostSettings.Confirmation.MANUAL).hub


def request(visitor, host, day=WEDNESDAY) -> Visit:
    return visit_request(visitor=visitor, host=host, day=day, today=MONDAY)


def a_visit(status=Status.CONFIRMED, day=WEDNESDAY, **fields) -> Visit:
    if status == Status.DECLINED:
        fields.setdefault("decline_reason", "Fullt")
    return VisitFactory(status=status, date=day, **fields)


def status_of(visit: Visit) -> str:
    return Visit.objects.get(pk=visit.pk).status


# --- Confirming ----------------------------------------------------------------------------------


def test_visit_confirm_confirms_a_request_and_records_who_and_when():
    visit, manager = request(coworker(), manual_host()), UserFactory()

    visit_confirm(visit=visit, by=manager, now=at(MONDAY))

    visit.refresh_from_db()
    assert (visit.status, visit.decided_by, visit.decided_at) == ("confirmed", manager, at(MONDAY))


def test_visit_confirm_on_the_day_itself_is_allowed():
    visit = a_visit(Status.REQUESTED)

    visit_confirm(visit=visit, by=UserFactory(), now=at(WEDNESDAY, 8))

    assert status_of(visit) == "confirmed"


@pytest.mark.parametrize(
    "status", [Status.CONFIRMED, Status.DECLINED, Status.CANCELLED, Status.ARRIVED, Status.NO_SHOW]
)
def test_visit_confirm_refuses_a_visit_that_does_not_wait_for_an_answer(status):
    visit = a_visit(status)

    with pytest.raises(ValidationError, match="Only a visit that waits for an answer"):
        visit_confirm(visit=visit, by=UserFactory(), now=at(MONDAY))

    assert status_of(visit) == status


def test_visit_confirm_after_the_day_is_refused():
    visit = a_visit(Status.REQUESTED)

    with pytest.raises(ValidationError, match="This visit's day has passed"):
        visit_confirm(visit=visit, by=UserFactory(), now=at(WEDNESDAY + timedelta(days=1), 0))

    assert status_of(visit) == "requested"


# --- Declining -----------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_visit_decline_without_a_reason_is_refused_next_to_the_reason(reason):
    visit = a_visit(Status.REQUESTED)

    with pytest.raises(ValidationError) as refused:
        visit_decline(visit=visit, by=UserFactory(), reason=reason, now=at(MONDAY))

    assert refused.value.message_dict == {"reason": ["Tell the coworker why."]}
    assert status_of(visit) == "requested"


@pytest.mark.parametrize("status", [Status.REQUESTED, Status.CONFIRMED])
def test_visit_decline_a_request_or_a_confirmed_visit_keeps_the_reason_on_one_line(status):
    visit, manager = a_visit(status), UserFactory()

    visit_decline(visit=visit, by=manager, reason="  Fullt hus:\nårsmøte ", now=at(MONDAY))

    visit.refresh_from_db()
    assert (visit.status, visit.decline_reason) == ("declined", "Fullt hus: årsmøte")
    assert (visit.decided_by, visit.decided_at) == (manager, at(MONDAY))


@pytest.mark.parametrize("status", [Status.DECLINED, Status.CANCELLED, Status.ARRIVED])
def test_visit_decline_refuses_a_visit_already_settled(status):
    visit = a_visit(status)

    with pytest.raises(ValidationError, match="Only a requested or confirmed visit"):
        visit_decline(visit=visit, by=UserFactory(), reason="Nei", now=at(MONDAY))

    assert status_of(visit) == status


def test_visit_decline_after_the_day_is_refused():
    visit = a_visit(Status.CONFIRMED)

    with pytest.raises(ValidationError, match="This visit's day has passed"):
        visit_decline(visit=visit, by=UserFactory(), reason="Nei", now=at(WEDNESDAY + timedelta(1)))

    assert status_of(visit) == "confirmed"


def test_a_declined_visit_frees_its_desk_for_someone_else():
    host = HostSettingsFactory(desks_wednesday=1).hub
    first = request(coworker(), host)

    visit_decline(visit=first, by=UserFactory(), reason="Stengt", now=at(MONDAY))
    second = request(coworker(), host)

    assert list(Visit.objects.values_list("pk", "status")) == [
        (first.pk, "declined"),
        (second.pk, "confirmed"),
    ]


# --- Cancelling ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.REQUESTED, Status.CONFIRMED])
def test_visit_cancel_until_the_end_of_the_day_before(status):
    visit = a_visit(status)
    the_evening_before = at(WEDNESDAY - timedelta(days=1), 23)

    visit_cancel(visit=visit, by=visit.visitor, now=the_evening_before)

    visit.refresh_from_db()
    assert (visit.status, visit.cancelled_at) == ("cancelled", the_evening_before)


@pytest.mark.parametrize(("day_after", "hour"), [(0, 0), (0, 23), (1, 0)])
def test_visit_cancel_on_the_day_or_after_it_is_refused(day_after, hour):
    """On the day the host marks the visitor as come or not: cancelling would take the day
    back from the ledger after it was used."""
    visit = a_visit(Status.CONFIRMED)

    with pytest.raises(ValidationError, match="A visit can be cancelled until the day before"):
        visit_cancel(
            visit=visit, by=visit.visitor, now=at(WEDNESDAY + timedelta(days=day_after), hour)
        )

    assert status_of(visit) == "confirmed"


@pytest.mark.parametrize(
    "status", [Status.DECLINED, Status.CANCELLED, Status.ARRIVED, Status.NO_SHOW]
)
def test_visit_cancel_refuses_a_visit_that_no_longer_holds_a_desk_or_is_done(status):
    visit = a_visit(status)

    with pytest.raises(ValidationError, match="This visit can no longer be cancelled"):
        visit_cancel(visit=visit, by=visit.visitor, now=at(MONDAY))

    assert status_of(visit) == status


def test_a_cancelled_visit_frees_the_desk_and_the_day_in_the_month():
    host, visitor = HostSettingsFactory(desks_wednesday=1).hub, coworker()
    days = [MONDAY, MONDAY + timedelta(days=1), WEDNESDAY]
    visits = [request(visitor, host, day) for day in days]

    visit_cancel(visit=visits[2], by=visitor, now=at(MONDAY))
    someone_else = request(coworker(), host, WEDNESDAY)
    fourth_day = request(visitor, HostSettingsFactory().hub, MONDAY + timedelta(days=3))

    assert (someone_else.status, fourth_day.status) == ("confirmed", "confirmed")
    assert Visit.objects.filter(status__in=Visit.HOLDING).count() == 4


# --- Marking arrival -----------------------------------------------------------------------------


def test_visit_mark_before_the_day_is_refused():
    visit = a_visit(Status.CONFIRMED)

    with pytest.raises(ValidationError, match="A visit can be marked on its day or after it"):
        visit_mark(
            visit=visit, by=UserFactory(), arrived=True, now=at(WEDNESDAY - timedelta(1), 23)
        )

    assert status_of(visit) == "confirmed"


@pytest.mark.parametrize(
    ("arrived", "day_after", "expected"),
    [(True, 0, "arrived"), (False, 0, "no_show"), (True, 5, "arrived"), (False, 14, "no_show")],
)
def test_visit_mark_on_the_day_or_after_it(arrived, day_after, expected):
    visit = a_visit(Status.CONFIRMED)
    now = at(WEDNESDAY + timedelta(days=day_after), 9)

    visit_mark(visit=visit, by=UserFactory(), arrived=arrived, now=now)

    visit.refresh_from_db()
    assert (visit.status, visit.marked_at) == (expected, now)


def test_visit_mark_more_than_14_days_after_the_day_is_refused():
    """The ledger may have been settled by then."""
    visit = a_visit(Status.CONFIRMED)

    with pytest.raises(ValidationError, match="up to 14 days after its day"):
        visit_mark(
            visit=visit, by=UserFactory(), arrived=True, now=at(WEDNESDAY + timedelta(days=15))
        )

    assert status_of(visit) == "confirmed"


def test_a_manager_never_answers_or_marks_their_own_visit():
    """A manager of two hubs, vouched for by one, visiting the other: another manager answers."""
    requested, confirmed = a_visit(Status.REQUESTED), a_visit(Status.CONFIRMED)

    for service, visit, kwargs in (
        (visit_confirm, requested, {}),
        (visit_decline, requested, {"reason": "Fullt."}),
        (visit_mark, confirmed, {"arrived": True}),
    ):
        with pytest.raises(ValidationError, match="Another manager of the hub answers"):
            service(visit=visit, by=visit.visitor, now=at(WEDNESDAY), **kwargs)

    assert (status_of(requested), status_of(confirmed)) == ("requested", "confirmed")


def test_visit_mark_can_be_corrected_both_ways():
    visit, manager = a_visit(Status.CONFIRMED), UserFactory()

    marks = []
    for arrived in (False, True, False, True):
        visit_mark(visit=visit, by=manager, arrived=arrived, now=at(WEDNESDAY))
        marks.append(status_of(visit))

    assert marks == ["no_show", "arrived", "no_show", "arrived"]


@pytest.mark.parametrize("status", [Status.REQUESTED, Status.DECLINED, Status.CANCELLED])
def test_visit_mark_refuses_a_visit_that_was_never_confirmed_or_was_called_off(status):
    visit = a_visit(status)

    with pytest.raises(ValidationError, match="Only a confirmed visit can be marked"):
        visit_mark(visit=visit, by=UserFactory(), arrived=True, now=at(WEDNESDAY))

    assert status_of(visit) == status


# A visitor marked as not come frees the desk and the day; if someone took them meanwhile, the mark
# can no longer be turned into an arrival, or the desks, the quota or "one place a day" would break.
NOT_BACK = "can no longer be marked as arrived"


def no_show_on_wednesday(host, visitor) -> Visit:
    visit = request(visitor, host)
    visit_mark(visit=visit, by=UserFactory(), arrived=False, now=at(WEDNESDAY, 9))
    return visit


def test_a_no_show_whose_desk_was_taken_since_stays_a_no_show():
    host = HostSettingsFactory(desks_wednesday=1).hub
    visit = no_show_on_wednesday(host, coworker())
    visit_request(visitor=coworker(), host=host, day=WEDNESDAY, today=WEDNESDAY)

    with pytest.raises(ValidationError, match=NOT_BACK):
        visit_mark(visit=visit, by=UserFactory(), arrived=True, now=at(WEDNESDAY, 15))

    assert status_of(visit) == "no_show"


def test_a_no_show_who_booked_another_visit_that_day_stays_a_no_show():
    visitor = coworker()
    visit = no_show_on_wednesday(HostSettingsFactory().hub, visitor)
    visit_request(visitor=visitor, host=HostSettingsFactory().hub, day=WEDNESDAY, today=WEDNESDAY)

    with pytest.raises(ValidationError, match=NOT_BACK):
        visit_mark(visit=visit, by=UserFactory(), arrived=True, now=at(WEDNESDAY, 15))

    assert status_of(visit) == "no_show"


def test_a_no_show_who_used_the_freed_day_of_the_month_stays_a_no_show():
    visitor, host = coworker(), HostSettingsFactory().hub
    request(visitor, host, MONDAY)
    request(visitor, host, MONDAY + timedelta(days=1))
    visit = no_show_on_wednesday(host, visitor)
    visit_request(visitor=visitor, host=host, day=MONDAY + timedelta(days=9), today=WEDNESDAY)

    with pytest.raises(ValidationError, match=NOT_BACK):
        visit_mark(visit=visit, by=UserFactory(), arrived=True, now=at(WEDNESDAY, 15))

    assert status_of(visit) == "no_show"


def test_a_no_show_on_a_day_closed_since_stays_a_no_show():
    host = HostSettingsFactory().hub
    visit = no_show_on_wednesday(host, coworker())
    ClosedDayFactory(hub=host, date=WEDNESDAY)

    with pytest.raises(ValidationError, match=NOT_BACK):
        visit_mark(visit=visit, by=UserFactory(), arrived=True, now=at(WEDNESDAY + timedelta(1)))

    assert status_of(visit) == "no_show"


def test_what_each_step_sends_after_it_commits_runs_without_error(
    django_capture_on_commit_callbacks,
):
    """The e-mails themselves are tested with visits.notifications; here only that the services
    hand them work that runs."""
    visitor, manager = coworker(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = request(visitor, manual_host())
        visit_confirm(visit=first, by=manager, now=at(MONDAY))
        visit_cancel(visit=first, by=visitor, now=at(MONDAY))
        second = request(visitor, manual_host())
        visit_decline(visit=second, by=manager, reason="Fullt", now=at(MONDAY))

    assert list(Visit.objects.values_list("status", flat=True)) == ["cancelled", "declined"]
