"""A hub's page for network guests (/hubs/<slug>/visit/): its guest days with their room for
everyone, the request form only for a coworker vouched for by another member hub, the visit the
form requests, the errors next to the day, and a fixed number of queries."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.factories import (
    ClosedDayFactory,
    HostSettingsFactory,
    MemberHubFactory,
    VisitFactory,
    VouchFactory,
    verified_user,
)
from visits.models import HostSettings, Visit

pytestmark = pytest.mark.django_db

URL = "/hubs/huset/visit/"


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ").split())


def weekday_ahead(days: int, weekday: int = 1) -> date:
    """The first `weekday` (Tuesday by default) at least `days` days from today."""
    day = timezone.localdate() + timedelta(days=days)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def radios(html: str) -> list[str]:
    return re.findall(r'<input type="radio" name="day" value="([0-9-]+)"', html)


@pytest.fixture
def host():
    """Huset hosts three guests each weekday, confirmed at once."""
    return HostSettingsFactory(
        hub__slug="huset", hub__name="Huset", house_rules="Rydd pulten etter deg."
    ).hub


@pytest.fixture
def coworker(client):
    vouch = VouchFactory(home_hub__name="Blender", coworker=verified_user("kari@example.org"))
    client.force_login(vouch.coworker)
    return vouch.coworker


def test_unknown_and_unpublished_hubs_answer_404(client):
    HostSettingsFactory(hub__slug="skjult", hub__is_published=False)
    assert client.get("/hubs/finnes-ikke/visit/").status_code == 404
    assert client.get("/hubs/skjult/visit/").status_code == 404


def test_a_hub_that_does_not_host_says_so_with_a_link_back(client):
    MemberHubFactory(slug="huset", name="Huset")
    response = client.get(URL)
    assert response.status_code == 200
    assert "Huset tar ikke imot nettverksgjester nå." in text(response.content.decode())
    assert 'href="/hubs/huset/"' in response.content.decode()
    assert radios(response.content.decode()) == []


def test_anyone_sees_the_guest_days_with_room_closed_days_and_house_rules(client, host):
    closed = weekday_ahead(7)
    ClosedDayFactory(hub=host, date=closed, reason="Julebord")
    full = weekday_ahead(14)
    VisitFactory.create_batch(3, host=host, date=full)
    words = text(client.get(URL).content.decode())
    assert f"{closed:%d.%m.%Y} Stengt: Julebord" in words
    assert f"{full:%d.%m.%Y} Fullt" in words
    assert f"{weekday_ahead(21):%d.%m.%Y} 3 ledige plasser" in words
    assert "Rydd pulten etter deg." in words
    # Weekends, when Huset takes no guests, are left out.
    assert "Lørdag" not in words
    assert "Søndag" not in words


def test_anonymous_visitors_see_the_days_and_a_sign_in_link_but_no_form(client, host):
    html = client.get(URL).content.decode()
    assert radios(html) == []
    assert 'href="/accounts/login/?next=/hubs/huset/visit/"' in html
    assert "Logg inn" in text(html)


def test_anonymous_post_is_sent_to_sign_in_and_saves_nothing(client, host):
    response = client.post(URL, {"day": weekday_ahead(7).isoformat()})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/hubs/huset/visit/"
    assert not Visit.objects.exists()


def test_a_person_without_a_vouch_sees_why_and_no_form(client, host):
    client.force_login(verified_user("ola@example.org"))
    html = client.get(URL).content.decode()
    assert radios(html) == []
    assert "For å bestille en dag må du være godkjent av din egen medlemshub" in text(html)
    response = client.post(URL, {"day": weekday_ahead(7).isoformat()})
    assert response.status_code == 400
    assert not Visit.objects.exists()


def test_an_ended_vouch_is_no_vouch(client, host):
    vouch = VouchFactory(until=timezone.localdate() - timedelta(days=1))
    client.force_login(vouch.coworker)
    html = client.get(URL).content.decode()
    assert radios(html) == []
    assert "må du være godkjent" in text(html)


def test_a_coworker_of_this_hub_is_told_it_is_their_home_hub(client, host):
    vouch = VouchFactory(home_hub=host)
    client.force_login(vouch.coworker)
    html = client.get(URL).content.decode()
    assert radios(html) == []
    assert "Dette er din egen hub" in text(html)


def test_a_vouched_coworker_may_pick_only_the_days_they_can_book(client, host, coworker):
    full = weekday_ahead(7)
    VisitFactory.create_batch(3, host=host, date=full)
    mine = weekday_ahead(14)
    VisitFactory(visitor=coworker, date=mine)
    html = client.get(URL).content.decode()
    offered = radios(html)
    assert full.isoformat() not in offered
    assert mine.isoformat() not in offered
    assert weekday_ahead(21).isoformat() in offered
    assert f"{mine:%d.%m.%Y} Du har allerede et besøk denne dagen" in text(html)
    assert "Som standard ser verten bare navnet ditt, hjemmehuben din og datoen." in text(html)


def test_days_after_the_vouch_ends_cannot_be_picked(client, host):
    until = weekday_ahead(14)
    vouch = VouchFactory(until=until)
    client.force_login(vouch.coworker)
    html = client.get(URL).content.decode()
    assert until.isoformat() in radios(html)
    later = weekday_ahead(21)
    assert later.isoformat() not in radios(html)
    assert f"{later:%d.%m.%Y} Etter at godkjenningen din går ut" in text(html)


def test_requesting_a_day_books_it_with_what_the_coworker_chose_to_show(client, host, coworker):
    day = weekday_ahead(7)
    response = client.post(
        URL,
        {"day": day.isoformat(), "share_email": "on", "phone": "+47 400 00 000", "message": "Hei!"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/me/pass/"
    visit = Visit.objects.get()
    assert (visit.visitor, visit.host, visit.date, visit.status) == (
        coworker,
        host,
        day,
        Visit.Status.CONFIRMED,
    )
    assert (visit.share_email, visit.phone, visit.message, visit.language) == (
        True,
        "+47 400 00 000",
        "Hei!",
        "nb",
    )
    assert visit.home_hub.name == "Blender"
    page = text(client.get("/me/pass/").content.decode())
    assert f"Dagen din hos Huset {day:%d.%m.%Y} er bekreftet" in page


def test_by_default_the_host_sees_no_email_or_phone(client, host, coworker):
    client.post(URL, {"day": weekday_ahead(7).isoformat()})
    visit = Visit.objects.get()
    assert (visit.share_email, visit.phone, visit.message) == (False, "", "")


def test_in_english_the_visit_keeps_the_language(client, host, coworker):
    response = client.post("/en" + URL, {"day": weekday_ahead(7).isoformat()})
    assert response.status_code == 302
    assert Visit.objects.get().language == "en"


def test_a_host_that_confirms_by_hand_gets_a_request(client, host, coworker):
    HostSettings.objects.filter(hub=host).update(confirmation=HostSettings.Confirmation.MANUAL)
    html = client.get(URL).content.decode()
    assert "Send forespørselen" in text(html)
    client.post(URL, {"day": weekday_ahead(7).isoformat()})
    assert Visit.objects.get().status == Visit.Status.REQUESTED
    page = text(client.get("/me/pass/").content.decode())
    assert "er sendt. Verten svarer på e-post." in page


def test_a_full_day_is_refused_next_to_the_days_and_in_the_summary(client, host, coworker):
    full = weekday_ahead(7)
    VisitFactory.create_batch(3, host=host, date=full)
    response = client.post(URL, {"day": full.isoformat(), "message": "Hei"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="day-errors"' in html
    assert "Velg en av dagene med ledig plass." in text(html)
    assert '<a href="#id_day_0">Dag: Velg en av dagene med ledig plass.</a>' in html
    assert not Visit.objects.filter(visitor=coworker).exists()


def test_no_day_chosen_is_an_error(client, host, coworker):
    response = client.post(URL, {"message": "Hei"})
    assert response.status_code == 400
    assert "Velg en dag." in text(response.content.decode())
    assert not Visit.objects.exists()


def test_a_phone_number_too_long_is_refused_next_to_it(client, host, coworker):
    response = client.post(URL, {"day": weekday_ahead(7).isoformat(), "phone": "1" * 31})
    assert response.status_code == 400
    assert '<a href="#id_phone">' in response.content.decode()
    assert not Visit.objects.exists()


def test_when_the_months_days_are_used_its_days_cannot_be_picked(client, host, coworker, settings):
    settings.VISITS_MONTHLY_QUOTA = 1
    day = weekday_ahead(28)
    VisitFactory(visitor=coworker, date=day)
    html = client.get(URL).content.decode()
    same_month = [value for value in radios(html) if value[:7] == day.isoformat()[:7]]
    assert same_month == []
    assert "Dagene dine denne måneden er brukt" in text(html)


def test_a_month_used_up_at_another_host_on_another_weekday_offers_no_days(
    client, host, coworker, settings
):
    """The quota counts every held day of the month, wherever and whichever weekday."""
    settings.VISITS_MONTHLY_QUOTA = 1
    HostSettings.objects.filter(hub=host).update(
        desks_monday=0, desks_wednesday=0, desks_thursday=0, desks_friday=0, desks_tuesday=3
    )
    wednesday = weekday_ahead(35, weekday=2)
    VisitFactory(visitor=coworker, date=wednesday, host=HostSettingsFactory().hub)
    offered = radios(client.get(URL).content.decode())
    assert offered
    assert [value for value in offered if value[:7] == wednesday.isoformat()[:7]] == []


def test_the_days_left_name_the_month_and_the_house_rules_come_before_the_button(
    client, host, coworker
):
    month = date_format(timezone.localdate(), "F")
    words = text(client.get(URL).content.decode())
    assert f"Du har 3 dager igjen i {month}." in words
    assert month == month.lower()
    assert words.index("Husregler Rydd pulten etter deg.") < words.index("Bestill dagen")
    english = text(client.get(f"/en{URL}").content.decode())
    with translation.override("en"):
        assert f"You have 3 days left in {date_format(timezone.localdate(), 'F')}." in english
    assert "Days in the coming weeks when Huset takes network guests." in english


# --- Fixed number of queries ------------------------------------------------------------------


def make_traffic(host, coworker, *, start: int, count: int) -> None:
    """Visits at the host by others, closed days, and the coworker's own visits elsewhere."""
    for number in range(start, start + count):
        VisitFactory(host=host, date=weekday_ahead(number % 50, weekday=number % 5))
    for number in range(start, start + count, 4):
        ClosedDayFactory(hub=host, date=timezone.localdate() + timedelta(days=number % 55 + 1))
    for number in range(start, start + count, 10):
        VisitFactory(visitor=coworker, date=timezone.localdate() + timedelta(days=number % 55))


@pytest.mark.parametrize("who", ["coworker", "anonymous"])
def test_the_page_runs_the_same_queries_with_few_and_many_visits(
    client, host, coworker, who, django_assert_num_queries
):
    if who == "anonymous":
        client.logout()
    make_traffic(host, coworker, start=0, count=2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    make_traffic(host, coworker, start=2, count=40)
    with django_assert_num_queries(len(few)):
        assert client.get(URL).status_code == 200
