"""The survey's privacy rule: with fewer than 3 answers no network figure is shown, anywhere; from
3 on, only the median and the range (hand-computed here), and never another hub's own figure on
a hub's page unless it is the lowest or the highest answer, which the range shows."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from network.models import SurveyAnswer
from network.selectors.survey import hub_beside_network, survey_aggregates
from tests.factories import HubManagerFactory, MemberHubFactory, SurveyAnswerFactory, SurveyFactory

pytestmark = pytest.mark.django_db

# Each hub's figures, chosen so that no number of one hub is any other's or a median of them.
OWN = {"desks": 113, "area": 1717, "members": 127, "day_pass_price": Decimal(223)}
OTHERS = [
    {"desks": 107, "area": 1409, "members": 97, "day_pass_price": Decimal(181)},
    {"desks": 149, "area": 2111, "members": 163, "day_pass_price": Decimal(347)},
    {"desks": 191, "area": 2903, "members": 211, "day_pass_price": Decimal(419)},
]


@pytest.fixture
def survey():
    """Closed: while a survey is open, a hub's page shows no network figure at all."""
    return SurveyFactory(closed_at=timezone.now())


@pytest.fixture
def manager(client, survey):
    manager = HubManagerFactory(hub=MemberHubFactory(name="Fabrikken", slug="fabrikken"))
    SurveyAnswerFactory(survey=survey, hub=manager.hub, **OWN)
    client.force_login(manager.user)
    return manager


def page(client) -> str:
    response = client.get("/me/hubs/fabrikken/survey/")
    assert response.status_code == 200
    return response.content.decode()


def shown(html: str, value) -> bool:
    """Whether the number is anywhere in the page, text or attribute (thousands grouped or not)."""
    return re.search(rf"(?<![\w,.]){value}(?![\w,.])", html.replace("\xa0", "")) is not None


def test_with_two_answers_no_network_figure_and_no_other_hubs_number_is_shown(
    client, survey, manager
):
    SurveyAnswerFactory(survey=survey, **OTHERS[0])
    assert survey_aggregates(survey) == {
        "survey": survey,
        "answers": 2,
        "figures": [],
        "occupancy": [],
    }
    assert hub_beside_network(manager.hub, survey)["rows"] == []
    html = page(client)
    assert "Nettverkets tall vises når minst 3 hubber har svart." in html
    assert "Nettverkets median" not in html
    for value in OTHERS[0].values():
        assert not shown(html, value)
    assert shown(html, OWN["desks"])


def test_with_three_answers_the_median_and_range_are_right():
    survey = SurveyFactory()
    for desks, price in ((10, "200"), (20, "250"), (40, "400")):
        SurveyAnswerFactory(survey=survey, desks=desks, day_pass_price=Decimal(price))
    figures = {row["name"]: row for row in survey_aggregates(survey)["figures"]}
    assert (figures["desks"]["median"], figures["desks"]["low"], figures["desks"]["high"]) == (
        20,
        10,
        40,
    )
    assert figures["day_pass_price"]["median"] == Decimal(250)


def test_with_an_even_number_of_answers_the_median_is_between_the_two_middle_ones():
    survey = SurveyFactory()
    for desks in (10, 20, 30, 45):
        SurveyAnswerFactory(survey=survey, desks=desks, occupancy=SurveyAnswer.Occupancy.FROM_90)
    aggregates = survey_aggregates(survey)
    desks = aggregates["figures"][0]
    assert (desks["name"], desks["median"], desks["low"], desks["high"]) == ("desks", 25, 10, 45)
    assert dict(aggregates["occupancy"])["90–100 %"] == 4


def test_the_hub_page_shows_only_the_median_and_range_never_a_middle_hubs_figure(
    client, survey, manager
):
    for figures in OTHERS:
        SurveyAnswerFactory(survey=survey, **figures)
    html = page(client)
    # Desks 107, 113, 149, 191: median 131, range 107 to 191; 113 is the hub's own.
    assert shown(html, 131)
    assert re.search(r"107\s*–\s*191", html)
    assert not shown(html, 149)
    # Members 97, 127, 163, 211: median 145; 163 is a middle hub's and never shown.
    assert shown(html, 145)
    assert not shown(html, 163)
    # Area 1409, 1717, 2111, 2903: median 1914; 2111 hidden.  Price 181, 223, 347, 419: 285.
    assert shown(html, 1914)
    assert not shown(html, 2111)
    assert shown(html, 285)
    assert not shown(html, "347")
