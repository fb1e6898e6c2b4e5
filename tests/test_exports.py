"""The lists as CSV: the list's filters, public items only, no formula a spreadsheet would run."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from core.channels import safe_cell
from core.publishing import Status
from tests.factories import DocumentFactory, DocumentFileFactory, MeetingFactory, MeetingTypeFactory

pytestmark = pytest.mark.django_db


def rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets then read it as UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("A title = fine", "A title = fine"),
        ("2017-05-18", "2017-05-18"),
        ("", ""),
        (None, ""),
        (3, "3"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised(value, cell):
    assert safe_cell(value) == cell


def test_meetings_export_the_filtered_public_list(client):
    thematic = MeetingTypeFactory(name="Thematic meeting", slug="thematic-meeting")
    MeetingFactory(
        title="=cmd|' /C calc'!A0",
        slug="hostile",
        meeting_type=thematic,
        host_country="ET",
        summary="@SUM(1+1)",
        city="-Addis",
    )
    MeetingFactory(
        title="Réunion à Berlin",
        slug="berlin",
        meeting_type=thematic,
        host_country="DE",
        start_date=datetime.date(2017, 5, 18),
        end_date=datetime.date(2017, 5, 19),
    )
    MeetingFactory(title="Draft", status=Status.DRAFT, meeting_type=thematic)
    MeetingFactory(title="Scheduled", publish_at=timezone.now() + datetime.timedelta(days=1))

    everything = rows(client.get("/meetings/export.csv"))
    assert {row["Title"] for row in everything} == {"'=cmd|' /C calc'!A0", "Réunion à Berlin"}
    hostile = next(row for row in everything if "calc" in row["Title"])
    assert hostile["Summary"] == "'@SUM(1+1)"
    assert hostile["City"] == "'-Addis"
    assert hostile["Address"] == "http://testserver/meetings/hostile/"

    berlin = rows(client.get("/meetings/export.csv?host_country=DE&type=thematic-meeting"))
    assert berlin == [
        {
            "Title": "Réunion à Berlin",
            "Address": "http://testserver/meetings/berlin/",
            "Type": "Thematic meeting",
            "Ordinal": "",
            "Start date": "2017-05-18",
            "End date": "2017-05-19",
            "City": "Addis Ababa",
            "Host country": "Germany",
            "Priority domains": "",
            "Summary": "",
        }
    ]
    assert client.get("/meetings/export.csv?year=abc").status_code == 400


def test_documents_export_the_filtered_public_list_with_each_file(client):
    meeting = MeetingFactory(slug="berlin")
    joint = DocumentFactory(title="Joint conclusions", meeting=meeting, reference="KP-1")
    english = DocumentFileFactory(document=joint, language="en")
    DocumentFileFactory(document=joint, language="fr")
    DocumentFactory(title="+Report", meeting=None)
    DocumentFactory(title="Draft", meeting=meeting, status=Status.DRAFT)
    DocumentFactory(title="Of a draft meeting", meeting=MeetingFactory(status=Status.DRAFT))

    everything = rows(client.get("/documents/export.csv"))
    assert {row["Title"] for row in everything} == {"Joint conclusions", "'+Report"}

    french = rows(client.get("/documents/export.csv?language=fr"))
    assert len(french) == 1
    row = french[0]
    assert row["Reference code"] == "KP-1"
    assert row["Meeting address"] == "http://testserver/meetings/berlin/"
    assert sorted(row["Languages"].split()) == ["en", "fr"]
    assert f"http://testserver{english.get_absolute_url()}" in row["Files"].split()


@pytest.mark.parametrize("path", ["/meetings/", "/documents/"])
def test_lists_link_the_export_of_their_filter(client, path):
    html = client.get(f"{path}?year=2017&page=1").content.decode()

    assert f'href="{path}export.csv?year=2017" type="text/csv" download>Download as CSV' in html


@pytest.mark.parametrize("path", ["/meetings/export.csv", "/documents/export.csv"])
def test_an_export_answers_conditional_requests_until_the_record_changes(client, path):
    document = DocumentFactory()
    first = client.get(path)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    for condition in [
        {"If-None-Match": first["ETag"]},
        {"If-Modified-Since": first["Last-Modified"]},
    ]:
        again = client.get(path, headers=condition)
        assert again.status_code == 304, condition
        assert again["ETag"] == first["ETag"]
        assert not b"".join(again.streaming_content if again.streaming else [again.content])

    document.meeting.title = "Renamed"
    document.meeting.save()
    changed = client.get(path, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
