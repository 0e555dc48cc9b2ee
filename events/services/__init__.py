"""Every write events make, by subject: registrations (the seats, locked in one place), the
events themselves (proposals, capacity, cancelling), tickets at the door and the hubs' calendars."""

from events.services.events import (
    event_cancel,
    event_capacity_change,
    event_propose,
    event_publish,
    event_save,
)
from events.services.feeds import feed_import, feeds_import, hub_feed_remove, hub_feed_set
from events.services.registrations import (
    MAX_ATTENDEES,
    Attendee,
    event_lock,
    registration_cancel,
    registration_check_in,
    registration_create,
)

__all__ = [
    "MAX_ATTENDEES",
    "Attendee",
    "event_cancel",
    "event_capacity_change",
    "event_lock",
    "event_propose",
    "event_publish",
    "event_save",
    "feed_import",
    "feeds_import",
    "hub_feed_remove",
    "hub_feed_set",
    "registration_cancel",
    "registration_check_in",
    "registration_create",
]
