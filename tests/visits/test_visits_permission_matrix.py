"""Every URL of the network pass, every role, GET and POST: who gets in, who gets 404, what
changes. Only the host's managers see its visitors and answer them, only the home hub's managers
vouch, only the coworker acts on their own visits and vouches; the secretariat may do what a hub's
managers may. A pass opens for anyone holding its link; only the host marks arrival there.

A new URL of visits without a row here fails test_every_visits_url_has_a_row (the /me/ matrix in
tests/members leaves visits' /me/ URLs to this one).
"""

from datetime import timedelta
from hashlib import sha256

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from members.services import user_make_secretariat
from tests.factories import (
    ClosedDayFactory,
    HostSettingsFactory,
    HubManagerFactory,
    MemberHubFactory,
    UserFactory,
    VisitFactory,
    VouchFactory,
    verified_user,
)
from visits.models import ClosedDay, HostSettings, Visit, Vouch

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "account_holder",
    "coworker",
    "manager_of_host",
    "manager_of_home",
    "manager_of_another_hub",
    "secretariat",
]
HOST = {"manager_of_host", "secretariat"}
HOME = {"manager_of_home", "secretariat"}
COWORKER = {"coworker"}
SIGNED_IN = set(ROLES) - {"anonymous"}
TOKEN = "the-token-of-the-visits-matrix"


def _next_weekday(after: int) -> object:
    day = timezone.localdate() + timedelta(days=after)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@pytest.fixture
def world():
    host = HostSettingsFactory(
        hub__slug="host-hub", confirmation=HostSettings.Confirmation.MANUAL
    ).hub
    # Guests every day of the week, so that today's visit can be marked whatever the weekday.
    HostSettings.objects.filter(hub=host).update(desks_saturday=3, desks_sunday=3)
    home = MemberHubFactory(slug="home-hub")
    vouch = VouchFactory(home_hub=home)
    coworker = vouch.coworker
    other = MemberHubFactory(slug="other-hub")
    people = {
        "account_holder": verified_user("holder@example.org"),
        "coworker": coworker,
        "manager_of_host": HubManagerFactory(hub=host).user,
        "manager_of_home": HubManagerFactory(hub=home).user,
        "manager_of_another_hub": HubManagerFactory(hub=other).user,
        "secretariat": UserFactory(),
    }
    user_make_secretariat(user=people["secretariat"])
    day = _next_weekday(3)
    visit = VisitFactory(
        visitor=coworker, home_hub=home, host=host, date=day, status=Visit.Status.REQUESTED
    )
    today = VisitFactory(home_hub=home, host=host, date=timezone.localdate())
    # Another hub's open vouch for the coworker: theirs to accept, by the button or the link.
    offer = VouchFactory(
        home_hub=other,
        coworker=None,
        email=coworker.email,
        accepted_at=None,
        token_hash=sha256(TOKEN.encode()).hexdigest(),
    )
    return {
        "host": host,
        "home": home,
        "people": people,
        "vouch": vouch,
        "offer": offer,
        "visit": visit,
        "today": today,
        "closed": ClosedDayFactory(hub=host, date=_next_weekday(20)),
        "day": day,
    }


def url_for(name: str, world) -> str:
    host, home = {"slug": world["host"].slug}, {"slug": world["home"].slug}
    visit, vouch = world["visit"], world["vouch"]
    kwargs = {
        "me:pass": {},
        "me:vouch_accept_link": {"token": TOKEN},
        "me:vouch_accept": {"pk": world["offer"].pk},
        "me:visit_cancel": {"pk": visit.pk},
        "me:hub_visits": host,
        "me:visit_confirm": {**host, "pk": visit.pk},
        "me:visit_decline": {**host, "pk": visit.pk},
        "me:visit_mark": {**host, "pk": world["today"].pk},
        "me:hub_hosting": host,
        "me:closed_day_remove": {**host, "pk": world["closed"].pk},
        "me:hub_coworkers": home,
        "me:vouch_renew": {**home, "pk": vouch.pk},
        "me:vouch_revoke": {**home, "pk": vouch.pk},
        "me:hub_ledger": host,
        "visit_request": host,
        "visit_pass": {"token": world["visit"].pass_token},
        "visit_pass_mark": {"token": world["today"].pass_token},
    }[name]
    return reverse(name, kwargs=kwargs)


def post_data(name: str, world) -> dict:
    until = timezone.localdate() + timedelta(days=300)
    return {
        "me:visit_decline": {"reason": "Vi har fagdag den dagen."},
        "me:visit_mark": {"arrived": "1"},
        "visit_pass_mark": {"arrived": "1"},
        "me:hub_hosting": {
            "part": "settings",
            "hosts_guests": "on",
            **{f"desks_{day}": "4" for day in ("monday", "tuesday", "wednesday")},
            **{f"desks_{day}": "0" for day in ("thursday", "friday", "saturday", "sunday")},
            "confirmation": "automatic",
            "house_rules": "Ta med kaffekopp.",
            "arrival_instructions": "",
        },
        "me:hub_coworkers": {"email": "ny@example.org", "until": until.isoformat()},
        "me:vouch_renew": {"until": until.isoformat()},
        "visit_request": {"day": _next_weekday(10).isoformat()},
    }.get(name, {})


