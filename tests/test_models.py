import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.publishing import Status
from documents.models import Document
from meetings.models import Meeting, Participant
from tests.factories import (
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    MeetingTypeFactory,
    OrganisationFactory,
    ParticipantFactory,
    PhotoFactory,
)

pytestmark = pytest.mark.django_db


def test_end_date_before_start_is_a_validation_error():
    meeting = MeetingFactory.build(
        meeting_type=MeetingTypeFactory(),
        start_date=datetime.date(2017, 5, 19),
        end_date=datetime.date(2017, 5, 18),
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "end_date" in error.value.message_dict


def test_end_date_before_start_is_refused_by_the_database():
    meeting = MeetingFactory()
    meeting.end_date = meeting.start_date - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.save()


def test_one_day_meeting_takes_its_start_date_as_end_date():
    meeting = MeetingFactory(start_date=datetime.date(2016, 7, 8), end_date=None)
    assert meeting.end_date == datetime.date(2016, 7, 8)
    assert meeting.dates == "8 July 2016"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((2017, 5, 18), (2017, 5, 19), "18–19 May 2017"),
        ((2016, 5, 30), (2016, 6, 2), "30 May – 2 June 2016"),
        ((2016, 12, 30), (2017, 1, 2), "30 December 2016 – 2 January 2017"),
    ],
)
def test_dates_read_as_people_write_them(start, end, expected):
    meeting = MeetingFactory.build(start_date=datetime.date(*start), end_date=datetime.date(*end))
    assert meeting.dates == expected


def test_duplicate_slug_is_a_validation_error():
    existing = MeetingFactory(slug="berlin-2017")
    duplicate = MeetingFactory.build(slug="berlin-2017", meeting_type=existing.meeting_type)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "slug" in error.value.message_dict


def test_meeting_str_url_place_and_ordinal():
    meeting = MeetingFactory(
        title="Thematic Meeting", slug="berlin-2017", city="Berlin", host_country="DE", ordinal=2
    )
    assert str(meeting) == "Thematic Meeting"
    assert meeting.get_absolute_url() == "/meetings/berlin-2017/"
    assert meeting.place == "Berlin, Germany"
    assert meeting.ordinal_label == "2nd"


def test_published_querysets_hide_drafts():
    published = MeetingFactory()
    MeetingFactory(status=Status.DRAFT)
    assert list(Meeting.objects.published()) == [published]


def test_a_published_document_of_a_draft_meeting_is_not_published():
    draft_meeting = MeetingFactory(status=Status.DRAFT)
    hidden = DocumentFactory(meeting=draft_meeting)
    standalone = DocumentFactory(meeting=None)
    visible = DocumentFactory()
    DocumentFactory(status=Status.DRAFT)
    assert set(Document.objects.published()) == {standalone, visible}
    assert not hidden.is_public and standalone.is_public


def test_participant_needs_an_organisation_or_a_country():
    participant = Participant(meeting=MeetingFactory(), role=Participant.Role.CHAIR)
    with pytest.raises(ValidationError):
        participant.full_clean()
    participant.country = "GB"
    participant.full_clean()
    assert participant.delegation == "United Kingdom"


def test_participant_delegation_names_the_organisation():
    participant = ParticipantFactory(organisation=OrganisationFactory(name="IOM", acronym=""))
    assert participant.delegation == "IOM"


def test_upcoming_and_past_split_on_today():
    today = datetime.date(2017, 5, 19)
    running = MeetingFactory(start_date=datetime.date(2017, 5, 18), end_date=today)
    past = MeetingFactory(start_date=datetime.date(2017, 4, 6))
    assert list(Meeting.objects.upcoming(today)) == [running]
    assert list(Meeting.objects.past(today)) == [past]


def test_download_counts_sum_over_language_versions():
    from documents.counting import record_download

    english = DocumentFileFactory(language="en")
    french = DocumentFileFactory(document=english.document, language="fr")
    record_download(english)
    record_download(english)
    record_download(french)
    document = Document.objects.with_download_counts().get()
    assert document.download_count == 3


def test_a_photo_needs_a_text_alternative_or_the_decorative_mark():
    photo = PhotoFactory.build(meeting=MeetingFactory(), alt_text="  ")
    with pytest.raises(ValidationError) as refused:
        photo.full_clean()
    assert refused.value.message_dict == {
        "alt_text": [
            "Say what the photo shows, or tick “decorative” if it adds nothing to the page."
        ]
    }

    photo.decorative = True
    photo.full_clean()
    assert photo.alt_text == ""
    assert photo.alt == ""
