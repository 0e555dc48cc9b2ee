"""The Enhetsregisteret client against a local stand-in serving recorded answers; no network."""

import inspect
import logging
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.utils import translation
from stdnum.no import orgnr

from hubs.counties import County
from members.brreg import Entity, county_for, entity_lookup

RESPONSES = Path(__file__).parent / "brreg_responses"

# Numbers with a recorded answer in RESPONSES (each passes the mod-11 check).
LILLEHAMMER = "912345602"
OSLO = "922334412"
TROMSO = "919887761"
BANKRUPT = "931112228"
LIQUIDATING = "914567890"
DISSOLVING = "927654326"
POST_ONLY = "933456781"
STRUCK_OFF = "913334442"
GONE = "924101016"  # its recorded body is served with 410 Gone
# Numbers the stand-in answers without a recording.
UNKNOWN = "936040403"
BROKEN = "915500552"
GARBLED = "928202828"
LISTED = "910404040"
NAMELESS = "938880018"
STRANGER = "925556661"
SLOW = "929999991"
SLOW_SECONDS = 1.0
FAST_TIMEOUT = 0.3

ANSWERS = {
    BROKEN: (500, b'{"status": 500, "error": "Internal Server Error"}'),
    GARBLED: (200, b'{"organisasjonsnummer": "928202828", "navn": "EKSEMPEL'),
    LISTED: (200, b"[]"),
    NAMELESS: (200, b'{"organisasjonsnummer": "938880018", "konkurs": false}'),
    STRANGER: (200, b'{"organisasjonsnummer": "912345602", "navn": "FEIL ENHET AS"}'),
    SLOW: (200, (RESPONSES / f"{OSLO}.json").read_bytes().replace(OSLO.encode(), SLOW.encode())),
}


class Handler(BaseHTTPRequestHandler):
    server: "Register"

    def do_GET(self) -> None:
        self.server.requests.append((self.path, self.headers["Accept"]))
        number = self.path.removeprefix("/enheter/")
        if number == SLOW:
            self.server.release.wait(SLOW_SECONDS)
        status, body = ANSWERS.get(number) or self.recorded(number)
        if self.server.down:
            status, body = 503, b"Service Unavailable"
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def recorded(self, number: str) -> tuple[int, bytes]:
        path = RESPONSES / f"{number}.json"
        if not path.is_file():
            return 404, b'{"status": 404, "error": "Not Found"}'
        return (410 if number == GONE else 200), path.read_bytes()

    def log_message(self, format: str, *args: object) -> None:
        pass


