"""Events in a real browser: register, get a seat, cancel, and the first on the waiting list gets
it; an organisation contact registers two colleagues and downloads the invoice; the door's check-in
list on a phone; axe finds nothing on any events page, in both languages, wide and narrow."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from events.models import Event, Registration
from events.selectors import cancel_code
from events.services import Attendee, registration_create
from hubs.models import Hub
from members.models import Organisation, OrganisationContact
from members.services import user_create_verified, user_make_secretariat
from tests.browser.conftest import PASSWORD, sign_in
from tests.browser.test_accessibility import axe_all
from tests.factories import EventFactory, ProgrammeItemFactory, verified_user

pytestmark = pytest.mark.browser


def person(email: str, name: str):
    user, _created = user_create_verified(email=email, name=name, password=PASSWORD)
    return user


def member_organisation() -> Organisation:
    return Organisation.objects.create(
        legal_name="Fabrikken Drift AS",
        organisation_number="923609016",
        address="Fabrikkgata 1",
        postcode="2317",
        city="Hamar",
        invoice_email="faktura@fabrikken.example.org",
        status="member",
        member_since="2024-01-01",
    )


def test_a_seat_freed_by_a_cancellation_goes_to_the_first_on_the_waiting_list(
    page: Page, context, seeded
):
    event = EventFactory(title="Driftsseminaret", slug="driftsseminaret", capacity=1)
    person("anne@example.org", "Anne Andersen")
    person("bjorn@example.org", "Bjørn Berg")

    sign_in(page, "anne@example.org")
    page.goto(f"/events/{event.slug}/")
    page.get_by_role("link", name="Meld deg på").first.click()
    page.get_by_role("button", name="Meld deg på").click()
    expect(page.get_by_role("status")).to_contain_text("Du er påmeldt Driftsseminaret")

    second = context.browser.new_context(base_url=page.url.split("/events/")[0])
    bjorn = second.new_page()
    sign_in(bjorn, "bjorn@example.org")
    bjorn.goto(f"/events/{event.slug}/register/")
    bjorn.get_by_role("button", name="Sett deg på ventelisten").click()
    expect(bjorn.get_by_role("status")).to_contain_text("nummer 1 på ventelisten")

    page.goto("/me/events/")
    page.get_by_role("link", name="Avbestill …").click()
    page.get_by_role("button", name="Avbestill påmeldingen").click()
    expect(page.get_by_role("status")).to_contain_text("avbestilt")

    bjorn.goto("/me/events/")
    expect(bjorn.locator(".registration-item").first).to_contain_text("Bekreftet")
    second.close()
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"anne@example.org": "cancelled", "bjorn@example.org": "confirmed"}
    promoted = [m for m in mail.outbox if m.to == ["bjorn@example.org"]]
    assert any("billett" in m.body.lower() for m in promoted[1:])


def test_an_organisation_contact_registers_two_colleagues_and_downloads_the_invoice(
    page: Page, seeded
):
    event = EventFactory(
        title="Driftsseminaret",
        slug="driftsseminaret",
        member_price=Decimal("1000.00"),
        non_member_price=Decimal("1500.00"),
    )
    contact = person("kari@example.org", "Kari Kontakt")
    organisation = member_organisation()
    OrganisationContact.objects.create(user=contact, organisation=organisation, role="admin")

    sign_in(page, "kari@example.org")
    page.goto(f"/events/{event.slug}/register/?for=organisation")
    page.locator("input[name=attendees-0-name]").fill("Anne Andersen")
    page.locator("input[name=attendees-0-email]").fill("anne@example.org")
    page.locator("input[name=attendees-1-name]").fill("Bjørn Berg")
    page.locator("input[name=attendees-1-email]").fill("bjorn@example.org")
    page.get_by_role("button", name="Meld dem på").click()
    expect(page.get_by_role("status")).to_contain_text("2 personer har plass")

    with page.expect_download() as download:
        page.get_by_role("link", name="Faktura (PDF)").first.click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(pdf_page.extract_text() for pdf_page in pdf.pages)

    assert "Fabrikken Drift AS" in text
    assert "Anne Andersen" in text
    assert "Bjørn Berg" in text
    assert "Å betale 2\xa0500,00\xa0kr" in text
    assert sorted(Registration.objects.values_list("status", flat=True)) == ["confirmed"] * 2


@pytest.mark.parametrize("viewport_width", [375])
def test_the_door_checks_people_in_on_a_phone(page: Page, seeded, viewport_width):
    event = EventFactory(title="Konferansen", slug="konferansen", capacity=50)
    registration_create(
        event=event,
        booked_by=verified_user("booker@example.org"),
        attendees=[
            Attendee("Anne Andersen", "anne@example.org"),
            Attendee("Bjørn Berg", "b@e.org"),
        ],
    )
    user_make_secretariat(user=person("siv@example.org", "Siv Sekretær"))

    sign_in(page, "siv@example.org")
    page.goto(f"/events/{event.slug}/check-in/")
    expect(page.locator(".door__count")).to_contain_text("0 av 2")
    page.get_by_label("Søk etter navn").fill("Bjørn")
    page.get_by_role("button", name="Søk").click()
    page.get_by_role("button", name="Sjekk inn Bjørn Berg").click()

    expect(page.locator(".door__count")).to_contain_text("1 av 2")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport_width
    checked = Registration.objects.filter(checked_in_at__isnull=False)
    assert list(checked.values_list("name", flat=True)) == ["Bjørn Berg"]


@pytest.fixture
def events_world(seeded) -> dict[str, str]:
    """Every kind of events page, with something in each section, and a secretariat who is also
    an organisation's contact, registered for the conference."""
    now = timezone.now()
    fabrikken = Hub.objects.get(slug="fabrikken")
    conference = EventFactory(
        title="Nasjonal konferanse",
        title_en="National conference",
        slug="konferansen",
        kind=Event.Kind.CONFERENCE,
        hub=fabrikken,
        capacity=100,
        member_price=Decimal("1200.00"),
        non_member_price=Decimal("2400.00"),
    )
    ProgrammeItemFactory(event=conference, title="Velkommen", title_en="Welcome")
    full = EventFactory(title="Fullt seminar", slug="fullt", capacity=1)
    EventFactory(
        title="Forrige år",
        slug="forrige",
        starts_at=now - timedelta(days=40),
        ends_at=now - timedelta(days=40) + timedelta(hours=3),
    )
    secretariat = person("siv@example.org", "Siv Sekretær")
    user_make_secretariat(user=secretariat)
    organisation = member_organisation()
    OrganisationContact.objects.create(user=secretariat, organisation=organisation, role="admin")
    order = registration_create(
        event=conference,
        booked_by=secretariat,
        organisation=organisation,
        attendees=[Attendee("Siv Sekretær", "siv@example.org")],
    )
    registration_create(
        event=full,
        booked_by=verified_user("first@example.org"),
        attendees=[Attendee("Først", "first@example.org"), Attendee("Nummer to", "n2@example.org")],
    )
    registration = order.registrations.get()
    return {
        "conference": conference.get_absolute_url(),
        "code": registration.signed_code,
        "cancel": reverse("events:cancel_by_link", kwargs={"code": cancel_code(registration)}),
        "registration": str(registration.pk),
    }


PUBLIC = [
    "/events/",
    "/events/?kind=conference",
    "/events/past/",
    "/events/konferansen/",
    "/events/fullt/",
    "/tickets/{code}/",
    "{cancel}",
]
SIGNED_IN = [
    "/events/fullt/",
    "/events/konferansen/register/",
    "/events/konferansen/register/?for=organisation",
    "/me/events/",
    "/me/events/registrations/{registration}/cancel/",
    "/tickets/{code}/",
    "/events/konferansen/check-in/",
    "/me/hubs/fabrikken/events/propose/",
    "/me/hubs/fabrikken/calendar/",
]


@pytest.mark.parametrize("viewport_width", [1280, 320])
@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_events_page_has_no_axe_violations(
    page: Page, events_world, language, viewport_width
):
    found = axe_all(page, PUBLIC, events_world, language)
    sign_in(page, "siv@example.org")
    found += axe_all(page, SIGNED_IN, events_world, language)

    assert not found, f"axe at {viewport_width}px:\n" + "\n".join(found)
