"""The site is ready for translation: its strings are marked and the page says its language."""

import shutil

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="makemessages needs GNU gettext: apt-get install gettext",
)
def test_makemessages_finds_the_sites_strings(settings, tmp_path):
    settings.LOCALE_PATHS = [tmp_path]
    call_command("makemessages", locale=["fr"], verbosity=0, ignore_patterns=[".venv/*"])
    catalogue = (tmp_path / "fr" / "LC_MESSAGES" / "django.po").read_text()
    for text in [
        'msgid "Filter meetings"',  # a template
        'msgid "More filters"',  # an include
        'msgid "%(counter)s document"',  # a plural in a template
        'msgid_plural "Co-chairs"',  # a plural in code
        'msgid "Find a meeting by name"',  # a filter's label
    ]:
        assert text in catalogue


def test_the_page_names_the_active_language(client):
    assert '<html lang="en" dir="ltr">' in client.get("/").content.decode()
