"""The network pass (/pass/<token>/): what anyone with the link sees in each state (and nothing
else about the person), its QR code of its own address, the plain "not valid" answer to a
tampered, unknown or malformed token (never a 500), the brake on guessing per client address
(and a broken cache that only takes the brake away), the privacy headers, and marking the
visitor there by the host's managers (404 for everyone else)."""

import re
from datetime import datetime, timedelta

import pytest
import segno
from django.contrib.messages import get_messages
from django.core import signing
from django.core.cache.backends.base import BaseCache
from django.utils import timezone

from tests.factories import (
    HostSettingsFactory,
    HubManagerFactory,
    MemberHubFactory,
    UserFactory,
    VisitFactory,
    VouchFactory,
    verified_user,
)
from visits.models import PASS_SALT, Visit
from visits.passes import BAD_TOKENS_ALLOWED, pass_qr_svg, visit_from_pass_token

pytestmark = pytest.mark.django_db

Status = Visit.Status


def page_text(response) -> str:
    """The page's visible words, one space between them."""
    html = response.content.decode()
    html = re.sub(r"<(script|style|title|svg)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ").split())


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def nb(day) -> str:
    return day.strftime("%d.%m.%Y")


@pytest.fixture
def host():
    return HostSettingsFactory(
        hub__name="Fabrikken",
        hub__slug="fabrikken",
        hub__address="Fabrikkgata 1",
        hub__postcode="2609",
        hub__city="Lillehammer",
        arrival_instructions="Ring på hos resepsjonen.",
        house_rules="Rydd pulten.",
    ).hub


@pytest.fixture
def home():
    return MemberHubFactory(name="Blender Collective")


@pytest.fixture
def kari(home):
    person = verified_user("kari@example.org", name="Kari Nordmann")
    VouchFactory(home_hub=home, coworker=person)
    return person


def make_visit(kari, home, host, days: int = 0, status: str = Status.CONFIRMED, **fields):
    return VisitFactory(
        visitor=kari,
        visitor_name="Kari Nordmann",
        home_hub=home,
        host=host,
        date=timezone.localdate() + timedelta(days=days),
        status=status,
        **fields,
    )


@pytest.fixture
def visit(kari, home, host):
    return make_visit(
        kari,
        home,
        host,
        share_email=True,
        phone="+47 912 34 567",
        message="Jeg tar med egen skjerm.",
    )


# The pass in each state


def test_a_confirmed_pass_for_today_is_valid_today_with_name_hubs_and_date(client, visit):
    response = client.get(visit.get_pass_url())

    assert response.status_code == 200
    text = page_text(response)
    assert "Nettverkspass Gyldig i dag" in text
    today = timezone.localdate()
    weekday = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"]
    expected = (
        "Navn Kari Nordmann Hjemmehub Blender Collective "
        "Vert Fabrikken Fabrikkgata 1, 2609 Lillehammer "
        f"Dato {weekday[today.weekday()]} {nb(today)}"
    )
    assert expected in text
    assert "Når du kommer Ring på hos resepsjonen." in text
    assert 'class="pass-qr"' in response.content.decode()
    # Only the host's managers see the buttons.
    assert "Møtte ikke opp" not in text


def test_the_pass_shows_nothing_else_about_the_person_even_what_they_shared(client, visit):
    html = client.get(visit.get_pass_url()).content.decode()
    assert "kari@example.org" not in html
    assert "912 34 567" not in html
    assert "egen skjerm" not in html
    assert "Rydd pulten" not in html


def test_the_pass_in_english(client, visit):
    text = page_text(client.get(f"/en{visit.get_pass_url()}"))
    assert "Network pass Valid today" in text
    assert "Name Kari Nordmann Home hub Blender Collective Host Fabrikken" in text
    assert "The host scans this code, or opens this page, to check the pass." in text


def test_a_pass_for_a_later_day_is_not_yet_valid(client, kari, home, host):
    visit = make_visit(kari, home, host, days=9)
    response = client.get(visit.get_pass_url())
    text = page_text(response)
    day = nb(visit.date)
    assert f"Ikke gyldig ennå – gjelder {day} Passet gjelder bare på besøksdagen." in text
    assert "Gyldig i dag" not in text
    assert 'class="pass__state alert alert-warning"' in response.content.decode()
    assert 'class="pass-qr"' in response.content.decode()


