"""The year's report for the grant-giver: its figures and lists counted by hand, the CSV's rows,
the XLSX read back with openpyxl, and the admin's page and downloads for the secretariat only."""

import csv
import io
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from hubs.counties import County
from tests.factories import (
    HubFactory,
    HubManagerFactory,
    OrganisationFactory,
    ResourceFactory,
    UserFactory,
)
from tests.network.figures_world import arrived, at, event_on, registrations
from visits.models import Visit

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1
REPORT = "/admin/network/survey/report/"


@pytest.fixture
def year_world():
    """In YEAR: a new member, one event held (3 participants, 1 checked in) and one cancelled,
    three arrived visits and a no-show, one resource added to the library."""
    alfa = OrganisationFactory(legal_name="Alfa AS", member_since=date(YEAR - 2, 1, 1))
    OrganisationFactory(legal_name="Nyhub AS", member_since=date(YEAR, 3, 1))
    oslo = HubFactory(name="Oslo-huset", organisation=alfa, county=County.OSLO, capacity=10)
    bergen = HubFactory(name="Vestland-huset", organisation=alfa, county=County.VESTLAND)
    seminar = event_on(date(YEAR, 5, 10), title="Driftsseminar", venue_name="Fabrikken")
    registrations(seminar, confirmed=2, checked_in=1, waitlisted=1)
    registrations(event_on(date(YEAR, 6, 1), cancelled_at=timezone.now()), confirmed=3)
    arrived(oslo, bergen, date(YEAR, 4, 2))
    arrived(oslo, bergen, date(YEAR, 4, 3))
    arrived(bergen, oslo, date(YEAR, 9, 1))
    arrived(bergen, oslo, date(YEAR, 9, 2), status=Visit.Status.NO_SHOW)
    ResourceFactory(
        title_nb="Å starte et kontorfellesskap", published_on=date(YEAR, 2, 1),
        reviewed_at=at(date(YEAR, 2, 3), 12),
    )  # fmt: skip


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_csv_holds_the_year_s_figures_and_lists(client, secretariat_user, year_world):
    client.force_login(secretariat_user)

    response = client.get(f"{REPORT}{YEAR}.csv")

    assert response["Content-Disposition"] == (
        f'attachment; filename="coworking-norge-rapport-{YEAR}.csv"'
    )
    lines = rows(response)
    today = timezone.localdate().isoformat()
    assert lines[:11] == [
        ["section", "name", "date", "value"],
        ["figure", "member_organisations", f"{YEAR}-12-31", "2"],
        ["figure", "new_member_organisations", "", "1"],
        ["figure", "member_hubs", today, "2"],
        ["figure", "desks", today, "30"],
        ["figure", "hubs_with_desks", today, "2"],
        ["figure", "counties", today, "2"],
        ["figure", "events_held", "", "1"],
        ["figure", "participants", "", "3"],
        ["figure", "visits", "", "3"],
        ["figure", "resources_published", "", "1"],
    ]
    months = [line for line in lines if line[0] == "visits_month"]
    assert len(months) == 12
    assert {line[1]: line[3] for line in months if line[3] != "0"} == {
        f"{YEAR}-04": "2", f"{YEAR}-09": "1",
    }  # fmt: skip
    assert [line for line in lines[1:] if line[0] not in ("figure", "visits_month")] == [
        ["event", "Driftsseminar", f"{YEAR}-05-10", "3"],
        ["visits_hub", "Oslo-huset", "", "1"],
        ["visits_hub", "Vestland-huset", "", "2"],
        ["new_member", "Nyhub AS", f"{YEAR}-03-01", ""],
        ["resource", "Å starte et kontorfellesskap", f"{YEAR}-02-01", ""],
    ]


def test_the_xlsx_reads_back_with_its_sheets_figures_and_events(
    client, secretariat_user, year_world
):
    client.force_login(secretariat_user)

    response = client.get(f"{REPORT}{YEAR}.xlsx")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f'filename="coworking-norge-rapport-{YEAR}.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Nøkkeltall", "Arrangementer", "Besøk per måned", "Besøk per hub", "Nye medlemmer",
        "Ressurser",
    ]  # fmt: skip
    figures = book["Nøkkeltall"]
    assert figures["A1"].font.bold
    values = {row[0]: row[1] for row in figures.iter_rows(min_row=2, values_only=True)}
    assert values["Medlemsorganisasjoner"] == 2
    assert values["Deltakere på arrangementer"] == 3
    assert values["Besøk med nettverkspass"] == 3
    header, *events = book["Arrangementer"].iter_rows(values_only=True)
    assert header == ("Arrangement", "Type", "Dato", "Sted", "Deltakere", "Sjekket inn")
    assert [(*row[:2], row[2].date(), *row[3:]) for row in events] == [
        ("Driftsseminar", "seminar", date(YEAR, 5, 10), "Fabrikken", 3, 1)
    ]
    members = list(book["Nye medlemmer"].iter_rows(min_row=2, values_only=True))
    assert [(name, since.date()) for name, _number, since in members] == [
        ("Nyhub AS", date(YEAR, 3, 1))
    ]
    assert book["Arrangementer"].column_dimensions["A"].width >= len("Driftsseminar")


def test_the_report_page_shows_the_figures_and_links_to_both_files(
    client, secretariat_user, year_world
):
    client.force_login(secretariat_user)

    html = client.get(f"{REPORT}?year={YEAR}").content.decode()

    assert 'data-figure="participants">3<' in html
    assert f'href="{REPORT}{YEAR}.csv"' in html
    assert f'href="{REPORT}{YEAR}.xlsx"' in html
    survey_list = client.get("/admin/network/survey/").content.decode()
    assert f'href="{REPORT}"' in survey_list


def test_a_hub_manager_is_sent_to_sign_in_and_other_staff_refused(client):
    client.force_login(HubManagerFactory().user)
    for path in (REPORT, f"{REPORT}{YEAR}.csv", f"{REPORT}{YEAR}.xlsx"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    client.force_login(UserFactory(is_staff=True))
    assert client.get(f"{REPORT}{YEAR}.csv").status_code == 403


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(f"{REPORT}{YEAR}.xlsx")

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={REPORT}{YEAR}.xlsx"
