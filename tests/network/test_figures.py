"""The network's figures against figures counted by hand, on a fixed day (15 June 2025)."""

from datetime import date

import pytest
from django.utils import timezone

from hubs.counties import County
from network.selectors import figures
from network.selectors.figures import EventYear
from tests.network.figures_world import arrived, event_on, hubs_and_members, registrations
from visits.models import Visit
from visits.selectors import LedgerRow

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 15)


def test_member_hubs_desks_and_counties_count_only_published_hubs_of_members():
    hubs_and_members()

    totals = figures.hub_totals()

    assert totals == {
        "hubs": 3, "desks": 60, "hubs_with_desks": 3, "counties": 2, "all_counties": 15,
    }  # fmt: skip


def test_member_hubs_by_county_lists_all_fifteen_counties_in_order_with_zeros():
    hubs_and_members()

    rows = figures.hubs_by_county()

    assert [row.county for row in rows] == County.values
    counted = {row.county: (row.hubs, row.desks) for row in rows if row.hubs}
    assert counted == {County.OSLO: (2, 30), County.VESTLAND: (1, 30)}


def test_members_over_time_count_members_at_each_year_end_and_today_for_this_year():
    hubs_and_members()

    by_year = figures.members_by_year(TODAY)

    # Alfa from 2019, Delta 2020 until mid-2023, Bravo from 2021; Foxtrot joins after today.
    assert by_year == [(2019, 1), (2020, 2), (2021, 3), (2022, 3), (2023, 2), (2024, 2), (2025, 2)]
    assert figures.members_by_year(date(2025, 12, 31))[-1] == (2025, 3)


def test_events_held_and_participants_by_year():
    """Participants are confirmed registrations, checked in or not; not the waiting list or the
    cancelled. Events cancelled, unpublished, or not over before today are not held."""
    registrations(event_on(date(2024, 3, 10)), confirmed=2, checked_in=1, waitlisted=1, cancelled=1)
    registrations(event_on(date(2025, 2, 1)), confirmed=2)
    registrations(event_on(date(2025, 2, 10), cancelled_at=timezone.now()), confirmed=4)
    registrations(event_on(date(2025, 3, 1), published=False), confirmed=1)
    registrations(event_on(TODAY), confirmed=5)
    event_on(date(2022, 9, 1))

    by_year = figures.events_by_year(TODAY)

    assert by_year == [
        EventYear(2022, 1, 0),
        EventYear(2023, 0, 0),
        EventYear(2024, 1, 3),
        EventYear(2025, 1, 2),
    ]


def test_visits_per_month_over_the_last_twelve_months_count_arrivals_only():
    hubs = hubs_and_members()
    home, host = hubs["oslo_10"], hubs["vestland_30"]
    for day in (date(2024, 6, 30), date(2024, 7, 1), date(2025, 1, 10), date(2025, 6, 10)):
        arrived(home, host, day)
    arrived(host, home, date(2025, 1, 20))
    arrived(home, host, date(2025, 1, 21), status=Visit.Status.NO_SHOW)
    arrived(home, host, date(2025, 1, 22), status=Visit.Status.CONFIRMED)
    arrived(home, host, date(2025, 1, 23), status=Visit.Status.CANCELLED)

    by_month = figures.visits_by_month(TODAY)

    assert [month for month, _n in by_month] == [date(2024, m, 1) for m in range(7, 13)] + [
        date(2025, m, 1) for m in range(1, 7)
    ]
    assert {month: n for month, n in by_month if n} == {
        date(2024, 7, 1): 1, date(2025, 1, 1): 2, date(2025, 6, 1): 1,
    }  # fmt: skip


def test_the_page_s_figures_hold_the_year_s_hosted_and_sent_balance_and_the_library():
    hubs = hubs_and_members()
    oslo, vestland = hubs["oslo_10"], hubs["vestland_30"]
    arrived(oslo, vestland, date(2025, 2, 3))
    arrived(oslo, vestland, date(2025, 2, 4))
    arrived(vestland, oslo, date(2025, 3, 3))
    arrived(vestland, oslo, date(2024, 3, 3))

    page = figures.network_figures(TODAY)

    assert page["balance"] == [LedgerRow(oslo, 1, 2), LedgerRow(vestland, 2, 1)]
    assert page["totals"]["hubs"] == 3
    assert page["resources"] == 0
    assert page["survey"] is None
