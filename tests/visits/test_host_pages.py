"""The host's Min side pages as a whole: only the hub's managers see them (404 for anyone else and
for a visit, vouch or closed day of another hub), the hub's tabs, the fairness ledger against
hand-computed figures, and a fixed number of queries whatever the number of visits or vouches."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    ClosedDayFactory,
    HostSettingsFactory,
    HubManagerFactory,
    MemberHubFactory,
    UserFactory,
    VisitFactory,
    VouchFactory,
)
from visits.models import ClosedDay, Visit, Vouch

pytestmark = pytest.mark.django_db

BASE = "/me/hubs/huset/"


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ").split())


@pytest.fixture
def world():
    hub = HostSettingsFactory(hub__slug="huset", hub__name="Huset").hub
    other = HostSettingsFactory(hub__slug="annen", hub__name="Annen").hub
    today = timezone.localdate()
    return {
        "hub": hub,
        "other": other,
        "manager": HubManagerFactory(hub=hub).user,
        "other_manager": HubManagerFactory(hub=other).user,
        "requested": VisitFactory(
            host=hub, status=Visit.Status.REQUESTED, date=today + timedelta(days=3)
        ),
        "today": VisitFactory(host=hub, date=today),
        "vouch": VouchFactory(home_hub=hub),
        "closed": ClosedDayFactory(hub=hub),
    }


def pages(world) -> dict[str, tuple[str, ...]]:
    """Each page, with the methods it answers."""
    visit, today = world["requested"].pk, world["today"].pk
    vouch, closed = world["vouch"].pk, world["closed"].pk
    return {
        f"{BASE}visits/": ("GET",),
        f"{BASE}visits/{visit}/confirm/": ("POST",),
        f"{BASE}visits/{visit}/decline/": ("GET", "POST"),
        f"{BASE}visits/{today}/mark/": ("POST",),
        f"{BASE}hosting/": ("GET", "POST"),
        f"{BASE}hosting/closed/{closed}/remove/": ("GET", "POST"),
        f"{BASE}coworkers/": ("GET", "POST"),
        f"{BASE}coworkers/{vouch}/renew/": ("GET", "POST"),
        f"{BASE}coworkers/{vouch}/revoke/": ("GET", "POST"),
        f"{BASE}ledger/": ("GET",),
    }


def unchanged(world) -> bool:
    return (
        Visit.objects.get(pk=world["requested"].pk).status == Visit.Status.REQUESTED
        and Visit.objects.get(pk=world["today"].pk).status == Visit.Status.CONFIRMED
        and Vouch.objects.get(pk=world["vouch"].pk).revoked_at is None
        and ClosedDay.objects.filter(pk=world["closed"].pk).exists()
    )


def test_anonymous_people_are_sent_to_sign_in_from_every_page(client, world):
    for url in pages(world):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, url
            assert response["Location"] == f"/accounts/login/?next={url}"
    assert unchanged(world)


@pytest.mark.parametrize("who", ["stranger", "other_manager"])
def test_anyone_but_the_hubs_managers_gets_404_on_every_page(client, world, who):
    client.force_login(world["other_manager"] if who == "other_manager" else UserFactory())
    data = {"arrived": "1", "reason": "Nei", "email": "x@example.org", "until": "2030-01-01"}
    for url in pages(world):
        assert client.get(url).status_code == 404, url
        assert client.post(url, data).status_code == 404, url
    assert unchanged(world)


def test_the_manager_opens_every_page_and_post_only_actions_refuse_get(client, world):
    client.force_login(world["manager"])
    for url, methods in pages(world).items():
        expected = 200 if "GET" in methods else 405
        assert client.get(url).status_code == expected, url
    assert unchanged(world)


def test_a_visit_vouch_or_closed_day_of_another_hub_is_404_even_to_a_manager_of_both(client, world):
    manager = world["manager"]
    HubManagerFactory(hub=world["other"], user=manager)
    client.force_login(manager)
    elsewhere = VisitFactory(host=world["other"], status=Visit.Status.REQUESTED)
    sent = VisitFactory(home_hub=world["hub"], host=world["other"], date=timezone.localdate())
    vouch = VouchFactory(home_hub=world["other"])
    closed = ClosedDayFactory(hub=world["other"])
    for visit in (elsewhere, sent):
        assert client.post(f"{BASE}visits/{visit.pk}/confirm/").status_code == 404
        assert client.post(f"{BASE}visits/{visit.pk}/decline/", {"reason": "x"}).status_code == 404
        assert client.post(f"{BASE}visits/{visit.pk}/mark/", {"arrived": "1"}).status_code == 404
    assert client.post(f"{BASE}coworkers/{vouch.pk}/revoke/").status_code == 404
    assert client.get(f"{BASE}coworkers/{vouch.pk}/renew/").status_code == 404
    assert client.post(f"{BASE}hosting/closed/{closed.pk}/remove/").status_code == 404
    assert Visit.objects.get(pk=elsewhere.pk).status == Visit.Status.REQUESTED
    assert Visit.objects.get(pk=sent.pk).status == Visit.Status.CONFIRMED
    assert Vouch.objects.get(pk=vouch.pk).revoked_at is None
    assert ClosedDay.objects.filter(pk=closed.pk).exists()


def test_the_hubs_tabs_lead_to_guests_coworkers_and_hosting(client, world):
    client.force_login(world["manager"])
    edit = client.get(f"{BASE}edit/").content.decode()
    assert '<div class="manage-tabs mb-4"><ul class="nav nav-tabs">' in edit
    for path, name in (("visits", "Gjester"), ("coworkers", "Coworkere"), ("hosting", "Vertskap")):
        assert f'<a class="nav-link" href="{BASE}{path}/">{name}</a>' in edit
        page = client.get(f"{BASE}{path}/").content.decode()
        assert (
            f'<a class="nav-link active" href="{BASE}{path}/" aria-current="page">{name}</a>'
            in page
        )
        assert page.count("nav-link active") == 1


def test_the_tab_a_sub_page_belongs_to_is_active(client, world):
    """A decline and the ledger under Guests, a renewal or revocation under Coworkers, a closed
    date's removal under Hosting: active, and marked as the current section, not the page."""
    client.force_login(world["manager"])
    visit, vouch, closed = world["requested"], world["vouch"], world["closed"]
    for path, tab, name in (
        (f"visits/{visit.pk}/decline/", "visits", "Gjester"),
        ("ledger/", "visits", "Gjester"),
        (f"coworkers/{vouch.pk}/renew/", "coworkers", "Coworkere"),
        (f"coworkers/{vouch.pk}/revoke/", "coworkers", "Coworkere"),
        (f"hosting/closed/{closed.pk}/remove/", "hosting", "Vertskap"),
    ):
        page = client.get(f"{BASE}{path}").content.decode()
        active = f'<a class="nav-link active" href="{BASE}{tab}/" aria-current="true">{name}</a>'
        assert active in page, path
        assert page.count("nav-link active") == 1, path


