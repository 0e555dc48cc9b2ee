"""The events as iCalendar files: one event (/events/<slug>.ics) and every upcoming one
(/events.ics, for subscribing), in the language of the address (/en/… in English)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from events.ics import calendar_events, calendar_filename, event_calendar, events_calendar
from events.models import Event


@require_safe
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(
        Event.objects.public().select_related("hub").prefetch_related("programme"), slug=slug
    )
    return _calendar_response(event_calendar(event), calendar_filename(event))


@require_safe
def events_ics(request: HttpRequest) -> HttpResponse:
    return _calendar_response(events_calendar(calendar_events()), calendar_filename())


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
