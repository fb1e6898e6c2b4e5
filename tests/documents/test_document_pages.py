import datetime
from http import HTTPStatus

import pytest

from core.publishing import Status
from documents.counting import record_download
from documents.models import Document
from tests.factories import (
    DocumentFactory,
    DocumentFileFactory,
    DocumentTypeFactory,
    MeetingFactory,
)
from tests.html import facet_counts, select_options

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents():
    malta = MeetingFactory(title="Valletta SOM", slug="malta-2017")
    addis = MeetingFactory(title="Addis SOM", slug="addis-2017")
    conclusions = DocumentTypeFactory(name="Joint conclusions", slug="joint-conclusions")
    report = DocumentTypeFactory(name="Analysis report", slug="analysis-report")
    joint = DocumentFactory(
        title="Joint conclusions",
        document_type=conclusions,
        meeting=malta,
        date=datetime.date(2017, 2, 9),
        adopted_on=datetime.date(2017, 2, 9),
        reference="JVAP-SOM-2017-01",
    )
    DocumentFileFactory(document=joint, language="en", original_name="joint-conclusions.pdf")
    DocumentFileFactory(document=joint, language="fr", original_name="conclusions-conjointes.pdf")
    analysis = DocumentFactory(
        title="Khartoum Process analysis report",
        document_type=report,
        meeting=malta,
        date=datetime.date(2017, 2, 8),
    )
    DocumentFileFactory(document=analysis, language="en")
    work_plan = DocumentFactory(
        title="Work plan 2016",
        document_type=report,
        meeting=addis,
        date=datetime.date(2016, 12, 16),
    )
    DocumentFileFactory(document=work_plan, language="en")
    DocumentFactory(title="Unfinished draft", document_type=report, status=Status.DRAFT)
    DocumentFactory(
        title="Paper of a draft meeting",
        document_type=report,
        meeting=MeetingFactory(status=Status.DRAFT),
    )
    return {"joint": joint, "analysis": analysis, "work_plan": work_plan}


def titles(response):
    """The titles of a list page's documents, in its order (the page holds their ids)."""
    ids = response.context["document_ids"]
    found = Document.objects.in_bulk(ids)
    return [found[pk].title for pk in ids]


def test_list_shows_published_documents_newest_first(client, documents):
    response = client.get("/documents/")
    assert titles(response) == [
        "Joint conclusions",
        "Khartoum Process analysis report",
        "Work plan 2016",
    ]
    content = response.content.decode()
    assert "Unfinished draft" not in content
    assert "Paper of a draft meeting" not in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=analysis-report", ["Khartoum Process analysis report", "Work plan 2016"]),
        ("year=2016", ["Work plan 2016"]),
        ("meeting=malta-2017", ["Joint conclusions", "Khartoum Process analysis report"]),
        ("language=fr", ["Joint conclusions"]),
        ("q=khartoum", ["Khartoum Process analysis report"]),
        ("reference=jvap", ["Joint conclusions"]),
        ("adopted_after=2017-01-01&adopted_before=2017-12-31", ["Joint conclusions"]),
        ("type=analysis-report&meeting=malta-2017", ["Khartoum Process analysis report"]),
        ("language=fr&year=2016", []),
    ],
)
def test_filters_alone_and_combined(client, documents, query, expected):
    response = client.get(f"/documents/?{query}")
    assert response.status_code == HTTPStatus.OK
    assert titles(response) == expected


def test_language_facet_counts_documents(client, documents):
    response = client.get("/documents/?meeting=malta-2017")
    assert facet_counts(response, "language") == {"en": 2, "fr": 1}
    assert [text for _value, text, _selected in select_options(response, "meeting")] == [
        "Addis SOM (1)",
        "Valletta SOM (2)",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "type=nonsense",
        "meeting=no-such-meeting",
        "language=xx",
        "adopted_after=soon",
        "adopted_after=2017-02-30",
        "adopted_before=9999-99-99",
    ],
)
def test_bad_values_get_a_message(client, documents, query):
    response = client.get(f"/documents/?{query}")
    assert response.status_code == HTTPStatus.OK
    assert response.context["filter_errors"]


def test_a_draft_meeting_is_no_filter_choice(client, documents):
    draft_meeting = MeetingFactory(status=Status.DRAFT, slug="secret")
    response = client.get(f"/documents/?meeting={draft_meeting.slug}")
    assert response.context["filter_errors"]


