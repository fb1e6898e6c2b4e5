"""The demo commands: the Process's record of 2016–2017, checked against its text."""

import datetime
import hashlib
import html
import io
import re
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from core.roles import PUBLISHER, role_group
from demo.files import PHOTO_CREDIT, sample_pdf, sample_photo
from demo.management.commands.create_demo_account import PASSWORD, USERNAME
from documents.models import Document, DocumentFile, DocumentFileRevision, DocumentType
from meetings.models import Conclusion, Meeting, MeetingType, Organisation, Participant, Photo
from meetings.photos import RENDITIONS, rendition_name

# The text of the Process's public site, kept beside the repository with the product's design.
CONTENT_FILE = (
    Path(__file__).resolve().parents[3] / "shared" / "content" / "khartoum-process-site-pages.txt"
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

pytestmark = pytest.mark.django_db


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
def content_text():
    if not CONTENT_FILE.exists():
        pytest.skip(f"The Process's content file is not beside the checkout: {CONTENT_FILE}")
    return CONTENT_FILE.read_text(encoding="utf-8")


def bullets_after(text, heading):
    """The bullet items that follow `heading` in the content file, bullet and spaces stripped."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == heading)
    items = []
    for line in lines[start + 1 :]:
        line = line.strip()
        if line.startswith("•"):
            items.append(line.removeprefix("•").strip())
        elif line and items:
            break
    return items


def texts(slug, kind):
    return list(
        Conclusion.objects.filter(meeting__slug=slug, kind=kind)
        .order_by("order")
        .values_list("text", flat=True)
    )


def test_every_meeting_of_the_text_is_loaded_and_published(demo):
    assert Meeting.objects.count() == 9
    assert Meeting.objects.published().count() == 9
    assert demo.startswith(
        "Loaded 9 meetings, 5 meeting types, 16 organisations, 30 participants, "
        "23 conclusions, 7 document types, 6 documents, 8 photos;"
    )


@pytest.mark.parametrize(
    ("slug", "dates", "city", "country"),
    [
        (KHARTOUM, "24–25 May 2016", "Khartoum", "SD"),
        (BRUSSELS, "21–22 June 2016", "Brussels", "BE"),
        (ROME, "8 July 2016", "Rome", "IT"),
        (ADDIS_THEMATIC, "19–20 October 2016", "Addis Ababa", "ET"),
        (STEERING_COMMITTEE, "15 December 2016", "Addis Ababa", "ET"),
        (SOM_2016, "16 December 2016", "Addis Ababa", "ET"),
        # "in Malta": the text names no city.
        (MALTA, "8–9 February 2017", "", "MT"),
        (SOM_2017, "6 April 2017", "Addis Ababa", "ET"),
        (BERLIN, "18–19 May 2017", "Berlin", "DE"),
    ],
)
@pytest.mark.usefixtures("demo")
def test_dates_and_place(slug, dates, city, country):
    meeting = Meeting.objects.get(slug=slug)
    assert (meeting.dates, meeting.city, meeting.host_country) == (dates, city, country)
    assert meeting.is_published


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        (KHARTOUM, {("chair", "United Kingdom"), ("host", "Sudan"), ("co-convener", "Sudan")}),
        (BRUSSELS, set()),
        (ROME, set()),
        (ADDIS_THEMATIC, {("host", "Ethiopia"), ("co-chair", "Ethiopia"), ("co-chair", "Italy")}),
        # The text names the next day's meeting as the first one Ethiopia chaired.
        (STEERING_COMMITTEE, set()),
        (SOM_2016, {("chair", "Ethiopia"), ("host", "Ethiopia")}),
        (MALTA, set()),
        (SOM_2017, {("chair", "Ethiopia"), ("host", "Ethiopia")}),
        (BERLIN, {("host", "Germany")}),
    ],
)
@pytest.mark.usefixtures("demo")
def test_hosts_and_chairs(slug, expected):
    participants = Participant.objects.filter(
        meeting__slug=slug, role__in=["chair", "co-chair", "host", "co-convener"]
    )
    assert {(p.role, p.organisation.name) for p in participants} == expected


@pytest.mark.usefixtures("demo")
def test_berlin_conclusions_word_for_word(content_text):
    observations = bullets_after(content_text, "Key observations")
    next_steps = bullets_after(content_text, "Next steps")
    assert len(observations) == 5 and len(next_steps) == 4
    assert texts(BERLIN, Conclusion.Kind.KEY_OBSERVATION) == observations
    assert texts(BERLIN, Conclusion.Kind.NEXT_STEP) == next_steps
    attributions = Conclusion.objects.filter(meeting__slug=BERLIN).values_list(
        "attribution", flat=True
    )
    assert set(attributions) == {"the Chair"}


@pytest.mark.usefixtures("demo")
def test_bodies_keep_the_wording_of_the_text(content_text):
    text = " ".join(content_text.split())
    for meeting in Meeting.objects.all():
        # Paragraphs and nothing else, each word for word from the text.
        paragraphs = re.findall(r"<p>(.*?)</p>", meeting.body)
        assert paragraphs, meeting.slug
        assert meeting.body == "\n\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        for paragraph in map(html.unescape, paragraphs):
            assert paragraph == paragraph.strip() and "\n" not in paragraph
            assert "\u00a0" not in paragraph and "  " not in paragraph
            assert paragraph.rstrip(".") in text, paragraph
        assert "Photo gallery" not in meeting.body


@pytest.mark.usefixtures("demo")
def test_a_meetings_page_shows_its_body_paragraph_by_paragraph(client):
    meeting = Meeting.objects.get(slug=BRUSSELS)
    page = client.get(meeting.get_absolute_url()).content.decode()
    paragraphs = re.findall(r"<p>.*?</p>", meeting.body)
    assert len(paragraphs) == 4
    for paragraph in paragraphs:
        assert paragraph in page


@pytest.mark.usefixtures("demo")
def test_people_are_named_only_as_the_text_names_them(content_text):
    text = " ".join(content_text.split())
    named = Participant.objects.exclude(person_name="", person_title="")
    assert named.count() == 2
    for participant in named:
        assert participant.person_name in text
        assert participant.person_title in text


@pytest.mark.usefixtures("demo")
def test_no_document_facts_are_invented(content_text):
    """The text names the documents and nothing more: no reference code, no adoption date."""
    text = " ".join(content_text.split())
    for document in Document.objects.all():
        assert document.reference == "" or document.reference in text, document.reference
        assert document.adopted_on is None
        # The required date is the meeting's first day, not a date of issue made up.
        assert document.date == document.meeting.start_date
        assert document.description.startswith("<p>Sample file")


@pytest.mark.usefixtures("demo")
def test_malta_documents_are_marked_samples_with_true_facts():
    documents = Document.objects.filter(meeting__slug=MALTA).order_by("id")
    assert [(doc.title, doc.document_type.slug) for doc in documents] == [
        ("Joint conclusions", "joint-conclusions"),
        ("Khartoum Process Analysis Report", "analysis-report"),
        ("Rabat Process Analysis Report", "analysis-report"),
        ("Mapping document, Table 1", "mapping-document"),
        ("Mapping document, Table 2", "mapping-document"),
        ("Final Programme", "programme"),
    ]
    assert Document.objects.published().count() == 6
    for file in DocumentFile.objects.filter(document__in=documents):
        assert file.content_type == "application/pdf"
        assert file.original_name.endswith(".pdf")
        with file.file.open("rb") as stored:
            data = stored.read()
        assert hashlib.sha256(data).hexdigest() == file.sha256
        assert file.size == len(data)
        pdf = PdfReader(io.BytesIO(data))
        assert len(pdf.pages) == file.page_count >= 1
        assert pdf.metadata.title
        sample = "FICHIER D’EXEMPLE" if file.language == "fr" else "SAMPLE FILE"
        assert pdf.metadata.subject.startswith(sample)
        # Real text: every page says it is a sample, and the file has the document's title.
        texts = [page.extract_text() for page in pdf.pages]
        assert all(sample in text for text in texts)
        assert " ".join(file.text.split()[:40]).count(sample) >= 1
        assert " ".join(file.document.title.split()) in " ".join(file.text.split())
    joint = documents.get(title="Joint conclusions")
    assert sorted(joint.files.values_list("language", "original_name")) == [
        ("en", "joint-conclusions.pdf"),
        ("fr", "conclusions-conjointes.pdf"),
    ]
    assert set(DocumentType.objects.values_list("slug", flat=True)) >= {
        "report",
        "presentation",
        "work-plan",
    }


@pytest.mark.usefixtures("demo")
def test_only_the_gallery_meetings_have_sample_photos_with_renditions():
    photos = Photo.objects.select_related("meeting")
    assert {photo.meeting.slug for photo in photos} == {KHARTOUM, ROME}
    assert sorted(photo.order for photo in photos) == [1, 1, 2, 2, 3, 3, 4, 4]
    for photo in photos:
        assert (photo.width, photo.height) == (1600, 1067)
        assert photo.credit == PHOTO_CREDIT
        assert "sample photo" in photo.caption
        for size in RENDITIONS:
            assert default_storage.exists(rendition_name(photo, size))


@pytest.mark.usefixtures("demo")
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


def test_demo_account_only_with_debug_on(settings, django_user_model, client):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_demo_account", stdout=io.StringIO())
    assert not django_user_model.objects.exists()

    settings.DEBUG = True
    output = io.StringIO()
    call_command("create_demo_account", stdout=output)
    call_command("create_demo_account", stdout=output)
    user = django_user_model.objects.get(username=USERNAME)
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.all()) == [role_group(PUBLISHER)]
    # Through the admin's sign-in page, as a developer would: no second factor on a laptop.
    response = client.post(
        reverse("admin:login"), {"username": USERNAME, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert client.get(response.url).status_code == HTTPStatus.OK


@pytest.mark.usefixtures("demo")
def test_a_phrase_only_inside_a_sample_file_is_found(client):
    """The demo's files carry a paragraph of their meeting's record: search finds it there."""
    file = DocumentFile.objects.filter(document__meeting__isnull=False).exclude(text="").first()
    phrase = " ".join(file.text.split(labels_record(file.language), 1)[1].split()[:4])
    document = file.document
    assert phrase not in f"{document.title} {document.description} {document.reference}"
    response = client.get("/search/", {"q": f'"{phrase}"', "kind": "document"})
    assert document.get_absolute_url() in response.content.decode(), phrase


def labels_record(language):
    from demo.files import NOTICES

    return NOTICES.get(language, NOTICES["en"])["record"]


def test_berlin_has_demo_translations_marked_as_such(client):
    berlin = Meeting.objects.get(slug=BERLIN)
    assert berlin.title_fr == "Réunion thématique"
    assert berlin.title_ar == "اجتماع موضوعي"
    assert berlin.summary_fr.endswith("(Traduction de démonstration.)")
    assert berlin.summary_ar.endswith("(ترجمة تجريبية)")
    assert "(Traduction de démonstration.)" in berlin.body_fr
    french = list(
        Conclusion.objects.filter(meeting=berlin)
        .order_by("order")
        .values_list("text_fr", flat=True)
    )
    assert len(french) == 9 and all(french)
    assert french[0].startswith("Les défis en matière de protection sont importants.")
    # Other meetings are not translated: they show in English, and say so.
    assert not Meeting.objects.get(slug=MALTA).title_fr

    page = client.get(f"/fr/meetings/{BERLIN}/").content.decode()
    assert "<h1>Réunion thématique</h1>" in page
    assert "translation-note" not in page
    page = client.get(f"/ar/meetings/{BERLIN}/").content.decode()
    assert "<h1>اجتماع موضوعي</h1>" in page
    # No Arabic body or conclusions: English, marked, and the page says so.
    assert "translation-note" in page


def test_the_malta_joint_conclusions_have_their_french_title(client):
    document = Document.objects.get(meeting__slug=MALTA, title="Joint conclusions")
    assert document.title_fr == "Conclusions conjointes"
    assert document.files.filter(language="fr").exists()
    page = client.get(f"/fr/documents/{document.pk}/").content.decode()
    assert "<h1>Conclusions conjointes</h1>" in page
