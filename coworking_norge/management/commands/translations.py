from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Compile the .po files under locale/ to .mo files (pure Python, no GNU gettext needed); "
        "with --check, fail when any message is untranslated or fuzzy."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="fail on incomplete translations")

    def handle(self, *args, check: bool = False, **options) -> None:
        problems = []
        for po_path in sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/*.po")):
            catalogue = polib.pofile(str(po_path))
            problems += [
                f"{po_path}: untranslated: {e.msgid!r}" for e in catalogue.untranslated_entries()
            ]
            problems += [f"{po_path}: fuzzy: {e.msgid!r}" for e in catalogue.fuzzy_entries()]
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            if options["verbosity"] > 1:
                self.stdout.write(f"{po_path}: {catalogue.percent_translated()} % translated")
        if check and problems:
            raise CommandError("Incomplete translations:\n" + "\n".join(problems))
