"""The yearly survey's services: opening (one open survey, a year once, e-mails to every member
hub's managers in its organisation's language), filing (one row per hub, changed by filing again;
only a member hub's managers, only while open) and reminding (only hubs that have not answered,
at most once a day); on PostgreSQL, two filings of one hub at once make one row."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from members.models import Organisation
from network.models import Survey, SurveyAnswer, SurveyReminder
from network.services import survey_answer_file, survey_close, survey_open, survey_remind
from tests.concurrency import in_two_threads
from tests.factories import (
    HubManagerFactory,
    MemberHubFactory,
    SurveyAnswerFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FIGURES = {
    "desks": 25,
    "area": 500,
    "members": 30,
    "creative_share": 60,
    "day_pass_price": Decimal("200.00"),
    "events_held": 10,
    "occupancy": SurveyAnswer.Occupancy.FROM_50,
}


def today():
    return timezone.localdate()


def refusal(call) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.messages


def filing(survey, hub, by, **changes):
    """The filing of FIGURES (with `changes`), to call."""
    return lambda: survey_answer_file(survey=survey, hub=hub, by=by, data={**FIGURES, **changes})


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """The services' e-mails are sent after their commit: run those at once."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def manager():
    return HubManagerFactory(user__email="leder@example.org", hub=MemberHubFactory(name="Hamar"))


# Opening


def test_survey_open_emails_each_member_hubs_managers_in_its_language_with_the_link(
    committed, secretariat_user
):
    nb_hub = MemberHubFactory(name="Fabrikken", slug="fabrikken")
    HubManagerFactory(hub=nb_hub, user__email="b@example.org")
    HubManagerFactory(hub=nb_hub, user__email="a@example.org")
    en_hub = MemberHubFactory(name="Flow", organisation__language="en", email="flow@example.org")
    MemberHubFactory(organisation__status=Organisation.Status.APPLICANT, email="gone@example.org")
    with committed():
        survey = survey_open(year=today().year - 1, deadline=today(), by=secretariat_user)
    assert survey.is_open
    assert survey.opened_by == secretariat_user
    sent = sorted(mail.outbox, key=lambda message: message.to)
    assert [message.to for message in sent] == [["a@example.org", "b@example.org"], [en_hub.email]]
    assert "Hubundersøkelsen" in sent[0].subject
    assert f"{settings.SITE_URL}/me/hubs/fabrikken/survey/" in sent[0].body
    assert sent[1].subject.startswith("[Coworking Norge] The hub survey")


def test_survey_open_refuses_a_second_open_survey_and_a_year_already_surveyed():
    year = today().year - 1
    SurveyFactory(year=year - 1, closed_at=timezone.now())
    open_one = SurveyFactory(year=year)
    assert refusal(lambda: survey_open(year=year - 1, deadline=today(), by=None)) == [
        f"Året {year - 1} er allerede undersøkt."
    ]
    assert refusal(lambda: survey_open(year=year - 2, deadline=today(), by=None)) == [
        f"Undersøkelsen for {year} er fortsatt åpen: lukk den før du åpner en ny."
    ]
    survey_close(open_one, by=None)
    assert survey_open(year=year - 2, deadline=today(), by=None).is_open
    assert Survey.objects.count() == 3


# Filing


def test_filing_creates_the_answer_and_filing_again_changes_the_same_row(manager):
    survey = SurveyFactory()
    first = survey_answer_file(survey=survey, hub=manager.hub, by=manager.user, data=FIGURES)
    again = survey_answer_file(
        survey=survey, hub=manager.hub, by=manager.user, data={**FIGURES, "desks": 27}
    )
    assert again.pk == first.pk
    assert list(SurveyAnswer.objects.values_list("hub__name", "desks", "filed_by")) == [
        ("Hamar", 27, manager.user.pk)
    ]


