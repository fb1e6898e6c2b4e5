"""The interface is in English, French and Arabic: every string is marked, every message of the
catalogues in locale/ is translated, and the catalogues hold every message the code has."""

import datetime
import re
import shlex
import shutil
import subprocess
from contextlib import chdir
from pathlib import Path

import django
import polib
import pytest
from django import forms
from django.conf import settings as project_settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "ar"]
needs_gettext = pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("make") is None,
    reason="`make messages` needs make and GNU gettext: apt-get install make gettext",
)
ROOT = Path(project_settings.BASE_DIR)

# %(name)s, %(count)d, %(code)04X, and the unnamed %s and %d.
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifxXr]")
# A plural form may leave out the number it counts ("وثيقتان", two documents; "Its document").
COUNTS = {"%(counter)", "%(count)"}


def catalogue(language, locale_path=None):
    """The committed catalogue of a language, or the one under another locale folder."""
    locale_path = locale_path or project_settings.LOCALE_PATHS[0]
    return polib.pofile(str(Path(locale_path) / language / "LC_MESSAGES" / "django.po"))


def key(entry):
    return f"[{entry.msgctxt}] {entry.msgid}" if entry.msgctxt else entry.msgid


def placeholders(text):
    return sorted(
        f"%({match[1]})" if match[1] else match[0] for match in PLACEHOLDER.finditer(text)
    )


# makemessages writes temporary copies beside the sources (page.html.py) and deletes them:
# two runs at once, on two workers, delete each other's. One worker runs them in turn.
one_makemessages_at_a_time = pytest.mark.xdist_group("makemessages")


# What makemessages is told to ignore anyway, and what holds no source: not copied.
NOT_COPIED = {"locale", "media", "docs", "bench", "tests", "node_modules", "staticfiles"}


