"""Hubs' own calendars: the fetcher's refusals, the reader, the hourly import, the managers' page.

The calendars are recorded .ics files (tests/events/feeds/) served from a local HTTP server on
127.0.0.1. Loopback is refused by design, so the tests that fetch from it allow that one address
through EVENTS_FEEDS_ALLOW_ADDRESSES; without the setting the same server is refused."""

import socket
import ssl
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from coworking_norge import fragments
from events import feeds
from events.models import FeedEvent, HubFeed
from events.services import feed_import, feeds_import, hub_feed_remove, hub_feed_set
from members.services import user_make_secretariat
from tests.factories import HubFactory, HubManagerFactory, UserFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "feeds"
OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2027, 1, 15, 9, 0, tzinfo=OSLO)


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=OSLO)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def refusal(url: str) -> str:
    with pytest.raises(feeds.FeedError) as caught:
        feeds.fetch(url)
    return caught.value.message


# A calendar server on 127.0.0.1


class FeedServer(ThreadingHTTPServer):
    """Answers each path from `pages` (status, headers, body) or one of the misbehaving handlers
    below, and keeps the requests it was sent."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FeedHandler)
        self.pages: dict[str, tuple[int, dict, bytes]] = {}
        self.requests: list[dict] = []
        self.release = threading.Event()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: bytes, status: int = 200, **headers) -> str:
        self.pages[path] = (
            status,
            {"Content-Type": "text/calendar; charset=utf-8", **headers},
            body,
        )
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.pages[path] = (status, {"Location": location}, b"")
        return self.url(path)

    def handle_error(self, request, client_address) -> None:
        """A client that gave up (as the fetcher does, on purpose) is no error here."""


class FeedHandler(BaseHTTPRequestHandler):
    server: FeedServer

    def log_message(self, format, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.server.requests.append({"path": self.path, **dict(self.headers)})
        special = {"/slow.ics": self.slow, "/drip.ics": self.drip, "/endless.ics": self.endless}
        if self.path in special:
            special[self.path]()
            return
        status, headers, body = self.server.pages.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def slow(self) -> None:
        """Headers at once, then nothing until the test ends."""
        self.send_response(200)
        self.end_headers()
        self.wfile.flush()
        self.server.release.wait(10)

    def drip(self) -> None:
        """A byte every 50 ms, for ever: every single read is quick, the whole never ends."""
        self.send_response(200)
        self.end_headers()
        while not self.server.release.wait(0.05):
            self.wfile.write(b"X")
            self.wfile.flush()

    def endless(self) -> None:
        """A body with no length that never ends."""
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.end_headers()
        chunk = b"BEGIN:VEVENT\r\nSUMMARY:Mer\r\nEND:VEVENT\r\n" * 1000
        while not self.server.release.is_set():
            self.wfile.write(chunk)


@pytest.fixture
def server():
    feed_server = FeedServer()
    thread = threading.Thread(target=feed_server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield feed_server
    feed_server.release.set()
    feed_server.shutdown()
    feed_server.server_close()
    thread.join()


@pytest.fixture
def loopback(settings):
    """The local server's address let through, as only a test may."""
    settings.EVENTS_FEEDS_ALLOW_ADDRESSES = ["127.0.0.1/32"]


@pytest.fixture
def enabled(settings, loopback):
    settings.EVENTS_FEEDS_ENABLED = True


# Reading a calendar


def rows(events: list[dict]) -> list[tuple]:
    return [
        (e["uid"], e["title"], e["starts_at"], e["ends_at"], e["location"], e["url"])
        for e in events
    ]


def test_a_google_calendar_is_read_in_oslo_time_without_past_cancelled_private_or_far_events():
    events = feeds.parse(fixture("google.ics"), NOW)

    assert rows(events) == [
        (
            "3k1v9s0a7o2m5lq8h4c6e1rj2b@google.com",
            "Frokostseminar: Gründer i kontorfellesskap",
            at(2027, 2, 4, 8, 0),
            at(2027, 2, 4, 9, 30),
            "Fabrikken, Fabrikkgata 1, 2615 Lillehammer, Norge",
            "",
        ),
        (
            "7d0q1f6u5c3h8p2n9s4k1t0a3e@google.com",
            "Fredagspils for medlemmene",
            at(2027, 3, 18, 16, 0),  # 15:00 UTC
            at(2027, 3, 18, 18, 0),
            "",
            "https://fabrikken.example.no/pils",
        ),
    ]
    assert events[0]["description"] == (
        "Vi serverer frokost og en kort innledning om å starte for deg selv.\n\n"
        "Påmelding: https://fabrikken.example.no/frokost"
    )
    assert all(e["starts_at"].tzinfo == OSLO for e in events)


