"""The application form asks Brønnøysund's register (recorded answers on a local server)."""

import json

import pytest

from tests.factories import UserFactory
from tests.members.test_brreg import closed_port_url, register  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, settings, register):  # noqa: F811
    settings.BRREG_LOOKUP_ENABLED = True
    settings.BRREG_API_URL = register.url
    client.force_login(UserFactory())
    return client


def test_lookup_fills_name_address_and_county(signed_in):
    answer = json.loads(signed_in.get("/join/lookup/", {"number": "912 345 602"}).content)
    assert answer["found"] is True
    assert answer["county"] == "innlandet"
    assert answer["postcode"]
    assert answer["city"]
    assert answer["name"]
    assert answer["warnings"] == []


def test_lookup_warns_about_a_bankrupt_organisation(signed_in):
    answer = json.loads(signed_in.get("/join/lookup/", {"number": "931112228"}).content)
    assert answer["warnings"] == ["Registeret sier at denne organisasjonen er konkurs."]


def test_unreachable_register_never_blocks_the_form(signed_in, settings, closed_port_url):  # noqa: F811
    settings.BRREG_API_URL = closed_port_url
    response = signed_in.get("/join/lookup/", {"number": "912345602"})
    assert json.loads(response.content) == {"found": False}
    html = signed_in.get("/join/").content.decode()
    assert 'data-lookup-url="/join/lookup/"' in html
    assert "js/join.js" in html


def test_lookup_is_off_unless_enabled(client, settings):
    settings.BRREG_LOOKUP_ENABLED = False
    client.force_login(UserFactory())
    assert client.get("/join/lookup/", {"number": "912345602"}).status_code == 404
    assert "js/join.js" not in client.get("/join/").content.decode()


def test_lookup_needs_a_signed_in_person(client, settings):
    settings.BRREG_LOOKUP_ENABLED = True
    response = client.get("/join/lookup/", {"number": "912345602"})
    assert response.status_code == 302
