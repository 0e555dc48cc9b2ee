"""The events' pages: public (list, event, registration, calendars), Min side, the door."""
