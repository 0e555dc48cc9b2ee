from django.core.management.base import BaseCommand

from events.services import feeds_import


class Command(BaseCommand):
    help = (
        "Import the member hubs' own public calendars (run it hourly). Exits 0 even when a "
        "calendar fails: that calendar keeps its events, and the error is shown to its hub."
    )

    def handle(self, *args, **options) -> None:
        report = feeds_import()
        if not report.enabled:
            self.stdout.write("Importing hub calendars is disabled (EVENTS_FEEDS_ENABLED is off).")
            return
        for outcome in report.outcomes:
            self.stdout.write(str(outcome))
        if not report.outcomes:
            self.stdout.write("No published hub has a calendar to import.")
