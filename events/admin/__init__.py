"""The secretariat's events admin, by subject: events with their programme, participant lists,
badges and the door; registrations; the hubs' imported calendars; and the front page's to-do
item for events proposed by hub managers."""

from events.admin import events, feeds, registrations, todo

__all__ = ["events", "feeds", "registrations", "todo"]
