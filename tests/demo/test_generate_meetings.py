"""`manage.py generate_meetings`: a larger record, marked as generated, drawn from a seed."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from demo.generator import MARK, SUMMARY_LEAD, WORD_SHARES, WORDS_PER_FILE
from documents.models import Document, DocumentFile
from meetings.models import Conclusion, Meeting, Participant
from tests.factories import MeetingFactory, pdf_bytes
from tests.images import jpeg_bytes

pytestmark = pytest.mark.django_db


def generate(total, *extra):
    output = io.StringIO()
    call_command("generate_meetings", "--total", str(total), *extra, stdout=output, stderr=output)
    return output.getvalue()


def generated_record():
    """What a reader sees of the generated meetings, in the order they were made."""
    meetings = Meeting.objects.filter(slug__startswith="generated-").order_by("slug")
    return [
        (
            meeting.slug,
            meeting.title,
            meeting.summary,
            meeting.start_date,
            meeting.host_country.code,
            list(meeting.conclusions.values_list("kind", "text")),
            list(
                meeting.documents.order_by("pk", "files__language").values_list(
                    "title", "reference", "files__language", "files__text"
                )
            ),
        )
        for meeting in meetings
    ]


def test_grows_an_empty_record_to_the_total():
    output = generate(25, "--seed", "3")
    assert "Added 25 generated meetings (0 → 25)" in output
    meetings = Meeting.objects.annotate(
        participants_count=Count("participants", distinct=True),
        chairs=Count("participants", filter=Q(participants__role="chair"), distinct=True),
        conclusions_count=Count("conclusions", distinct=True),
    )
    assert meetings.count() == Meeting.objects.published().count() == 25
    for meeting in meetings:
        assert meeting.title.endswith(MARK)
        assert meeting.summary.startswith(SUMMARY_LEAD)
        assert 25 <= len(meeting.summary.split()) <= 45
        assert meeting.body.startswith("<p>") and meeting.body.count("<p>") >= 3
        assert 3 <= meeting.participants_count <= 12
        assert meeting.chairs == 1
        assert 2 <= meeting.conclusions_count <= 8
        assert meeting.end_date >= meeting.start_date
        assert 2014 <= meeting.start_date.year <= meeting.end_date.year <= 2026
    assert Participant.objects.filter(role="host").count() == 25
    assert Conclusion.objects.values("kind").distinct().count() > 1
    assert Meeting.objects.values("host_country").distinct().count() > 5
    assert Meeting.objects.values("meeting_type").distinct().count() > 1
    assert Document.objects.published().count() == Document.objects.count() > 0
    for document in Document.objects.all():
        assert MARK in document.title
        assert document.description.startswith("<p>Generated sample document")
        assert 1 <= document.files.count() <= 2


def test_every_language_version_is_the_one_stored_sample_pdf():
    generate(25)
    files = DocumentFile.objects.all()
    assert files.count() > 0
    assert files.values("file").distinct().count() == 1
    assert set(files.values_list("language", flat=True)) >= {"en"}
    sample = files.first()
    with sample.file.open("rb") as stored:
        data = stored.read()
    assert data.startswith(b"%PDF")
    assert (sample.size, sample.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert sample.content_type == "application/pdf"
    assert sample.page_count == 1


def test_same_seed_same_meetings_other_seed_other_meetings():
    generate(12, "--seed", "7")
    first = generated_record()
    Document.objects.all().delete()
    Meeting.objects.all().delete()
    generate(12, "--seed", "7")
    assert generated_record() == first
    Document.objects.all().delete()
    Meeting.objects.all().delete()
    generate(12, "--seed", "8")
    assert [row[1] for row in generated_record()] != [row[1] for row in first]


def test_growing_in_two_steps_gives_the_same_record_as_in_one():
    generate(6, "--seed", "5")
    generate(12, "--seed", "5")
    in_two = generated_record()
    Document.objects.all().delete()
    Meeting.objects.all().delete()
    generate(12, "--seed", "5")
    assert generated_record() == in_two


def test_a_second_run_to_the_same_total_adds_nothing():
    generate(10)
    before = generated_record()
    output = generate(10)
    assert "There are already 10 meetings, 10 asked for: nothing to add." in output
    assert generated_record() == before
    assert "nothing to add" in generate(4)
    assert Meeting.objects.count() == 10


def test_grows_the_demo_record_and_leaves_it_as_it_was(monkeypatch):
    # The demo's rows as they are; small files in place of its drawn ones, to keep this quick.
    loader = "demo.management.commands.load_demo_content"
    monkeypatch.setattr(f"{loader}.sample_pdf", lambda **facts: pdf_bytes())
    monkeypatch.setattr(f"{loader}.sample_photo", lambda **facts: jpeg_bytes())
    call_command("load_demo_content", stdout=io.StringIO())
    demo = list(Meeting.objects.order_by("slug").values_list("slug", "title", "updated_at"))
    output = generate(15, "--no-progress")
    assert "Added 6 generated meetings (9 → 15)" in output
    assert Meeting.objects.count() == 15
    assert (
        list(
            Meeting.objects.exclude(slug__startswith="generated-")
            .order_by("slug")
            .values_list("slug", "title", "updated_at")
        )
        == demo
    )
    # The registry's organisations take part in generated meetings too.
    assert Participant.objects.filter(
        meeting__slug__startswith="generated-", organisation__isnull=False
    ).exists()


def test_adds_to_meetings_made_by_hand():
    MeetingFactory.create_batch(3)
    assert "Added 2 generated meetings (3 → 5)" in generate(5)


def test_public_pages_answer(client):
    generate(25)
    assert client.get("/meetings/").status_code == 200
    assert client.get("/meetings/?page=2").status_code == 200
    assert client.get("/documents/").status_code == 200
    meeting = (
        Meeting.objects.filter(slug__startswith="generated-")
        .annotate(documents_count=Count("documents"))
        .order_by("-documents_count")
        .first()
    )
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert MARK in response.content.decode()
    document_file = DocumentFile.objects.filter(document__meeting=meeting).first()
    assert client.get(document_file.document.get_absolute_url()).status_code == 200
    download = client.get(document_file.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_about_ten_documents_a_meeting_each_word_in_its_share_of_them():
    generate(60)
    documents = Document.objects.published()
    # Ten on average, from none to twenty, and a document standing alone now and then.
    assert 8 * 60 <= documents.count() <= 12 * 60
    assert documents.filter(meeting__isnull=True).count() < 20
    most = Meeting.objects.annotate(n=Count("documents")).order_by("-n").first()
    assert 15 <= most.documents.count() <= 20
    for document_file in DocumentFile.objects.all():
        words = document_file.text.split()
        assert WORDS_PER_FILE <= len(words) <= WORDS_PER_FILE + len(WORD_SHARES)
    common, middling, rare = WORD_SHARES
    shares = {}
    for word in WORD_SHARES:
        with_word = set(
            DocumentFile.objects.filter(text__contains=word).values_list("document", flat=True)
        )
        # All of a document's language versions have the word, or none of them.
        assert not DocumentFile.objects.filter(document__in=with_word).exclude(text__contains=word)
        # The search finds exactly those documents: their vectors hold their files' text.
        assert set(documents.search(word).values_list("pk", flat=True)) == with_word
        # Nothing else generated has the word: no meeting is found by it.
        assert not Meeting.objects.published().search(word).exists()
        shares[word] = len(with_word) / documents.count()
    assert 0.4 <= shares[common] <= 0.6
    assert 0.01 <= shares[middling] <= 0.1
    assert shares[rare] < 0.01


def test_documents_per_meeting_can_be_chosen():
    generate(20, "--documents-per-meeting", "0")
    # Only the documents that stand alone are left.
    assert not Document.objects.filter(meeting__isnull=False).exists()
    generate(40, "--documents-per-meeting", "2")
    assert 20 <= Document.objects.filter(meeting__isnull=False).count() <= 60


def test_some_meetings_conclusions_and_documents_are_on_priority_domains_from_the_seed():
    generate(20, "--seed", "4")

    def drawn():
        return [
            (
                meeting.slug,
                sorted(meeting.domains.values_list("slug", flat=True)),
                sorted(meeting.conclusions.values_list("domains__slug", flat=True), key=str),
                sorted(meeting.documents.values_list("domains__slug", flat=True), key=str),
            )
            for meeting in Meeting.objects.order_by("slug")
        ]

    first = drawn()
    on_domains = Meeting.objects.annotate(n=Count("domains")).values_list("n", flat=True)
    assert set(on_domains) <= {0, 1, 2} and max(on_domains) == 2 and min(on_domains) == 0
    for model in (Conclusion, Document):
        counts = set(model.objects.annotate(n=Count("domains")).values_list("n", flat=True))
        assert counts <= {0, 1, 2} and {0, 1} <= counts, model
    # The list by domain finds meetings by their conclusions' domains too.
    assert Meeting.objects.filter(conclusions__domains__isnull=False).exists()
    Document.objects.all().delete()
    Meeting.objects.all().delete()
    generate(20, "--seed", "4")
    assert drawn() == first