def make_messages(site, locale):
    """Run the makemessages of `make messages`, with the Makefile's options, on the site's code
    copied into `site`, beside `locale`, the catalogues it updates.

    From the site's own folder, makemessages would update the catalogues of its `locale`.
    """
    recipe = subprocess.run(
        ["make", "--dry-run", "messages"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    command = next(shlex.split(line) for line in recipe.splitlines() if " makemessages " in line)
    options = command[command.index("makemessages") + 1 :]
    # A copy, not links: makemessages writes its temporary copies (page.html.py) beside the
    # sources, where another checkout's run or an editor could meet them.
    site.mkdir()
    for path in ROOT.iterdir():
        if path.name in NOT_COPIED or path.name.startswith("."):
            continue
        if path.is_dir():
            shutil.copytree(path, site / path.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(path, site / path.name)
    (site / "locale").symlink_to(locale)
    with override_settings(LOCALE_PATHS=[locale]), chdir(site):
        call_command("makemessages", *options, verbosity=0)


@needs_gettext
@one_makemessages_at_a_time
def test_make_messages_finds_the_sites_strings(tmp_path):
    make_messages(tmp_path / "site", tmp_path / "locale")
    catalogue = (tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po").read_text()
    for text in [
        'msgid "Filter meetings"',  # a template
        'msgid "More filters"',  # an include
        'msgid "%(counter)s document"',  # a plural in a template
        'msgid_plural "Co-chairs"',  # a plural in code
        'msgid "Find a meeting by name"',  # a filter's label
    ]:
        assert text in catalogue
    # Only the site's own code: not the virtual environment's packages, nor the tests; each
    # message's files without their lines.
    assert "#: .venv/" not in catalogue
    assert "#: tests/" not in catalogue
    assert "#: templates/base.html " in catalogue
    assert not re.search(r"^#: .*:[0-9]", catalogue, re.MULTILINE)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    entries = catalogue(language)
    untranslated = [key(entry) for entry in entries.untranslated_entries()]
    fuzzy = [key(entry) for entry in entries.fuzzy_entries()]
    assert not untranslated, f"Untranslated in locale/{language}: {untranslated}"
    assert not fuzzy, f"Fuzzy (check, then remove the flag) in locale/{language}: {fuzzy}"
    assert not entries.metadata_is_fuzzy
    assert len(entries) > 500


def test_the_arabic_catalogue_has_djangos_six_plural_forms():
    djangos = Path(django.__file__).parent / "conf" / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    expected = polib.pofile(str(djangos)).metadata["Plural-Forms"]
    entries = catalogue("ar")
    assert entries.metadata["Plural-Forms"] == expected
    for entry in entries:
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == 6, key(entry)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    wrong = []
    for entry in catalogue(language):
        if not entry.msgid_plural:
            if placeholders(entry.msgstr) != placeholders(entry.msgid):
                wrong.append((entry.msgid, entry.msgstr))
            continue
        english = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural))
        unnamed = [name for name in placeholders(entry.msgid_plural) if "(" not in name]
        for form in entry.msgstr_plural.values():
            found = placeholders(form)
            # Every form is formatted with the same values: each needs all the unnamed ones
            # (%d), and may leave out a named one only if it is the number counted.
            if (
                set(found) - english
                or [name for name in found if "(" not in name] != unnamed
                or english - set(found) - COUNTS
            ):
                wrong.append((entry.msgid, form))
    assert not wrong, wrong


@needs_gettext
@one_makemessages_at_a_time
def test_the_catalogues_hold_every_message_of_the_code(tmp_path):
    """Fails when code or a template has a message that `make messages` has not yet added."""
    committed = Path(project_settings.LOCALE_PATHS[0])
    shutil.copytree(committed, tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    make_messages(tmp_path / "site", tmp_path / "locale")
    for language in LANGUAGES:
        in_code = {key(entry) for entry in catalogue(language, tmp_path / "locale")}
        in_catalogue = {key(entry) for entry in catalogue(language, committed)}
        missing = sorted(in_code - in_catalogue)
        gone = sorted(in_catalogue - in_code)
        assert not missing, f"Run `make messages` and translate, for locale/{language}: {missing}"
        assert not gone, f"No longer in the code; run `make messages` to drop: {gone}"


def messages(entries):
    """{(context, message, plural): its translation, or {form: translation}}."""
    return {
        (entry.msgctxt, entry.msgid, entry.msgid_plural): dict(entry.msgstr_plural) or entry.msgstr
        for entry in entries
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_compiled_catalogue_is_its_source_compiled(language):
    """The site reads the .mo: a .po translated but not compiled would not show."""
    folder = Path(project_settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES"
    source = polib.pofile(str(folder / "django.po"))
    compiled = polib.mofile(str(folder / "django.mo"))
    expected, found = messages(source.translated_entries()), messages(compiled)
    stale = sorted(
        str(key) for key in expected.keys() | found.keys() if expected.get(key) != found.get(key)
    )
    assert not stale, (
        f"Run `make compile` and commit locale/{language}/LC_MESSAGES/django.mo: {stale}"
    )
    assert compiled.metadata["Plural-Forms"] == source.metadata["Plural-Forms"]


def test_the_page_names_the_active_language(client):
    assert '<html lang="en" dir="ltr">' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "language, opening, texts",
    [
        (
            "fr",
            '<html lang="fr" dir="ltr">',
            ["Aller au contenu principal", "Processus de Khartoum"],
        ),
        (
            "ar",
            '<html lang="ar" dir="rtl">',
            ["الانتقال إلى المحتوى الرئيسي", "عملية الخرطوم"],
        ),
    ],
)
def test_a_visitor_reads_the_interface_in_their_language(client, language, opening, texts):
    """Each language's address shows its interface (the compiled catalogues: `make compile`)."""
    page = client.get(f"/{language}/meetings/").content.decode()
    assert opening in page
    for text in texts:
        assert text in page
    assert "Skip to main content" not in page


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_dates_are_typed_day_first_in_every_language(language):
    """As the admin's hint says in each language: YYYY-MM-DD, or DD/MM/YYYY."""
    with translation.override(language):
        assert forms.DateField().clean("03/04/2018") == datetime.date(2018, 4, 3)
        assert forms.DateField().clean("2018-04-03") == datetime.date(2018, 4, 3)
