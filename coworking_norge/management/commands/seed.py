from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string, module_has_submodule

from coworking_norge.secretariat import portal_app_labels


class Command(BaseCommand):
    help = (
        "Load the founding hubs, what public sources say about them, the library's founding "
        "reports, the international partners and the reference data. Safe to run again: it "
        "fills only what is empty and nobody has edited."
    )

    def handle(self, *args, **options) -> None:
        # Each app's own seed.py, in the order the apps build on each other, so that this
        # command imports none of them.
        for config in map(apps.get_app_config, portal_app_labels()):
            if module_has_submodule(config.module, "seed"):
                for line in import_string(f"{config.name}.seed.seed_create")():
                    if options["verbosity"]:
                        self.stdout.write(line)
