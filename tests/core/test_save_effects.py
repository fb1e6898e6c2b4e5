"""What a save does is said where it happens: in the model's `save()`, or in a signal that
names the models it follows. A save of anything else runs nothing but its own write."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alerts.models import Subscription
from core.record_version import record_version
from documents.models import DocumentFileRevision, DownloadTally, FormerFileName
from meetings.models import PreviousSlug
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    OrganisationFactory,
    ParticipantFactory,
    PhotoFactory,
)

pytestmark = pytest.mark.django_db


def queries_of_save(obj):
    with CaptureQueriesContext(connection) as captured:
        obj.save()
    return [query["sql"] for query in captured]


def reads_of_row(obj, queries):
    table = obj._meta.db_table
    return [
        sql
        for sql in queries
        if sql.startswith("SELECT") and f'WHERE "{table}"."id" = {obj.pk}' in sql
    ]


def not_indexing(queries):
    """The queries apart from the search index's upkeep (search's own business)."""
    return [sql for sql in queries if "to_tsvector(" not in sql]


@pytest.mark.parametrize("factory", [MeetingFactory, DocumentFactory])
def test_a_save_reads_the_stored_row_once_then_writes_it_and_the_version(factory):
    item = factory()
    item.refresh_from_db()
    item.title = "Another title"
    queries = queries_of_save(item)
    # Its stored row (for the first-public stamp, a meeting's calendar revision and old
    # address) in one read, its own write, then the record's version: its next scheduled
    # publication and the number.
    assert len(reads_of_row(item, queries)) == 1
    assert len(not_indexing(queries)) == 4


def unrelated_rows():
    yield User.objects.create_user("someone")
    yield Session.objects.create(
        session_key="k" * 32,
        session_data="",
        expire_date=timezone.now() + datetime.timedelta(days=1),
    )
    yield Subscription.objects.create(email="someone@example.org", kind="documents")


def test_a_save_of_an_unrelated_model_writes_only_its_row():
    for row in unrelated_rows():
        # No receiver hears of it (none is connected for every model).
        signals = [pre_save, post_save, pre_delete, post_delete]
        assert not any(signal.has_listeners(type(row)) for signal in signals)
        version = record_version()
        queries = queries_of_save(row)
        assert queries and all(row._meta.db_table in sql for sql in queries), queries
        assert record_version() == version


def public_rows():
    """A row of each model the public sees, each before the rows it belongs to."""
    meeting = MeetingFactory()
    document_file = DocumentFileFactory(document=DocumentFactory(meeting=meeting))
    revision = DocumentFileRevision.objects.create(
        document_file=document_file,
        file=document_file.file.name,
        original_name="earlier.pdf",
        content_type="application/pdf",
        sha256="0" * 64,
        uploaded_at=timezone.now(),
        replaced_at=timezone.now(),
    )
    return [
        revision,
        FormerFileName.objects.create(document_file=document_file, name="old-name.pdf"),
        document_file,
        document_file.document,
        PreviousSlug.objects.create(meeting=meeting, slug="an-old-address"),
        ParticipantFactory(meeting=meeting, organisation=OrganisationFactory()),
        ConclusionFactory(meeting=meeting),
        PhotoFactory(meeting=meeting),
        meeting,
        meeting.meeting_type,
        document_file.document.document_type,
    ]


def test_a_change_to_what_the_public_sees_moves_the_version_on():
    rows = public_rows()
    organisation = rows[5].organisation
    for row in [*rows, organisation]:
        version = record_version()
        row.save()
        assert record_version() == version + 1, row._meta.label
    for row in [*rows, organisation]:
        version = record_version()
        row.delete()
        assert record_version() == version + 1, row._meta.label


def test_a_download_counted_leaves_the_version():
    tally = DownloadTally.objects.create(
        document_file=DocumentFileFactory(), month=datetime.date(2026, 1, 1)
    )
    version = record_version()
    tally.count += 1
    tally.save()
    assert record_version() == version