def test_document_page_offers_each_language(client, documents):
    response = client.get(documents["joint"].get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    pk = documents["joint"].pk
    assert f"/documents/{pk}/joint-conclusions.pdf" in content
    assert f"/documents/{pk}/conclusions-conjointes.pdf" in content
    assert "JVAP-SOM-2017-01" in content


def test_download_count_is_shown_only_where_enabled(client, documents):
    joint = documents["joint"]
    record_download(joint.files.get(language="en"))
    record_download(joint.files.get(language="fr"))
    assert "Downloaded 2 times" not in client.get(joint.get_absolute_url()).content.decode()
    joint.show_download_count = True
    joint.save()
    assert "Downloaded 2 times" in client.get(joint.get_absolute_url()).content.decode()


def test_draft_document_pages_are_404_for_visitors(client, admin_client):
    draft = DocumentFactory(status=Status.DRAFT)
    of_draft_meeting = DocumentFactory(meeting=MeetingFactory(status=Status.DRAFT))
    for document in (draft, of_draft_meeting):
        assert client.get(document.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
        assert admin_client.get(document.get_absolute_url()).status_code == HTTPStatus.OK


def test_unknown_document_id_is_404(client):
    assert client.get("/documents/999999/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/documents/abc/").status_code == HTTPStatus.NOT_FOUND


def test_document_page_shows_each_file_checksum(client, documents):
    joint = documents["joint"]
    content = client.get(joint.get_absolute_url()).content.decode()
    for file in joint.files.all():
        assert file.sha256 in content


def test_upload_times_are_machine_readable_without_microseconds(client, documents):
    """HTML allows at most three digits of a second in a datetime attribute."""
    joint = documents["joint"]
    joint.files.update(
        uploaded_at=datetime.datetime(2026, 11, 28, 10, 28, 31, 398808, datetime.UTC)
    )
    content = client.get(joint.get_absolute_url()).content.decode()
    assert content.count('<time datetime="2026-11-28T10:28:31+0000">28 November 2026</time>') == 2


@pytest.mark.parametrize("name", ["%00.pdf", "a%00b.pdf", "%ff%fe.pdf", "x" * 300 + ".pdf"])
def test_odd_file_names_in_the_address_are_a_404(client, documents, name):
    response = client.get(f"/documents/{documents['joint'].pk}/{name}")
    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "query", ["q=%00", "reference=a%00b", "type=%00", "meeting=%00", "q=" + "a" * 5000]
)
def test_odd_search_text_is_answered_without_error(client, documents, query):
    assert client.get(f"/documents/?{query}").status_code == HTTPStatus.OK
    assert client.get(f"/meetings/?{query}").status_code == HTTPStatus.OK


def test_the_meeting_choice_lists_the_ten_most_used_and_a_field_finds_the_others(client):
    for number in range(12):
        meeting = MeetingFactory(title=f"Meeting in Town {number:02}", slug=f"town-{number:02}")
        for _ in range(number + 1):  # Town 11 has the most documents, Town 00 the fewest
            DocumentFactory(meeting=meeting)
    response = client.get("/documents/")
    listed = [value for value, _text, _selected in select_options(response, "meeting")]
    assert sorted(listed) == [f"town-{number:02}" for number in range(2, 12)]
    assert 'name="meeting_name"' in response.content.decode()

    narrowed = client.get("/documents/?meeting_name=town+00")
    assert select_options(narrowed, "meeting") == [("town-00", "Meeting in Town 00 (1)", False)]
    assert len(narrowed.context["document_ids"]) == 1


def test_a_chosen_meeting_outside_the_ten_stays_chosen_with_its_count(client):
    for number in range(12):
        meeting = MeetingFactory(title=f"Meeting in Town {number:02}", slug=f"town-{number:02}")
        for _ in range(number + 1):
            DocumentFactory(meeting=meeting)
    response = client.get("/documents/?meeting=town-00")
    assert ("town-00", "Meeting in Town 00 (1)", True) in select_options(response, "meeting")


def test_a_few_meetings_need_no_field_to_find_them(client, documents):
    assert 'name="meeting_name"' not in client.get("/documents/").content.decode()


def test_languages_are_found_by_name_in_english(client, documents):
    response = client.get("/documents/?language_name=fren")
    assert titles(response) == ["Joint conclusions"]
    assert (
        "Find a language by name: <strong><bdi>“fren”</bdi></strong>" in response.content.decode()
    )


def test_the_date_range_has_a_labelled_input_for_each_end(client, documents):
    response = client.get("/documents/?adopted_after=2017-01-01")
    content = response.content.decode()
    assert '<label for="id_adopted_0">From</label>' in content
    assert '<label for="id_adopted_1">Until</label>' in content
    assert 'name="adopted_after" value="2017-01-01"' in content
    assert "Adopted: <strong><bdi>from 1 January 2017</bdi></strong>" in content
    assert '<details class="filter-form__more" open>' in content


def test_the_filter_form_shows_the_dates_of_the_address_it_was_rendered_for(client, documents):
    # The form is rendered once per filter; a range's two inputs are part of what names it.
    client.get("/documents/")
    content = client.get("/documents/?adopted_after=2017-01-01").content.decode()
    assert 'name="adopted_after" value="2017-01-01"' in content
    assert '<details class="filter-form__more" open>' in content
    assert 'name="adopted_after" value=' not in client.get("/documents/").content.decode()