def test_filing_is_refused_to_others_than_the_hubs_managers_and_for_a_hub_no_member(manager):
    survey = SurveyFactory()
    other_manager = HubManagerFactory().user
    not_allowed = ["Bare hubansvarlige for en medlemshub kan svare på undersøkelsen for den."]
    for person in (UserFactory(), other_manager):
        assert refusal(filing(survey, manager.hub, person)) == not_allowed
    Organisation.objects.filter(pk=manager.hub.organisation_id).update(
        status=Organisation.Status.APPLICANT
    )
    assert refusal(filing(survey, manager.hub, manager.user)) == not_allowed
    assert not SurveyAnswer.objects.exists()


def test_filing_is_refused_once_the_survey_is_closed_but_taken_after_its_deadline(manager):
    survey = SurveyFactory(deadline=today() - timedelta(days=3))
    survey_answer_file(survey=survey, hub=manager.hub, by=manager.user, data=FIGURES)
    survey_close(survey, by=None)
    assert refusal(filing(survey, manager.hub, manager.user, desks=99)) == [
        f"Undersøkelsen for {survey.year} er lukket: svarene kan ikke lenger endres."
    ]
    assert SurveyAnswer.objects.get().desks == 25


def test_filing_checks_the_figures_and_saves_nothing_when_one_is_wrong(manager):
    survey = SurveyFactory()
    with pytest.raises(ValidationError) as caught:
        filing(survey, manager.hub, manager.user, creative_share=130)()
    assert list(caught.value.message_dict) == ["creative_share"]
    assert not SurveyAnswer.objects.exists()


# Reminders


def test_remind_emails_only_hubs_not_answered_once_a_day_and_counts_them(committed):
    survey = SurveyFactory()
    answered, quiet, silent = (MemberHubFactory(name=name) for name in ("A", "B", "C"))
    SurveyAnswerFactory(survey=survey, hub=answered)
    HubManagerFactory(hub=answered, user__email="answered@example.org")
    HubManagerFactory(hub=quiet, user__email="quiet@example.org")
    HubManagerFactory(hub=silent, user__email="silent@example.org")
    with committed():
        assert survey_remind(survey) == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "quiet@example.org",
        "silent@example.org",
    ]
    assert "Påminnelse" in mail.outbox[0].subject
    with committed():
        assert survey_remind(survey) == 0  # the same day
    assert len(mail.outbox) == 2
    SurveyReminder.objects.update(sent_at=timezone.now() - timedelta(days=1))
    SurveyAnswerFactory(survey=survey, hub=quiet)
    with committed():
        assert survey_remind(survey) == 1
    assert mail.outbox[-1].to == ["silent@example.org"]


def test_the_cron_command_reminds_for_the_open_survey_and_a_closed_one_reminds_nobody(
    committed,
):
    survey = SurveyFactory()
    HubManagerFactory(hub=MemberHubFactory(), user__email="quiet@example.org")
    out = io.StringIO()
    with committed():
        call_command("network_survey_remind", stdout=out)
    assert out.getvalue() == f"Hub survey {survey.year}: 1 hub(s) reminded.\n"
    survey_close(survey, by=None)
    assert refusal(lambda: survey_remind(survey)) == [
        f"Undersøkelsen for {survey.year} er lukket: ingen blir påminnet."
    ]


# Concurrency (PostgreSQL)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_two_filings_of_one_hub_at_once_make_one_row():
    manager = HubManagerFactory(hub=MemberHubFactory())
    survey = SurveyFactory()

    def file(desks, barrier):
        barrier.wait()
        data = {**FIGURES, "desks": desks}
        return survey_answer_file(survey=survey, hub=manager.hub, by=manager.user, data=data)

    results = in_two_threads(file, [11, 12])
    assert all(isinstance(result, SurveyAnswer) for result in results), results
    assert results[0].pk == results[1].pk
    assert SurveyAnswer.objects.count() == 1
    assert SurveyAnswer.objects.get().desks in (11, 12)
