"""The events as iCalendar (RFC 5545), in the active language: one event, or every upcoming one.
Each event keeps its UID for good and its SEQUENCE grows with every change a calendar should
pick up (events.services.event_save), so a subscriber's calendar updates the entry in place, and
a cancelled event stays in the feed as STATUS:CANCELLED until it is over."""

from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.models import Event, ProgrammeItem

PRODID = "-//Coworking Norge//Arrangementer//NO"
# The network's events happen in Norway: their times are written in its zone, with its VTIMEZONE.
OSLO = ZoneInfo("Europe/Oslo")


def calendar_events() -> QuerySet[Event]:
    """What /events.ics lists: every upcoming published event, the cancelled ones included, with
    what the calendar needs fetched alongside (a fixed number of queries)."""
    return Event.objects.upcoming().select_related("hub").prefetch_related("programme")


def event_calendar(event: Event) -> bytes:
    return events_calendar([event])


def events_calendar(events: Iterable[Event]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # Published for anyone to copy into their calendar, not an invitation to answer.
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Coworking Norge events"))
    stamp = timezone.now()
    for event in events:
        calendar.add_component(_vevent(event, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_uid(event: Event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "coworkingnorge.no"
    return f"event-{event.pk}@{host}"


def _vevent(event: Event, stamp) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", stamp)
    entry.add("dtstart", event.starts_at.astimezone(OSLO))
    entry.add("dtend", event.ends_at.astimezone(OSLO))
    entry.add("sequence", event.sequence)
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    entry.add("summary", event.title)
    entry.add("location", event_location(event))
    entry.add("url", settings.SITE_URL + event.get_absolute_url())
    entry.add("description", event_description(event))
    return entry


def event_location(event: Event) -> str:
    """The hub's name and address, the venue's, or "Online" for a webinar without either."""
    if event.hub is not None:
        hub = event.hub
        town = " ".join(part for part in (hub.postcode, hub.city) if part)
        return ", ".join(part for part in (hub.name, hub.address, town) if part)
    place = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    if place:
        return place
    return _("Online") if event.kind == Event.Kind.WEBINAR else ""


def event_description(event: Event) -> str:
    """The description; for a conference its programme after it, one item a line."""
    text = event.description or ""
    if event.kind != Event.Kind.CONFERENCE:
        return text
    items = list(event.programme.all())
    if not items:
        return text
    lines = [programme_line(event, item) for item in items]
    programme = "\n".join([_("Programme"), *lines])
    return f"{text}\n\n{programme}" if text else programme


def programme_line(event: Event, item: ProgrammeItem) -> str:
    """Time, title, speakers and room, between dashes; the date first when the event spans
    days."""
    starts = item.starts_at.astimezone(OSLO)
    when = formats.time_format(starts)
    if item.ends_at:
        when = f"{when}–{formats.time_format(item.ends_at.astimezone(OSLO))}"
    if _spans_days(event):
        when = f"{formats.date_format(starts, 'SHORT_DATE_FORMAT')} {when}"
    return " – ".join(part for part in (when, item.title, item.speakers, item.room) if part)


def _spans_days(event: Event) -> bool:
    return event.starts_at.astimezone(OSLO).date() != event.ends_at.astimezone(OSLO).date()


def calendar_filename(event: Event | None = None) -> str:
    return f"{event.slug}.ics" if event else "coworking-norge.ics"