# --- The ledger -----------------------------------------------------------------------------------


def settled(host, home_hub, day: date, status=Visit.Status.ARRIVED) -> Visit:
    return VisitFactory(host=host, home_hub=home_hub, date=day, status=status)


def rows(html: str) -> list[str]:
    body = re.search(r"<tbody>(.*)</tbody>", html, re.DOTALL).group(1)
    return [text(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)]


def test_the_ledger_matches_hand_computed_figures(client, world):
    hub, other, third = world["hub"], world["other"], MemberHubFactory()
    year = timezone.localdate().year - 1
    settled(hub, other, date(year, 1, 10))
    settled(hub, third, date(year, 1, 20))
    settled(hub, other, date(year, 3, 31))
    settled(other, hub, date(year, 1, 15))
    settled(other, hub, date(year, 6, 1))
    settled(third, hub, date(year, 6, 30))
    # Not counted: not arrived, another year, between two other hubs.
    settled(hub, other, date(year, 2, 2), Visit.Status.NO_SHOW)
    settled(hub, other, date(year, 2, 3), Visit.Status.CONFIRMED)
    settled(other, hub, date(year, 2, 4), Visit.Status.CANCELLED)
    settled(hub, other, date(year + 1, 1, 2))
    settled(other, third, date(year, 1, 2))
    client.force_login(world["manager"])
    html = client.get(f"{BASE}ledger/?year={year}").content.decode()
    assert rows(html) == [
        "Januar 2 1 +1",
        "Februar 0 0 0",
        "Mars 1 0 +1",
        "April 0 0 0",
        "Mai 0 0 0",
        "Juni 0 2 −2",
        "Juli 0 0 0",
        "August 0 0 0",
        "September 0 0 0",
        "Oktober 0 0 0",
        "November 0 0 0",
        "Desember 0 0 0",
    ]
    total = re.search(r"<tfoot>(.*)</tfoot>", html, re.DOTALL).group(1)
    assert text(total) == f"Sum {year} 3 3 0"
    assert f"Besøksregnskap for Huset, {year}" in text(html)
    assert '<th scope="col" class="text-end">Tatt imot</th>' in html
    assert f'<a class="page-link" href="?year={year}" aria-current="page">{year}</a>' in html
    assert f'<a class="page-link" href="?year={year + 1}">{year + 1}</a>' in html


