"""`manage.py load_demo_content`: the Process's record of 2016–2017, checked against its text."""

import datetime
import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader

from documents.models import Document, DocumentFile, DocumentFileRevision, DocumentType
from meetings.demo_files import PHOTO_CREDIT, sample_pdf, sample_photo
from meetings.models import Conclusion, Meeting, MeetingType, Organisation, Participant, Photo
from meetings.photos import RENDITIONS, rendition_name

# The text of the Process's public site, kept beside the repository with the product's design.
CONTENT_FILE = (
    Path(__file__).resolve().parents[2] / "shared" / "content" / "khartoum-process-site-pages.txt"
)

KHARTOUM = "2016-05-khartoum-1st-thematic-meeting"
BRUSSELS = "2016-06-brussels-technical-stock-taking-meeting"
ROME = "2016-07-rome-2nd-informal-working-group"
ADDIS_THEMATIC = "2016-10-addis-ababa-2nd-thematic-meeting"
STEERING_COMMITTEE = "2016-12-addis-ababa-steering-committee-meeting"
SOM_2016 = "2016-12-addis-ababa-senior-officials-meeting"
MALTA = "2017-02-malta-joint-valletta-action-plan-senior-officials-meeting"
SOM_2017 = "2017-04-addis-ababa-senior-officials-meeting"
BERLIN = "2017-05-berlin-thematic-meeting"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, loaded once for this module and rolled back after it."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        output = io.StringIO()
        call_command("load_demo_content", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def media_root(demo):
    """Every test here reads the files the module's single load wrote."""
    from django.conf import settings

    return settings.MEDIA_ROOT


@pytest.fixture(scope="module")
def content_lines():
    if not CONTENT_FILE.exists():
        pytest.skip(f"The Process's content file is not beside the checkout: {CONTENT_FILE}")
    return CONTENT_FILE.read_text(encoding="utf-8").splitlines()


def bullets_after(lines, heading):
    """The bullet items that follow `heading` in the content file, bullet and spaces stripped."""
    start = next(i for i, line in enumerate(lines) if line.strip() == heading)
    items = []
    for line in lines[start + 1 :]:
        text = line.strip()
        if text.startswith("•"):
            items.append(text.removeprefix("•").strip())
        elif text and items:
            break
    return items


def texts(slug, kind):
    return list(
        Conclusion.objects.filter(meeting__slug=slug, kind=kind)
        .order_by("order")
        .values_list("text", flat=True)
    )


def roles(slug, *wanted):
    return {
        (participant.role, participant.organisation.name)
        for participant in Participant.objects.filter(meeting__slug=slug, role__in=wanted)
    }


def test_every_meeting_of_the_text_is_loaded_and_published(demo):
    assert Meeting.objects.count() == 9
    assert Meeting.objects.published().count() == 9
    assert demo.startswith("Loaded 9 meetings, 5 meeting types, 16 organisations, 30 participants")


@pytest.mark.parametrize(
    ("slug", "title", "type_slug", "ordinal", "dates", "city", "country", "focus"),
    [
        (
            KHARTOUM,
            "1st Thematic Meeting on people smuggling",
            "thematic-meeting",
            1,
            "24–25 May 2016",
            "Khartoum",
            "SD",
            "irregular-migration",
        ),
        (
            BRUSSELS,
            "Technical stock-taking meeting on the Valletta Action Plan",
            "technical-meeting",
            None,
            "21–22 June 2016",
            "Brussels",
            "BE",
            "",
        ),
        (
            ROME,
            "2nd Informal Working Group",
            "informal-working-group",
            2,
            "8 July 2016",
            "Rome",
            "IT",
            "",
        ),
        (
            ADDIS_THEMATIC,
            "2nd Thematic Meeting on return, readmission and reintegration",
            "thematic-meeting",
            2,
            "19–20 October 2016",
            "Addis Ababa",
            "ET",
            "return",
        ),
        (
            STEERING_COMMITTEE,
            "Steering Committee Meeting",
            "steering-committee-meeting",
            None,
            "15 December 2016",
            "Addis Ababa",
            "ET",
            "",
        ),
        (
            SOM_2016,
            "Senior Officials Meeting",
            "senior-officials-meeting",
            None,
            "16 December 2016",
            "Addis Ababa",
            "ET",
            "",
        ),
        (
            MALTA,
            "Joint Valletta Action Plan Senior Officials' Meeting",
            "senior-officials-meeting",
            None,
            "8–9 February 2017",
            "",
            "MT",
            "",
        ),
        (
            SOM_2017,
            "Senior Officials Meeting",
            "senior-officials-meeting",
            None,
            "6 April 2017",
            "Addis Ababa",
            "ET",
            "",
        ),
        (
            BERLIN,
            "Thematic Meeting",
            "thematic-meeting",
            None,
            "18–19 May 2017",
            "Berlin",
            "DE",
            "",
        ),
    ],
)
def test_meeting_facts(slug, title, type_slug, ordinal, dates, city, country, focus):
    meeting = Meeting.objects.get(slug=slug)
    assert meeting.title == title
    assert meeting.meeting_type.slug == type_slug
    assert meeting.ordinal == ordinal
    assert meeting.dates == dates
    assert meeting.city == city
    assert meeting.host_country == country
    assert meeting.thematic_focus == focus
    assert meeting.is_published
    assert meeting.summary.count(".") == 1 and meeting.summary.endswith(".")


def test_meeting_types_have_slugs():
    assert list(MeetingType.objects.values_list("slug", flat=True)) == [
        "thematic-meeting",
        "senior-officials-meeting",
        "steering-committee-meeting",
        "informal-working-group",
        "technical-meeting",
    ]


def test_bodies_keep_the_wording_of_the_text(content_lines):
    text = " ".join(" ".join(content_lines).split())
    for meeting in Meeting.objects.all():
        paragraphs = meeting.body.split("\n\n")
        assert paragraphs, meeting.slug
        for paragraph in paragraphs:
            assert paragraph == paragraph.strip() and "\n" not in paragraph
            assert "\u00a0" not in paragraph and "  " not in paragraph
            assert paragraph.rstrip(".") in text, paragraph
        assert "Photo gallery" not in meeting.body


def test_berlin_conclusions_word_for_word(content_lines):
    observations = bullets_after(content_lines, "Key observations")
    next_steps = bullets_after(content_lines, "Next steps")
    assert len(observations) == 5 and len(next_steps) == 4
    assert texts(BERLIN, Conclusion.Kind.KEY_OBSERVATION) == observations
    assert texts(BERLIN, Conclusion.Kind.NEXT_STEP) == next_steps
    assert "the “whole of society” approach" in observations[1]
    attributions = Conclusion.objects.filter(meeting__slug=BERLIN).values_list(
        "attribution", flat=True
    )
    assert set(attributions) == {"the Chair"}


def test_rome_discussion_points_follow_the_text(content_lines):
    heading = "Participants to the 2nd Informal Working Group discussed the following issues:"
    points = [" ".join(item.split()) for item in bullets_after(content_lines, heading)]
    assert len(points) == 6
    assert texts(ROME, Conclusion.Kind.DISCUSSION_POINT) == points
    assert texts(ROME, Conclusion.Kind.DECISION) == [
        "A tentative plan of activities for the second half of 2016 was agreed."
    ]


def test_other_outcomes():
    assert texts(ADDIS_THEMATIC, Conclusion.Kind.THEMATIC_SESSION) == [
        "Strategies, policies and approaches during the pre-return phase",
        "Identification: techniques, key stakeholders and cooperation mechanisms",
        "Establishing reintegration strategies",
    ]
    [decision] = texts(STEERING_COMMITTEE, Conclusion.Kind.DECISION)
    assert "Italy's candidature" in decision and "as of 2018" in decision
    assert "Steering Committee on 15 December 2016" in decision
    [objective] = texts(SOM_2017, Conclusion.Kind.DECISION)
    assert "Global Compact on Migrants (GCM) will be a key objective" in objective
    assert len(texts(BRUSSELS, Conclusion.Kind.WAY_FORWARD)) == 1
    assert "joint conclusions" in texts(MALTA, Conclusion.Kind.DECISION)[0]
    assert Conclusion.objects.count() == 23


def test_organisation_registry():
    rows = {
        org.name: (org.acronym, org.kind, org.country.code) for org in Organisation.objects.all()
    }
    assert rows["United Kingdom"] == ("", "member-state", "GB")
    assert rows["Sudan"] == ("", "member-state", "SD")
    assert rows["Uganda"] == ("", "member-state", "UG")
    assert rows["European Commission"] == ("EC", "eu-institution", "")
    assert rows["African Union Commission"] == ("AUC", "au-institution", "")
    assert rows["International Organization for Migration"] == ("IOM", "international", "")
    assert rows["Intergovernmental Authority on Development"] == ("IGAD", "regional", "")
    acronyms = {acronym for acronym, _, _ in rows.values()}
    assert {"ICMPD", "UNODC", "UNHCR", "RMMS", "EUTF"} <= acronyms
    assert "World Bank" in rows


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        (
            KHARTOUM,
            {("chair", "United Kingdom"), ("host", "Sudan"), ("co-convener", "Sudan")},
        ),
        (
            ADDIS_THEMATIC,
            {("host", "Ethiopia"), ("co-chair", "Ethiopia"), ("co-chair", "Italy")},
        ),
        (STEERING_COMMITTEE, set()),
        (SOM_2016, {("chair", "Ethiopia"), ("host", "Ethiopia")}),
        (SOM_2017, {("chair", "Ethiopia"), ("host", "Ethiopia")}),
        (BERLIN, {("host", "Germany")}),
    ],
)
def test_chairs_and_hosts(slug, expected):
    assert roles(slug, "chair", "co-chair", "host", "co-convener") == expected


