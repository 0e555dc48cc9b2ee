"""The fairness ledger between hubs against figures worked out by hand from a fixed set of visits.
Only visits the host marked as arrived are settled between hubs: requested, confirmed, declined,
cancelled and no-show visits are not in it (see SETTLED in visits.selectors)."""

from datetime import date

import pytest

from tests.factories import HostSettingsFactory, MemberHubFactory, VisitFactory
from visits import selectors
from visits.models import Visit
from visits.selectors import HubMonth, LedgerRow

pytestmark = pytest.mark.django_db

Status = Visit.Status


@pytest.fixture
def hubs():
    """Alfa, Bravo and Charlie (by name), each hosting, and their visits: five settled in 2025,
    four that are not settled, and two in the years around it."""
    alfa, bravo, charlie = (
        HostSettingsFactory(hub=MemberHubFactory(name=name)).hub
        for name in ("Alfa", "Bravo", "Charlie")
    )
    visits = [
        (alfa, bravo, date(2025, 1, 10), Status.ARRIVED),
        (alfa, bravo, date(2025, 1, 20), Status.ARRIVED),
        (bravo, alfa, date(2025, 1, 15), Status.ARRIVED),
        (charlie, alfa, date(2025, 3, 3), Status.ARRIVED),
        (alfa, charlie, date(2025, 3, 4), Status.NO_SHOW),
        (bravo, charlie, date(2025, 3, 5), Status.CONFIRMED),
        (charlie, bravo, date(2025, 3, 6), Status.CANCELLED),
        (charlie, bravo, date(2025, 3, 7), Status.REQUESTED),
        (bravo, alfa, date(2025, 6, 2), Status.DECLINED),
        (alfa, bravo, date(2025, 12, 31), Status.ARRIVED),
        (alfa, bravo, date(2024, 12, 31), Status.ARRIVED),
        (bravo, alfa, date(2026, 1, 1), Status.ARRIVED),
    ]
    for home, host, day, status in visits:
        reason = "-" if status == Status.DECLINED else ""
        VisitFactory(home_hub=home, host=host, date=day, status=status, decline_reason=reason)
    return alfa, bravo, charlie


def test_the_year_s_ledger_counts_hosted_and_sent_arrivals_per_hub(hubs):
    alfa, bravo, charlie = hubs

    rows = selectors.ledger(2025)

    # Alfa hosted Bravo (15.1) and Charlie (3.3) and sent three to Bravo (10.1, 20.1, 31.12).
    assert rows == [LedgerRow(alfa, 2, 3), LedgerRow(bravo, 3, 1), LedgerRow(charlie, 0, 1)]
    assert [row.balance for row in rows] == [-1, 2, -1]
    assert sum(row.balance for row in rows) == 0


def test_a_month_s_ledger_counts_that_month_only(hubs):
    alfa, bravo, charlie = hubs

    assert selectors.ledger(2025, 1) == [LedgerRow(alfa, 1, 2), LedgerRow(bravo, 2, 1)]
    assert selectors.ledger(2025, 3) == [LedgerRow(alfa, 1, 0), LedgerRow(charlie, 0, 1)]
    assert selectors.ledger(2025, 6) == []
    assert selectors.ledger(2025, 12) == [LedgerRow(alfa, 0, 1), LedgerRow(bravo, 1, 0)]


def test_the_years_around_are_ledgers_of_their_own(hubs):
    alfa, bravo, _charlie = hubs

    assert selectors.ledger(2024) == [LedgerRow(alfa, 0, 1), LedgerRow(bravo, 1, 0)]
    assert selectors.ledger(2026) == [LedgerRow(alfa, 1, 0), LedgerRow(bravo, 0, 1)]
    assert selectors.ledger(2023) == []


def test_a_hub_s_ledger_month_by_month(hubs):
    alfa, bravo, _charlie = hubs
    empty = dict.fromkeys(range(1, 13), (0, 0))

    by_hub = {
        hub.name: {row.month: (row.hosted, row.sent) for row in selectors.hub_ledger(hub, 2025)}
        for hub in hubs
    }

    assert by_hub["Alfa"] == empty | {1: (1, 2), 3: (1, 0), 12: (0, 1)}
    assert by_hub["Bravo"] == empty | {1: (2, 1), 12: (1, 0)}
    assert by_hub["Charlie"] == empty | {3: (0, 1)}
    assert selectors.hub_ledger(alfa, 2025)[0] == HubMonth(1, hosted=1, sent=2)
    assert [m.balance for m in selectors.hub_ledger(bravo, 2025)] == [1] + [0] * 10 + [1]


def test_the_network_s_arrivals_month_by_month(hubs):
    by_month = selectors.network_visits_by_month(2025)

    assert by_month == [(1, 3), (2, 0), (3, 1)] + [(m, 0) for m in range(4, 12)] + [(12, 1)]
    assert sum(n for _month, n in by_month) == sum(row.hosted for row in selectors.ledger(2025))


def test_an_arrival_stays_in_the_ledger_after_the_visitor_deletes_their_account(hubs):
    alfa, bravo, _charlie = hubs
    Visit.objects.get(date=date(2025, 1, 10)).visitor.delete()

    assert selectors.ledger(2025, 1) == [LedgerRow(alfa, 1, 2), LedgerRow(bravo, 2, 1)]


def test_the_ledger_reads_run_a_fixed_number_of_queries(hubs, django_assert_num_queries):
    alfa, _bravo, _charlie = hubs

    with django_assert_num_queries(3):
        selectors.ledger(2025)
    with django_assert_num_queries(1):
        selectors.hub_ledger(alfa, 2025)
    with django_assert_num_queries(1):
        selectors.network_visits_by_month(2025)
