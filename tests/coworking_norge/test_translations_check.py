"""`manage.py translations --check` catches text that escapes extraction: a message the code marks
that the catalogue lacks, and a message of the admin (Django's, simple-history's) that no Norwegian
catalogue translates. Compiling needs no GNU gettext; the check does, and says so."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from coworking_norge.management.commands.translations import admin_problems, unextracted_problems

needs_xgettext = pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext's xgettext is not installed"
)
PORTAL_LOCALE = Path(settings.LOCALE_PATHS[0])


def catalogue(locale: Path, *entries: tuple[str, str]) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "nb"}
    for msgid, msgstr in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path = locale / "nb" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    return path


@pytest.fixture
def project(tmp_path) -> Path:
    """A portal of two files: one message the catalogue holds, two it lacks."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "models.py").write_text(
        'from django.utils.translation import gettext_lazy as _\n\nA = _("Known")\n'
        'B = _("Marked in code")\n'
    )
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        "{% load i18n %}{% blocktranslate trimmed %}\n  Marked in a\n  template\n"
        "{% endblocktranslate %}"
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text('_("Only in a test")\n')
    catalogue(tmp_path / "locale", ("Known", "Kjent"))
    return tmp_path


@needs_xgettext
def test_messages_marked_in_code_and_templates_but_missing_from_the_catalogue_are_found(project):
    problems = unextracted_problems(project, project / "locale")
    po_path = project / "locale" / "nb" / "LC_MESSAGES" / "django.po"
    assert problems == [
        f"{project / 'app' / 'models.py'}: 'Marked in code' is not in {po_path}",
        f"{project / 'templates' / 'page.html'}: 'Marked in a template' is not in {po_path}",
    ]


@needs_xgettext
def test_the_check_fails_on_them(project, settings):
    settings.BASE_DIR = project
    settings.LOCALE_PATHS = [project / "locale"]
    with pytest.raises(CommandError, match="'Marked in a template' is not in"):
        call_command("translations", check=True)


@needs_xgettext
def test_admin_messages_no_norwegian_catalogue_translates_are_found(tmp_path):
    problems = admin_problems(catalogue(tmp_path / "locale").parent.parent.parent)
    missing = {problem.split(": ", 1)[1].split(" has no")[0] for problem in problems}
    # Django 6.1's and simple-history's, as the issue found them on the Norwegian pages.
    assert {"'Show counts'", "'Start typing to filter…'", "'Hide counts'"} <= missing
    assert "'Save'" not in missing  # Django's own Norwegian catalogue has it


@needs_xgettext
def test_the_portal_translates_every_admin_message():
    assert admin_problems(PORTAL_LOCALE) == []


def test_compiling_needs_no_gettext_but_the_check_says_it_does(monkeypatch, tmp_path, settings):
    catalogue(tmp_path / "locale", ("Known", "Kjent"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.setattr(shutil, "which", lambda name: None)
    call_command("translations")
    assert (tmp_path / "locale" / "nb" / "LC_MESSAGES" / "django.mo").is_file()
    with pytest.raises(CommandError, match="apt-get install gettext"):
        call_command("translations", check=True)