# What each role gets: "login" (sent to sign in), 404, 405, or the status an allowed person gets.
# `allowed` are the roles that get in; the others get 404 (after signing in, where it is asked).
MATRIX = {
    # Anyone signed in has a pass page, which may say they have no vouch yet.
    "me:pass": {"GET": 200, "POST": 405, "allowed": SIGNED_IN},
    # The e-mailed link opens for whoever holds it once signed in; only the invited address
    # accepts (the others are told why, 400, and nothing changes).
    "me:vouch_accept_link": {
        "GET": 200,
        "POST": 400,
        "allowed": SIGNED_IN,
        "changes": {"coworker": 302},
    },
    "me:vouch_accept": {"GET": 405, "POST": 302, "allowed": COWORKER},
    "me:visit_cancel": {"GET": 200, "POST": 302, "allowed": COWORKER},
    "me:hub_visits": {"GET": 200, "POST": 405, "allowed": HOST},
    "me:visit_confirm": {"GET": 405, "POST": 302, "allowed": HOST},
    "me:visit_decline": {"GET": 200, "POST": 302, "allowed": HOST},
    "me:visit_mark": {"GET": 405, "POST": 302, "allowed": HOST},
    "me:hub_hosting": {"GET": 200, "POST": 302, "allowed": HOST},
    "me:closed_day_remove": {"GET": 200, "POST": 302, "allowed": HOST},
    "me:hub_ledger": {"GET": 200, "POST": 405, "allowed": HOST},
    # Only the home hub's managers vouch, renew and revoke.
    "me:hub_coworkers": {"GET": 200, "POST": 302, "allowed": HOME},
    "me:vouch_renew": {"GET": 200, "POST": 302, "allowed": HOME},
    "me:vouch_revoke": {"GET": 200, "POST": 302, "allowed": HOME},
    # The request page is public; asking for a day needs an account and a vouch from another hub
    # (the others are told why, 400, and nothing is saved).
    "visit_request": {
        "GET": 200,
        "POST": 400,
        "public": True,
        "changes": {"coworker": 302},
    },
    # The pass opens for anyone with its link, without an account.
    "visit_pass": {"GET": 200, "POST": 405, "public": True},
    # Only the host's managers mark arrival from the pass; 404 for everyone else.
    "visit_pass_mark": {"GET": 405, "POST": 302, "allowed": HOST, "anonymous": 404},
}


def visits_url_names() -> set[str]:
    """Every URL name that routes to a view of visits, in the "me" namespace or not (the admin's
    pages are the secretariat's: tests/visits/test_admin.py)."""
    found = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if getattr(pattern, "namespace", None) == "admin":
                continue
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.callback.__module__.startswith("visits."):
                found.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return found


def test_every_visits_url_has_a_row():
    assert visits_url_names() == set(MATRIX)


def snapshot(world) -> tuple:
    return (
        list(Visit.objects.order_by("pk").values_list("pk", "status", "decline_reason")),
        list(Vouch.objects.order_by("pk").values_list("pk", "until", "accepted_at", "revoked_at")),
        list(ClosedDay.objects.order_by("pk").values_list("pk", "date")),
        list(HostSettings.objects.order_by("pk").values()),
    )


def expected_for(name: str, method: str, role: str):
    row = MATRIX[name]
    if role == "anonymous" and not row.get("public"):
        return row.get("anonymous", "login")
    if method == "POST" and role in row.get("changes", {}):
        return row["changes"][role]
    if row.get("public") or role in row["allowed"]:
        return row[method]
    return 404


def anonymous_post_is_sent_to_sign_in(name: str) -> bool:
    return name == "visit_request"


CASES = [(name, method, role) for name in MATRIX for method in ("GET", "POST") for role in ROLES]


@pytest.mark.parametrize(("name", "method", "role"), CASES)
def test_permission_matrix(name, method, role, world, client):
    if role != "anonymous":
        client.force_login(world["people"][role])
    url = url_for(name, world)
    before = snapshot(world)
    response = client.get(url) if method == "GET" else client.post(url, post_data(name, world))
    expected = expected_for(name, method, role)
    if role == "anonymous" and method == "POST" and anonymous_post_is_sent_to_sign_in(name):
        expected = "login"
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == expected, response.content[:500]
    changed = snapshot(world) != before
    assert changed == (method == "POST" and expected == 302)


def test_a_host_page_never_shows_another_hubs_visitors(world, client):
    """The host's manager sees their own visitors, never those of another host, even by name."""
    elsewhere = VisitFactory(home_hub=world["home"], visitor_name="Ola Annensted")
    client.force_login(world["people"]["manager_of_host"])
    page = client.get(reverse("me:hub_visits", kwargs={"slug": world["host"].slug}))
    text = page.content.decode()
    assert world["visit"].visitor_name in text
    assert elsewhere.visitor_name not in text


@pytest.mark.parametrize("name", [name for name in MATRIX if MATRIX[name]["POST"] == 302])
def test_post_without_csrf_token_is_refused(name, world):
    client = Client(enforce_csrf_checks=True)
    allowed = MATRIX[name].get("allowed") or {"coworker"}
    client.force_login(world["people"][min(allowed - {"secretariat"} or allowed)])
    before = snapshot(world)
    response = client.post(url_for(name, world), post_data(name, world))
    assert response.status_code == 403
    assert snapshot(world) == before


def test_matrix_size():
    assert len(CASES) == len(MATRIX) * 2 * len(ROLES) == 238
