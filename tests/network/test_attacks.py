"""Attacks on the network's pages that once got through: a survey's figures probed by filing
again while it is open, a decimal comma lost on the way, a POST that came too late, a hub taken
off the directory named on the public page, a year of thousands of digits, key figures ungrouped
and a chart of zeros; the decision that a closed survey keeps the answer of a hub that has left
since; and names that look like formulas kept as text in the grant report."""

import io
import re
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from members.models import Organisation
from network.models import SurveyAnswer
from tests.factories import (
    HubManagerFactory,
    MemberHubFactory,
    OrganisationFactory,
    SurveyAnswerFactory,
    SurveyFactory,
)
from tests.network.figures_world import arrived, days_ago, event_on

pytestmark = pytest.mark.django_db

SURVEY = "/me/hubs/fabrikken/survey/"
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


@pytest.fixture
def manager(client):
    manager = HubManagerFactory(hub=MemberHubFactory(name="Fabrikken", slug="fabrikken"))
    client.force_login(manager.user)
    return manager


def test_while_the_survey_is_open_a_hub_sees_no_network_figure_to_probe_by_filing_again(
    client, manager
):
    """Open, a hub may file again and again: with the median and range beside each filing, a
    low and then a high answer of its own would give away the middle hubs' figures."""
    survey = SurveyFactory()
    for desks in (107, 149, 191):
        SurveyAnswerFactory(survey=survey, desks=desks)
    SurveyAnswerFactory(survey=survey, hub=manager.hub, desks=113)

    html = text(client.get(SURVEY).content.decode())

    assert "Nettverkets median" not in html
    assert "149" not in html  # a middle hub's figure
    assert "131" not in html  # the median
    assert "Nettverkets tall vises når undersøkelsen er avsluttet" in html
    survey.closed_at = timezone.now()
    survey.save()
    assert "Nettverkets median" in client.get(SURVEY).content.decode()


def test_a_decimal_comma_in_the_day_pass_price_is_read_as_a_decimal_comma(client, manager):
    """A number field drops the comma a Norwegian keyboard types ("99,50" became 9950)."""
    SurveyFactory()

    form = client.get(SURVEY).content.decode()
    response = client.post(SURVEY, {**POSTED, "day_pass_price": "99,50"})

    assert not re.search(r'<input type="number" name="day_pass_price"', form)
    assert response.status_code == 302
    assert SurveyAnswer.objects.get().day_pass_price == Decimal("99.50")
    assert 'value="99,50"' in client.get(SURVEY).content.decode()


def test_answers_sent_after_the_survey_closed_are_said_not_to_be_saved(client, manager):
    SurveyFactory(closed_at=timezone.now())

    response = client.post(SURVEY, POSTED, follow=True)

    assert "Undersøkelsen ble avsluttet før svarene kom fram" in text(response.content.decode())
    assert not SurveyAnswer.objects.exists()


def test_a_hub_taken_off_the_directory_is_not_named_on_the_network_page(client):
    listed, hidden = MemberHubFactory(name="Synlig hub"), MemberHubFactory(name="Skjult hub")
    arrived(listed, hidden, days_ago(1))
    hidden.is_published = False
    hidden.save()

    html = client.get("/network/").content.decode()

    assert "Skjult hub" not in html
    assert "Synlig hub" in html
    assert re.search(r"Andre hubber \(ikke i oversikten\)", html)


def test_a_year_of_thousands_of_digits_shows_the_usual_report(client, secretariat_user):
    OrganisationFactory(member_since=date(2020, 1, 1))
    client.force_login(secretariat_user)

    response = client.get("/admin/network/survey/report/", {"year": "9" * 5000})

    assert response.status_code == 200
    assert f"Nøkkeltall, {timezone.localdate().year - 1}" in response.content.decode()


def test_a_closed_survey_keeps_the_answer_of_a_hub_that_left_the_network_since(client):
    """The figures describe the year asked about, when the hub was a member; dropping its answer
    would hide the survey below 3 answers, or, above, let the change give its figures away."""
    survey = SurveyFactory(closed_at=timezone.now())
    answers = [SurveyAnswerFactory(survey=survey, desks=desks) for desks in (10, 20, 60)]
    organisation = answers[2].hub.organisation
    organisation.status = Organisation.Status.RESIGNED
    organisation.resigned_on = timezone.localdate()
    organisation.save()

    html = client.get("/network/").content.decode()

    assert "3 medlemshubber svarte" in text(html)
    assert re.search(
        r"Arbeidsplasser</th>\s*<td[^>]*>20</td>\s*<td[^>]*>10</td>\s*<td[^>]*>60<", html
    )


def test_with_no_survey_to_show_the_page_says_when_its_figures_appear(client):
    SurveyAnswerFactory.create_batch(2, survey=SurveyFactory(closed_at=timezone.now()))

    html = text(client.get("/en/network/").content.decode())

    assert "They appear here once a survey has closed with answers from at least 3 hubs" in html


def test_key_figures_are_grouped_as_the_tables_and_a_chart_of_zeros_is_said_in_words(client):
    MemberHubFactory(capacity=1200)
    event_on(days_ago(10))  # held, nobody registered

    html = client.get("/network/").content.decode()

    assert 'data-figure="desks">1\xa0200<' in html
    assert "Ingen har vært påmeldt som deltakere på disse arrangementene." in html
    assert len(re.findall(r"<svg", html)) == 3  # hubs by county, members by year, events held


def test_a_name_that_looks_like_a_formula_stays_text_in_both_files(client, secretariat_user):
    year = timezone.localdate().year - 1
    formula = '=HYPERLINK("http://example.org","x")'
    organisation = OrganisationFactory(legal_name=formula, member_since=date(year, 2, 1))
    client.force_login(secretariat_user)

    csv = client.get(f"/admin/network/survey/report/{year}.csv").content.decode()
    xlsx = client.get(f"/admin/network/survey/report/{year}.xlsx").content

    assert f'new_member,"\'{formula.replace('"', '""')}",{year}-02-01,' in csv
    book = load_workbook(io.BytesIO(xlsx))
    cell = book["Nye medlemmer"]["A2"]
    assert (cell.value, cell.data_type) == (organisation.legal_name, "s")
    with zipfile.ZipFile(io.BytesIO(xlsx)) as files:
        sheets = [name for name in files.namelist() if name.startswith("xl/worksheets/")]
        assert not any(b"<f>" in files.read(name) for name in sheets)