def test_international_organisations_and_speakers():
    assert {name for _, name in roles(ADDIS_THEMATIC, "presenter")} == {
        "International Organization for Migration",
        "International Centre for Migration Policy Development",
        "United Nations Office on Drugs and Crime",
        "United Nations Refugee Agency",
    }
    minister = Participant.objects.get(meeting__slug=SOM_2016, role="opening-speaker")
    assert minister.organisation.name == "Ethiopia"
    assert minister.person_name == "Dr. Workneh Gebayehu"
    assert minister.person_title.startswith("Minister of Foreign Affairs")
    assert roles(SOM_2017, "opening-speaker") == {
        ("opening-speaker", "Ethiopia"),
        ("opening-speaker", "European Commission"),
        ("opening-speaker", "African Union Commission"),
    }
    assert {name for _, name in roles(SOM_2017, "presenter")} == {
        "Regional Mixed Migration Secretariat",
        "International Centre for Migration Policy Development",
        "EU Trust Fund for Africa",
        "International Organization for Migration",
    }
    assert {name for _, name in roles(BERLIN, "expert")} == {
        "United Nations Refugee Agency",
        "Intergovernmental Authority on Development",
        "World Bank",
    }
    assert roles(BERLIN, "observer") == {("observer", "Uganda")}
    speaker = Participant.objects.get(meeting__slug=BERLIN, role="opening-speaker")
    assert (speaker.person_title, speaker.person_name) == ("Commissioner", "Grzeski")
    assert Participant.objects.count() == 30


