"""Compile the catalogues under locale/ to .mo files, and with --check say what is not Norwegian.

Compiling is pure Python (polib), so running the portal never needs GNU gettext. --check reads the
code with GNU gettext's xgettext, as makemessages does, but into memory: locale/ is never written
except for the .mo files."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation.template import templatize

LANGUAGE = "nb"
# What makemessages reads of the portal (docs/translations.md): everything but these folders.
IGNORED_FOLDERS = {".venv", "tools", "var", "tests", "bench", "node_modules", "static"}
TEMPLATE_SUFFIXES = {".html", ".txt"}
# The portal's own scripts, read for the djangojs catalogue.
SCRIPTS = "static/js"
XGETTEXT_KEYWORDS = [
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
]
# The admin's messages. Django's English catalogues list every message of the Django installed;
# simple-history ships none, so its code and templates are read.
ADMIN_CATALOGUES = [
    ("django", "contrib/admin"),
    ("djangojs", "contrib/admin"),
    ("django", "contrib/auth"),
    ("django", "contrib/contenttypes"),
    ("django", "conf"),
]
ADMIN_PACKAGES = ["simple_history"]
NO_GETTEXT = (
    "translations --check reads the code with GNU gettext's xgettext, which is not installed "
    "(Debian: apt-get install gettext)."
)

type Key = tuple[str, str]  # (context, message)


class Command(BaseCommand):
    help = (
        "Compile the .po files under locale/ to .mo files (pure Python, no GNU gettext needed); "
        "with --check, fail when a message is untranslated or fuzzy, when the code or templates "
        "mark a message the catalogue lacks, or when the admin shows one no Norwegian catalogue "
        "translates (needs xgettext)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="fail on incomplete translations")

    def handle(self, *args, check: bool = False, **options) -> None:
        locale = Path(settings.LOCALE_PATHS[0])
        problems = []
        for po_path in sorted(locale.glob("*/LC_MESSAGES/*.po")):
            catalogue = polib.pofile(str(po_path))
            problems += [
                f"{po_path}: untranslated: {e.msgid!r}" for e in catalogue.untranslated_entries()
            ]
            problems += [f"{po_path}: fuzzy: {e.msgid!r}" for e in catalogue.fuzzy_entries()]
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            if options["verbosity"] > 1:
                self.stdout.write(f"{po_path}: {catalogue.percent_translated()} % translated")
        if not check:
            return
        if shutil.which("xgettext") is None:
            raise CommandError(NO_GETTEXT)
        problems += unextracted_problems(Path(settings.BASE_DIR), locale)
        problems += admin_problems(locale)
        if problems:
            raise CommandError("Incomplete translations:\n" + "\n".join(problems))


def unextracted_problems(root: Path, locale: Path) -> list[str]:
    """The messages the portal's code and templates mark that its catalogues lack: makemessages
    was not run after they were written, or could not see them."""
    problems = []
    for domain, sources in (("django", portal_sources(root)), ("djangojs", portal_scripts(root))):
        po_path = locale / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"
        known = catalogue_keys(po_path, translated_only=False)
        for key, where in extracted(sources, domain=domain).items():
            if key not in known:
                problems.append(f"{where}: {key[1]!r} is not in {po_path}")
    return problems


def admin_problems(locale: Path) -> list[str]:
    """The admin's messages (Django's, simple-history's) that neither the Norwegian catalogues
    they ship nor the portal's translate: English on a Norwegian admin page."""
    problems = []
    for domain, wanted in admin_messages().items():
        translated = shipped_translations(domain) | catalogue_keys(
            locale / LANGUAGE / "LC_MESSAGES" / f"{domain}.po", translated_only=True
        )
        problems += [
            f"{where}: {key[1]!r} has no Norwegian translation; add it to "
            f"{locale / LANGUAGE / 'LC_MESSAGES' / f'{domain}.po'}"
            for key, where in wanted.items()
            if key not in translated
        ]
    return problems


