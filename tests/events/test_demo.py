"""The demo's events fall on working days, whatever day the demo is made on."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event, ProgrammeItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today", [date(2026, 12, 1) + timedelta(days=n) for n in range(7)])
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
        for item in ProgrammeItem.objects.filter(event=event):
            assert event.starts_at <= item.starts_at < event.ends_at, (event.slug, item.title_en)
    conference = Event.objects.get(kind=Event.Kind.CONFERENCE)
    start, end = timezone.localtime(conference.starts_at), timezone.localtime(conference.ends_at)
    assert (end.date() - start.date()).days == 1  # two days in a row, as its text says
    first = ProgrammeItem.objects.filter(event=conference).order_by("starts_at").first()
    assert first.title_en == "Welcome to Lillehammer"