def test_malta_documents():
    documents = Document.objects.filter(meeting__slug=MALTA).order_by("reference")
    assert [(doc.title, doc.document_type.slug) for doc in documents] == [
        ("Joint conclusions", "joint-conclusions"),
        ("Khartoum Process Analysis Report", "analysis-report"),
        ("Rabat Process Analysis Report", "analysis-report"),
        ("Mapping document, Table 1", "mapping-document"),
        ("Mapping document, Table 2", "mapping-document"),
        ("Final Programme", "programme"),
    ]
    assert Document.objects.published().count() == 6
    for document in documents:
        assert document.date in {datetime.date(2017, 2, 8), datetime.date(2017, 2, 9)}
        assert document.description.startswith("Sample file")
        english = document.files.get(language="en")
        assert english.content_type == "application/pdf"
        assert english.original_name.endswith(".pdf")
        assert english.page_count >= 1
        with english.file.open("rb") as stored:
            data = stored.read()
        assert hashlib.sha256(data).hexdigest() == english.sha256
        assert english.size == len(data)
        pdf = PdfReader(io.BytesIO(data))
        assert len(pdf.pages) == english.page_count
        assert pdf.metadata.title == document.title
        assert pdf.metadata.subject.startswith("SAMPLE FILE — generated for the demo of this site")

    joint = documents.get(title="Joint conclusions")
    assert joint.reference == "JVAP-SOM-2017-01"
    assert joint.adopted_on == datetime.date(2017, 2, 9)
    assert joint.files.get(language="en").original_name == "joint-conclusions.pdf"
    french = joint.files.get(language="fr")
    assert french.original_name == "conclusions-conjointes.pdf"
    with french.file.open("rb") as stored:
        assert "FICHIER D’EXEMPLE" in PdfReader(stored).metadata.subject
    assert set(DocumentType.objects.values_list("slug", flat=True)) >= {
        "report",
        "presentation",
        "work-plan",
    }