def test_all_day_events_last_from_midnight_to_midnight_in_oslo():
    events = feeds.parse(fixture("allday.ics"), NOW)

    assert [(e["title"], e["starts_at"], e["ends_at"], e["location"]) for e in events] == [
        # Today's, still going on at nine in the morning.
        ("Heldagsverksted i dag", at(2027, 1, 15, 0, 0), at(2027, 1, 16, 0, 0), ""),
        (
            "Åpen dag",
            at(2027, 3, 1, 0, 0),
            at(2027, 3, 2, 0, 0),
            "Blender Collective, Storgata 12, Bergen",
        ),
        ("Kontorfellesskapsuka", at(2027, 5, 12, 0, 0), at(2027, 5, 15, 0, 0), ""),
    ]


def test_html_is_read_as_plain_text_and_only_http_links_are_kept():
    events = feeds.parse(fixture("html.ics"), NOW)

    assert [(e["title"], e["location"], e["url"], e["description"]) for e in events] == [
        (
            "Kunstkveld & mingling",
            "Vågen 3, Stavanger",
            "",  # javascript: is dropped
            "Velkommen til en kveld med kunst og mat & drikke.\n\nGratis inngang.",
        ),
        (
            "Lunsjprat",
            "",
            "https://vagen.example.no/lunsj?dato=2027-03-11",
            "Ta med matpakke.\nVi står for kaffen.",
        ),
        ("Lunsjprat med data-lenke", "", "", ""),  # data: is dropped
        ("Flytende tid uten sone", "", "", ""),  # a link with a password in it is dropped
    ]
    # Outlook's own time zone name; a floating time is taken as Oslo's.
    assert [(e["starts_at"], e["ends_at"]) for e in events] == [
        (at(2027, 2, 25, 19, 0), at(2027, 2, 25, 21, 0)),
        (at(2027, 3, 11, 12, 0), at(2027, 3, 11, 13, 0)),
        (at(2027, 3, 18, 12, 0), at(2027, 3, 18, 13, 0)),
        (at(2027, 4, 1, 10, 0), at(2027, 4, 1, 11, 30)),
    ]


def test_recurring_events_are_expanded_over_the_next_year_with_their_exceptions():
    events = feeds.parse(fixture("recurring.ics"), NOW)

    coffee = [(e["title"], e["starts_at"]) for e in events if e["title"].startswith("Tirsdag")]
    assert coffee == [
        ("Tirsdagskaffe", at(2027, 1, 19, 8, 30)),
        # 26 January is excepted (EXDATE); 2 February was moved to ten o'clock.
        ("Tirsdagskaffe (flyttet til kl. 10)", at(2027, 2, 2, 10, 0)),
        *(("Tirsdagskaffe", at(2027, 2, day, 8, 30)) for day in (9, 16, 23)),
        # 9 March is cancelled.
        *(("Tirsdagskaffe", at(2027, 3, day, 8, 30)) for day in (2, 16, 23)),
        # Summer time from 28 March: still half past eight on the wall clock; UNTIL is 6 April.
        ("Tirsdagskaffe", at(2027, 3, 30, 8, 30)),
        ("Tirsdagskaffe", at(2027, 4, 6, 8, 30)),
    ]
    meetings = [e["starts_at"] for e in events if e["title"] == "Medlemsmøte"]
    assert meetings[0] == at(2027, 2, 3, 17, 0)  # the first Wednesday of each month
    assert meetings[-1] == at(2028, 1, 5, 17, 0)  # no further than a year ahead
    assert len(meetings) == 12
    # Each occurrence has its own stable UID; an event every minute since 1970 is given up on.
    assert events[0]["uid"] == "kaffe-tirsdag@hubben.example.no/20270119T073000Z"
    assert len({e["uid"] for e in events}) == len(events) == 22


