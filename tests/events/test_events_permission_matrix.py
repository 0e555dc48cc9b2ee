"""Every URL under /events/ (and the tickets and the calendar of every event), every role, GET
and POST: who gets in, who gets 404, what changes.

A new URL pattern under /events/ or /tickets/ without a row here fails
test_every_events_url_has_a_row.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from events.models import Event, Registration, RegistrationOrder
from events.selectors import cancel_code
from events.services import Attendee, registration_create
from members.models import Organisation, OrganisationContact
from members.services import user_make_secretariat
from tests.factories import EventFactory, HubFactory, HubManagerFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "account_holder",  # registered for the event, booked by the organisation's contact
    "manager_of_this_hub",  # proposed the unpublished event
    "manager_of_another_hub",
    "organisation_contact",
    "secretariat",
]
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}


@pytest.fixture
def world():
    hub = HubFactory(slug="this-hub")
    people = {
        "account_holder": UserFactory(email="deltaker@example.org"),
        "manager_of_this_hub": HubManagerFactory(hub=hub).user,
        "manager_of_another_hub": HubManagerFactory().user,
        "organisation_contact": UserFactory(),
        "secretariat": UserFactory(),
    }
    user_make_secretariat(user=people["secretariat"])
    organisation = Organisation.objects.create(
        legal_name="Huben AS",
        organisation_number="923609016",
        invoice_email="faktura@huben.example.org",
        status="member",
        member_since="2024-01-01",
    )
    OrganisationContact.objects.create(
        user=people["organisation_contact"], organisation=organisation, role="admin"
    )
    event = EventFactory(slug="the-event", hub=hub)
    registration = registration_create(
        event=event,
        booked_by=people["organisation_contact"],
        attendees=[Attendee("Deltaker", "deltaker@example.org")],
        organisation=organisation,
    ).registrations.get()
    draft = EventFactory(
        slug="the-draft", hub=hub, published=False, proposed_by=people["manager_of_this_hub"]
    )
    # Nobody is registered for this one: every role's POST registers themselves.
    open_event = EventFactory(slug="open-event", hub=hub)
    return {
        "event": event,
        "open_event": open_event,
        "draft": draft,
        "registration": registration,
        "people": people,
    }


def tampered(code: str) -> str:
    return code[:-1] + ("A" if code[-1] != "A" else "B")


def url_for(row: str, world) -> str:
    event, registration = world["event"], world["registration"]
    return {
        "events:list": lambda: reverse("events:list"),
        "events:past": lambda: reverse("events:past"),
        "events_ics": lambda: reverse("events_ics"),
        "events:detail": lambda: event.get_absolute_url(),
        "events:detail#unpublished": lambda: world["draft"].get_absolute_url(),
        "events:ics": lambda: reverse("events:ics", kwargs={"slug": event.slug}),
        "events:register": lambda: reverse(
            "events:register", kwargs={"slug": world["open_event"].slug}
        ),
        "events:check_in": lambda: reverse("events:check_in", kwargs={"slug": event.slug}),
        "events:cancel_by_link": lambda: reverse(
            "events:cancel_by_link", kwargs={"code": cancel_code(registration)}
        ),
        "events:cancel_by_link#tampered": lambda: reverse(
            "events:cancel_by_link", kwargs={"code": tampered(cancel_code(registration))}
        ),
        "ticket": lambda: registration.get_ticket_url(),
        "ticket#tampered": lambda: reverse(
            "ticket", kwargs={"code": tampered(registration.signed_code)}
        ),
    }[row]()


def post_data(row: str, world) -> dict:
    if row == "events:register":
        return {"for": "self", "name": "Ny Deltaker"}
    if row == "events:check_in":
        return {"registration": str(world["registration"].pk)}
    return {}


# What each role gets: "login" (sent to sign in), 404, 405, or the status an allowed person gets.
# "others" is what everyone outside "allowed" gets (404 unless said); "anonymous" overrides it
# for visitors.
MATRIX = {
    "events:list": {"GET": 200, "POST": 405, "allowed": EVERYONE},
    "events:past": {"GET": 200, "POST": 405, "allowed": EVERYONE},
    "events_ics": {"GET": 200, "POST": 405, "allowed": EVERYONE},
    "events:detail": {"GET": 200, "POST": 405, "allowed": EVERYONE},
    # An unpublished event: the secretariat and the manager who proposed it; the method is
    # refused before anything is looked up.
    "events:detail#unpublished": {
        "GET": 200,
        "POST": 405,
        "allowed": {"secretariat", "manager_of_this_hub"},
        "others": {"GET": 404, "POST": 405},
    },
    "events:ics": {"GET": 200, "POST": 405, "allowed": EVERYONE},
    # Anyone signed in registers themselves (for an event nobody in the world is registered for).
    "events:register": {"GET": 200, "POST": 302, "allowed": SIGNED_IN, "anonymous": "login"},
    # The door: the secretariat only; nobody else learns the page exists.
    "events:check_in": {"GET": 200, "POST": 302, "allowed": {"secretariat"}},
    # The e-mail's link: the signed code is the key, signed in or not.
    "events:cancel_by_link": {"GET": 200, "POST": 302, "allowed": EVERYONE},
    "events:cancel_by_link#tampered": {"GET": 404, "POST": 404, "allowed": EVERYONE},
    # A ticket's page says whether it is valid to anyone with the code; the secretariat checks
    # the person in there.
    "ticket": {
        "GET": 200,
        "POST": 302,
        "allowed": {"secretariat"},
        "others": {"GET": 200, "POST": 405},
    },
    "ticket#tampered": {"GET": 404, "POST": 404, "allowed": EVERYONE},
}


def events_url_names(patterns=None) -> set[str]:
    """Every URL pattern under /events/ (the "events" namespace), and the root's patterns whose
    address starts with "events" or "tickets" (/events.ics, /tickets/<code>/)."""
    names: set[str] = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "events":
                names |= {f"events:{inner.name}" for inner in pattern.url_patterns}
            elif pattern.namespace is None:
                names |= events_url_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and str(pattern.pattern).startswith(
            ("events", "tickets")
        ):
            names.add(pattern.name)
    return names


def test_every_events_url_has_a_row():
    assert events_url_names() == {row.split("#")[0] for row in MATRIX}


def expected_for(row: str, method: str, role: str):
    spec = MATRIX[row]
    if role in spec["allowed"]:
        return spec[method]
    if role == "anonymous" and "anonymous" in spec:
        return spec["anonymous"]
    return spec.get("others", {}).get(method, 404)


def snapshot() -> tuple:
    return (
        list(Registration.objects.order_by("pk").values_list("pk", "status", "checked_in_at")),
        RegistrationOrder.objects.count(),
        list(Event.objects.order_by("pk").values_list("pk", "published", "cancelled_at")),
    )


CASES = [(row, method, role) for row in MATRIX for method in ("GET", "POST") for role in ROLES]


@pytest.mark.parametrize(("row", "method", "role"), CASES)
def test_permission_matrix(row, method, role, world, client):
    if role != "anonymous":
        client.force_login(world["people"][role])
    url = url_for(row, world)
    before = snapshot()
    response = client.get(url) if method == "GET" else client.post(url, post_data(row, world))
    expected = expected_for(row, method, role)
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"
    else:
        assert response.status_code == expected, response.content[:300]
    changed = snapshot() != before
    assert changed == (method == "POST" and expected == 302)


@pytest.mark.parametrize("row", [row for row in MATRIX if MATRIX[row]["POST"] == 302])
def test_post_without_csrf_token_is_refused(row, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["people"]["secretariat"])
    before = snapshot()
    response = client.post(url_for(row, world), post_data(row, world))
    assert response.status_code == 403
    assert snapshot() == before


def test_matrix_size():
    assert len(CASES) == len(MATRIX) * 2 * len(ROLES) == 144
