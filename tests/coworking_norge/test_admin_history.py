"""A record's history page lists its changes in the page's language: no Python values (None,
True, False, a list's brackets) and no English cut-off marker."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from coworking_norge.admin_history import history_value
from hubs.models import Hub
from hubs.services import hub_update_profile
from tests.factories import FacilityFactory, HubFactory, UserFactory

pytestmark = pytest.mark.django_db

PYTHON = ["None", "True", "False", "[]", "chars]"]


@pytest.fixture
def changed_hub():
    """A hub whose yes/no answers, an empty and a filled value, a list and a long text changed."""
    hub = HubFactory(
        name="Endrehuben",
        email="post@endrehuben.example.org",
        step_free_entrance=None,
        lift=True,
        hearing_loop=False,
    )
    desks = FacilityFactory(name_nb="Faste plasser", name_en="Fixed desks")
    kitchen = FacilityFactory(name_nb="Kjøkken", name_en="Kitchen")
    hub_update_profile(
        hub=hub,
        changes={
            "email": "",
            "phone": "+47 12 34 56 78",
            "step_free_entrance": True,
            "lift": False,
            "hearing_loop": True,
            "visitor_info_nb": "Inngangen er på gavlveggen mot parkeringsplassen. " * 4,
            "facilities": [desks, kitchen],
        },
        user=UserFactory(),
    )
    return hub


def changes(html: str) -> str:
    """The text of the history table's "changes" cells, tags and spacing left out."""
    table = html.split('<table id="change-history"', 1)[1].split("</table>", 1)[0]
    text = re.sub(r"<[^>]+>", " ", table).replace("&nbsp;", " ").replace("&rarr;", "→")
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(
    ("prefix", "empty", "yes", "no", "facilities", "field"),
    [
        ("", "(tomt)", "ja", "nei", "Faste plasser, Kjøkken", "Heis til alle etasjer"),
        ("/en", "(empty)", "yes", "no", "Fixed desks, Kitchen", "Lift to every floor"),
    ],
)
def test_the_history_page_shows_the_changes_in_the_pages_language(
    client, secretariat_user, changed_hub, prefix, empty, yes, no, facilities, field
):
    client.force_login(secretariat_user)
    response = client.get(f"{prefix}/admin/hubs/hub/{changed_hub.pk}/history/")
    assert response.status_code == 200
    html = response.content.decode()
    text = changes(html)

    assert f"{field}: {yes} → {no}" in text
    assert f"{empty} → {yes}" in text  # step-free entrance: not stated, then yes
    assert f"{no} → {yes}" in text  # hearing loop
    assert f"post@endrehuben.example.org → {empty}" in text
    assert f"{empty} → +47 12 34 56 78" in text
    assert f"{empty} → {facilities}" in text
    assert " … " in text  # the long text, cut
    assert [python for python in PYTHON if python in html] == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", ["(tomt)", "ja", "nei", "Oslo, Vestland", "15.01.2026", "2026", "12,5", "Oslo"]),
        ("en", ["(empty)", "yes", "no", "Oslo, Vestland", "15 Jan 2026", "2026", "12.5", "Oslo"]),
    ],
)
def test_each_kind_of_value_reads_in_the_pages_language(language, expected):
    county = Hub._meta.get_field("county")
    with translation.override(language):
        shown = [
            history_value(None, None),
            history_value(None, True),
            history_value(None, False),
            history_value(None, ["Oslo", "Vestland"]),
            history_value(None, date(2026, 1, 15)),
            history_value(None, 2026),  # a year or a count, never grouped
            history_value(None, Decimal("12.5")),
            history_value(county, "oslo"),  # a choice, by its label
        ]
    assert shown == expected
