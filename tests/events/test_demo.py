"""The demo's events fall on working days, whatever day the demo is made on."""

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today", [date(2026, 12, 5), date(2026, 12, 6), date(2026, 12, 7)])
def test_the_demo_events_start_and_end_on_working_days(settings, monkeypatch, today):
    settings.DEBUG = True
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    call_command("demo", verbosity=0)
    events = list(Event.objects.all())
    assert len(events) >= 5
    for event in events:
        for moment in (event.starts_at, event.ends_at):
            assert timezone.localtime(moment).weekday() < 5, (event.slug, moment)
        assert event.ends_at > event.starts_at
