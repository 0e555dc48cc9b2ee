"""Every URL under /me/, every role, GET and POST: who gets in, who gets 404, what changes.

A new URL pattern under /me/ without a row here fails test_every_me_url_has_a_row.
"""

import io
from datetime import timedelta
from decimal import Decimal
from hashlib import sha256

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from billing.services import invoice_draft_create, invoice_issue
from events.models import Event, HubFeed, Registration
from events.services import Attendee, registration_create
from hubs.models import Hub, HubManager, HubPhoto
from members.models import Invitation, MembershipApplication, Organisation, OrganisationContact
from members.services import invitation_send, user_make_secretariat
from tests.factories import (
    EventFactory,
    HubFactory,
    HubManagerFactory,
    HubPhotoFactory,
    UserFactory,
)
from tests.network.test_library_network_permission_matrix import MATRIX as LIBRARY_NETWORK_MATRIX
from tests.visits.test_visits_permission_matrix import MATRIX as VISITS_MATRIX

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "account_holder",
    "manager_of_this_hub",
    "manager_of_another_hub",
    "organisation_contact",
    "secretariat",
]
ALLOWED = {"manager_of_this_hub", "secretariat"}


def jpeg_upload(name="photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "teal").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def world():
    hub = HubFactory(slug="this-hub", name="Denne huben", tagline_nb="Før")
    other = HubFactory(slug="other-hub")
    photo = HubPhotoFactory(hub=hub, alt_text="Før")
    people = {
        "account_holder": UserFactory(),
        "manager_of_this_hub": HubManagerFactory(hub=hub).user,
        "manager_of_another_hub": HubManagerFactory(hub=other).user,
        # Until memberships arrive, an organisation contact holds no right to any hub.
        "organisation_contact": UserFactory(),
        "secretariat": UserFactory(),
    }
    user_make_secretariat(user=people["secretariat"])
    # The account holder has applied for membership; only they may withdraw the application.
    application = MembershipApplication.objects.create(
        applicant=people["account_holder"],
        organisation_name="Søker AS",
        organisation_number="974760673",
        address="Gata 1",
        postcode="0150",
        city="Oslo",
        invoice_email="faktura@example.org",
        hub_name="Søkerhuben",
        hub_city="Oslo",
        hub_county="oslo",
        hub_capacity=10,
        hub_description="-",
        physical_place="-",
        community="-",
        facilitation="-",
        motivation="-",
    )
    organisation = Organisation.objects.create(
        legal_name="Huben AS",
        organisation_number="923609016",
        invoice_email="faktura@huben.example.org",
        status="member",
        member_since="2024-01-01",
    )
    # The hub has a logo, so that removing it (asked first) changes something.
    Hub.objects.filter(pk=hub.pk).update(organisation=organisation, logo="logos/world.png")
    OrganisationContact.objects.create(
        user=people["organisation_contact"], organisation=organisation, role="admin"
    )
    extra = OrganisationContact.objects.create(
        user=UserFactory(), organisation=organisation, role="invoice"
    )
    invitation = invitation_send(
        organisation=organisation,
        email="ny@example.org",
        role="contact",
        invited_by=people["organisation_contact"],
    )
    # An issued invoice: its PDF is for the organisation's admin and invoice contacts only.
    invoice = invoice_issue(
        invoice=invoice_draft_create(
            organisation=organisation,
            lines=[{"description": "Kontingent", "unit_price": Decimal("6000.00")}],
        ),
        send=False,
    )
    token = "the-token-of-the-matrix"
    # Sent an hour ago, so that it may be sent again.
    Invitation.objects.filter(pk=invitation.pk).update(
        token_hash=sha256(token.encode()).hexdigest(),
        created_at=timezone.now() - timedelta(hours=1),
    )
    # The account holder is registered for an event at the hub, booked and paid for by the
    # organisation's contact: they, that contact and the secretariat may cancel it.
    event = EventFactory(hub=hub)
    registration = registration_create(
        event=event,
        booked_by=people["organisation_contact"],
        attendees=[Attendee("Deltaker", people["account_holder"].email)],
        organisation=organisation,
    ).registrations.get()
    return {
        "hub": hub,
        "photo": photo,
        "registration": registration,
        "people": people,
        "application": application,
        "organisation": organisation,
        "extra_contact": extra,
        "manager": HubManager.objects.get(hub=hub),
        # A second manager, so that the first may be removed (a hub keeps one manager).
        "second_manager": HubManagerFactory(hub=hub),
        "invoice": invoice,
        "invitation": invitation,
        "token": token,
    }


def post_data(name: str, world) -> dict:
    hub, photo = world["hub"], world["photo"]
    return {
        "me:home": {},
        "me:hub_edit": {
            "tagline_nb": "Etter",
            "city": hub.city,
            "county": hub.county,
            "latitude": "60.1",
            "longitude": "10.1",
        },
        "me:hub_photos": {"image": jpeg_upload(), "alt_text_nb": "Et nytt bilde"},
        "me:hub_photo_edit": {f"p{photo.pk}-alt_text_nb": "Etter", f"p{photo.pk}-order": "3"},
        "me:hub_photo_delete": {},
        "me:hub_logo": {"logo": jpeg_upload("logo.png")},
        "me:hub_logo_remove": {},
        "me:application_withdraw": {},
        "me:organisation": {},
        "me:organisation_invite": {"email": "ny@example.org", "what": "role:contact"},
        "me:organisation_contact_remove": {},
        "me:organisation_manager_remove": {},
        "me:organisation_invitation_resend": {},
        "me:organisation_invitation_withdraw": {},
        "me:invitation": {},
        "me:invoice_pdf": {},
        "me:events": {},
        "me:registration_cancel": {},
        "me:event_propose": event_proposal(),
        # An address, not a name: saving looks a name up, and the tests run offline.
        "me:hub_feed": {"url": "https://8.8.8.8/cal.ics"},
    }[name]


def event_proposal() -> dict:
    start = timezone.localtime() + timedelta(days=30)
    return {
        "title_nb": "Frokostmøte",
        "kind": "meetup",
        "starts_at": f"{start:%Y-%m-%d}T08:00",
        "ends_at": f"{start:%Y-%m-%d}T10:00",
        "description_nb": "Kaffe og prat.",
        "capacity": "20",
        "member_price": "0",
        "non_member_price": "0",
    }


def url_for(name: str, world) -> str:
    if name in ("me:home", "me:events"):
        return reverse(name)
    if name == "me:registration_cancel":
        return reverse(name, kwargs={"pk": world["registration"].pk})
    if name == "me:application_withdraw":
        return reverse(name, kwargs={"pk": world["application"].pk})
    organisation = {"pk": world["organisation"].pk}
    return {
        "me:organisation": lambda: reverse(name),
        "me:organisation_invite": lambda: reverse(name, kwargs=organisation),
        "me:organisation_contact_remove": lambda: reverse(
            name, kwargs={**organisation, "contact_pk": world["extra_contact"].pk}
        ),
        "me:organisation_manager_remove": lambda: reverse(
            name, kwargs={**organisation, "manager_pk": world["manager"].pk}
        ),
        "me:organisation_invitation_resend": lambda: reverse(
            name, kwargs={"pk": world["invitation"].pk}
        ),
        "me:organisation_invitation_withdraw": lambda: reverse(
            name, kwargs={"pk": world["invitation"].pk}
        ),
        "me:invitation": lambda: reverse(name, kwargs={"token": world["token"]}),
        "me:invoice_pdf": lambda: reverse(name, kwargs={"pk": world["invoice"].pk}),
    }.get(name, lambda: _hub_url(name, world))()


def _hub_url(name: str, world) -> str:
    kwargs = {"slug": world["hub"].slug}
    if name in ("me:hub_photo_edit", "me:hub_photo_delete"):
        kwargs["pk"] = world["photo"].pk
    return reverse(name, kwargs=kwargs)


# What each role gets: "login" (sent to sign in), 404, 405, or the status an allowed person gets.
MATRIX = {
    "me:home": {"GET": 200, "POST": 405, "GET_anon": "login", "POST_anon": "login", "public": True},
    "me:hub_edit": {"GET": 200, "POST": 302},
    "me:hub_photos": {"GET": 200, "POST": 302},
    "me:hub_photo_edit": {"GET": 405, "POST": 302},
    "me:hub_photo_delete": {"GET": 200, "POST": 302},
    "me:hub_logo": {"GET": 405, "POST": 302},
    "me:hub_logo_remove": {"GET": 200, "POST": 302},
    "me:application_withdraw": {"GET": 200, "POST": 302, "allowed": {"account_holder"}},
    "me:organisation": {"GET": 200, "POST": 405, "allowed": {"organisation_contact"}},
    "me:organisation_invite": {"GET": 405, "POST": 302, "allowed": {"organisation_contact"}},
    "me:organisation_contact_remove": {
        "GET": 200,
        "POST": 302,
        "allowed": {"organisation_contact"},
    },
    "me:organisation_manager_remove": {
        "GET": 200,
        "POST": 302,
        "allowed": {"organisation_contact"},
    },
    # Only the organisation's admin contact sends an invitation again or withdraws it (asked first).
    "me:organisation_invitation_resend": {
        "GET": 405,
        "POST": 302,
        "allowed": {"organisation_contact"},
    },
    "me:organisation_invitation_withdraw": {
        "GET": 200,
        "POST": 302,
        "allowed": {"organisation_contact"},
    },
    # The organisation's admin (and invoice) contacts download its issued invoices.
    "me:invoice_pdf": {
        "GET": 200,
        "POST": 405,
        "allowed": {"organisation_contact", "secretariat"},
    },
    # The link's page opens for whoever holds it, once signed in; only an account with the invited
    # address verified accepts it (none of these roles has it: see test_organisation_page.py).
    "me:invitation": {"GET": 200, "POST": 200, "public": True},
    # Anyone signed in sees their own events (and their organisations'), which may be none.
    "me:events": {"GET": 200, "POST": 405, "public": True},
    # The person registered, the contact of the organisation that booked it, the secretariat.
    "me:registration_cancel": {
        "GET": 200,
        "POST": 302,
        "allowed": {"account_holder", "organisation_contact", "secretariat"},
    },
    # The hub's managers propose events at it; the secretariat may too.
    "me:event_propose": {"GET": 200, "POST": 302},
    # The hub's managers give the address of its own public calendar.
    "me:hub_feed": {"GET": 200, "POST": 302},
}


def me_url_names(patterns=None) -> set[str]:
    """The names of every URL pattern in the "me" namespace, wherever it is included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "me":
                return {f"me:{inner.name}" for inner in pattern.url_patterns}
            if found := me_url_names(pattern.url_patterns):
                return found
    return set()


def test_every_me_url_has_a_row():
    """visits' /me/ URLs have their rows in tests/visits/test_visits_permission_matrix.py, the
    library's and the network's in tests/network/test_library_network_permission_matrix.py."""
    delegated = {*VISITS_MATRIX, *LIBRARY_NETWORK_MATRIX}
    assert me_url_names() == set(MATRIX) | {name for name in delegated if name.startswith("me:")}


def snapshot(world) -> tuple:
    hub = Hub.objects.get(pk=world["hub"].pk)
    return (
        hub.tagline_nb,
        hub.logo.name,
        list(HubPhoto.objects.order_by("pk").values_list("pk", "alt_text", "order")),
        Hub.history.count(),
        list(MembershipApplication.objects.values_list("pk", "status")),
        list(OrganisationContact.objects.order_by("pk").values_list("user", "role")),
        list(HubManager.objects.order_by("pk").values_list("user", "hub")),
        list(Invitation.objects.order_by("pk").values_list("pk", "accepted_at", "created_at")),
        list(Registration.objects.order_by("pk").values_list("pk", "status")),
        Event.objects.count(),
        list(HubFeed.objects.values_list("hub", "url")),
    )


def expected_for(name: str, method: str, role: str):
    row = MATRIX[name]
    if role == "anonymous":
        return "login"
    if role in row.get("allowed", ALLOWED) or row.get("public"):
        return row[method]
    return 404


CASES = [(name, method, role) for name in MATRIX for method in ("GET", "POST") for role in ROLES]


@pytest.mark.parametrize(("name", "method", "role"), CASES)
def test_permission_matrix(name, method, role, world, client):
    if role != "anonymous":
        client.force_login(world["people"][role])
    url = url_for(name, world)
    before = snapshot(world)
    data = post_data(name, world)
    response = client.get(url) if method == "GET" else client.post(url, data)
    expected = expected_for(name, method, role)
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == expected, response.content[:500]
    changed = snapshot(world) != before
    assert changed == (method == "POST" and expected == 302)


@pytest.mark.parametrize("name", [name for name in MATRIX if MATRIX[name]["POST"] == 302])
def test_post_without_csrf_token_is_refused(name, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["people"]["manager_of_this_hub"])
    before = snapshot(world)
    response = client.post(url_for(name, world), post_data(name, world))
    assert response.status_code == 403
    assert snapshot(world) == before


def test_matrix_size():
    assert len(CASES) == len(MATRIX) * 2 * len(ROLES) == 240