def never(count: int) -> bytes:
    """A calendar of events repeating on a day no year has: 30 February."""
    event = (
        "BEGIN:VEVENT\r\nUID:aldri-{n}@hubben.example.no\r\nSUMMARY:Aldri\r\n"
        "DTSTART:20200101T090000Z\r\nRRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30\r\nEND:VEVENT\r\n"
    )
    events = "".join(event.format(n=n) for n in range(count))
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//\r\n"
    return f"{head}{events}END:VCALENDAR\r\n".encode()


def test_reading_a_calendar_is_given_up_on_after_the_time_limit(settings):
    """Each such rule keeps dateutil walking to the year 9999 (seconds of work each); a calendar
    of 1 MB holds thousands of them."""
    settings.EVENTS_FEEDS_TIMEOUT = 0.5
    started = time.monotonic()

    with pytest.raises(feeds.FeedError) as caught:
        feeds.parse(never(20), NOW)

    assert caught.value.message == feeds.TOO_COMPLEX
    assert time.monotonic() - started < 3
    assert feeds.parse(fixture("google.ics"), NOW)  # the alarm is off again


@pytest.mark.parametrize(
    "data",
    [
        fixture("malformed.ics"),
        b"",
        b"<!doctype html><html><body>Logg inn</body></html>",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Uten slutt\r\n",
        b"\x00\xff\xfe" * 100,
    ],
)
def test_a_file_that_is_not_icalendar_is_refused_in_plain_words(data):
    with pytest.raises(feeds.FeedError) as caught:
        feeds.parse(data, NOW)
    assert caught.value.message == feeds.NOT_ICALENDAR
    with translation.override("nb"):
        assert caught.value.text == "Filen på adressen er ikke en iCalendar-kalender."


def calendar(*events: str) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
        + "".join(events)
        + "END:VCALENDAR\r\n"
    ).encode()


def vevent(*lines: str) -> str:
    return "BEGIN:VEVENT\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VEVENT\r\n"


def test_a_broken_event_is_left_out_and_the_others_kept_and_long_text_is_cut():
    data = calendar(
        vevent("UID:broken", "DTSTART:not-a-date", "SUMMARY:Ødelagt"),
        vevent("UID:untitled", "DTSTART:20270301T100000"),
        vevent(
            "UID:" + "u" * 400,
            "DTSTART:20270302T100000",
            "SUMMARY:" + "Lang tittel " * 40,
            "LOCATION:" + "Sted " * 100,
            "DESCRIPTION:" + "Ord " * 1000,
        ),
        vevent("DTSTART:20270303T100000", "SUMMARY:Uten UID"),
    )
    events = feeds.parse(data, NOW)

    assert [len(e["title"]) for e in events] == [200, 8]
    assert events[1]["title"] == "Uten UID"
    assert events[0]["title"].endswith("…")
    assert (len(events[0]["location"]), len(events[0]["description"])) == (200, 2000)
    assert len(events[0]["uid"]) <= 255
    # The same stand-in UID from one import to the next.
    assert events[1]["uid"] == feeds.parse(data, NOW)[1]["uid"]


# Addresses refused before anything is sent


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/kalender.ics",
        "http://10.0.0.8/kalender.ics",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/kalender.ics",
        "http://[::ffff:127.0.0.1]/kalender.ics",
        "http://[fe80::1]/",
        "http://[2002:7f00:1::]/",  # 6to4 around 127.0.0.1
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://localhost/kalender.ics",  # a name that resolves to 127.0.0.1
        "http://2130706433/kalender.ics",  # 127.0.0.1 written as one number
    ],
)
def test_private_loopback_link_local_and_special_addresses_are_refused(url):
    assert refusal(url) == feeds.PRIVATE


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", feeds.BAD_SCHEME),
        ("ftp://ftp.example.org/kalender.ics", feeds.BAD_SCHEME),
        ("gopher://example.org/", feeds.BAD_SCHEME),
        ("javascript:alert(1)", feeds.BAD_SCHEME),
        ("https://bruker:passord@kalender.example.org/k.ics", feeds.CREDENTIALS),
        ("https://kalender.example.org:99999/", feeds.INVALID_URL),
        ("https://kalender.invalid/k.ics", feeds.NOT_FOUND),
    ],
)
def test_other_schemes_credentials_and_unknown_names_are_refused(url, message):
    assert refusal(url) == message


