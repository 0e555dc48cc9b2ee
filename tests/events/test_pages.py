"""The public events pages: the list and its filters, past events, one event's page (prices,
states and their reasons, the programme), registering oneself or colleagues through the forms,
cancelling by the e-mail's link, the events on the home page and a hub's profile, and the page
cache, which is never stale about seats."""

import re
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail, signing
from django.utils import timezone

from events.models import Event, FeedEvent, HubFeed, Registration, RegistrationOrder
from events.selectors import cancel_code, registration_from_cancel_code
from events.services import Attendee, event_cancel, registration_cancel, registration_create
from members.models import Organisation
from tests.factories import (
    EventFactory,
    HubFactory,
    OrganisationContactFactory,
    ProgrammeItemFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    """The page's words as a reader gets them: tags gone, spaces folded."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").split())


def page(client, path: str, **kwargs) -> str:
    response = client.get(path, **kwargs)
    assert response.status_code == 200, response.status_code
    return text(response.content.decode()).replace("\xa0", " ")


def card_titles(client, path: str) -> list[str]:
    html = client.get(path).content.decode()
    return re.findall(
        r'<h2 class="card-title h5"><a href="[^"]+" class="stretched-link">([^<]+)', html
    )


def register(event, count: int, *, start: int = 0):
    attendees = [Attendee(f"Person {n}", f"p{n}@example.org") for n in range(start, start + count)]
    return registration_create(event=event, booked_by=UserFactory(), attendees=attendees)


def in_days(days: int, hour: int = 9):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


# --- The list -----------------------------------------------------------------------------------


def test_the_list_shows_upcoming_published_events_soonest_first(client):
    EventFactory(title="Om ti dager", title_nb="Om ti dager", starts_at=in_days(10))
    EventFactory(title="Om fem dager", title_nb="Om fem dager", starts_at=in_days(5))
    EventFactory(title="Ikke publisert", title_nb="Ikke publisert", published=False)
    EventFactory(
        title="Over",
        title_nb="Over",
        starts_at=in_days(-3),
        ends_at=in_days(-3) + timedelta(hours=2),
    )
    assert card_titles(client, "/events/") == ["Om fem dager", "Om ti dager"]
    assert "2 kommende arrangementer" in page(client, "/events/")


def test_a_card_gives_kind_time_place_price_and_seats(client):
    hub = HubFactory(name="Fabrikken", slug="fabrikken", city="Lillehammer")
    start = in_days(12, 10)
    event = EventFactory(
        kind=Event.Kind.CONFERENCE,
        hub=hub,
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        member_price=Decimal("1000.00"),
        non_member_price=Decimal("2000.00"),
        capacity=10,
    )
    register(event, 3)
    html = client.get("/events/").content.decode()
    words = text(html).replace("\xa0", " ")
    assert f"{start:%d.%m.%Y} kl. 10:00–16:00" in words
    assert "Konferanse" in words
    assert '<a href="/hubs/fabrikken/">Fabrikken, Lillehammer</a>' in html
    assert "fra 1 250,00 kr inkl. mva." in words
    assert "7 ledige plasser" in words


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, "Gratis"),
        ({"member_price": Decimal(400), "non_member_price": Decimal(400)}, "500,00 kr inkl. mva."),
        ({"vat_rate": Decimal(0), "member_price": Decimal(300), "non_member_price": Decimal(500)},
         "fra 300,00 kr inkl. mva."),
    ],
)  # fmt: skip
def test_the_card_shows_the_price_a_visitor_may_pay(client, fields, expected):
    EventFactory(**fields)
    assert expected in page(client, "/events/")


def test_a_full_event_says_so_and_offers_the_waiting_list(client):
    event = EventFactory(capacity=2)
    register(event, 2)
    words = page(client, "/events/")
    assert "Fullt – venteliste" in words
    assert "ledige plasser" not in words


def test_a_card_says_when_registration_opens_or_that_it_closed(client):
    opens = timezone.now() + timedelta(days=3)
    EventFactory(title_nb="Snart", registration_opens_at=opens)
    EventFactory(
        title_nb="Stengt",
        registration_opens_at=timezone.now() - timedelta(days=3),
        registration_closes_at=timezone.now() - timedelta(days=1),
    )
    words = page(client, "/events/")
    assert f"Påmeldingen åpner {timezone.localtime(opens):%d.%m.%Y kl. %H:%M}" in words
    assert "Påmeldingen er stengt" in words


def test_a_cancelled_event_is_marked_cancelled_on_its_card(client):
    event = EventFactory(title_nb="Frokostseminar")
    event_cancel(event=event)
    html = client.get("/events/").content.decode()
    assert '<span class="badge text-bg-danger">Avlyst</span>' in html
    assert "event-card--cancelled" in html
    assert "ledige plasser" not in text(html)


def test_the_filters_combine(client):
    oslo, bergen = HubFactory(county="oslo"), HubFactory(county="vestland")
    month = in_days(40)
    EventFactory(title_nb="Oslo-seminar", hub=oslo, starts_at=month)
    EventFactory(title_nb="Oslo-treff", kind=Event.Kind.MEETUP, hub=oslo, starts_at=month)
    EventFactory(title_nb="Bergen-seminar", hub=bergen, starts_at=month)
    EventFactory(title_nb="Et annet sted", starts_at=month)
    EventFactory(title_nb="Oslo senere", hub=oslo, starts_at=in_days(100))
    assert card_titles(client, "/events/?county=oslo") == [
        "Oslo-seminar", "Oslo-treff", "Oslo senere"
    ]  # fmt: skip
    assert card_titles(client, f"/events/?county=oslo&month={month:%Y-%m}&kind=seminar") == [
        "Oslo-seminar"
    ]
    assert card_titles(client, "/events/?kind=meetup") == ["Oslo-treff"]
    filtered = page(client, "/events/?kind=webinar")
    assert "Ingen kommende arrangementer passer til disse filtrene." in filtered
    assert "Nullstill filtrene" in filtered


@pytest.mark.parametrize(
    "query", ["kind=party", "county=atlantis", "month=2026-13", "month=neste", "month=1999-01x"]
)
def test_an_unknown_filter_value_is_a_clear_no_match(client, query):
    EventFactory()
    response = client.get(f"/events/?{query}")
    assert response.status_code == 200
    words = text(response.content.decode())
    assert "Ingen arrangementer passer til disse filtrene" in words
    assert card_titles(client, f"/events/?{query}") == []


def test_the_month_filter_offers_this_month_and_the_next_eleven(client):
    html = client.get("/events/").content.decode()
    months = re.findall(r'<option value="(\d{4}-\d{2})"', html)
    today = timezone.localdate()
    assert len(months) == 12
    assert months[0] == f"{today:%Y-%m}"


def test_the_list_is_paged_by_twenty(client):
    for day in range(1, 23):
        EventFactory(title_nb=f"Seminar {day:02d}", starts_at=in_days(day))
    first, second = card_titles(client, "/events/"), card_titles(client, "/events/?page=2")
    assert len(first) == 20
    assert second == ["Seminar 21", "Seminar 22"]
    assert "Side 1 av 2" in page(client, "/events/")


def test_past_events_have_their_own_page_newest_first(client):
    for days in (-40, -10, -20):
        start = in_days(days)
        EventFactory(
            title_nb=f"For {-days} dager siden", starts_at=start, ends_at=start + timedelta(hours=2)
        )
    EventFactory(title_nb="Kommende")
    assert card_titles(client, "/events/past/") == [
        "For 10 dager siden",
        "For 20 dager siden",
        "For 40 dager siden",
    ]
    words = page(client, "/events/past/")
    assert "ledige plasser" not in words
    assert (
        '<a href="/events/past/">Tidligere arrangementer</a>'
        in client.get("/events/").content.decode()
    )


def test_the_list_shows_what_the_hubs_publish_linking_out(client):
    hub = HubFactory(name="Blender")
    feed = HubFeed.objects.create(hub=hub, url="https://blender.example.org/cal.ics")
    FeedEvent.objects.create(
        feed=feed,
        uid="1",
        title="Fredagspils",
        starts_at=timezone.now() + timedelta(days=2),
        url="https://blender.example.org/pils",
    )
    FeedEvent.objects.create(
        feed=feed, uid="2", title="I fjor", starts_at=timezone.now() - timedelta(days=300)
    )
    html = client.get("/events/").content.decode()
    assert "På hubbene" in html
    assert (
        '<a href="https://blender.example.org/pils" rel="noopener external">Fredagspils</a>' in html
    )
    assert "I fjor" not in html
    assert "Blender" in text(html)


def test_the_list_links_to_the_calendar_subscription(client):
    html = client.get("/events/").content.decode()
    assert '<a href="/events.ics">Abonner på kalenderen (iCal)</a>' in html
    assert '<link rel="alternate" type="text/calendar"' in html


def test_the_list_in_english(client):
    EventFactory(title_en="In English", member_price=Decimal(100), non_member_price=Decimal(200))
    words = page(client, "/en/events/")
    assert "from NOK 125.00 incl. VAT" in words
    assert "10 seats left" in words
    assert "In English" in words


def test_no_events_at_all_says_what_is_missing(client):
    assert "Ingen arrangementer er planlagt ennå." in page(client, "/events/")


# --- One event ------------------------------------------------------------------------------------


def test_an_event_page_gives_when_where_and_the_programme(client):
    hub = HubFactory(name="Fabrikken", slug="fabrikken", address="Busmoen 1", city="Lillehammer")
    start = in_days(20, 10)
    event = EventFactory(
        slug="konferansen",
        kind=Event.Kind.CONFERENCE,
        hub=hub,
        starts_at=start,
        ends_at=start + timedelta(days=1, hours=6),
    )
    ProgrammeItemFactory(
        event=event, starts_at=start, ends_at=start + timedelta(minutes=45),
        title_nb="Velkommen", speakers="Kari Nordmann", room="Storsalen",
    )  # fmt: skip
    ProgrammeItemFactory(
        event=event,
        starts_at=start + timedelta(days=1),
        title_nb="Dag to",
        speakers="",
        room="Sal 2",
    )
    html = client.get("/events/konferansen/").content.decode()
    words = text(html).replace("\xa0", " ")
    assert f"{start:%d.%m.%Y} kl. 10:00 – {start + timedelta(days=1):%d.%m.%Y} kl. 16:00" in words
    assert '<a href="/hubs/fabrikken/">Fabrikken</a><br>Busmoen 1' in html
    assert "Program" in words
    assert "10:00 – 10:45 Velkommen Kari Nordmann Storsalen" in words
    assert "Dag to Sal 2" in words
    assert '<a href="/events/konferansen.ics">Legg til i kalenderen din (.ics)</a>' in html


def test_a_webinar_says_online_and_never_shows_its_link(client):
    EventFactory(
        slug="webinar",
        kind=Event.Kind.WEBINAR,
        venue_name="",
        venue_address="",
        online_url="https://meet.example.org/hemmelig",
    )
    html = client.get("/events/webinar/").content.decode()
    assert "Digitalt: lenken sendes med billetten." in text(html)
    assert "hemmelig" not in html


def test_a_visitor_sees_both_prices_with_and_without_vat(client):
    EventFactory(slug="betalt", member_price=Decimal(1000), non_member_price=Decimal(1600))
    words = page(client, "/events/betalt/")
    assert (
        "Medlemspris 1 250,00 kr inkl. mva. 1 000,00 kr ekskl. 25 % mva. "
        "Pris for ikke-medlemmer 2 000,00 kr inkl. mva. 1 600,00 kr ekskl. 25 % mva."
    ) in words
    assert "din pris" not in words
    english = page(client, "/en/events/betalt/")
    assert "NOK 1,000.00 excl. 25% VAT" in english
    # The rate and its VAT never part at the end of a line.
    assert "25\xa0%&nbsp;mva." in client.get("/events/betalt/").content.decode()
    assert "25%&nbsp;VAT" in client.get("/en/events/betalt/").content.decode()


def test_a_contact_of_a_member_organisation_sees_the_member_price_as_theirs(client):
    event = EventFactory(slug="betalt", member_price=Decimal(1000), non_member_price=Decimal(1600))
    contact = OrganisationContactFactory()
    client.force_login(contact.user)
    html = client.get(event.get_absolute_url()).content.decode()
    assert re.search(
        r'<li class="event-prices__yours">\s*<span class="event-prices__label">Medlemspris', html
    )
    assert "Medlemmer betaler medlemspris når de melder seg på gjennom organisasjonen sin" in text(
        html
    )


def test_anyone_else_signed_in_sees_the_non_member_price_as_theirs(client):
    event = EventFactory(slug="betalt", member_price=Decimal(1000), non_member_price=Decimal(1600))
    applicant = OrganisationContactFactory(organisation__status=Organisation.Status.APPLICANT)
    client.force_login(applicant.user)
    html = client.get(event.get_absolute_url()).content.decode()
    assert re.search(
        r'<li class="event-prices__yours">\s*'
        r'<span class="event-prices__label">Pris for ikke-medlemmer',
        html,
    )


def test_one_price_for_all_is_shown_once(client):
    EventFactory(slug="lik", member_price=Decimal(200), non_member_price=Decimal(200), vat_rate=0)
    words = page(client, "/events/lik/")
    assert "Pris Pris 200,00 kr inkl. mva. 200,00 kr ekskl. 0 % mva." in words
    assert "Medlemspris" not in words


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"registration_opens_at": "future"}, "Påmeldingen åpner"),
        ({"registration_opens_at": "past", "registration_closes_at": "just past"},
         "Påmeldingen er stengt."),
        ({"cancel": True}, "Arrangementet er avlyst: det er ingen påmelding."),
        ({"capacity": 1, "fill": 1}, "Sett deg på ventelisten"),
        ({}, "Meld deg på"),
    ],
)  # fmt: skip
def test_the_page_gives_the_register_button_or_the_reason_there_is_none(client, fields, reason):
    now = timezone.now()
    moments = {
        "future": now + timedelta(days=2),
        "past": now - timedelta(days=5),
        "just past": now - timedelta(minutes=5),
    }
    values = {k: moments.get(v, v) for k, v in fields.items() if k not in ("cancel", "fill")}
    event = EventFactory(slug="arr", **values)
    if fields.get("fill"):
        register(event, fields["fill"])
    if fields.get("cancel"):
        event_cancel(event=event)
    words = page(client, "/events/arr/")
    assert reason in words
    has_button = '<a class="btn btn-primary btn-lg" href="/events/arr/register/">' in (
        client.get("/events/arr/").content.decode()
    )
    assert has_button == (reason in ("Meld deg på", "Sett deg på ventelisten"))


def test_registration_not_open_says_when_it_opens(client):
    opens = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    EventFactory(slug="snart", registration_opens_at=opens)
    assert f"Påmeldingen åpner {opens:%d.%m.%Y kl. %H:%M}." in page(client, "/events/snart/")


def test_an_event_that_is_over_says_so(client):
    start = in_days(-2)
    EventFactory(slug="over", starts_at=start, ends_at=start + timedelta(hours=2))
    words = page(client, "/events/over/")
    assert "Arrangementet er over." in words
    assert "ledige plasser" not in words


def test_an_unpublished_event_is_404_except_for_the_secretariat_and_its_proposer(
    client, secretariat_user
):
    proposer = UserFactory()
    EventFactory(slug="utkast", published=False, proposed_by=proposer)
    assert client.get("/events/utkast/").status_code == 404
    client.force_login(UserFactory())
    assert client.get("/events/utkast/").status_code == 404
    for person in (secretariat_user, proposer):
        client.force_login(person)
        words = page(client, "/events/utkast/")
        assert "Arrangementet er ikke publisert" in words
        assert "Påmeldingen åpner når sekretariatet publiserer arrangementet." in words


def test_a_registered_person_sees_their_seat_ticket_and_cancel_link(client):
    event = EventFactory(slug="arr")
    person = UserFactory(email="meg@example.org")
    registration_create(
        event=event, booked_by=person, attendees=[Attendee("Meg", "meg@example.org")]
    )
    registration = Registration.objects.get()
    client.force_login(person)
    html = client.get("/events/arr/").content.decode()
    assert "Bekreftet Du har plass." in text(html)
    assert f'href="{registration.get_ticket_url()}">Billetten din</a>' in html
    assert f'href="/me/events/registrations/{registration.pk}/cancel/"' in html


def test_a_waitlisted_person_sees_their_place_in_the_queue(client):
    event = EventFactory(slug="arr", capacity=1)
    register(event, 2)
    person = UserFactory(email="meg@example.org")
    registration_create(
        event=event, booked_by=person, attendees=[Attendee("Meg", "meg@example.org")]
    )
    client.force_login(person)
    words = page(client, "/events/arr/")
    assert "Du er nummer 2 på ventelisten." in words
    assert "Billetten din" not in words


def test_an_event_page_in_english(client):
    EventFactory(
        slug="arr", title_en="The seminar", member_price=Decimal(100), non_member_price=Decimal(100)
    )
    words = page(client, "/en/events/arr/")
    assert "The seminar" in words
    assert "NOK 125.00 incl. VAT" in words
    assert "Register" in words


# --- Registering -------------------------------------------------------------------------------


def test_registering_needs_an_account(client):
    EventFactory(slug="arr")
    response = client.get("/events/arr/register/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/events/arr/register/"


def test_the_form_is_filled_in_from_the_account(client):
    EventFactory(slug="arr")
    client.force_login(UserFactory(name="Kari Nordmann", email="kari@example.org"))
    html = client.get("/events/arr/register/").content.decode()
    assert 'value="Kari Nordmann"' in html
    assert 'value="kari@example.org"' in html
    assert 'name="postcode"' not in html  # a free event needs no invoice address


def test_a_person_registers_themselves_and_is_told_a_ticket_is_on_its_way(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(slug="arr", title_nb="Seminaret")
    person = UserFactory(email="kari@example.org")
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/events/arr/register/", {"for": "self", "name": "Kari", "email": "kari@example.org"}
        )
    assert response.status_code == 302
    assert response["Location"] == "/events/arr/"
    registration = Registration.objects.get()
    assert (registration.user, registration.status, registration.event) == (
        person,
        "confirmed",
        event,
    )
    words = page(client, "/events/arr/")
    assert (
        "Du er påmeldt Seminaret. En e-post med billetten er på vei til kari@example.org." in words
    )
    assert [message.to for message in mail.outbox] == [["kari@example.org"]]


def test_registering_when_full_puts_the_person_on_the_waiting_list_with_their_place(client):
    event = EventFactory(slug="arr", capacity=1)
    register(event, 2)
    client.force_login(UserFactory(email="kari@example.org"))
    html = client.get("/events/arr/register/").content.decode()
    assert "Sett deg på ventelisten" in text(html)
    client.post("/events/arr/register/", {"name": "Kari", "email": "kari@example.org"})
    assert Registration.objects.get(email="kari@example.org").position == 2
    assert "Arrangementet er fullt: du er nummer 2 på ventelisten." in page(client, "/events/arr/")


def test_a_paid_registration_asks_for_the_invoice_address_and_shows_errors_by_the_fields(client):
    EventFactory(slug="arr", member_price=Decimal(500), non_member_price=Decimal(800))
    client.force_login(UserFactory(email="kari@example.org"))
    response = client.post(
        "/events/arr/register/",
        {
            "name": "Kari",
            "email": "kari@example.org",
            "address": "",
            "postcode": "12a",
            "city": "Oslo",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_postcode">Postnummer: Et postnummer har fire sifre.</a>' in html
    assert 'href="#id_address">Adresse: ' in html
    assert re.search(r'id="id_postcode"[^>]*aria-invalid="true"', html) or "is-invalid" in html
    assert not Registration.objects.exists()
    assert not RegistrationOrder.objects.exists()


def test_a_paid_registration_keeps_the_invoice_address_on_the_order(client):
    EventFactory(slug="arr", member_price=Decimal(500), non_member_price=Decimal(800))
    client.force_login(UserFactory(email="kari@example.org"))
    response = client.post(
        "/events/arr/register/",
        {
            "name": "Kari",
            "email": "kari@example.org",
            "address": "Gata 1",
            "postcode": "0150",
            "city": "Oslo",
        },
    )
    assert response.status_code == 302
    order = RegistrationOrder.objects.get()
    assert (order.buyer_address, order.buyer_postcode, order.buyer_city) == (
        "Gata 1",
        "0150",
        "Oslo",
    )
    registration = order.registrations.get()
    assert registration.price == Decimal(800)
    assert registration.invoice_line is not None


def test_an_address_already_registered_is_refused_next_to_the_email_field(client):
    event = EventFactory(slug="arr")
    registration_create(
        event=event, booked_by=UserFactory(), attendees=[Attendee("K", "kari@example.org")]
    )
    client.force_login(UserFactory(email="kari@example.org"))
    response = client.post("/events/arr/register/", {"name": "Kari", "email": "kari@example.org"})
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        'href="#id_email">E-post: Allerede påmeldt til dette arrangementet: kari@example.org.'
        in html
    )
    assert Registration.objects.count() == 1


def test_registration_outside_the_window_sends_back_to_the_page_with_the_reason(client):
    EventFactory(slug="arr", registration_opens_at=timezone.now() + timedelta(days=1))
    client.force_login(UserFactory())
    response = client.post(
        "/events/arr/register/", {"name": "K", "email": "k@example.org"}, follow=True
    )
    assert response.redirect_chain == [("/events/arr/", 302)]
    assert not Registration.objects.exists()


def colleagues(*rows, organisation=None, total=None) -> dict:
    data = {
        "for": "organisation",
        "attendees-TOTAL_FORMS": str(total or len(rows)),
        "attendees-INITIAL_FORMS": "0",
        "attendees-MIN_NUM_FORMS": "0",
        "attendees-MAX_NUM_FORMS": "20",
    }
    if organisation is not None:
        data["organisation"] = str(organisation.pk)
    for number, (name, email) in enumerate(rows):
        data[f"attendees-{number}-name"] = name
        data[f"attendees-{number}-email"] = email
    return data


def test_a_contact_sees_the_colleagues_form_others_only_their_own(client):
    EventFactory(slug="arr")
    client.force_login(UserFactory())
    words = page(client, "/events/arr/register/?for=organisation")
    assert "Kolleger, for organisasjonen min" not in words
    assert "Deltaker" in words
    contact = OrganisationContactFactory(organisation__legal_name="Huset AS")
    client.force_login(contact.user)
    html = client.get("/events/arr/register/?for=organisation").content.decode()
    assert "Påmeldt og fakturert til <strong>Huset AS</strong>." in html
    assert f'<input type="hidden" name="organisation" value="{contact.organisation.pk}"' in html
    assert re.findall(r'name="attendees-(\d+)-email"', html) == ["0", "1", "2"]


def test_a_contact_registers_colleagues_and_the_member_organisation_pays_the_member_price(
    client, django_capture_on_commit_callbacks
):
    EventFactory(slug="arr", member_price=Decimal(500), non_member_price=Decimal(900), capacity=1)
    contact = OrganisationContactFactory()
    client.force_login(contact.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/events/arr/register/",
            colleagues(("Ola", "ola@example.org"), ("", ""), ("Per", "per@example.org"), total=3),
        )
    assert response.status_code == 302
    assert response["Location"] == "/me/events/"
    rows = list(
        Registration.objects.order_by("pk").values_list("name", "status", "position", "price")
    )
    assert rows == [
        ("Ola", "confirmed", None, Decimal(500)),
        ("Per", "waitlisted", 1, Decimal(500)),
    ]
    order = RegistrationOrder.objects.get()
    assert (order.organisation, order.member_price, order.booked_by) == (
        contact.organisation, True, contact.user
    )  # fmt: skip
    words = page(client, "/me/events/")
    assert "1 person har plass på" in words
    assert "1 står på ventelisten (nummer 1)." in words
    # Each attendee's ticket or place in the queue, and the organisation's invoice for the seat.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["ola@example.org", "per@example.org", contact.organisation.invoice_email]
    )


def test_rows_with_the_same_address_twice_are_refused_by_the_row(client):
    EventFactory(slug="arr")
    contact = OrganisationContactFactory()
    client.force_login(contact.user)
    response = client.post(
        "/events/arr/register/",
        colleagues(("Ola", "ola@example.org"), ("Ola 2", "OLA@example.org")),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        'href="#id_attendees-1-email">Person 2, E-post: Denne e-postadressen er oppgitt to ganger.'
        in html
    )
    assert not Registration.objects.exists()


def test_a_colleague_already_registered_is_refused_by_their_row_and_nothing_is_saved(client):
    event = EventFactory(slug="arr")
    registration_create(
        event=event, booked_by=UserFactory(), attendees=[Attendee("P", "per@example.org")]
    )
    contact = OrganisationContactFactory()
    client.force_login(contact.user)
    response = client.post(
        "/events/arr/register/", colleagues(("Ola", "ola@example.org"), ("Per", "per@example.org"))
    )
    assert response.status_code == 400
    assert re.search(
        r'href="#id_attendees-1-email">Person 2, E-post: [^<]*per@example.org',
        response.content.decode(),
    )
    assert Registration.objects.count() == 1


def test_no_rows_filled_in_is_refused(client):
    EventFactory(slug="arr")
    client.force_login(OrganisationContactFactory().user)
    response = client.post("/events/arr/register/", colleagues(("", ""), ("", "")))
    assert response.status_code == 400
    assert "Legg til minst én person å melde på." in text(response.content.decode())


def test_more_rows_keeps_what_was_typed_and_adds_three_empty_rows(client):
    EventFactory(slug="arr")
    client.force_login(OrganisationContactFactory().user)
    data = colleagues(("Ola", "ola@example.org"), ("", ""), ("Per", ""), total=3)
    response = client.post("/events/arr/register/", {**data, "more": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r'name="attendees-(\d+)-name"', html) == ["0", "1", "2", "3", "4"]
    assert 'name="attendees-0-email" value="ola@example.org"' in html
    assert 'name="attendees-1-name" value="Per"' in html
    assert "Noe må rettes" not in text(html)
    assert not Registration.objects.exists()


def test_a_stranger_cannot_book_for_an_organisation_they_are_not_a_contact_of(client):
    EventFactory(slug="arr")
    mine, other = OrganisationContactFactory(), OrganisationContactFactory()
    client.force_login(mine.user)
    response = client.post(
        "/events/arr/register/",
        colleagues(("Ola", "ola@example.org"), organisation=other.organisation),
    )
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_the_registration_form_in_english(client):
    EventFactory(slug="arr", member_price=Decimal(100), non_member_price=Decimal(100))
    client.force_login(OrganisationContactFactory().user)
    words = page(client, "/en/events/arr/register/")
    assert "Where the invoice goes" in words
    assert "Colleagues, for my organisation" in words


# --- Cancelling by the e-mail's link -------------------------------------------------------------


def test_the_cancel_code_names_its_registration_and_a_tampered_one_nothing():
    event = EventFactory()
    register(event, 1)
    registration = Registration.objects.get()
    code = cancel_code(registration)
    assert code == signing.Signer(salt="events.cancel").sign(registration.ticket_code)
    assert registration_from_cancel_code(code) == registration
    assert registration_from_cancel_code(code[:-1] + ("A" if code[-1] != "A" else "B")) is None
    assert registration_from_cancel_code(registration.signed_code) is None  # the ticket's code


def test_cancelling_by_link_asks_first_then_cancels_and_promotes(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(slug="arr", capacity=1, title_nb="Seminaret")
    register(event, 2)
    first = Registration.objects.get(email="p0@example.org")
    url = f"/events/cancel/{cancel_code(first)}/"
    words = page(client, url)
    assert "Avbestille påmeldingen til Person 0?" in words
    assert "Plassen går til den første på ventelisten" in words
    assert Registration.objects.get(pk=first.pk).status == "confirmed"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response["Location"] == "/events/arr/"
    assert list(Registration.objects.order_by("email").values_list("status", flat=True)) == [
        "cancelled",
        "confirmed",
    ]
    assert "Påmeldingen til Person 0 til Seminaret er avbestilt." in page(client, "/events/arr/")
    assert "allerede avbestilt" in page(client, url)


def test_a_tampered_cancel_link_is_404(client):
    event = EventFactory()
    register(event, 1)
    code = cancel_code(Registration.objects.get())
    assert client.get(f"/events/cancel/{code}x/").status_code == 404
    assert client.post(f"/events/cancel/x{code}/").status_code == 404
    assert Registration.objects.get().status == "confirmed"


# --- The home page and a hub's profile ----------------------------------------------------------


def test_the_home_page_shows_the_next_three_events(client):
    for day in (4, 2, 8, 6):
        EventFactory(title_nb=f"Om {day} dager", starts_at=in_days(day))
    html = client.get("/").content.decode()
    section = html.split('id="home-events-heading"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'<a href="/events/[^"]+/">([^<]+)</a>', section) == [
        "Om 2 dager",
        "Om 4 dager",
        "Om 6 dager",
    ]
    assert "Demohuset" not in section
    assert "Fabrikken" in section  # the factory's venue
    assert '<a href="/events/">Alle arrangementer</a>' in section


def test_the_home_page_leaves_the_events_out_when_there_are_none(client):
    assert "home-events-heading" not in client.get("/").content.decode()


def test_a_hubs_profile_lists_its_upcoming_events(client):
    hub = HubFactory(slug="huset", name="Huset")
    EventFactory(title_nb="På huset", slug="pa-huset", hub=hub)
    EventFactory(title_nb="Et annet sted")
    html = client.get("/hubs/huset/").content.decode()
    assert "Arrangementer på Huset" in text(html)
    assert '<a href="/events/pa-huset/">På huset</a>' in html
    assert "Et annet sted" not in html
    english = client.get("/en/hubs/huset/").content.decode()
    assert "Events at Huset" in text(english)


def test_a_hub_without_events_has_no_events_section(client):
    HubFactory(slug="huset")
    assert "hub-events-heading" not in client.get("/hubs/huset/").content.decode()


# --- The page cache: never stale about seats, and up to date with the clock ----------------------


def test_visitors_get_the_stored_page_until_something_changes(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_ENABLED = True
    EventFactory(slug="arr")
    for path in ("/events/", "/events/arr/", "/"):
        first = client.get(path).content
        with django_assert_num_queries(0):
            assert client.get(path).content == first


@pytest.mark.parametrize("path", ["/events/", "/events/arr/", "/", "/hubs/huset/"])
def test_seats_left_are_never_stale_after_a_registration(
    client, settings, path, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    hub = HubFactory(slug="huset")
    event = EventFactory(slug="arr", capacity=10, hub=hub, title_nb="Seminaret")
    if path in ("/", "/hubs/huset/"):
        assert "Seminaret" in page(client, path)
        with django_capture_on_commit_callbacks(execute=True):
            event_cancel(event=event)
        assert "Seminaret" not in page(client, path)
        return
    assert "10 ledige plasser" in page(client, path)
    with django_capture_on_commit_callbacks(execute=True):
        register(event, 1)
    assert "9 ledige plasser" in page(client, path)
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=Registration.objects.get())
    assert "10 ledige plasser" in page(client, path)


def test_a_registration_through_the_form_shows_at_once_to_visitors(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    EventFactory(slug="arr", capacity=5)
    visitor = type(client)()
    assert "5 ledige plasser av 5" in page(visitor, "/events/arr/")
    client.force_login(UserFactory(email="kari@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/events/arr/register/", {"name": "Kari", "email": "kari@example.org"})
    assert "4 ledige plasser av 5" in page(visitor, "/events/arr/")


def test_registration_opening_shows_without_any_write(client, settings):
    """The stored page is kept for its minute only: the clock moves on, the page follows."""
    settings.PAGE_CACHE_ENABLED = True
    now = timezone.now().replace(second=0, microsecond=0)
    EventFactory(slug="arr", registration_opens_at=now + timedelta(seconds=30))
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(seconds=5)):
        assert "Påmeldingen åpner" in page(client, "/events/arr/")
        assert "Påmeldingen åpner" in page(client, "/events/arr/")
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(seconds=65)):
        words = page(client, "/events/arr/")
    assert "Påmeldingen åpner" not in words
    assert "Meld deg på" in words


def test_an_event_that_ends_leaves_the_list_without_any_write(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    now = timezone.now().replace(second=0, microsecond=0)
    EventFactory(
        title_nb="Straks over",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(seconds=30),
    )
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(seconds=5)):
        assert card_titles(client, "/events/") == ["Straks over"]
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(seconds=65)):
        assert card_titles(client, "/events/") == []
        assert card_titles(client, "/events/past/") == ["Straks over"]


def test_the_secretariat_finds_the_check_in_list_from_the_event_page(client, secretariat_user):
    event = EventFactory(slug="dora")
    assert "/events/dora/check-in/" not in client.get("/events/dora/").content.decode()
    client.force_login(UserFactory())
    assert "/events/dora/check-in/" not in client.get("/events/dora/").content.decode()
    client.force_login(secretariat_user)
    page = client.get(event.get_absolute_url()).content.decode()
    assert '<a href="/events/dora/check-in/">Innsjekkingsliste</a>' in page
