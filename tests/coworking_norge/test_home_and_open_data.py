import json
import re

import pytest
from django.db import OperationalError, connection

from hubs.services import seed_reference_data
from members.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_home_shows_map_with_every_published_hub_and_the_totals(client, hub_factory):
    seed_reference_data()
    hub_factory(name="Skjult", is_published=False, capacity=500)
    hub_factory(name="Stor", capacity=120, city="Hamar")
    html = client.get("/").content.decode()
    markers = re.findall(r'class="hub-map__marker" aria-label="([^"]+)"', html)
    assert len(markers) == 12
    assert "Skjult" not in markers
    assert "Stor" in markers
    assert figures(html)["Hubber"] == "12"


def figures(html: str) -> dict[str, str]:
    """The home page's key figures as a visitor reads them: term → figure and its explanation."""
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.DOTALL)
    return {term: " ".join(re.sub(r"<[^>]+>", " ", text).split()) for term, text in pairs}


def test_a_desk_total_says_how_many_hubs_it_counts(client, hub_factory):
    hub_factory(county="oslo", capacity=30)
    hub_factory(county="oslo", capacity=None)
    hub_factory(county="vestland", capacity=None)
    assert figures(client.get("/en/").content.decode()) == {
        "Hubs": "3",
        "Counties": "2 of 15",
        "Desks": "at least 30 as stated by 1 of 3 hubs",
    }


def test_a_desk_total_of_every_hub_is_shown_plainly(client, hub_factory):
    hub_factory(county="oslo", capacity=30)
    hub_factory(county="troms", capacity=12)
    assert figures(client.get("/").content.decode()) == {
        "Hubber": "2",
        "Fylker": "2 av 15",
        "Arbeidsplasser": "42",
    }


def test_home_lists_hubs_in_plain_text_beside_the_map(client):
    seed_reference_data()
    html = client.get("/").content.decode()
    listed = re.findall(r'<li><a href="/hubs/[^"]+/">([^<]+)</a>', html)
    assert listed == sorted(listed)
    assert len(listed) == 11
    assert "Flow" in listed


def test_home_invites_organisations_to_join(client):
    html = client.get("/").content.decode()
    assert "Driver du et kontorfellesskap? Bli med" in html


def test_home_with_no_hubs_says_so(client):
    html = client.get("/").content.decode()
    assert "Ingen hubber er publisert ennå." in html


def test_map_marker_positions_follow_the_coordinates(client):
    seed_reference_data()
    html = client.get("/").content.decode()
    positions = {
        name: (float(x), float(y))
        for name, x, y in re.findall(
            r'aria-label="([^"]+)"><title>[^<]*</title><circle cx="([\d.]+)" cy="([\d.]+)"', html
        )
    }
    assert positions["Flow"][1] < positions["WorkWork"][1] < positions["657"][1]
    assert positions["Impact HUB Bergen"][0] < positions["657"][0] < positions["Flow"][0]


def test_hubs_json_is_open_data_for_every_published_hub(client, hub_factory):
    hub_factory(
        name="Åpen",
        slug="apen",
        city="Bodø",
        county="nordland",
        capacity=12,
        latitude="67.28040",
        longitude="14.40490",
    )
    hub_factory(name="Lukket", is_published=False)
    response = client.get("/hubs.json")
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "hubs": [
            {
                "name": "Åpen",
                "url": "http://testserver/hubs/apen/",
                "city": "Bodø",
                "county": "nordland",
                "lat": 67.2804,
                "lng": 14.4049,
                "capacity": 12,
            }
        ]
    }


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\ncache: ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_gone(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable"


def test_home_shows_no_desk_figure_when_no_hub_gives_its_capacity(client, hub_factory):
    hub_factory(capacity=None)
    assert list(figures(client.get("/").content.decode())) == ["Hubber", "Fylker"]


def test_the_home_page_counts_hubs_and_never_calls_them_member_hubs(client, hub_factory):
    """/network/ counts member hubs (published hubs of member organisations); the home page and the
    directory count every published hub, so they must not use the same word for another number."""
    member = OrganisationFactory(status=Organisation.Status.MEMBER)
    hub_factory(county="oslo", organisation=member)
    hub_factory(county="troms")
    assert figures(client.get("/").content.decode())["Hubber"] == "2"
    assert "Medlemshubber" not in client.get("/").content.decode()
    assert "<h1>Hubber</h1>" in client.get("/hubs/").content.decode()
    network = client.get("/network/").content.decode()
    assert re.search(r'<dt>Medlemshubber</dt><dd data-figure="hubs">1</dd>', network)
