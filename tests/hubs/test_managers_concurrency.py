"""The last manager under concurrent removals, on PostgreSQL: two managers of a hub removing each
other at the same instant must leave one of them. SQLite runs one writer at a time, so the race
cannot happen there and these tests are skipped."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from hubs.models import HubManager
from hubs.services import hub_manager_remove
from tests.concurrency import in_two_threads
from tests.factories import HubFactory, HubManagerFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"),
]

ROUNDS = 10


def two_managers() -> list[HubManager]:
    hub = HubFactory()
    return [HubManagerFactory(hub=hub) for _ in range(2)]


def test_two_managers_removing_each_other_at_once_leave_one():
    for _ in range(ROUNDS):
        managers = two_managers()
        pairs = [(managers[1], managers[0].user), (managers[0], managers[1].user)]

        def remove(pair, barrier):
            manager, by = pair
            barrier.wait()
            return hub_manager_remove(manager=manager, by=by)

        results = in_two_threads(remove, pairs)
        refused = [r for r in results if isinstance(r, ValidationError)]
        assert len(refused) == 1, results
        assert HubManager.objects.filter(hub=managers[0].hub).count() == 1


def test_negative_control_counting_without_the_lock_leaves_no_manager():
    """The rule without the hub's lock: both removals see the other manager before either deletes,
    and the hub is left without one."""
    managers = two_managers()

    def remove_unlocked(manager, barrier):
        with transaction.atomic():
            others = HubManager.objects.filter(hub_id=manager.hub_id).exclude(pk=manager.pk)
            exists = others.exists()
            barrier.wait()
            if exists:
                HubManager.objects.filter(pk=manager.pk).delete()

    in_two_threads(remove_unlocked, managers)
    assert not HubManager.objects.filter(hub=managers[0].hub).exists()
