"""A hub's survey page on Min side (/me/hubs/<slug>/survey/): filing and changing the answers,
errors next to their fields with nothing saved, the latest closed survey read only, 404 for
anyone but a member hub's managers, a fixed number of queries; Min side's section and the hub's
tab that lead there; and the demo, where manager@example.org finds the form."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from members.models import Organisation
from network.models import Survey, SurveyAnswer
from tests.factories import (
    HubManagerFactory,
    MemberHubFactory,
    SurveyAnswerFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PATH = "/me/hubs/fabrikken/survey/"
POSTED = {
    "desks": "25",
    "area": "500",
    "members": "30",
    "creative_share": "60",
    "day_pass_price": "200",
    "events_held": "10",
    "occupancy": "50_74",
}


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ").split())


def day(value) -> str:
    return date_format(value, "DATE_FORMAT")


@pytest.fixture
def manager(client):
    manager = HubManagerFactory(hub=MemberHubFactory(name="Fabrikken", slug="fabrikken"))
    client.force_login(manager.user)
    return manager


@pytest.fixture
def survey():
    return SurveyFactory()


def test_a_manager_files_the_answers_and_sees_the_thanks_and_them_again(client, manager, survey):
    response = client.get(PATH)
    assert response.status_code == 200
    page = text(response.content.decode())
    assert f"Hubundersøkelse {survey.year}" in page
    assert f"Svar innen {day(survey.deadline)}" in page
    response = client.post(PATH, POSTED, follow=True)
    answer = SurveyAnswer.objects.get()
    assert (answer.hub, answer.desks, answer.filed_by) == (manager.hub, 25, manager.user)
    page = text(response.content.decode())
    assert f"Takk – svarene er lagret. Du kan endre dem til {day(survey.deadline)}." in page
    assert (
        "Nettverkets tall vises når undersøkelsen er avsluttet, hvis minst 3 hubber har svart."
        in page
    )
    assert 'value="25"' in response.content.decode()
    client.post(PATH, {**POSTED, "desks": "26"})
    assert list(SurveyAnswer.objects.values_list("desks", flat=True)) == [26]


def test_errors_are_next_to_their_fields_and_nothing_is_saved(client, manager, survey):
    response = client.post(PATH, {**POSTED, "creative_share": "130", "occupancy": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_creative_share"' in html
    assert 'href="#id_occupancy_0"' in html
    field = html[html.index('id="id_creative_share"') :][:600]
    assert "Verdien må være mindre enn eller lik 100." in field
    assert not SurveyAnswer.objects.exists()


def test_the_latest_closed_survey_is_read_only_with_the_hubs_own_figures(client, manager):
    SurveyFactory(year=2023, closed_at=timezone.now())
    closed = SurveyFactory(year=2024, closed_at=timezone.now())
    SurveyAnswerFactory(survey=closed, hub=manager.hub, desks=17)
    html = client.get(PATH).content.decode()
    page = text(html)
    assert "Hubundersøkelse 2024" in page
    assert "Undersøkelsen for 2024 er lukket" in page
    assert "<form" not in html.split("</header>")[1].split("<footer")[0]
    assert re.search(r"Arbeidsplasser\s*</th>\s*<td[^>]*>17</td>", html)


@pytest.mark.parametrize(
    "who", ["manager of another hub", "no roles", "secretariat", "manager of a hub no member"]
)
def test_anyone_but_a_member_hubs_manager_gets_404(client, secretariat_user, who):
    hub = MemberHubFactory(slug="fabrikken")
    SurveyFactory()
    person = {
        "manager of another hub": lambda: HubManagerFactory().user,
        "no roles": UserFactory,
        "secretariat": lambda: secretariat_user,
        "manager of a hub no member": lambda: HubManagerFactory(hub=hub).user,
    }[who]()
    if who == "manager of a hub no member":
        Organisation.objects.filter(pk=hub.organisation_id).update(
            status=Organisation.Status.APPLICANT
        )
    client.force_login(person)
    assert client.get(PATH).status_code == 404
    assert client.post(PATH, POSTED).status_code == 404
    assert not SurveyAnswer.objects.exists()


def test_the_page_runs_a_fixed_number_of_queries_whatever_the_answers(
    client, manager, survey, django_assert_num_queries
):
    survey.closed_at = timezone.now()  # the network's figures are shown once it is closed
    survey.save()
    SurveyAnswerFactory(survey=survey, hub=manager.hub)
    SurveyAnswerFactory.create_batch(2, survey=survey)
    with CaptureQueriesContext(connection) as few:
        assert client.get(PATH).status_code == 200
    SurveyAnswerFactory.create_batch(12, survey=survey)
    with django_assert_num_queries(len(few)):
        assert client.get(PATH).status_code == 200
    assert len(few) == 7  # session, user, hub, open survey, closed survey, all answers, own


def test_min_side_says_whether_each_member_hub_answered_with_the_link(client, manager, survey):
    late = MemberHubFactory(name="Beta", slug="beta")
    HubManagerFactory(hub=late, user=manager.user)
    SurveyAnswerFactory(survey=survey, hub=manager.hub)
    page = text(client.get("/me/").content.decode())
    assert f"Hubundersøkelse {survey.year}" in page
    assert f"Beta: ikke besvart ennå – svar innen {day(survey.deadline)}." in page
    assert f"Fabrikken: besvart {day(timezone.localdate())}." in page
    html = client.get("/me/").content.decode()
    assert 'href="/me/hubs/beta/survey/"' in html
    Survey.objects.update(closed_at=timezone.now())
    assert "Hubundersøkelse" not in client.get("/me/").content.decode()


def test_the_hubs_tabs_lead_to_the_survey_for_a_member_hub_only(client, manager):
    assert (
        'href="/me/hubs/fabrikken/survey/"'
        in client.get("/me/hubs/fabrikken/edit/").content.decode()
    )
    Organisation.objects.filter(pk=manager.hub.organisation_id).update(
        status=Organisation.Status.APPLICANT
    )
    html = client.get("/me/hubs/fabrikken/edit/").content.decode()
    assert "/survey/" not in html


def test_the_demo_opens_last_years_survey_answered_by_three_hubs_but_fabrikken(client, settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo", stdout=out)
    earlier, survey = Survey.objects.order_by("year")
    # The year before's, closed, gives /network/ the network's median and range.
    assert (earlier.year, earlier.is_open, earlier.answers.count()) == (survey.year - 1, False, 3)
    assert "3 medlemshubber svarte på undersøkelsen for" in client.get("/network/").content.decode()
    assert survey.year == timezone.localdate().year - 1
    assert survey.is_open
    assert survey.deadline > timezone.localdate() + timedelta(days=7)
    assert sorted(survey.answers.values_list("hub__slug", flat=True)) == [
        "657",
        "blender-collective",
        "workwork",
    ]
    assert "made-up demo figures" in out.getvalue()
    client.login(email="manager@example.org", password="coworking-demo")
    html = client.get(PATH).content.decode()
    assert 'name="desks"' in html