@pytest.mark.parametrize(
    ("days", "status", "expected"),
    [
        (-1, Status.CONFIRMED, "Utløpt Besøksdagen er passert."),
        (3, Status.REQUESTED, "Ikke gyldig ennå Verten har ikke bekreftet besøket."),
        (
            -2,
            Status.NO_SHOW,
            "Møtte ikke opp Verten har registrert at den besøkende ikke møtte opp.",
        ),
    ],
)
def test_a_pass_that_is_not_valid_says_why_without_its_code(
    client, kari, home, host, days, status, expected
):
    reason = {"decline_reason": "Fullt."} if status == Status.DECLINED else {}
    visit = make_visit(kari, home, host, days=days, status=status, **reason)

    response = client.get(visit.get_pass_url())

    assert response.status_code == 200
    text = page_text(response)
    assert f"Nettverkspass {expected} Navn Kari Nordmann" in text
    assert "Gyldig i dag" not in text
    assert "pass-qr" not in response.content.decode()
    assert "Fullt." not in text  # the host's reason is the visitor's to read, in their e-mail


def test_an_arrived_pass_says_when_it_was_marked(client, kari, home, host):
    marked = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
    visit = make_visit(kari, home, host, status=Status.ARRIVED, marked_at=marked.replace(hour=9))
    text = page_text(client.get(visit.get_pass_url()))
    assert f"Møtte opp Merket {nb(timezone.localdate())} kl. 09:00." in text


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.CANCELLED, "Avlyst Besøket er avlyst: passet er ikke gyldig."),
        (Status.DECLINED, "Avslått Verten har avslått besøket: passet er ikke gyldig."),
    ],
)
def test_a_called_off_pass_shows_only_its_state_and_nothing_of_the_visit(
    client, kari, home, host, status, expected
):
    visit = make_visit(kari, home, host, days=3, status=status, decline_reason="Fullt.")
    response = client.get(visit.get_pass_url())
    assert response.status_code == 200
    text = page_text(response)
    assert f"Nettverkspass {expected}" in text
    for fact in ("Kari", "Blender", "Fabrikken", nb(visit.date), "Fullt.", "pass-qr"):
        assert fact not in response.content.decode()


@pytest.mark.parametrize("days", [7, 0])
def test_a_pass_still_opens_up_to_a_week_after_its_day(client, kari, home, host, days):
    visit = make_visit(kari, home, host, days=-days, status=Status.ARRIVED)
    response = client.get(visit.get_pass_url())
    assert response.status_code == 200
    assert "Kari Nordmann" in page_text(response)


@pytest.mark.parametrize("status", [Status.CONFIRMED, Status.ARRIVED, Status.CANCELLED])
def test_a_pass_more_than_a_week_past_its_day_is_just_not_valid(client, kari, home, host, status):
    visit = make_visit(kari, home, host, days=-8, status=status)
    response = client.get(visit.get_pass_url())
    assert response.status_code == 404
    text = page_text(response)
    assert "Dette passet er ikke gyldig" in text
    for fact in ("Kari", "Blender", "Fabrikken", nb(visit.date)):
        assert fact not in response.content.decode()


# The QR code


