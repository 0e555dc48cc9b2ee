"""`manage.py demo` makes the coworker role real: coworker@example.org is vouched for by Blender
Collective, Fabrikken hosts guests two days a week, and the coworker has one past visit there
(arrived) and one upcoming (confirmed), whose pass opens; running it twice changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from members.models import Organisation
from visits.models import HostSettings, Visit, Vouch
from visits.selectors import is_host, ledger, valid_vouch

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "vouches": Vouch.objects.count(),
        "visits": Visit.objects.count(),
        "hosting": HostSettings.objects.count(),
        "organisations": Organisation.objects.count(),
    }


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    return run_demo()


def test_the_coworker_is_vouched_for_by_blender_collective(demo):
    vouch = Vouch.objects.get(email="coworker@example.org")
    assert vouch.home_hub.slug == "blender-collective"
    assert vouch.home_hub.organisation.status == Organisation.Status.MEMBER
    assert vouch.coworker.email == "coworker@example.org"
    assert vouch.accepted_at is not None
    assert vouch.until >= timezone.localdate()
    assert valid_vouch(vouch.coworker) == vouch


def test_fabrikken_hosts_guests_two_days_a_week(demo):
    hosting = HostSettings.objects.get(hub__slug="fabrikken")
    assert hosting.hosts_guests
    assert [desks for _day, desks in hosting.weekly_desks] == [0, 4, 0, 4, 0, 0, 0]
    assert hosting.arrival_instructions.endswith("(Demotekst.)")
    assert is_host(hosting.hub)


def test_the_coworker_has_one_past_and_one_upcoming_visit_at_fabrikken(demo, client):
    today = timezone.localdate()
    visits = list(Visit.objects.filter(visitor__email="coworker@example.org").order_by("date"))
    assert [(visit.host.slug, visit.home_hub.slug) for visit in visits] == [
        ("fabrikken", "blender-collective"),
        ("fabrikken", "blender-collective"),
    ]
    past, upcoming = visits
    assert past.date < today
    assert past.status == Visit.Status.ARRIVED
    assert upcoming.date > today
    assert upcoming.status == Visit.Status.CONFIRMED
    assert upcoming.date.weekday() in (1, 3)
    assert past.date.weekday() in (1, 3)
    assert "Demo network pass (the coworker's next visit): " in demo
    assert upcoming.get_pass_url() in demo
    page = client.get(upcoming.get_pass_url())
    assert page.status_code == 200
    assert "Demo Coworker" in page.content.decode()


def test_the_past_visit_is_in_the_ledger(demo):
    past = Visit.objects.get(visitor__email="coworker@example.org", status="arrived")
    rows = {row.hub.slug: (row.hosted, row.sent) for row in ledger(past.date.year)}
    assert rows == {"blender-collective": (0, 1), "fabrikken": (1, 0)}


def test_running_the_demo_twice_changes_nothing(demo):
    before = counts()
    visits = list(Visit.objects.values_list("pk", "date", "status").order_by("pk"))
    run_demo()
    assert counts() == before
    assert list(Visit.objects.values_list("pk", "date", "status").order_by("pk")) == visits
    # Two organisations are visits' own; network/demo.py adds two more for its survey.
    assert before == {"vouches": 1, "visits": 2, "hosting": 1, "organisations": 4}
