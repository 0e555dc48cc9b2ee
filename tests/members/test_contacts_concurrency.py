"""The last admin contact under concurrent removals, on PostgreSQL: two admin contacts removing
each other at the same instant must leave one of them. SQLite runs one writer at a time, so the
race cannot happen there and these tests are skipped."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from members.models import OrganisationContact
from members.services import contact_remove
from tests.concurrency import in_two_threads
from tests.factories import OrganisationContactFactory, OrganisationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"),
]

ROUNDS = 10


def two_admins():
    organisation = OrganisationFactory()
    return [
        OrganisationContactFactory(organisation=organisation, role=OrganisationContact.Role.ADMIN)
        for _ in range(2)
    ]


def test_two_admins_removing_each_other_at_once_leave_one():
    for _ in range(ROUNDS):
        contacts = two_admins()

        def remove(contact, barrier):
            barrier.wait()
            return contact_remove(contact=contact)

        results = in_two_threads(remove, contacts)
        refused = [r for r in results if isinstance(r, ValidationError)]
        assert len(refused) == 1, results
        admins = OrganisationContact.objects.filter(
            organisation=contacts[0].organisation, role=OrganisationContact.Role.ADMIN
        )
        assert admins.count() == 1


def test_negative_control_counting_without_the_lock_leaves_no_admin():
    """The old rule, counting the admins without the organisation's lock: both removals read two
    admins before either deletes, and the organisation is left without one."""
    contacts = two_admins()

    def remove_unlocked(contact, barrier):
        with transaction.atomic():
            admins = OrganisationContact.objects.filter(
                organisation_id=contact.organisation_id, role=OrganisationContact.Role.ADMIN
            ).count()
            barrier.wait()
            if admins > 1:
                OrganisationContact.objects.filter(pk=contact.pk).delete()

    in_two_threads(remove_unlocked, contacts)
    assert not OrganisationContact.objects.filter(organisation=contacts[0].organisation).exists()