def admin_messages() -> dict[str, dict[Key, str]]:
    django_root = Path(apps.get_app_config("admin").path).parent.parent
    messages: dict[str, dict[Key, str]] = {"django": {}, "djangojs": {}}
    for domain, part in ADMIN_CATALOGUES:
        po_path = django_root / part / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        for entry in polib.pofile(str(po_path)):
            if entry.msgid and not entry.obsolete:
                messages[domain].setdefault(key_of(entry), f"django/{part}")
    for label in ADMIN_PACKAGES:
        package = Path(apps.get_app_config(label).path)
        sources = [path for path in package.rglob("*") if _is_source(path, package)]
        for key, where in extracted(sources, domain="django").items():
            messages["django"].setdefault(key, where)
    return messages


def shipped_translations(domain: str) -> set[Key]:
    """What the Norwegian catalogues of Django and the installed apps translate."""
    folders = [Path(apps.get_app_config("admin").path).parent.parent / "conf" / "locale"]
    folders += [Path(config.path) / "locale" for config in apps.get_app_configs()]
    keys: set[Key] = set()
    for folder in folders:
        mo_path = folder / LANGUAGE / "LC_MESSAGES" / f"{domain}.mo"
        if mo_path.is_file():
            keys |= {key_of(entry) for entry in polib.mofile(str(mo_path)) if entry.msgid}
    return keys


def catalogue_keys(po_path: Path, *, translated_only: bool) -> set[Key]:
    if not po_path.is_file():
        return set()
    return {
        key_of(entry)
        for entry in polib.pofile(str(po_path))
        if not entry.obsolete and (entry.translated() or not translated_only)
    }


def key_of(entry) -> Key:
    return (entry.msgctxt or "", entry.msgid)


def portal_sources(root: Path) -> list[Path]:
    return [path for path in sorted(root.rglob("*")) if _is_source(path, root)]


def portal_scripts(root: Path) -> list[Path]:
    return sorted((root / SCRIPTS).rglob("*.js"))


def _is_source(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    if any(part in IGNORED_FOLDERS or part.startswith(".") for part in parts[:-1]):
        return False
    return path.is_file() and (path.suffix == ".py" or path.suffix in TEMPLATE_SUFFIXES)


def extracted(sources: list[Path], *, domain: str) -> dict[Key, str]:
    """{message: where it was first found} in the files, read as makemessages reads them:
    templates turned into Python by Django's templatize, then xgettext."""
    if not sources:
        return {}
    with tempfile.TemporaryDirectory() as work:
        inputs, origins = _inputs(sources, Path(work), domain=domain)
        language = "JavaScript" if domain == "djangojs" else "Python"
        command = ["xgettext", f"--language={language}", "--from-code=UTF-8", "--output=-"]
        command += XGETTEXT_KEYWORDS + inputs
        # The command is fixed; the inputs are the files read.
        run = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if run.returncode != 0:
        raise CommandError(f"xgettext failed:\n{run.stderr}")
    found: dict[Key, str] = {}
    for entry in polib.pofile(run.stdout) if run.stdout else []:
        if entry.msgid:
            file = entry.occurrences[0][0] if entry.occurrences else ""
            found[key_of(entry)] = origins.get(file, file)
    return found


def _inputs(sources: list[Path], work: Path, *, domain: str) -> tuple[list[str], dict[str, str]]:
    """The files for xgettext (each template as Python, in `work`) and what each stands for."""
    inputs, origins = [], {}
    for number, source in enumerate(sources):
        path = str(source)
        if domain == "django" and source.suffix in TEMPLATE_SUFFIXES:
            path = str(work / f"{number}.py")
            Path(path).write_text(
                templatize(source.read_text(encoding="utf-8"), origin=str(source))
            )
        inputs.append(path)
        origins[path] = str(source)
    return inputs, origins
