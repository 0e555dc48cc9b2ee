from django.core.management.base import BaseCommand

from hubs.services import seed_reference_data


class Command(BaseCommand):
    help = "Load the founding hubs and the reference data. Safe to run again: it changes nothing."

    def handle(self, *args, **options) -> None:
        created = seed_reference_data()
        if options["verbosity"]:
            self.stdout.write(
                f"Seed: {created['hubs']} founding hubs and "
                f"{created['facilities']} facilities created."
            )
