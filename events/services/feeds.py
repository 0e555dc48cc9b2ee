"""The hubs' own calendars: a manager sets or removes their hub's feed, and the hourly import
(`manage.py import_hub_feeds`) replaces each feed's events with what the calendar says now.

The network is never waited on inside a transaction: a feed is fetched and read first, then its
events are replaced in one short transaction. A failed fetch keeps the events of the last good
one and records why it failed."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coworking_norge import fragments
from events import feeds
from events.models import FeedEvent, HubFeed
from events.services.registrations import CACHE_SCOPE

FIELDS = ("title", "starts_at", "ends_at", "location", "url", "description")


def hub_feed_set(*, hub, url: str, by) -> HubFeed:
    """Saves the hub's calendar address once it is public: http(s), no password in it, and a
    name that resolves to a public address. A new address starts afresh."""
    try:
        feeds.check_url_and_host(url)
    except feeds.FeedError as error:
        raise ValidationError({"url": error.text}, code="refused") from None
    with transaction.atomic():
        feed = HubFeed.objects.select_for_update().filter(hub=hub).first() or HubFeed(hub=hub)
        if feed.pk and feed.url == url:
            return feed
        feed.url, feed.added_by, feed.fetched_at, feed.last_error = url, by, None, ""
        feed.full_clean()
        feed.save()
        if feed.events.all().delete()[0]:
            fragments.invalidate(CACHE_SCOPE)
    return feed


@transaction.atomic
def hub_feed_remove(*, hub, by) -> None:
    """Stops importing the hub's calendar; its events leave the portal with it."""
    removed, _ = HubFeed.objects.filter(hub=hub).delete()
    if removed:
        fragments.invalidate(CACHE_SCOPE)


@dataclass
class FeedOutcome:
    feed: HubFeed
    error: str = ""  # the FeedError's message (English; translate when shown)
    kept: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0

    def __str__(self) -> str:
        if self.error:
            return f"{self.feed.hub}: failed, events kept: {self.error}"
        return (
            f"{self.feed.hub}: {self.kept} events ({self.added} new, {self.changed} changed, "
            f"{self.removed} removed)"
        )


@dataclass
class ImportReport:
    enabled: bool
    outcomes: list[FeedOutcome] = field(default_factory=list)


def feeds_import(now: datetime | None = None) -> ImportReport:
    """Imports every published hub's calendar, one after the other; off unless
    EVENTS_FEEDS_ENABLED."""
    if not settings.EVENTS_FEEDS_ENABLED:
        return ImportReport(enabled=False)
    now = now or timezone.now()
    found = HubFeed.objects.filter(hub__is_published=True).select_related("hub")
    return ImportReport(enabled=True, outcomes=[feed_import(f, now=now) for f in found])


def feed_import(feed: HubFeed, now: datetime | None = None) -> FeedOutcome:
    """Fetches and reads one calendar, then replaces its events; a failure is recorded instead."""
    now = now or timezone.now()
    try:
        found = feeds.parse(feeds.fetch(feed.url), now)
    except feeds.FeedError as error:
        return _record_failure(feed, error.message, now)
    return _replace_events(feed, found, now)


@transaction.atomic
def _record_failure(feed: HubFeed, message: str, now: datetime) -> FeedOutcome:
    HubFeed.objects.filter(pk=feed.pk).update(fetched_at=now, last_error=message[:300])
    return FeedOutcome(feed=feed, error=message, kept=feed.events.count())


@transaction.atomic
def _replace_events(feed: HubFeed, found: list[dict], now: datetime) -> FeedOutcome:
    """Upserts by UID and deletes what the calendar no longer holds, in one transaction. Skipped
    when the address changed or the feed was removed while it was being fetched."""
    current = HubFeed.objects.select_for_update().filter(pk=feed.pk, url=feed.url).first()
    if current is None:
        return FeedOutcome(feed=feed)
    existing = {event.uid: event for event in current.events.all()}
    outcome = FeedOutcome(feed=current, kept=len(found))
    _upsert(current, existing, found, outcome)
    still = {values["uid"] for values in found}
    gone = [event.pk for uid, event in existing.items() if uid not in still]
    outcome.removed = FeedEvent.objects.filter(pk__in=gone).delete()[0]
    current.fetched_at, current.last_error = now, ""
    current.save(update_fields=["fetched_at", "last_error"])
    if outcome.added or outcome.changed or outcome.removed:
        fragments.invalidate(CACHE_SCOPE)
    return outcome


def _upsert(feed: HubFeed, existing: dict, found: list[dict], outcome: FeedOutcome) -> None:
    new, changed = [], []
    for values in found:
        event = existing.get(values["uid"])
        if event is None:
            new.append(FeedEvent(feed=feed, **values))
        elif any(getattr(event, name) != values[name] for name in FIELDS):
            for name in FIELDS:
                setattr(event, name, values[name])
            changed.append(event)
    new, changed = [e for e in new if _valid(e)], [e for e in changed if _valid(e)]
    FeedEvent.objects.bulk_create(new)
    FeedEvent.objects.bulk_update(changed, FIELDS)
    outcome.added, outcome.changed = len(new), len(changed)


def _valid(event: FeedEvent) -> bool:
    """The parser gives what the model takes; should a value still not fit, that event is left out
    rather than the whole calendar."""
    try:
        event.full_clean(exclude=["feed"], validate_unique=False, validate_constraints=False)
    except ValidationError:
        return False
    return True
