"""One account's undecided applications under concurrent sending, on PostgreSQL: two sent at the
same instant are counted one after the other. SQLite runs one writer at a time, so the race
cannot happen there and these tests are skipped."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from members.models import MembershipApplication
from members.services import application_submit
from tests.concurrency import in_two_threads
from tests.factories import UserFactory, application_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"),
]

NUMBERS = ["974760673", "923609016"]


def test_two_applications_sent_at_once_by_one_account_leave_one_under_review():
    for _ in range(5):
        applicant = UserFactory()

        def submit(number, barrier, applicant=applicant):
            barrier.wait()
            return application_submit(
                applicant=applicant, data=application_data(organisation_number=number)
            )

        results = in_two_threads(submit, NUMBERS)
        assert sum(isinstance(result, ValidationError) for result in results) == 1, results
        assert applicant.applications.filter(status="submitted").count() == 1
        MembershipApplication.objects.update(status="withdrawn")


def test_negative_control_counting_without_the_lock_lets_both_in():
    applicant = UserFactory()

    def submit_unlocked(number, barrier):
        with transaction.atomic():
            under_review = applicant.applications.filter(status="submitted").count()
            barrier.wait()
            if under_review == 0:
                MembershipApplication.objects.create(
                    applicant=applicant, **application_data(organisation_number=number)
                )

    in_two_threads(submit_unlocked, NUMBERS)
    assert applicant.applications.filter(status="submitted").count() == 2
