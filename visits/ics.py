"""A confirmed visit as iCalendar (RFC 5545), in the active language: an all-day event at the
host's address, with the pass's link, for the visitor's calendar. Its UID stays the visit's for
good, so a calendar that imports it again updates the entry rather than adding a second."""

from datetime import timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from hubs.models import Hub
from visits.models import HostSettings, Visit
from visits.passes import pass_url

PRODID = "-//Coworking Norge//Nettverkspass//NO"


def hub_location(hub: Hub) -> str:
    """The hub's name and address, as one line."""
    town = " ".join(part for part in (hub.postcode, hub.city) if part)
    return ", ".join(part for part in (hub.name, hub.address, town) if part)


def visit_uid(visit: Visit) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "coworkingnorge.no"
    return f"visit-{visit.pk}@{host}"


def visit_calendar(visit: Visit) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # A copy for the visitor's own calendar, not an invitation to answer.
    calendar.add("method", "PUBLISH")
    calendar.add_component(_vevent(visit))
    return calendar.to_ical()


def _vevent(visit: Visit) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", visit_uid(visit))
    entry.add("dtstamp", timezone.now())
    # A whole day: DTEND is exclusive, the day after.
    entry.add("dtstart", visit.date)
    entry.add("dtend", visit.date + timedelta(days=1))
    entry.add("transp", "TRANSPARENT")
    entry.add("status", "CONFIRMED" if visit.holds_desk else "CANCELLED")
    entry.add("summary", _("Network day at %(hub)s") % {"hub": visit.host.name})
    entry.add("location", hub_location(visit.host))
    entry.add("url", pass_url(visit))
    entry.add("description", _description(visit))
    return entry


def _description(visit: Visit) -> str:
    lines = [_("Your network pass: %(url)s") % {"url": pass_url(visit)}]
    hosting = HostSettings.objects.filter(hub=visit.host).first()
    if hosting and hosting.arrival_instructions:
        lines += ["", _("When you arrive"), hosting.arrival_instructions]
    return "\n".join(lines)
