"""The events' part of Min side: a person's registrations and their organisation's, cancelling
one (credited before the deadline, not after), and a hub manager's proposal of an event."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import Invoice
from events.models import Event, Registration
from events.services import Attendee, registration_create
from tests.factories import (
    EventFactory,
    HubFactory,
    HubManagerFactory,
    OrganisationContactFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BUYER = {"address": "Gata 1", "postcode": "0150", "city": "Oslo"}


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ").split())


def register_self(event, person, **kwargs) -> Registration:
    order = registration_create(
        event=event,
        booked_by=person,
        attendees=[Attendee(person.name, person.email)],
        **kwargs,
    )
    return order.registrations.get()


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="h5 card-title"><a href="/events/[^"]+/">([^<]+)</a>', html)


@pytest.fixture
def person(client):
    person = UserFactory(name="Kari Nordmann", email="kari@example.org")
    client.force_login(person)
    return person


# --- me:events ----------------------------------------------------------------------------------


def test_my_events_lists_upcoming_soonest_first_then_past_latest_first(client, person):
    now = timezone.now()
    soon = EventFactory(title_nb="Snart", starts_at=now + timedelta(days=3))
    later = EventFactory(title_nb="Senere", starts_at=now + timedelta(days=30))
    for event in (later, soon):
        register_self(event, person)
    for days, title in ((-60, "Lenge siden"), (-10, "Nylig")):
        past = EventFactory(title_nb=title)
        register_self(past, person)
        Event.objects.filter(pk=past.pk).update(
            starts_at=now + timedelta(days=days), ends_at=now + timedelta(days=days, hours=2)
        )
    html = client.get("/me/events/").content.decode()
    assert titles(html) == ["Snart", "Senere", "Nylig", "Lenge siden"]


def test_my_events_show_status_place_in_queue_ticket_and_cancel(client, person):
    seat = EventFactory(title_nb="Med plass")
    full = EventFactory(title_nb="Fullt", capacity=1)
    registration_create(event=full, booked_by=UserFactory(), attendees=[Attendee("A", "a@x.org")])
    confirmed = register_self(seat, person)
    waiting = register_self(full, person)
    html = client.get("/me/events/").content.decode()
    words = text(html)
    assert "Med plass" in words
    assert "Bekreftet" in words
    assert "Venteliste nummer 1" in words
    assert f'<a href="{confirmed.get_ticket_url()}">Billett</a>' in html
    assert waiting.get_ticket_url() not in html
    for registration in (confirmed, waiting):
        assert f'href="/me/events/registrations/{registration.pk}/cancel/"' in html


def test_a_paid_registration_links_to_its_invoice(client, person):
    event = EventFactory(member_price=Decimal(500), non_member_price=Decimal(800))
    registration = register_self(event, person, buyer=BUYER)
    invoice = Invoice.objects.get()
    assert registration.invoice_line.invoice == invoice
    html = client.get("/me/events/").content.decode()
    assert f'<a href="/me/organisation/invoices/{invoice.pk}.pdf">Faktura (PDF)</a>' in html
    assert client.get(f"/me/organisation/invoices/{invoice.pk}.pdf").status_code == 200


def test_a_cancelled_registration_is_shown_without_links(client, person):
    event = EventFactory(title_nb="Avbestilt")
    registration = register_self(event, person)
    client.post(f"/me/events/registrations/{registration.pk}/cancel/")
    html = client.get("/me/events/").content.decode()
    assert "registration-item--cancelled" in html
    assert "/cancel/" not in html
    assert registration.get_ticket_url() not in html


def test_a_contact_sees_what_their_organisation_booked_with_its_invoice(client):
    contact = OrganisationContactFactory(organisation__legal_name="Huset AS")
    event = EventFactory(title_nb="Seminaret", member_price=Decimal(500), capacity=1)
    registration_create(
        event=event,
        booked_by=contact.user,
        attendees=[Attendee("Ola", "ola@example.org"), Attendee("Per", "per@example.org")],
        organisation=contact.organisation,
    )
    other_contact = OrganisationContactFactory(organisation=contact.organisation)
    client.force_login(other_contact.user)
    html = client.get("/me/events/").content.decode()
    words = text(html)
    assert "Påmeldt av organisasjonen din" in words
    assert "Ola ola@example.org Bekreftet" in words
    assert "Per per@example.org Venteliste nummer 1" in words
    invoice = Invoice.objects.get()
    assert f'<a href="/me/organisation/invoices/{invoice.pk}.pdf">Faktura (PDF)</a>' in html


def test_someone_with_nothing_booked_is_shown_where_to_find_events(client, person):
    words = text(client.get("/me/events/").content.decode())
    assert "Du er ikke påmeldt noe arrangement ennå." in words
    assert "Påmeldt av organisasjonen din" not in words


def test_my_events_in_english(client, person):
    register_self(EventFactory(title_en="The seminar"), person)
    words = text(client.get("/en/me/events/").content.decode())
    assert "Your registrations" in words
    assert "The seminar" in words
    assert "Confirmed" in words


def test_min_side_links_to_my_events_and_a_manager_to_proposing_an_event(client):
    manager = HubManagerFactory(hub__slug="huset")
    client.force_login(manager.user)
    html = client.get("/me/").content.decode()
    assert '<a class="btn btn-outline-primary" href="/me/events/">Dine arrangementer</a>' in html
    assert 'href="/me/hubs/huset/events/propose/">Foreslå et arrangement</a>' in html
    edit = client.get("/me/hubs/huset/edit/").content.decode()
    assert 'href="/me/hubs/huset/events/propose/">Foreslå et arrangement</a>' in edit
    assert 'href="/me/hubs/huset/calendar/">Kalender</a>' in edit
    calendar = client.get("/me/hubs/huset/calendar/").content.decode()
    assert 'href="/me/hubs/huset/calendar/" aria-current="page">Kalender</a>' in calendar


# --- me:registration_cancel ----------------------------------------------------------------------


def test_cancelling_asks_first_and_says_the_seat_is_credited_before_the_deadline(client, person):
    deadline = timezone.now() + timedelta(days=5)
    event = EventFactory(
        member_price=Decimal(500), non_member_price=Decimal(800), refund_deadline=deadline
    )
    registration = register_self(event, person, buyer=BUYER)
    url = f"/me/events/registrations/{registration.pk}/cancel/"
    html = client.get(url).content.decode()
    shown = timezone.localtime(deadline).strftime("%d.%m.%Y kl. %H:%M")
    assert "Avbestille påmeldingen til Kari Nordmann?" in text(html)
    assert f"Plassen krediteres på fakturaen: gratis avbestilling varer til {shown}." in text(html)
    assert '<button type="submit" class="btn btn-danger actions__danger">' in html
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"
    response = client.post(url)
    assert response["Location"] == "/me/events/"
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert registration.invoice_line.credited_by.exists()


def test_after_the_deadline_the_page_says_the_seat_is_not_credited(client, person):
    event = EventFactory(member_price=Decimal(500), non_member_price=Decimal(800))
    registration = register_self(event, person, buyer=BUYER)
    Event.objects.filter(pk=event.pk).update(refund_deadline=timezone.now() - timedelta(days=1))
    url = f"/me/events/registrations/{registration.pk}/cancel/"
    words = text(client.get(url).content.decode())
    assert "plassen krediteres ikke, og fakturaen står ved lag." in words
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert not registration.invoice_line.credited_by.exists()


def test_leaving_the_waiting_list_names_the_place(client, person):
    event = EventFactory(capacity=1)
    registration_create(event=event, booked_by=UserFactory(), attendees=[Attendee("A", "a@x.org")])
    registration = register_self(event, person)
    words = text(client.get(f"/me/events/registrations/{registration.pk}/cancel/").content.decode())
    assert "Du går ut av ventelisten, der du er nummer 1." in words


def test_cancelling_again_is_refused_with_a_message(client, person):
    registration = register_self(EventFactory(), person)
    url = f"/me/events/registrations/{registration.pk}/cancel/"
    client.post(url)
    response = client.post(url, follow=True)
    assert "Påmeldingen er allerede avbestilt." in text(response.content.decode())


def test_someone_elses_registration_is_404(client, person):
    registration = register_self(EventFactory(), UserFactory())
    url = f"/me/events/registrations/{registration.pk}/cancel/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Registration.objects.get().status == "confirmed"


def test_the_cancel_page_in_english(client, person):
    registration = register_self(EventFactory(), person)
    words = text(
        client.get(f"/en/me/events/registrations/{registration.pk}/cancel/").content.decode()
    )
    assert "Cancel the registration of Kari Nordmann?" in words


# --- me:event_propose -----------------------------------------------------------------------------


def proposal(**changes) -> dict:
    start = timezone.localtime() + timedelta(days=40)
    return {
        "title_nb": "Frokostmøte på huset",
        "title_en": "",
        "kind": "meetup",
        "starts_at": f"{start:%Y-%m-%d}T08:00",
        "ends_at": f"{start:%Y-%m-%d}T10:00",
        "description_nb": "Kaffe og prat.",
        "description_en": "",
        "capacity": "30",
        "member_price": "0",
        "non_member_price": "0",
        **changes,
    }


@pytest.fixture
def manager(client):
    manager = HubManagerFactory(hub__slug="huset", hub__name="Huset")
    client.force_login(manager.user)
    return manager


def test_a_manager_proposes_an_event_for_the_secretariat_to_publish(client, manager):
    html = client.get("/me/hubs/huset/events/propose/").content.decode()
    assert "Foreslå et arrangement på Huset" in text(html)
    response = client.post("/me/hubs/huset/events/propose/", proposal(), follow=True)
    assert response.redirect_chain == [("/me/hubs/huset/edit/", 302)]
    assert "Arrangementet ditt er sendt til sekretariatet" in text(response.content.decode())
    event = Event.objects.get()
    start = timezone.localtime(event.starts_at)
    assert (event.title_nb, event.hub, event.proposed_by, event.published) == (
        "Frokostmøte på huset",
        manager.hub,
        manager.user,
        False,
    )
    assert (start.hour, event.kind, event.capacity) == (8, "meetup", 30)
    assert event.slug == f"frokostmote-pa-huset-{start:%Y-%m}"
    # The proposer sees it, marked unpublished; a visitor does not.
    assert "Arrangementet er ikke publisert" in text(
        client.get(event.get_absolute_url()).content.decode()
    )
    client.logout()
    assert client.get(event.get_absolute_url()).status_code == 404


def test_a_second_proposal_with_the_same_title_gets_its_own_address(client, manager):
    client.post("/me/hubs/huset/events/propose/", proposal())
    client.post("/me/hubs/huset/events/propose/", proposal())
    slugs = sorted(Event.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 2
    assert slugs[1].endswith("-2")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": ""}, "ends_at", "Feltet er påkrevet."),
        ({"title_nb": ""}, "title_nb", "Feltet er påkrevet."),
        ({"starts_at": "2020-01-01T10:00", "ends_at": "2020-01-01T12:00"}, "starts_at",
         "Arrangementet må starte fram i tid."),
        ({"capacity": "0"}, "capacity", ""),
    ],
)  # fmt: skip
def test_a_refused_proposal_shows_errors_by_the_fields_and_saves_nothing(
    client, manager, changes, field, message
):
    response = client.post("/me/hubs/huset/events/propose/", proposal(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<a href="#id_{field}">' in html
    assert message in text(html)
    assert not Event.objects.exists()


def test_an_event_ending_before_it_starts_is_refused_by_the_end(client, manager):
    data = proposal()
    data["ends_at"] = data["starts_at"].replace("T08:00", "T07:00")
    response = client.post("/me/hubs/huset/events/propose/", data)
    assert "Arrangementet må slutte etter at det starter." in text(response.content.decode())
    assert '<a href="#id_ends_at">' in response.content.decode()
    assert not Event.objects.exists()


def test_only_the_hubs_managers_and_the_secretariat_may_propose(client, secretariat_user):
    HubFactory(slug="huset")
    HubManagerFactory(hub__slug="annen")
    for person, status in ((UserFactory(), 404), (secretariat_user, 200)):
        client.force_login(person)
        assert client.get("/me/hubs/huset/events/propose/").status_code == status
    other_manager = HubManagerFactory().user
    client.force_login(other_manager)
    assert client.post("/me/hubs/huset/events/propose/", proposal()).status_code == 404
    assert not Event.objects.exists()


def test_the_proposal_form_in_english(client, manager):
    words = text(client.get("/en/me/hubs/huset/events/propose/").content.decode())
    assert "Propose an event at Huset" in words
    assert "Title (Norwegian)" in words