@pytest.mark.parametrize("slug", [KHARTOUM, ROME])
def test_gallery_photos_with_renditions(slug):
    photos = list(Photo.objects.filter(meeting__slug=slug))
    assert [photo.order for photo in photos] == [1, 2, 3, 4]
    for photo in photos:
        assert (photo.width, photo.height) == (1600, 1067)
        assert photo.credit == PHOTO_CREDIT
        assert "sample photo" in photo.caption
        assert photo.image.name.endswith(".jpg")
        for size in RENDITIONS:
            assert default_storage.exists(rendition_name(photo, size))


def test_only_the_gallery_meetings_have_photos():
    assert set(Photo.objects.values_list("meeting__slug", flat=True)) == {KHARTOUM, ROME}


def test_running_again_changes_nothing():
    def snapshot():
        return {
            "counts": [
                model.objects.count()
                for model in [
                    Meeting,
                    MeetingType,
                    Organisation,
                    Participant,
                    Conclusion,
                    Document,
                    DocumentType,
                    DocumentFile,
                    DocumentFileRevision,
                    Photo,
                ]
            ],
            "files": sorted(DocumentFile.objects.values_list("file", "sha256", "uploaded_at")),
            "photos": sorted(Photo.objects.values_list("image", flat=True)),
            "meetings": sorted(Meeting.objects.values_list("slug", "updated_at")),
        }

    before = snapshot()
    output = io.StringIO()
    call_command("load_demo_content", stdout=output)
    assert snapshot() == before
    assert DocumentFileRevision.objects.count() == 0
    assert "0 created, 0 updated; 0 document files uploaded (7 already there), 0 photos" in (
        output.getvalue()
    )


def test_sample_files_are_deterministic():
    arguments = {
        "title": "Final Programme",
        "meeting": "Joint Valletta Action Plan Senior Officials' Meeting",
        "dates": "8–9 February 2017",
        "place": "Malta",
        "document_type": "Programme / agenda",
        "date": datetime.date(2017, 2, 8),
        "pages": 3,
        "record": ["A paragraph of the record."],
    }
    assert sample_pdf(**arguments) == sample_pdf(**arguments)
    photo = {"meeting": "2nd Informal Working Group, Rome", "label": "1 / 4", "seed": 1}
    assert sample_photo(**photo) == sample_photo(**photo)
