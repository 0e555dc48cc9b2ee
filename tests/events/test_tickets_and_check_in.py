"""Tickets and the door: the signed code and its QR code, the ticket page anyone with the link
sees (valid, cancelled, tampered), checking in there as the secretariat, and the door's check-in
list (search, one tap, the count, 404 for everyone else, a fixed number of queries)."""

import re

import pytest
import segno
from django.contrib.messages import get_messages
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import TICKET_SALT, Registration
from events.services import Attendee, event_cancel, registration_cancel, registration_create
from events.tickets import registration_from_ticket_code, ticket_qr_svg
from tests.factories import (
    EventFactory,
    HubManagerFactory,
    OrganisationContactFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def register(event, name: str, email: str, organisation=None) -> Registration:
    booker = UserFactory()
    if organisation is not None:
        OrganisationContactFactory(user=booker, organisation=organisation)
    registration_create(
        event=event,
        booked_by=booker,
        organisation=organisation,
        attendees=[Attendee(name=name, email=email)],
    )
    return Registration.objects.get(event=event, email=email)


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def shown_after(client, response) -> list[str]:
    """The messages the page redirected to shows (which uses them up)."""
    page = client.get(response["Location"])
    return [str(message) for message in page.context["messages"]]


def page_text(response) -> str:
    """The page's visible words, one space between them."""
    html = response.content.decode()
    html = re.sub(r"<(script|style|title|svg)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def registration():
    event = EventFactory(title_nb="Driftsseminar", slug="driftsseminar")
    return register(event, "Kari Nordmann", "kari@example.org")


@pytest.fixture
def door(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


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


def test_the_qr_code_encodes_the_ticket_s_whole_address(registration):
    url = f"https://coworkingnorge.no/tickets/{registration.signed_code}/"
    svg = ticket_qr_svg(registration)

    expected = segno.make_qr(url, error="m", boost_error=False)
    wanted = {
        (column + 4, row + 4)
        for row, line in enumerate(expected.matrix)
        for column, module in enumerate(line)
        if module
    }
    assert dark_modules(svg) == wanted
    assert registration.get_ticket_url() == f"/tickets/{registration.signed_code}/"


def test_the_qr_code_is_dark_on_white_with_a_quiet_zone_and_medium_error_correction(registration):
    svg = ticket_qr_svg(registration)
    qr = segno.make_qr(f"https://coworkingnorge.no{registration.get_ticket_url()}", error="m")
    side = (qr.symbol_size(border=4)[0]) * 6
    assert svg.startswith('<svg role="img" xmlns="http://www.w3.org/2000/svg"')
    assert f'viewBox="0 0 {side} {side}"' in svg
    assert '<path fill="#fff" d="M0 0h' in svg
    assert 'stroke="#000"' in svg
    assert qr.error in ("M", "Q", "H")
    assert "<title>Billett for Kari Nordmann</title>" in svg
    assert "style=" not in svg  # the CSP allows no inline style


# Codes


def test_a_ticket_code_names_its_registration(registration):
    assert registration_from_ticket_code(registration.signed_code) == registration


def test_a_tampered_or_unknown_code_names_nothing(registration):
    code = registration.signed_code
    ticket, signature = code.split(":")
    other = registration.ticket_code[:-1] + ("A" if registration.ticket_code[-1] != "A" else "B")
    assert registration_from_ticket_code(f"{other}:{signature}") is None
    assert registration_from_ticket_code(f"{ticket}:{signature[:-1]}x") is None
    assert registration_from_ticket_code(ticket) is None
    assert registration_from_ticket_code("") is None
    unknown = signing.Signer(salt=TICKET_SALT).sign("no-such-ticket")
    assert registration_from_ticket_code(unknown) is None
    someone_elses = signing.Signer(salt="events.cancel").sign(registration.ticket_code)
    assert registration_from_ticket_code(someone_elses) is None


# The ticket page


def test_a_valid_ticket_shows_the_name_the_event_and_the_code_and_nothing_else(client):
    event = EventFactory(title_nb="Driftsseminar")
    organisation = OrganisationContactFactory().organisation
    registration = register(event, "Kari Nordmann", "kari@example.org", organisation)

    response = client.get(registration.get_ticket_url())

    text = page_text(response)
    assert "Gyldig billett" in text
    assert "Kari Nordmann" in text
    assert "Driftsseminar" in text
    assert "kari@example.org" not in response.content.decode()
    assert organisation.legal_name not in response.content.decode()
    assert 'class="ticket-qr"' in response.content.decode()
    assert "Sjekk inn" not in text
    assert "no-store" in response["Cache-Control"]


def test_the_ticket_page_in_english(client, registration):
    text = page_text(client.get(f"/en{registration.get_ticket_url()}"))
    assert "Valid ticket" in text
    assert "Show this code at the door." in text


def test_a_cancelled_registration_s_ticket_is_not_valid(client, registration):
    registration_cancel(registration=registration)
    response = client.get(registration.get_ticket_url())
    text = page_text(response)
    assert "Ikke gyldig – påmeldingen er avbestilt." in text
    assert "Gyldig billett" not in text
    assert "ticket-qr" not in response.content.decode()


def test_a_cancelled_event_s_ticket_is_not_valid(client, registration):
    event_cancel(event=registration.event)
    text = page_text(client.get(registration.get_ticket_url()))
    assert "Ikke gyldig – arrangementet er avlyst." in text


def test_a_waitlisted_person_s_ticket_is_not_valid(client):
    event = EventFactory(capacity=1)
    register(event, "Først", "forst@example.org")
    waiting = register(event, "Venter", "venter@example.org")
    text = page_text(client.get(waiting.get_ticket_url()))
    assert "Ikke gyldig – på ventelisten, uten plass ennå." in text


def test_a_checked_in_ticket_says_when(client, registration):
    moment = timezone.localtime().replace(hour=8, minute=47)
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=moment)
    text = page_text(client.get(registration.get_ticket_url()))
    assert f"Gyldig billett – sjekket inn {moment:%d.%m.%Y} kl. 08:47." in text


def test_a_tampered_or_unknown_ticket_is_not_found(client, registration):
    code = registration.signed_code
    assert client.get(f"/tickets/{code[:-1]}x/").status_code == 404
    assert client.get("/tickets/not-a-ticket/").status_code == 404
    assert client.get(f"/tickets/{registration.ticket_code}/").status_code == 404


def test_the_secretariat_checks_a_ticket_in_from_its_page(door, registration):
    url = registration.get_ticket_url()
    assert "Sjekk inn" in page_text(door.get(url))

    response = door.post(url)

    assert response.status_code == 302
    assert response["Location"] == url
    assert texts(response) == ["Kari Nordmann er sjekket inn."]
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    text = page_text(door.get(url))
    assert "sjekket inn" in text
    assert "Sjekk inn" not in text.replace("sjekket inn", "")


def test_checking_in_twice_says_when_the_first_was(door, registration):
    shown_after(door, door.post(registration.get_ticket_url()))
    first = Registration.objects.get(pk=registration.pk).checked_in_at

    response = door.post(registration.get_ticket_url())

    when = timezone.localtime(first).strftime("%H:%M")
    assert texts(response) == [f"Kari Nordmann var allerede sjekket inn, kl. {when}."]
    assert Registration.objects.get(pk=registration.pk).checked_in_at == first


def test_a_cancelled_registration_cannot_be_checked_in(door, registration):
    registration_cancel(registration=registration)
    response = door.post(registration.get_ticket_url())
    assert texts(response) == ["Bare en bekreftet deltaker kan sjekkes inn."]
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_nobody_else_can_check_a_ticket_in(client, registration):
    assert client.post(registration.get_ticket_url()).status_code == 405
    client.force_login(UserFactory(email="kari@example.org"))
    assert client.post(registration.get_ticket_url()).status_code == 405
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


# The check-in list


def crowd(event, count: int, start: int = 0) -> None:
    registration_create(
        event=event,
        booked_by=UserFactory(),
        attendees=[
            Attendee(name=f"Deltaker {n:03d}", email=f"d{n}@example.org")
            for n in range(start, start + count)
        ],
    )


@pytest.mark.parametrize("who", ["anonymous", "member", "hub manager", "staff"])
def test_the_check_in_list_is_not_found_for_anyone_but_the_secretariat(client, who, registration):
    if who == "member":
        client.force_login(UserFactory())
    elif who == "hub manager":
        client.force_login(HubManagerFactory().user)
    elif who == "staff":
        client.force_login(UserFactory(is_staff=True))
    url = "/events/driftsseminar/check-in/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"registration": registration.pk}).status_code == 404
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_the_check_in_list_shows_the_seated_and_the_count(door):
    event = EventFactory(slug="konferanse", capacity=3)
    crowd(event, 4)
    Registration.objects.filter(email="d1@example.org").update(checked_in_at=timezone.now())
    registration_cancel(registration=Registration.objects.get(email="d2@example.org"))

    response = door.get("/events/konferanse/check-in/")

    text = page_text(response)
    assert "1 av 3 sjekket inn" in text
    names = re.findall(r'class="door__name">([^<]+)<', response.content.decode())
    assert names == ["Deltaker 000", "Deltaker 001", "Deltaker 003"]
    assert "Deltaker 002" not in text
    assert "Sjekket inn kl." in text
    assert "no-store" in response["Cache-Control"]


def test_the_check_in_list_searches_by_name(door):
    event = EventFactory(slug="konferanse", capacity=5)
    crowd(event, 2)
    register(event, "Ærlige Øystein Ås", "oystein@example.org")

    def found(search: str) -> list[str]:
        html = door.get("/events/konferanse/check-in/", {"q": search}).content.decode()
        return re.findall(r'class="door__name">([^<]+)<', html)

    assert found("Øystein") == ["Ærlige Øystein Ås"]
    assert found("tAKer 001") == ["Deltaker 001"]
    assert found("nobody") == []
    text = page_text(door.get("/events/konferanse/check-in/", {"q": "Øystein"}))
    assert "1 person funnet for «Øystein»." in text
    assert "0 av 3 sjekket inn" in text


def test_one_tap_checks_a_person_in_and_keeps_the_search(door):
    event = EventFactory(slug="konferanse")
    crowd(event, 3)
    person = Registration.objects.get(email="d1@example.org")

    response = door.post(
        "/events/konferanse/check-in/", {"registration": person.pk, "q": "Deltaker"}
    )

    assert response["Location"] == "/events/konferanse/check-in/?q=Deltaker"
    assert texts(response) == ["Deltaker 001 er sjekket inn."]
    person.refresh_from_db()
    assert person.checked_in_at is not None
    assert "1 av 3 sjekket inn" in page_text(door.get("/events/konferanse/check-in/"))


def test_one_tap_refuses_someone_not_seated_at_this_event(door):
    event = EventFactory(slug="konferanse", capacity=1)
    crowd(event, 2)
    waiting = Registration.objects.get(email="d1@example.org")
    elsewhere = register(EventFactory(), "Annen", "annen@example.org")

    for value in (waiting.pk, elsewhere.pk, "abc", ""):
        response = door.post("/events/konferanse/check-in/", {"registration": value})
        assert shown_after(door, response) == [
            "Den personen står ikke på deltakerlisten til arrangementet."
        ]
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_the_check_in_list_of_an_unknown_event_is_not_found(door):
    assert door.get("/events/finnes-ikke/check-in/").status_code == 404


def door_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", ["", "?q=Deltaker"])
def test_the_check_in_list_runs_the_same_queries_for_3_and_60_people(door, query):
    event = EventFactory(slug="konferanse", capacity=100)
    crowd(event, 3)
    few = door_queries(door, f"/events/konferanse/check-in/{query}")
    organisation = OrganisationContactFactory().organisation
    for n in range(57):
        register(event, f"Deltaker x{n}", f"x{n}@example.org", organisation if n % 2 else None)
    Registration.objects.filter(email__startswith="x1").update(checked_in_at=timezone.now())
    assert door_queries(door, f"/events/konferanse/check-in/{query}") == few