def test_the_local_server_itself_is_refused_without_the_tests_allowance(server):
    url = server.serve("/google.ics", fixture("google.ics"))

    assert refusal(url) == feeds.PRIVATE
    assert server.requests == []


# Fetching from the local server


def test_a_calendar_is_fetched_with_the_portals_user_agent(server, loopback, settings):
    url = server.serve("/google.ics", fixture("google.ics"))

    assert feeds.fetch(url) == fixture("google.ics")
    [request] = server.requests
    assert request["User-Agent"] == (
        f"CoworkingNorge-portal/1.0 (calendar import; +{settings.SITE_URL})"
    )


def test_up_to_three_redirects_are_followed_each_checked_again(server, loopback):
    port = server.server_address[1]
    server.serve("/google.ics", fixture("google.ics"))
    server.redirect("/a", "/b", status=301)
    server.redirect("/b", f"http://localhost:{port}/c", status=307)
    server.redirect("/c", "/google.ics")
    assert feeds.fetch(server.url("/a")) == fixture("google.ics")

    server.redirect("/zero", "/a")
    assert refusal(server.url("/zero")) == feeds.TOO_MANY_REDIRECTS


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("http://10.0.0.8/kalender.ics", feeds.PRIVATE),
        ("http://169.254.169.254/latest/meta-data/", feeds.PRIVATE),
        ("http://[::1]:8000/", feeds.PRIVATE),
        ("file:///etc/passwd", feeds.BAD_SCHEME),
    ],
)
def test_a_redirect_into_a_private_network_or_another_scheme_is_refused(
    server, loopback, location, message
):
    url = server.redirect("/moved.ics", location)

    assert refusal(url) == message


def test_a_redirect_to_a_broken_address_is_refused_rather_than_stopping_the_import(
    server, loopback
):
    url = server.redirect("/moved.ics", "http://[::1")

    assert refusal(url) == feeds.INVALID_URL


def test_the_connection_goes_to_the_address_that_was_checked(server, loopback, monkeypatch):
    """A name that resolves to a public address for the check and to a private one a moment later
    (DNS rebinding) still reaches the address checked: the fetcher looks the name up once."""
    real = socket.getaddrinfo
    answers = iter(["127.0.0.1", "10.0.0.8"])
    port = server.server_address[1]

    def rebinding(host, *args, **kwargs):
        if host == "kalender.example.no":
            return real(next(answers), *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    server.serve("/google.ics", fixture("google.ics"))

    assert feeds.fetch(f"http://kalender.example.no:{port}/google.ics") == fixture("google.ics")
    assert server.requests[0]["Host"] == f"kalender.example.no:{port}"


def test_a_calendar_larger_than_the_limit_is_refused(server, loopback, settings):
    settings.EVENTS_FEEDS_MAX_BYTES = 64 * 1024
    assert len(fixture("oversized.ics")) > 64 * 1024
    assert refusal(server.serve("/big.ics", fixture("oversized.ics"))) == feeds.TOO_LARGE
    # A length announced beyond the limit is refused before reading.
    huge = server.serve("/huge.ics", b"", **{"Content-Length": "999999999"})
    assert refusal(huge) == feeds.TOO_LARGE


def test_a_body_without_end_is_cut_at_the_limit(server, loopback, settings):
    assert settings.EVENTS_FEEDS_MAX_BYTES == 1024 * 1024  # the default

    assert refusal(server.url("/endless.ics")) == feeds.TOO_LARGE


def test_a_slow_server_is_given_up_on_at_the_deadline(server, loopback, settings):
    settings.EVENTS_FEEDS_TIMEOUT = 0.4
    started = time.monotonic()

    assert refusal(server.url("/slow.ics")) == feeds.TOO_SLOW
    assert refusal(server.url("/drip.ics")) == feeds.TOO_SLOW
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("status", "message"),
    [(404, feeds.GONE), (410, feeds.GONE), (403, feeds.NOT_PUBLIC), (500, feeds.SERVER_ERROR)],
)
def test_an_error_from_the_server_is_said_in_plain_words(server, loopback, status, message):
    assert refusal(server.serve("/k.ics", b"nope", status=status)) == message


