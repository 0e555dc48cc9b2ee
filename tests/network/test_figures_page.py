"""/network/: the figures on the page, every chart with its table, a fixed number of queries
whatever the data, the page kept until a write, and the survey shown only from 3 answers."""

import re

import pytest
from django.utils import timezone

from network.models import SurveyAnswer
from tests.factories import MemberHubFactory, ResourceFactory, SurveyAnswerFactory, SurveyFactory
from tests.network.figures_world import (
    arrived,
    days_ago,
    event_on,
    hubs_and_members,
    member_hubs,
    registrations,
)

pytestmark = pytest.mark.django_db

# Sections' reads: hubs 2, members 2, events 1, visits 1, ledger 3, library 1, survey 2.
QUERIES = 12


def shown_figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="([a-z-]+)">([^<]+)<', html))


def test_the_page_shows_the_counted_figures_and_a_table_for_every_chart(client):
    hubs_and_members()
    registrations(event_on(days_ago(40)), confirmed=3)

    html = client.get("/network/").content.decode()

    assert shown_figures(html) == {
        "hubs": "3", "desks": "60", "counties": "2", "members": "3", "resources": "0",
    }  # fmt: skip
    charts = re.findall(r'<svg[^>]* role="img"', html)
    assert len(charts) >= 4  # counties, members, events, participants
    assert len(re.findall(r"<table", html)) == len(charts)
    assert "Medlemshubber per fylke" in html
    assert 'id="figures-survey"' not in html


def test_the_english_page_says_the_same_in_english(client):
    hubs_and_members()

    html = client.get("/en/network/").content.decode()

    assert "<h1>The network in numbers</h1>" in html
    assert shown_figures(html)["hubs"] == "3"


def _world(size: int) -> None:
    """`size` of everything a section counts."""
    hubs = member_hubs(size + 1)
    for n, hub in enumerate(hubs[1:]):
        registrations(event_on(days_ago(30 + n)), confirmed=2)
        arrived(hubs[0], hub, days_ago(5 + n))
        arrived(hub, hubs[0], days_ago(50 + n))
        ResourceFactory(hub=hub)
    survey = SurveyFactory(closed_at=timezone.now())
    for hub in hubs[: max(size, 3)]:
        SurveyAnswerFactory(survey=survey, hub=hub)


@pytest.mark.parametrize("size", [3, 12])
def test_the_page_takes_the_same_number_of_queries_whatever_the_data(
    client, size, django_assert_num_queries
):
    _world(size)

    with django_assert_num_queries(QUERIES):
        html = client.get("/network/").content.decode()

    assert shown_figures(html)["hubs"] == str(size + 1)
    with django_assert_num_queries(0):
        client.get("/network/")


def test_a_new_member_hub_shows_on_the_next_request(client, django_capture_on_commit_callbacks):
    hubs_and_members()
    assert shown_figures(client.get("/network/").content.decode())["hubs"] == "3"

    with django_capture_on_commit_callbacks(execute=True):
        MemberHubFactory(capacity=5)

    assert shown_figures(client.get("/network/").content.decode())["desks"] == "65"


def _answers(count: int) -> None:
    survey = SurveyFactory(closed_at=timezone.now())
    for desks, price in [(10, 100), (20, 250), (60, 400)][:count]:
        SurveyAnswerFactory(survey=survey, desks=desks, day_pass_price=price)


def test_the_survey_is_not_shown_below_three_answers(client):
    _answers(2)

    html = client.get("/network/").content.decode()

    assert 'id="figures-survey"' not in html
    assert 'id="survey-figures"' not in html


def test_the_survey_shows_median_and_range_from_three_answers(client):
    _answers(3)

    html = client.get("/network/").content.decode()

    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*' + r"<td[^>]*>([^<]+)</td>\s*" * 3, html)
    assert ("Arbeidsplasser", "20", "10", "60") in rows
    assert [row[1:] for row in rows if row[1:] == ("250", "100", "400")]  # the day-pass price
    year = SurveyAnswer.objects.first().survey.year
    assert f"Hubundersøkelsen {year}" in html
