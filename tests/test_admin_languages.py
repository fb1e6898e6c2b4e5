"""The admin in the Process's languages: each text field says the language it is written in,
and what is not a sentence (an address, a file name, a checksum) keeps its own direction in
an Arabic page."""

import re

import pytest
from django.conf import settings

from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


def field_tag(page, name):
    """The <input> or <textarea> tag of the field called `name`."""
    match = re.search(rf'<(?:input|textarea)\b[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    assert match, f"no field {name}"
    return match.group(0)


@pytest.fixture
def arabic_admin(secretariat_client):
    secretariat_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    return secretariat_client


@pytest.fixture
def asmara():
    meeting = MeetingFactory(
        title="Thematic Meeting on return in Asmara", slug="2018-10-asmara-thematic-meeting"
    )
    ConclusionFactory(meeting=meeting, text="Returns are voluntary.")
    meeting.slug = "2018-10-asmara-thematic-meeting-on-return"
    meeting.save()  # the first address is kept as a previous one
    return meeting


def test_the_english_texts_are_marked_english_in_an_arabic_admin(arabic_admin, asmara):
    document = DocumentFactory(meeting=asmara, title="Chair's conclusions")
    page = arabic_admin.get(f"/admin/meetings/meeting/{asmara.pk}/change/").content.decode()
    for name in ["title", "summary", "body", "conclusions-0-text", "documents-0-title"]:
        assert 'lang="en" dir="ltr"' in field_tag(page, name), name
    assert 'lang="fr" dir="ltr"' in field_tag(page, "title_fr")
    assert 'lang="ar" dir="rtl"' in field_tag(page, "title_ar")

    page = arabic_admin.get(f"/admin/documents/document/{document.pk}/change/").content.decode()
    for name in ["title", "description"]:
        assert 'lang="en" dir="ltr"' in field_tag(page, name), name


def test_addresses_file_names_and_checksums_are_isolated_in_an_arabic_admin(arabic_admin, asmara):
    document = DocumentFactory(meeting=asmara)
    file = DocumentFileFactory(
        document=document,
        original_name="2018-10 Asmara conclusions.pdf",
        public_name="2018-10-asmara-conclusions-en.pdf",
    )

    page = arabic_admin.get(f"/admin/meetings/meeting/{asmara.pk}/change/").content.decode()
    assert "<bdi><code>2018-10-asmara-thematic-meeting</code></bdi>" in page
    assert "EN: <bdi>2018-10-asmara-conclusions-en.pdf</bdi>" in page

    page = arabic_admin.get(f"/admin/documents/document/{document.pk}/change/").content.decode()
    assert "<bdi>2018-10-asmara-conclusions-en.pdf</bdi></a>" in page
    assert "<bdi>2018-10 Asmara conclusions.pdf</bdi>" in page
    assert f'<code dir="ltr">{file.sha256}</code>' in page