def test_https_checks_the_servers_certificate(server, loopback):
    """The local server with a certificate no authority signed (tests/events/feeds/
    self-signed.pem, for localhost and 127.0.0.1): TLS is verified, so the fetch is refused."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(FIXTURES / "self-signed.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve("/google.ics", fixture("google.ics"))

    assert refusal(server.url("/google.ics").replace("http:", "https:")) == feeds.BAD_CERTIFICATE
    assert server.requests == []


def test_a_server_that_is_not_there_is_unreachable(loopback):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert refusal(f"http://127.0.0.1:{port}/k.ics") == feeds.UNREACHABLE


# The hourly import


@pytest.fixture
def hub_feed(server):
    hub = HubFactory(name="Fabrikken", slug="fabrikken")
    return HubFeed.objects.create(hub=hub, url=server.url("/fabrikken.ics"))


def stored(feed: HubFeed) -> list[tuple]:
    return list(FeedEvent.objects.filter(feed=feed).values_list("uid", "title", "starts_at"))


def test_an_import_replaces_the_events_by_uid(server, enabled, hub_feed):
    server.serve("/fabrikken.ics", fixture("google.ics"))
    first = feed_import(hub_feed, now=NOW)
    breakfast = FeedEvent.objects.get(title__startswith="Frokostseminar")

    changed = fixture("google.ics").replace(b"Fredagspils for medlemmene", b"Fredagspils for alle")
    changed = changed.replace(b"UID:3k1v9s0a7o2m5lq8h4c6e1rj2b@google.com", b"UID:ny@google.com")
    server.serve("/fabrikken.ics", changed)
    second = feed_import(hub_feed, now=NOW)

    assert (first.added, first.changed, first.removed) == (2, 0, 0)
    assert (second.added, second.changed, second.removed) == (1, 1, 1)
    assert stored(hub_feed) == [
        ("ny@google.com", "Frokostseminar: Gründer i kontorfellesskap", at(2027, 2, 4, 8, 0)),
        ("7d0q1f6u5c3h8p2n9s4k1t0a3e@google.com", "Fredagspils for alle", at(2027, 3, 18, 16, 0)),
    ]
    assert not FeedEvent.objects.filter(pk=breakfast.pk).exists()
    hub_feed.refresh_from_db()
    assert (hub_feed.fetched_at, hub_feed.last_error) == (NOW, "")


def test_a_failed_import_keeps_the_events_and_records_the_error(server, enabled, hub_feed):
    server.serve("/fabrikken.ics", fixture("google.ics"))
    feed_import(hub_feed, now=NOW)
    before = stored(hub_feed)

    server.serve("/fabrikken.ics", fixture("malformed.ics"))
    outcome = feed_import(hub_feed, now=NOW + timedelta(hours=1))

    hub_feed.refresh_from_db()
    assert (hub_feed.last_error, hub_feed.fetched_at) == (
        feeds.NOT_ICALENDAR,
        NOW + timedelta(hours=1),
    )
    assert stored(hub_feed) == before
    assert str(outcome) == (
        "Fabrikken: failed, events kept: The file at the address is not an iCalendar calendar."
    )

    server.serve("/fabrikken.ics", fixture("google.ics"))
    feed_import(hub_feed, now=NOW + timedelta(hours=2))
    hub_feed.refresh_from_db()
    assert hub_feed.last_error == ""


def test_the_events_page_cache_is_renewed_only_when_something_changed(
    server, enabled, hub_feed, django_capture_on_commit_callbacks
):
    server.serve("/fabrikken.ics", fixture("google.ics"))
    version = fragments.current_version("events")
    with django_capture_on_commit_callbacks(execute=True):
        feed_import(hub_feed, now=NOW)
    renewed = fragments.current_version("events")
    with django_capture_on_commit_callbacks(execute=True):
        feed_import(hub_feed, now=NOW)

    assert renewed != version
    assert fragments.current_version("events") == renewed


def test_only_published_hubs_calendars_are_fetched(server, enabled, hub_feed):
    hidden = HubFeed.objects.create(
        hub=HubFactory(is_published=False), url=server.url("/hidden.ics")
    )
    server.serve("/fabrikken.ics", fixture("allday.ics"))
    server.serve("/hidden.ics", fixture("google.ics"))

    report = feeds_import(now=NOW)

    assert [o.feed for o in report.outcomes] == [hub_feed]
    assert [r["path"] for r in server.requests] == ["/fabrikken.ics"]
    assert stored(hidden) == []


def test_the_command_says_disabled_and_fetches_nothing_while_the_setting_is_off(
    server, loopback, hub_feed, capsys, settings
):
    assert settings.EVENTS_FEEDS_ENABLED is False  # the default
    server.serve("/fabrikken.ics", fixture("google.ics"))

    call_command("import_hub_feeds")

    assert capsys.readouterr().out == (
        "Importing hub calendars is disabled (EVENTS_FEEDS_ENABLED is off).\n"
    )
    assert server.requests == []
    assert stored(hub_feed) == []


def test_the_command_prints_a_line_per_hub_and_goes_on_past_a_failure(
    server, enabled, hub_feed, capsys
):
    server.serve("/fabrikken.ics", fixture("recurring.ics"))
    HubFeed.objects.create(hub=HubFactory(name="Blender"), url=server.url("/borte.ics"))

    call_command("import_hub_feeds")  # exits normally

    lines = capsys.readouterr().out.splitlines()
    assert sorted(lines) == [
        "Blender: failed, events kept: "
        "There is no calendar at this address (the server answered “not found”).",
        f"Fabrikken: {len(stored(hub_feed))} events ({len(stored(hub_feed))} new, 0 changed, "
        "0 removed)",
    ]


# Saving and removing the address


def test_saving_an_address_looks_its_name_up_and_refuses_a_private_one():
    hub = HubFactory()
    for url, message in [
        ("http://localhost/k.ics", "Adressen peker inn i et privat eller lokalt nett"),
        ("https://kalender.invalid/k.ics", "Servernavnet i adressen finnes ikke."),
    ]:
        with pytest.raises(ValidationError) as caught, translation.override("nb"):
            hub_feed_set(hub=hub, url=url, by=None)
        assert message in caught.value.message_dict["url"][0]
    assert not HubFeed.objects.exists()


def test_a_new_address_starts_afresh_and_removing_takes_the_events_away(server, enabled, hub_feed):
    server.serve("/fabrikken.ics", fixture("google.ics"))
    feed_import(hub_feed, now=NOW)
    manager = UserFactory()

    hub_feed_set(hub=hub_feed.hub, url="https://8.8.8.8/kalender.ics", by=manager)

    hub_feed.refresh_from_db()
    assert (hub_feed.url, hub_feed.added_by, hub_feed.fetched_at) == (
        "https://8.8.8.8/kalender.ics",
        manager,
        None,
    )
    assert stored(hub_feed) == []
    hub_feed_remove(hub=hub_feed.hub, by=manager)
    assert not HubFeed.objects.exists()


# The managers' page on Min side


@pytest.fixture
def managed():
    hub = HubFactory(name="Fabrikken", slug="fabrikken")
    return hub, HubManagerFactory(hub=hub).user


PAGE = "/me/hubs/fabrikken/calendar/"


def test_the_page_without_a_calendar_offers_the_form(client, managed):
    client.force_login(managed[1])
    html = client.get(PAGE).content.decode()

    assert "<h1>Kalenderen til Fabrikken</h1>" in html
    assert "Legg til kalenderen" in html
    assert "Sist hentet" not in html
    assert "Fjern kalenderen" not in html
    assert "Henting av hubbenes kalendere er slått av" in html


def test_the_page_shows_the_address_the_last_fetch_and_the_coming_events(client, managed, settings):
    settings.EVENTS_FEEDS_ENABLED = True
    hub, manager = managed
    feed = HubFeed.objects.create(
        hub=hub, url="https://kalender.example.no/f.ics", fetched_at=at(2026, 12, 1, 14, 5)
    )
    FeedEvent.objects.create(
        feed=feed, uid="a", title="Frokostseminar", starts_at=at(2099, 2, 4, 8, 0)
    )
    client.force_login(manager)

    html = client.get(PAGE).content.decode()
    assert "https://kalender.example.no/f.ics" in html
    assert "01.12.2026 kl. 14:05" in html
    assert "Det gikk bra: ett kommende arrangement vises." in html
    assert "04.02.2099 kl. 08:00 – Frokostseminar" in html
    assert "slått av" not in html

    english = client.get("/en" + PAGE).content.decode()
    assert "1 Dec 2026, 14:05" in english
    assert "It went well: one coming event is shown." in english


def test_the_page_says_why_the_last_fetch_failed_in_the_visitors_language(client, managed):
    hub, manager = managed
    HubFeed.objects.create(
        hub=hub,
        url="https://kalender.example.no/f.ics",
        fetched_at=at(2026, 12, 1, 14, 5),
        last_error=feeds.TOO_SLOW,
    )
    client.force_login(manager)

    assert "Kalenderens server brukte for lang tid på å svare." in client.get(PAGE).content.decode()
    english = client.get("/en" + PAGE).content.decode()
    assert "The last fetch failed." in english
    assert "The calendar&#x27;s server took too long to answer." in english


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("", "Feltet er påkrevet."),
        (
            "ftp://kalender.example.no/k.ics",
            "Bare adresser som begynner med http:// eller https://",
        ),
        ("file:///etc/passwd", "Bare adresser som begynner med http:// eller https://"),
        (
            "https://bruker:hemmelig@kalender.example.no/k.ics",
            "Adressen kan ikke inneholde brukernavn",
        ),
        ("http://192.168.0.10/k.ics", "Adressen peker inn i et privat eller lokalt nett"),
        ("http://[::1]/k.ics", "Adressen peker inn i et privat eller lokalt nett"),
        ("http://localhost/k.ics", "Adressen peker inn i et privat eller lokalt nett"),
        ("https://" + "a" * 500 + ".no/", "Sørg for at denne verdien har 500 eller færre tegn"),
        ("https://kalender..no/", "Dette er ikke en gyldig nettadresse."),
    ],
)
def test_the_form_says_what_is_wrong_next_to_the_field_and_saves_nothing(
    client, managed, url, error
):
    client.force_login(managed[1])
    response = client.post(PAGE, {"url": url})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in html
    assert error in html.split('id="id_url"')[1]  # after the field, where its error is
    assert not HubFeed.objects.exists()


def test_a_manager_saves_the_address_and_webcal_is_read_as_https(client, managed):
    hub, manager = managed
    client.force_login(manager)

    response = client.post(PAGE, {"url": " webcal://8.8.8.8/kalender.ics "})

    assert response.status_code == 302
    assert HubFeed.objects.get(hub=hub).url == "https://8.8.8.8/kalender.ics"
    assert "Kalenderadressen er lagret." in client.get(PAGE).content.decode()


def test_removing_the_calendar_asks_first(client, managed):
    hub, manager = managed
    feed = HubFeed.objects.create(hub=hub, url="https://8.8.8.8/k.ics")
    FeedEvent.objects.create(feed=feed, uid="a", title="Noe", starts_at=at(2099, 2, 4, 8, 0))
    client.force_login(manager)

    question = client.get(PAGE + "?remove").content.decode()
    assert "<h1>Fjerne kalenderen?</h1>" in question
    assert HubFeed.objects.exists()

    client.post(PAGE + "?remove")
    assert not HubFeed.objects.exists()
    assert not FeedEvent.objects.exists()
    assert "Kalenderen er fjernet" in client.get(PAGE).content.decode()


@pytest.mark.parametrize("who", ["account_holder", "manager_of_another_hub"])
@pytest.mark.parametrize(
    ("method", "path"),
    [("get", PAGE), ("post", PAGE), ("get", PAGE + "?remove"), ("post", PAGE + "?remove")],
)
def test_only_the_hubs_managers_and_the_secretariat_reach_the_page(
    client, managed, who, method, path
):
    hub, _ = managed
    HubFeed.objects.create(hub=hub, url="https://8.8.8.8/k.ics")
    person = UserFactory() if who == "account_holder" else HubManagerFactory().user
    client.force_login(person)

    response = getattr(client, method)(path, {"url": "https://8.8.4.4/k.ics"})

    assert response.status_code == 404
    assert HubFeed.objects.get(hub=hub).url == "https://8.8.8.8/k.ics"


def test_a_visitor_is_asked_to_sign_in_and_the_secretariat_gets_in(client, managed):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

    secretariat = UserFactory()
    user_make_secretariat(user=secretariat)
    client.force_login(secretariat)
    assert "Kalenderen til Fabrikken" in client.get(PAGE).content.decode()
