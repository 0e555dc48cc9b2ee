"""Views, by audience."""
