"""A person's account is deleted: their upcoming visits are called off and the host is told; the
visits kept for the ledger lose the name and what was shared, and still count."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import HubManagerFactory, VisitFactory
from visits.models import Visit
from visits.selectors import ledger

pytestmark = pytest.mark.django_db


def test_deleting_an_account_calls_off_upcoming_visits_and_forgets_the_name(
    django_capture_on_commit_callbacks,
):
    past_day = timezone.localdate() - timedelta(days=10)
    past = VisitFactory(
        date=past_day,
        status=Visit.Status.ARRIVED,
        visitor_name="Kari Gjest",
        share_email=True,
        phone="+47 900 00 000",
        message="Jeg kommer med tog.",
    )
    coming = VisitFactory(visitor=past.visitor, home_hub=past.home_hub, visitor_name="Kari Gjest")
    HubManagerFactory(hub=coming.host, user__email="vert@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        past.visitor.delete()

    rows = list(
        Visit.objects.order_by("date").values_list(
            "visitor", "visitor_name", "share_email", "phone", "message", "status"
        )
    )
    assert rows == [
        (None, "—", False, "", "", "arrived"),
        (None, "—", False, "", "", "cancelled"),
    ]
    assert [message.to for message in mail.outbox] == [["vert@example.org"]]
    assert "Kari Gjest" not in mail.outbox[0].body
    hosted = {row.hub.pk: (row.hosted, row.sent) for row in ledger(past_day.year)}
    assert hosted[past.host.pk] == (1, 0)
    assert hosted[past.home_hub.pk] == (0, 1)