def dark_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules of segno's SVG path ("M4 4.5h7m1 0h1…": rows drawn as horizontal runs)."""
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for command, numbers in re.findall(r"([Mmh])([-\d. ]+)", path):
        values = [float(number) for number in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            dark |= {(int(x) + step, int(y)) for step in range(int(values[0]))}
            x += values[0]
    return dark


def test_the_qr_code_encodes_the_pass_s_whole_address(visit, settings):
    settings.SITE_URL = "https://coworkingnorge.no"
    url = f"https://coworkingnorge.no/pass/{visit.pass_token}/"
    svg = pass_qr_svg(visit)

    expected = segno.make_qr(url, error="m", boost_error=False)
    wanted = {
        (column + 4, row + 4)
        for row, line in enumerate(expected.matrix)
        for column, module in enumerate(line)
        if module
    }
    assert dark_modules(svg) == wanted
    assert svg.startswith('<svg role="img" xmlns="http://www.w3.org/2000/svg"')
    assert "<title>Nettverkspass for Kari Nordmann</title>" in svg
    assert "style=" not in svg  # the CSP allows no inline style


# Tokens


def test_the_token_is_the_pass_code_signed_and_names_its_visit(visit):
    code, signature = visit.pass_token.split(":")
    assert code == visit.pass_code
    assert len(signature) >= 20
    assert visit_from_pass_token(visit.pass_token) == visit


def test_a_tampered_unknown_or_foreign_token_names_nothing(visit):
    code, signature = visit.pass_token.split(":")
    other = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert visit_from_pass_token(f"{other}:{signature}") is None
    assert visit_from_pass_token(f"{code}:{signature[:-1]}x") is None
    assert visit_from_pass_token(code) is None
    assert visit_from_pass_token("") is None
    assert visit_from_pass_token(signing.Signer(salt=PASS_SALT).sign("no-such-pass")) is None
    assert visit_from_pass_token(signing.Signer(salt="events.tickets").sign(code)) is None


def tampered(visit) -> list[str]:
    code, signature = visit.pass_token.split(":")
    return [
        f"{code}:{signature[:-1]}{'x' if signature[-1] != 'x' else 'y'}",
        f"{code[:-1]}{'A' if code[-1] != 'A' else 'B'}:{signature}",
        code,
        signing.Signer(salt=PASS_SALT).sign("no-such-pass"),
        "x" * 2000,
        f"{visit.pass_token}{'0' * 300}",
        "%C3%A6%C3%B8%C3%A5:%F0%9F%92%A9",
        "%3Cscript%3E:%22%27",
        "a:b:c:d",
        "..",
        "%00",
        "%C0%AF",
        ":",
    ]


def test_a_tampered_unknown_or_malformed_pass_is_not_valid_and_tells_nothing(client, visit):
    for token in tampered(visit):
        response = client.get(f"/pass/{token}/")
        assert response.status_code == 404, token
        text = page_text(response)
        assert "Dette passet er ikke gyldig" in text, token
        assert "Kari" not in text
        assert "Fabrikken" not in text


def test_a_pass_that_is_not_valid_in_english(client, visit):
    response = client.get("/en/pass/nothing-here/")
    assert response.status_code == 404
    assert "This pass is not valid" in page_text(response)


# Headers


def test_every_pass_answer_is_kept_private(client, visit):
    answers = [
        client.get(visit.get_pass_url()),
        client.get("/pass/nothing-here/"),
        client.head(visit.get_pass_url()),
    ]
    for response in answers:
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Robots-Tag"] == "noindex"
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives


def test_a_pass_is_only_looked_at(client, visit):
    response = client.post(visit.get_pass_url())
    assert response.status_code == 405
    assert response["Referrer-Policy"] == "same-origin"


# Guessing


def bad_tries(client, count: int, address: str) -> None:
    for number in range(count):
        response = client.get(f"/pass/guess-{number}:xyz/", REMOTE_ADDR=address)
        assert response.status_code == (404 if number < BAD_TOKENS_ALLOWED else 429)


def test_many_bad_tokens_from_one_address_turn_more_bad_tokens_away_for_a_while(client, visit):
    bad_tries(client, BAD_TOKENS_ALLOWED, "203.0.113.7")

    refused = client.get("/pass/one-more:xyz/", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert "For mange pass som ikke er gyldige" in page_text(refused)
    assert refused["Referrer-Policy"] == "same-origin"
    assert "no-store" in refused["Cache-Control"]
    english = client.get("/en/pass/one-more:xyz/", REMOTE_ADDR="203.0.113.7")
    assert english.status_code == 429
    assert "Wait ten minutes and try again." in page_text(english)
    # Another address is not held back.
    elsewhere = client.get("/pass/one-more:xyz/", REMOTE_ADDR="198.51.100.9")
    assert elsewhere.status_code == 404


def test_a_valid_pass_is_shown_even_to_an_address_over_the_limit(client, visit):
    """A hub's shared network must not lose its passes to someone else's guessing there."""
    bad_tries(client, BAD_TOKENS_ALLOWED + 3, "203.0.113.7")
    response = client.get(visit.get_pass_url(), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    assert "Gyldig i dag" in page_text(response)


def test_one_bad_token_less_than_the_limit_is_still_answered(client, visit):
    bad_tries(client, BAD_TOKENS_ALLOWED - 1, "203.0.113.7")
    assert client.get("/pass/one-more:xyz/", REMOTE_ADDR="203.0.113.7").status_code == 404


def test_valid_passes_opened_again_and_again_are_never_limited(client, visit):
    for _ in range(BAD_TOKENS_ALLOWED * 2):
        assert client.get(visit.get_pass_url(), REMOTE_ADDR="203.0.113.7").status_code == 200


def test_the_addresses_of_one_ipv6_network_share_their_limit(client, visit):
    for number in range(BAD_TOKENS_ALLOWED):
        client.get(f"/pass/guess-{number}/", REMOTE_ADDR=f"2001:db8:1:2::{number + 1:x}")
    assert client.get("/pass/more/", REMOTE_ADDR="2001:db8:1:2::ffff").status_code == 429
    assert client.get("/pass/more/", REMOTE_ADDR="2001:db8:1:3::1").status_code == 404


def test_behind_a_trusted_proxy_the_limit_follows_the_forwarded_address(client, visit, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for number in range(BAD_TOKENS_ALLOWED):
        client.get(f"/pass/guess-{number}/", HTTP_X_FORWARDED_FOR="203.0.113.7")
    held = client.get("/pass/more/", HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = client.get("/pass/more/", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert (held.status_code, other.status_code) == (429, 404)


class BrokenCache(BaseCache):
    """A cache server out of reach: every call fails."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("cache out of reach")

    add = get = set = touch = delete = has_key = incr = clear = _fail


@pytest.fixture
def broken_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": f"{__name__}.BrokenCache"},
    }


def test_a_broken_cache_takes_the_brake_away_but_never_the_pass(
    client, visit, broken_cache, caplog
):
    for number in range(BAD_TOKENS_ALLOWED + 5):
        response = client.get(f"/pass/guess-{number}/")
        assert response.status_code == 404
        assert "Dette passet er ikke gyldig" in page_text(response)
    response = client.get(visit.get_pass_url())
    assert response.status_code == 200
    assert "Gyldig i dag" in page_text(response)
    logged = {record.getMessage() for record in caplog.records if record.name == "visits.passes"}
    assert logged == {"Pass rate limit not checked", "Bad pass token not counted"}


# Marking the visitor on the pass


@pytest.fixture
def manager(client, host):
    user = HubManagerFactory(hub=host).user
    client.force_login(user)
    return user


def mark_url(visit) -> str:
    return f"/pass/{visit.pass_token}/mark/"


def test_the_host_s_manager_sees_the_two_buttons(client, visit, manager):
    text = page_text(client.get(visit.get_pass_url()))
    assert "For de hubansvarlige ved Fabrikken Møtte opp Møtte ikke opp" in text


def test_the_host_s_manager_marks_the_visitor_as_arrived_on_the_pass(client, visit, manager):
    response = client.post(mark_url(visit), {"arrived": "1"})

    assert response.status_code == 302
    assert response["Location"] == visit.get_pass_url()
    assert messages_of(response) == ["Kari Nordmann er registrert som møtt."]
    visit.refresh_from_db()
    assert visit.status == Status.ARRIVED
    assert visit.marked_at is not None
    text = page_text(client.get(visit.get_pass_url()))
    assert "Møtte opp Merket" in text
    # Only the other choice is offered, as a change.
    assert text.count("Endre til «Møtte ikke opp»") == 1
    assert "Møtte opp Møtte ikke opp" not in text


def test_a_mistaken_mark_is_turned_the_other_way(client, visit, manager):
    client.get(client.post(mark_url(visit), {"arrived": "1"})["Location"])  # its message read
    response = client.post(f"/en{mark_url(visit)}", {"arrived": "0"})
    assert response["Location"] == f"/en/pass/{visit.pass_token}/"
    assert messages_of(response) == ["Kari Nordmann did not come."]
    visit.refresh_from_db()
    assert visit.status == Status.NO_SHOW
    text = page_text(client.get(response["Location"]))
    assert "Change to “Arrived”" in text
    assert "Change to “Did not come”" not in text


def test_a_later_visit_cannot_be_marked_yet(client, kari, home, host, manager):
    visit = make_visit(kari, home, host, days=5)
    assert "Møtte ikke opp" not in page_text(client.get(visit.get_pass_url()))
    assert "Dere kan registrere at den besøkende møtte opp, på besøksdagen." in page_text(
        client.get(visit.get_pass_url())
    )
    response = client.post(mark_url(visit), {"arrived": "1"})
    assert messages_of(response) == ["Et besøk kan merkes på dagen eller senere."]
    visit.refresh_from_db()
    assert visit.status == Status.CONFIRMED


def test_a_mark_without_a_choice_marks_nothing(client, visit, manager):
    response = client.post(mark_url(visit), {"arrived": "maybe"})
    assert messages_of(response) == ["Velg om den besøkende møtte opp."]
    visit.refresh_from_db()
    assert visit.status == Status.CONFIRMED


def test_the_mark_needs_a_post(client, visit, manager):
    assert client.get(mark_url(visit)).status_code == 405


@pytest.mark.parametrize("who", ["anonymous", "someone", "home_manager", "visitor"])
def test_nobody_else_can_mark_a_visit(client, visit, home, who):
    people = {
        "anonymous": None,
        "someone": UserFactory(),
        "home_manager": HubManagerFactory(hub=home).user,
        "visitor": visit.visitor,
    }
    if people[who] is not None:
        client.force_login(people[who])

    assert "Møtte ikke opp" not in page_text(client.get(visit.get_pass_url()))
    assert client.post(mark_url(visit), {"arrived": "1"}).status_code == 404
    assert client.get(mark_url(visit)).status_code == 404
    visit.refresh_from_db()
    assert visit.status == Status.CONFIRMED


def test_a_bad_token_on_the_mark_address_is_not_valid(client, visit, manager):
    response = client.post("/pass/nothing:here/mark/", {"arrived": "1"})
    assert response.status_code == 404
    assert "Dette passet er ikke gyldig" in page_text(response)


def test_the_manager_of_another_host_cannot_mark(client, visit):
    other = HubManagerFactory(hub=MemberHubFactory(name="Andre")).user
    client.force_login(other)
    assert client.post(mark_url(visit), {"arrived": "1"}).status_code == 404
    visit.refresh_from_db()
    assert visit.status == Status.CONFIRMED