class Register(ThreadingHTTPServer):
    """A stand-in for Enhetsregisteret on a free local port that remembers every request."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[tuple[str, str]] = []
        self.release = threading.Event()
        self.down = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up waiting has closed its end; nothing to report


@pytest.fixture
def register():
    server = Register()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def closed_port_url() -> str:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def lookup(number: str, register: Register, **kwargs) -> Entity | None:
    return entity_lookup(number, base_url=register.url, **kwargs)


def entity(**fields) -> Entity:
    flags = {"bankrupt": False, "under_liquidation": False, "deleted": False}
    return Entity(**(flags | fields))


RECORDED = {
    LILLEHAMMER: entity(
        organisation_number=LILLEHAMMER,
        name="FIKTIV KONTORFELLESSKAP LILLEHAMMER AS",
        address="Fiktivgata 12",
        postcode="2615",
        city="LILLEHAMMER",
        municipality="LILLEHAMMER",
        municipality_number="3405",
        county=County.INNLANDET,
    ),
    OSLO: entity(
        organisation_number=OSLO,
        name="EKSEMPEL COWORKING OSLO AS",
        address="Eksempelveien 5, 3. etasje",
        postcode="0182",
        city="OSLO",
        municipality="OSLO",
        municipality_number="0301",
        county=County.OSLO,
    ),
    TROMSO: entity(
        organisation_number=TROMSO,
        name="EKSEMPEL ARKTISK COWORKING AS",
        address="Fiktivbrygga 3",
        postcode="9008",
        city="TROMSØ",
        municipality="TROMSØ",
        municipality_number="5501",
        county=County.TROMS,
    ),
    BANKRUPT: entity(
        organisation_number=BANKRUPT,
        name="FIKTIV SKRIVEBORDUTLEIE STAVANGER AS",
        address="Prøvegata 7",
        postcode="4006",
        city="STAVANGER",
        municipality="STAVANGER",
        municipality_number="1103",
        county=County.ROGALAND,
        bankrupt=True,
    ),
    LIQUIDATING: entity(
        organisation_number=LIQUIDATING,
        name="EKSEMPEL KONTORHOTELL KRISTIANSAND AS",
        address="Testveien 21",
        postcode="4611",
        city="KRISTIANSAND S",
        municipality="KRISTIANSAND",
        municipality_number="4204",
        county=County.AGDER,
        under_liquidation=True,
    ),
    DISSOLVING: entity(
        organisation_number=DISSOLVING,
        name="FIKTIV DELTAKERKONTOR DRAMMEN AS",
        address="Øvelsesgata 4",
        postcode="3015",
        city="DRAMMEN",
        municipality="DRAMMEN",
        municipality_number="3301",
        county=County.BUSKERUD,
        under_liquidation=True,
    ),
    POST_ONLY: entity(
        organisation_number=POST_ONLY,
        name="FORENINGEN FIKTIVE KONTORFELLESSKAP I BERGEN",
        address="c/o Eksempel Regnskap AS, Postboks 1234 Sentrum",
        postcode="5811",
        city="BERGEN",
        municipality="BERGEN",
        municipality_number="4601",
        county=County.VESTLAND,
    ),
    STRUCK_OFF: entity(
        organisation_number=STRUCK_OFF,
        name="EKSEMPEL NEDLAGT KONTORFELLESSKAP AS",
        address="",
        postcode="",
        city="",
        municipality="",
        municipality_number="",
        county=None,
        deleted=True,
    ),
    GONE: entity(
        organisation_number=GONE,
        name="",
        address="",
        postcode="",
        city="",
        municipality="",
        municipality_number="",
        county=None,
        deleted=True,
    ),
}


@pytest.mark.parametrize("number", RECORDED)
def test_entity_lookup_reads_every_field_of_the_recorded_entity(register, number):
    assert lookup(number, register) == RECORDED[number]
    assert register.requests == [(f"/enheter/{number}", "application/json")]


def test_recorded_numbers_pass_the_mod_11_check():
    numbers = [*RECORDED, UNKNOWN, *ANSWERS]
    assert [number for number in numbers if not orgnr.is_valid(number)] == []
    assert sorted(path.stem for path in RESPONSES.glob("*.json")) == sorted(RECORDED)


@pytest.mark.parametrize(
    ("number", "warnings"),
    [
        (LILLEHAMMER, []),
        (POST_ONLY, []),
        (BANKRUPT, ["The register says this organisation is bankrupt."]),
        (LIQUIDATING, ["The register says this organisation is under liquidation."]),
        (DISSOLVING, ["The register says this organisation is under liquidation."]),
        (STRUCK_OFF, ["The register says this organisation is deleted."]),
        (GONE, ["The register says this organisation is deleted."]),
    ],
)
def test_entity_warnings_say_what_the_register_flags(register, number, warnings):
    with translation.override("en"):
        assert [str(warning) for warning in lookup(number, register).warnings] == warnings


def test_entity_warnings_come_in_order_deleted_bankrupt_liquidation():
    flagged = replace(RECORDED[LILLEHAMMER], deleted=True, bankrupt=True, under_liquidation=True)
    with translation.override("en"):
        assert [str(warning) for warning in flagged.warnings] == [
            "The register says this organisation is deleted.",
            "The register says this organisation is bankrupt.",
            "The register says this organisation is under liquidation.",
        ]


def test_entity_lookup_of_an_unknown_number_is_none(register):
    assert lookup(UNKNOWN, register) is None
    assert register.requests == [(f"/enheter/{UNKNOWN}", "application/json")]


@pytest.mark.parametrize("typed", [" 912 345 602 ", "９１２３４５６０２"])
def test_entity_lookup_accepts_a_number_as_typed(register, typed):
    assert lookup(typed, register) == RECORDED[LILLEHAMMER]
    assert register.requests == [(f"/enheter/{LILLEHAMMER}", "application/json")]


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "91234560",
        "9123456020",
        "912345603",  # wrong check digit
        "912-345-602",
        "91234560x",
        "912345602/../../x",
        "../enheter/912345602",
    ],
)
def test_entity_lookup_of_a_malformed_number_asks_nothing(register, typed):
    assert entity_lookup(typed, base_url=register.url) is None
    assert register.requests == []


def test_entity_lookup_uses_the_setting_when_no_base_url_is_given(register, settings):
    settings.BRREG_API_URL = register.url + "/"
    assert entity_lookup(OSLO) == RECORDED[OSLO]
    assert register.requests == [(f"/enheter/{OSLO}", "application/json")]


def test_entity_lookup_defaults_to_the_public_register(settings, monkeypatch):
    del settings.BRREG_API_URL
    asked = []

    def refuse(request, *, timeout):
        asked.append((request.full_url, request.get_header("Accept"), timeout))
        raise urllib.error.URLError("no network in tests")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    assert entity_lookup(OSLO) is None
    assert asked == [
        (
            f"https://data.brreg.no/enhetsregisteret/api/enheter/{OSLO}",
            "application/json",
            2.0,
        )
    ]


def test_entity_lookup_waits_two_seconds_by_default():
    assert inspect.signature(entity_lookup).parameters["timeout"].default == 2.0


def test_entity_lookup_gives_up_at_the_timeout(register, caplog):
    started = time.monotonic()
    assert lookup(SLOW, register, timeout=FAST_TIMEOUT) is None
    assert time.monotonic() - started < SLOW_SECONDS - 0.2
    assert [record.levelno for record in caplog.records] == [logging.WARNING]


@pytest.mark.parametrize("number", [BROKEN, GARBLED, LISTED, NAMELESS, STRANGER, SLOW])
def test_entity_lookup_failures_log_a_warning_and_are_not_cached(register, caplog, number):
    assert lookup(number, register, timeout=FAST_TIMEOUT) is None
    assert lookup(number, register, timeout=FAST_TIMEOUT) is None
    assert register.requests == [(f"/enheter/{number}", "application/json")] * 2
    assert [(r.name, r.levelno) for r in caplog.records] == [("members.brreg", logging.WARNING)] * 2
    assert f"{register.url}/enheter/{number}" in caplog.records[0].getMessage()


def test_entity_lookup_with_the_register_unreachable_is_none(closed_port_url, caplog):
    assert entity_lookup(LILLEHAMMER, base_url=closed_port_url) is None
    assert entity_lookup(LILLEHAMMER, base_url=closed_port_url) is None
    assert [record.levelno for record in caplog.records] == [logging.WARNING] * 2


def test_entity_lookup_with_a_base_url_that_is_not_http_is_none(caplog):
    assert entity_lookup(LILLEHAMMER, base_url="file:///etc") is None
    assert [record.levelno for record in caplog.records] == [logging.WARNING]


@pytest.mark.parametrize("number", [LILLEHAMMER, STRUCK_OFF, GONE, UNKNOWN])
def test_entity_lookup_answers_are_cached(register, number):
    first = lookup(number, register)
    assert lookup(number, register) == first
    assert register.requests == [(f"/enheter/{number}", "application/json")]


def test_entity_lookup_caches_each_number_apart(register):
    assert [lookup(n, register) for n in (LILLEHAMMER, OSLO, LILLEHAMMER, OSLO)] == [
        RECORDED[LILLEHAMMER],
        RECORDED[OSLO],
        RECORDED[LILLEHAMMER],
        RECORDED[OSLO],
    ]
    assert [path for path, _accept in register.requests] == [
        f"/enheter/{LILLEHAMMER}",
        f"/enheter/{OSLO}",
    ]


def test_entity_lookup_asks_again_after_an_hour(register, monkeypatch):
    lookup(LILLEHAMMER, register)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 59 * 60)
    lookup(LILLEHAMMER, register)
    assert len(register.requests) == 1
    monkeypatch.setattr(time, "time", lambda: now + 61 * 60)
    assert lookup(LILLEHAMMER, register) == RECORDED[LILLEHAMMER]
    assert len(register.requests) == 2


def test_entity_lookup_after_a_failure_asks_the_register_again(register):
    register.down = True
    assert lookup(LILLEHAMMER, register) is None
    register.down = False
    assert lookup(LILLEHAMMER, register) == RECORDED[LILLEHAMMER]
    assert len(register.requests) == 2


COUNTY_NUMBERS = {
    "03": County.OSLO,
    "11": County.ROGALAND,
    "15": County.MORE_OG_ROMSDAL,
    "18": County.NORDLAND,
    "31": County.OSTFOLD,
    "32": County.AKERSHUS,
    "33": County.BUSKERUD,
    "34": County.INNLANDET,
    "39": County.VESTFOLD,
    "40": County.TELEMARK,
    "42": County.AGDER,
    "46": County.VESTLAND,
    "50": County.TRONDELAG,
    "55": County.TROMS,
    "56": County.FINNMARK,
}


def test_county_for_knows_all_fifteen_counties():
    assert {county_for(f"{prefix}01") for prefix in COUNTY_NUMBERS} == set(County)
    assert {prefix: county_for(f"{prefix}07") for prefix in COUNTY_NUMBERS} == COUNTY_NUMBERS


@pytest.mark.parametrize(
    "municipality_number",
    ["", "2100", "2211", "1201", "5401", "3001", "0000", "301", "03010", "03ab", "０３０１"],
)
def test_county_for_an_unknown_or_old_municipality_number_is_none(municipality_number):
    assert county_for(municipality_number) is None
