"""The survey in the admin: adding one opens it through survey_open (the hubs are e-mailed), its
page lists who has answered and who has not, the list's actions remind the hubs that have not
answered and close the survey after a confirmation; the answers are read only."""

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from network.models import Survey
from tests.factories import HubManagerFactory, MemberHubFactory, SurveyAnswerFactory, SurveyFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/network/survey/"


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ").split())


@pytest.fixture
def staff(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


@pytest.fixture
def hubs():
    hubs = [MemberHubFactory(name=name) for name in ("Beta", "Flow", "Fabrikken")]
    for index, hub in enumerate(hubs):
        HubManagerFactory(hub=hub, user__email=f"leder{index}@example.org")
    return hubs


def test_adding_a_survey_opens_it_and_emails_every_member_hub(
    staff, hubs, secretariat_user, django_capture_on_commit_callbacks
):
    year = timezone.localdate().year - 1
    deadline = timezone.localdate().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"{LIST}add/", {"year": year, "deadline": deadline}, follow=True)
    survey = Survey.objects.get()
    assert (survey.year, survey.is_open, survey.opened_by) == (year, True, secretariat_user)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "leder0@example.org",
        "leder1@example.org",
        "leder2@example.org",
    ]
    assert "Undersøkelsen er åpen" in " ".join(texts(response))


def test_a_second_open_survey_is_refused_with_a_message(staff, hubs):
    open_one = SurveyFactory()
    response = staff.post(
        f"{LIST}add/", {"year": open_one.year - 1, "deadline": open_one.deadline}, follow=True
    )
    assert Survey.objects.count() == 1
    assert texts(response) == [
        f"Undersøkelsen for {open_one.year} er fortsatt åpen: lukk den før du åpner en ny."
    ]


def test_the_change_page_lists_who_answered_and_the_answers_read_only(staff, hubs):
    survey = SurveyFactory()
    answer = SurveyAnswerFactory(survey=survey, hub=hubs[1], desks=38)
    html = staff.get(f"{LIST}{survey.pk}/change/").content.decode()
    status = text(html[html.index("Hvem som har svart") :])
    filed = date_format(timezone.localtime(answer.filed_at))
    assert re.search(
        rf"Beta ikke besvart – Fabrikken ikke besvart – Flow {re.escape(filed)} –", status
    )
    assert "38" in text(html)
    assert 'name="answers-0-desks"' not in html
    assert 'name="_save"' not in html
    listing = text(staff.get(LIST).content.decode())
    assert f"{survey.year}" in listing
    assert "1 / 3" in listing


def test_the_remind_action_emails_the_hubs_not_answered_and_says_how_many(
    staff, hubs, django_capture_on_commit_callbacks
):
    survey = SurveyFactory()
    SurveyAnswerFactory(survey=survey, hub=hubs[0])
    action = {"action": "remind_selected", ACTION_CHECKBOX_NAME: [survey.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(LIST, action, follow=True)
    assert texts(response) == [f"Hubundersøkelse {survey.year}: 2 hubber er påminnet på e-post."]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "leder1@example.org",
        "leder2@example.org",
    ]


def test_the_close_action_asks_first_then_closes(staff):
    survey = SurveyFactory()
    action = {"action": "close_selected", ACTION_CHECKBOX_NAME: [survey.pk]}
    question = staff.post(LIST, action)
    assert "Ja, lukk" in question.content.decode()
    survey.refresh_from_db()
    assert survey.is_open
    response = staff.post(LIST, {**action, "post": "yes"}, follow=True)
    survey.refresh_from_db()
    assert not survey.is_open
    assert texts(response) == [f"Hubundersøkelse {survey.year} er lukket."]