@pytest.mark.parametrize("year", ["", "abc", "1999", "99999", "2O26", "٢٠٢٦", "-1", "9" * 5000])
def test_a_missing_or_unknown_year_shows_this_year(client, world, year):
    this_year = timezone.localdate().year
    settled(world["hub"], world["other"], timezone.localdate())
    client.force_login(world["manager"])
    response = client.get(f"{BASE}ledger/", {"year": year})
    assert response.status_code == 200
    words = text(response.content.decode())
    assert f"Besøksregnskap for Huset, {this_year}" in words
    assert f"Sum {this_year} 1 0 +1" in words


def test_the_ledger_in_english(client, world):
    settled(world["other"], world["hub"], timezone.localdate())
    client.force_login(world["manager"])
    words = text(client.get(f"/en{BASE}ledger/").content.decode())
    assert f"Fairness ledger of Huset, {timezone.localdate().year}" in words
    assert f"Total {timezone.localdate().year} 0 1 −1" in words


# --- Queries --------------------------------------------------------------------------------------


def queries_for(client, path: str) -> int:
    caches["fragments"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def add_visits(world, count: int) -> None:
    """Visits in every part of the guests page and of the ledger, and some it leaves out."""
    hub, other, today = world["hub"], world["other"], timezone.localdate()
    for number in range(count):
        VisitFactory(
            host=hub,
            status=Visit.Status.REQUESTED,
            date=today + timedelta(days=number % 20 + 1),
            share_email=True,
            phone="+47 900 00 000",
            message="Hei",
        )
        VisitFactory(host=hub, date=today + timedelta(days=number % 20 + 1))
        VisitFactory(host=hub, date=today - timedelta(days=number % 14), status="arrived")
        VisitFactory(host=hub, date=today - timedelta(days=number % 14), status="no_show")
        VisitFactory(host=other, home_hub=hub, date=today - timedelta(days=number % 300))
        VisitFactory(host=hub, date=today - timedelta(days=30), status="arrived")


def add_vouches(world, count: int) -> None:
    hub, now = world["hub"], timezone.now()
    for number in range(count):
        VouchFactory(home_hub=hub, vouched_by=world["manager"])
        VouchFactory(home_hub=hub, coworker=None, email=f"ny{Vouch.objects.count()}@example.org")
        VouchFactory(home_hub=hub, revoked_at=now, revoked_reason="Slutt", vouched_by=None)
        VouchFactory(home_hub=hub, until=timezone.localdate() - timedelta(days=number + 1))


@pytest.mark.parametrize(
    ("page", "add"),
    [("visits/", add_visits), ("ledger/", add_visits), ("coworkers/", add_vouches)],
)
def test_a_page_runs_the_same_queries_with_2_and_12_rows(client, world, page, add):
    client.force_login(world["manager"])
    add(world, 2)
    few = queries_for(client, f"{BASE}{page}")
    add(world, 10)
    assert queries_for(client, f"{BASE}{page}") == few


def test_the_hosting_page_runs_the_same_queries_with_2_and_12_closed_dates(client, world):
    client.force_login(world["manager"])
    today = timezone.localdate()
    for offset in range(2):
        ClosedDayFactory(hub=world["hub"], date=today + timedelta(days=30 + offset))
    few = queries_for(client, f"{BASE}hosting/")
    for offset in range(2, 12):
        ClosedDayFactory(hub=world["hub"], date=today + timedelta(days=30 + offset))
    assert queries_for(client, f"{BASE}hosting/") == few
