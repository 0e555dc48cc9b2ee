from django.core.management.base import BaseCommand

from hubs.services import seed_reference_data


class Command(BaseCommand):
    help = (
        "Load the founding hubs, what public sources say about them, and the reference data. "
        "Safe to run again: it fills only what is empty and nobody has edited."
    )

    def handle(self, *args, **options) -> None:
        created = seed_reference_data()
        if options["verbosity"]:
            self.stdout.write(
                f"Seed: {created['hubs']} founding hubs and "
                f"{created['facilities']} facilities created, "
                f"{created['facts']} public facts filled in."
            )
