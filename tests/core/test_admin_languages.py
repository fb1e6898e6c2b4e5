"""The admin in the Process's languages: each text field says the language it is written in,
and what is not a sentence (an address, a file name, a checksum) keeps its own direction in
an Arabic page."""

import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import (
    PDF_BYTES,
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
)
from tests.html import form_data

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


def option_groups(page, name):
    """[(label, [option values])] of the select called `name`."""
    select = re.search(rf'<select name="{re.escape(name)}".*?</select>', page, re.S)
    assert select, f"no select {name}"
    groups = re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select.group(0), re.S)
    return [(label, re.findall(r'<option value="([^"]*)"', options)) for label, options in groups]


PROCESS_FIRST = ["en", "fr", "ar", "am", "ti", "so", "sw", "it", "de"]


def test_the_language_of_a_version_is_chosen_among_the_process_languages_first(
    secretariat_client,
):
    meeting = MeetingFactory()
    file = DocumentFileFactory(document=DocumentFactory(meeting=meeting), language="en")
    pages = {
        "files-1-language": f"/admin/documents/document/{file.document_id}/change/",
        "documents-0-language": "/admin/meetings/meeting/add/",
        "language": f"/admin/meetings/meeting/{meeting.pk}/upload-documents/",
    }
    for name, url in pages.items():
        groups = option_groups(secretariat_client.get(url).content.decode(), name)
        assert [label for label, _codes in groups] == [
            "Languages of the Process",
            "Other languages",
        ], url
        process, others = groups[0][1], groups[1][1]
        assert process == PROCESS_FIRST, url
        assert len(others) > 90 and not set(process) & set(others), url
    assert option_groups(
        secretariat_client.get(pages["files-1-language"]).content.decode(), "files-1-language"
    )[1][1][:3] == ["af", "sq", "ar-dz"]  # Afrikaans, Albanian, Algerian Arabic: by name


def test_a_version_in_tigrinya_is_saved_and_named(secretariat_client):
    file = DocumentFileFactory(language="en")
    page = secretariat_client.get(f"/admin/documents/document/{file.document_id}/change/")
    data = form_data(page, "document_form")
    data["files-1-language"] = "ti"
    data["files-1-upload"] = SimpleUploadedFile("conclusions-ti.pdf", PDF_BYTES)
    response = secretariat_client.post(
        f"/admin/documents/document/{file.document_id}/change/", data
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert file.document.files.get(language="ti").get_language_display() == "Tigrinya"
