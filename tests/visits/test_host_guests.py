"""A host's guests on Min side (/me/hubs/<slug>/visits/): what the managers see of each visitor, and
confirming, declining (with a reason) and marking arrival, a mis-tap corrected."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import HostSettingsFactory, HubManagerFactory, MemberHubFactory, VisitFactory
from visits.models import HostSettings, Visit

pytestmark = pytest.mark.django_db

URL = "/me/hubs/huset/visits/"


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ").split())


def names(html: str) -> list[str]:
    return re.findall(r'<h3 class="h5 card-title mb-1">([^<]+)</h3>', html)


def nb(day) -> str:
    return day.strftime("%d.%m.%Y")


WEEKDAYS = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"]


@pytest.fixture
def hub():
    return HostSettingsFactory(
        hub__slug="huset",
        hub__name="Huset",
        confirmation=HostSettings.Confirmation.MANUAL,
        desks_saturday=3,
        desks_sunday=3,
    ).hub


@pytest.fixture
def manager(client, hub):
    user = HubManagerFactory(hub=hub).user
    client.force_login(user)
    return user


@pytest.fixture
def blender():
    return MemberHubFactory(name="Blender Collective")


def visit(hub, home_hub, name: str, days: int, status: str = Visit.Status.CONFIRMED, **fields):
    return VisitFactory(
        host=hub,
        home_hub=home_hub,
        visitor_name=name,
        date=timezone.localdate() + timedelta(days=days),
        status=status,
        **fields,
    )


def test_the_guests_page_lists_requests_then_the_days_to_mark_then_confirmed_ones(
    client, manager, hub, blender
):
    visit(hub, blender, "Senere Bekreftet", 20)
    visit(hub, blender, "Snart Bekreftet", 3)
    visit(hub, blender, "Forespurt Sent", 9, Visit.Status.REQUESTED)
    visit(hub, blender, "Forespurt Tidlig", 2, Visit.Status.REQUESTED)
    visit(hub, blender, "I Dag", 0)
    visit(hub, blender, "Forrige Uke", -7, Visit.Status.ARRIVED)
    html = client.get(URL).content.decode()
    assert names(html) == [
        "Forespurt Tidlig",
        "Forespurt Sent",
        "I Dag",
        "Forrige Uke",
        "Snart Bekreftet",
        "Senere Bekreftet",
    ]
    words = text(html)
    assert "Venter på svar fra dere 2" in words
    assert "I dag og de siste 14 dagene" in words
    assert "Bekreftet, kommer" in words
    assert 'href="/me/hubs/huset/ledger/"' in html


def test_the_guests_page_leaves_out_other_hosts_old_and_ended_visits(client, manager, hub, blender):
    visit(hub, blender, "Med", 1)
    visit(hub, blender, "For Lenge Siden", -15)
    visit(hub, blender, "Avslått", 4, Visit.Status.DECLINED, decline_reason="Fullt")
    visit(hub, blender, "Avlyst", 4, Visit.Status.CANCELLED)
    visit(hub, blender, "Gammel Forespørsel", -1, Visit.Status.REQUESTED)
    visit(MemberHubFactory(), blender, "Annen Vert", 1)
    assert names(client.get(URL).content.decode()) == ["Med"]


def test_a_visitor_shows_only_name_home_hub_and_date_unless_they_chose_more(
    client, manager, hub, blender
):
    quiet = visit(hub, blender, "Kari Stille", 5)
    open_ = visit(
        hub, blender, "Ola Åpen", 6, share_email=True, phone="+47 900 00 000", message="Hei!"
    )
    html = client.get(URL).content.decode()
    words = text(html)
    day = quiet.date
    assert f"Kari Stille {WEEKDAYS[day.weekday()]} {nb(day)} · fra Blender Collective" in words
    assert quiet.visitor.email not in html
    assert f'<a href="mailto:{open_.visitor.email}">{open_.visitor.email}</a>' in html
    assert '<a href="tel:+4790000000">+47 900 00 000</a>' in html
    assert "Melding: Hei!" in words
    assert words.count("E-post:") == 1
    assert words.count("Telefon:") == 1


def test_an_empty_guests_page_says_what_is_missing(client, manager):
    words = text(client.get(URL).content.decode())
    assert "Ingen forespørsler venter på svar." in words
    assert "Ingen bekreftede gjester i dag eller de siste 14 dagene." in words
    assert "Ingen bekreftede besøk framover." in words


def test_confirming_a_request_confirms_it_and_says_so(client, manager, hub, blender):
    request = visit(hub, blender, "Kari Nordmann", 3, Visit.Status.REQUESTED)
    response = client.post(f"{URL}{request.pk}/confirm/")
    assert response["Location"] == f"{URL}#visit-{request.pk}"
    request.refresh_from_db()
    assert request.status == Visit.Status.CONFIRMED
    assert request.decided_by == manager
    words = text(client.get(URL).content.decode())
    assert (
        f"Besøket til Kari Nordmann {nb(request.date)} er bekreftet; de får beskjed på e-post."
        in words
    )


def test_confirming_twice_is_refused_with_a_message(client, manager, hub, blender):
    confirmed = visit(hub, blender, "Kari Nordmann", 3)
    response = client.post(f"{URL}{confirmed.pk}/confirm/", follow=True)
    assert "Bare et besøk som venter på svar, kan bekreftes." in text(response.content.decode())
    confirmed.refresh_from_db()
    assert confirmed.decided_by is None


def test_declining_asks_for_the_reason_first(client, manager, hub, blender):
    request = visit(hub, blender, "Kari Nordmann", 3, Visit.Status.REQUESTED, message="Hei")
    html = client.get(f"{URL}{request.pk}/decline/").content.decode()
    words = text(html)
    assert "Avslå besøket til Kari Nordmann?" in words
    assert "Hvorfor besøket ikke kan bli noe av*" in words.replace(" *", "*")
    button = '<button type="submit" class="btn btn-danger actions__danger">Avslå besøket</button>'
    assert button in html
    assert Visit.objects.get(pk=request.pk).status == Visit.Status.REQUESTED


def test_declining_without_a_reason_shows_the_error_by_the_field_and_changes_nothing(
    client, manager, hub, blender
):
    request = visit(hub, blender, "Kari Nordmann", 3, Visit.Status.REQUESTED)
    response = client.post(f"{URL}{request.pk}/decline/", {"reason": "   "})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<p id="error_1_id_reason"><strong>Feltet er påkrevet.</strong></p>' in html
    assert 'href="#id_reason"' in html
    request.refresh_from_db()
    assert (request.status, request.decline_reason, request.decided_by) == ("requested", "", None)


def test_declining_with_a_reason_declines_and_keeps_the_reason(client, manager, hub, blender):
    request = visit(hub, blender, "Kari Nordmann", 3, Visit.Status.REQUESTED)
    response = client.post(f"{URL}{request.pk}/decline/", {"reason": "Vi har fagdag."})
    assert response["Location"] == URL
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == ("declined", "Vi har fagdag.")
    assert request.decided_by == manager
    words = text(client.get(URL).content.decode())
    assert f"Besøket til Kari Nordmann {nb(request.date)} er avslått" in words
    assert "Kari Nordmann" not in names(client.get(URL).content.decode())


def test_a_confirmed_visit_can_be_called_off_with_a_reason(client, manager, hub, blender):
    confirmed = visit(hub, blender, "Kari Nordmann", 3)
    words = text(client.get(f"{URL}{confirmed.pk}/decline/").content.decode())
    assert "Avlyse besøket til Kari Nordmann?" in words
    client.post(f"{URL}{confirmed.pk}/decline/", {"reason": "Vannlekkasje."})
    confirmed.refresh_from_db()
    assert (confirmed.status, confirmed.decline_reason) == ("declined", "Vannlekkasje.")


def test_declining_a_visit_already_declined_goes_back_with_a_message(client, manager, hub, blender):
    declined = visit(hub, blender, "K", 3, Visit.Status.DECLINED, decline_reason="Fullt")
    response = client.post(f"{URL}{declined.pk}/decline/", {"reason": "Igjen"}, follow=True)
    assert "Dette besøket venter ikke lenger på svar" in text(response.content.decode())
    declined.refresh_from_db()
    assert declined.decline_reason == "Fullt"


def test_marking_arrival_and_correcting_a_mis_tap(client, manager, hub, blender):
    today = visit(hub, blender, "Kari Nordmann", 0)
    mark = f"{URL}{today.pk}/mark/"
    html = client.get(URL).content.decode()
    assert f'action="{mark}"' in html
    assert 'name="arrived" value="1"' in html
    assert 'name="arrived" value="0"' in html
    response = client.post(mark, {"arrived": "0"})
    assert response["Location"] == f"{URL}#visit-{today.pk}"
    today.refresh_from_db()
    assert today.status == Visit.Status.NO_SHOW
    words = text(client.get(URL).content.decode())
    assert "Kari Nordmann er registrert som ikke møtt." in words
    assert "Møtte ikke opp Endre til «Møtte opp» Kari Nordmann" in words
    client.post(mark, {"arrived": "1"})
    today.refresh_from_db()
    assert today.status == Visit.Status.ARRIVED
    assert today.marked_at is not None
    assert "Møtte opp Endre til «Møtte ikke opp» Kari Nordmann" in text(
        client.get(URL).content.decode()
    )


def test_marking_a_visit_ahead_or_with_a_made_up_answer_changes_nothing(
    client, manager, hub, blender
):
    ahead = visit(hub, blender, "Kari Nordmann", 2)
    response = client.post(f"{URL}{ahead.pk}/mark/", {"arrived": "1"}, follow=True)
    assert "Et besøk kan merkes på dagen eller senere." in text(response.content.decode())
    today = visit(hub, blender, "Ola", 0)
    response = client.post(f"{URL}{today.pk}/mark/", {"arrived": "kanskje"}, follow=True)
    assert "Velg «Møtte opp» eller «Møtte ikke opp»." in text(response.content.decode())
    assert list(Visit.objects.order_by("pk").values_list("status", "marked_at")) == [
        ("confirmed", None),
        ("confirmed", None),
    ]


def test_the_guests_page_in_english(client, manager, hub, blender):
    visit(hub, blender, "Kari Nordmann", 3, Visit.Status.REQUESTED)
    words = text(client.get(f"/en{URL}").content.decode())
    assert "Guests at Huset" in words
    assert "Waiting for your answer 1" in words
    assert "from Blender Collective" in words
