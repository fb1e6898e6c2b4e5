"""The API answers as its OpenAPI schema says, whatever a client sends: Schemathesis generates
requests from the schema (valid ones and not) for every operation, with all its checks.

Seeded and deterministic, with a fixed number of examples: the same requests at every run.
The same run from the command line (README, "API"), against a running site:

    .venv/bin/schemathesis run 'http://127.0.0.1:8000/api/schema/?format=json' --checks all \\
        --seed 9 --max-examples 10 --generation-deterministic
"""

import datetime

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone

from core.publishing import Status
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    DocumentTypeFactory,
    MeetingFactory,
    MeetingTypeFactory,
    OrganisationFactory,
    ParticipantFactory,
)

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 9,
        "generation": {"max-examples": 10, "deterministic": True},
        "checks": {"enabled": True},
    }
)


def published_and_hidden_content():
    """Published meetings and documents, with drafts, items in review and scheduled ones
    beside them whose types and organisations only they use: an answer that showed one
    would break the schema's promise only by luck, so the tests of each channel check that
    (tests/documents/test_draft_names.py); here, every answer must be one the schema describes."""
    later = timezone.now() + datetime.timedelta(days=1)
    for status, publish_at in [
        (Status.PUBLISHED, None),
        (Status.DRAFT, None),
        (Status.REVIEW, None),
        (Status.PUBLISHED, later),
    ]:
        meeting = MeetingFactory(
            status=status,
            publish_at=publish_at,
            meeting_type=MeetingTypeFactory(),
            start_date=datetime.date(2017, 5, 18),
        )
        ParticipantFactory(meeting=meeting, organisation=OrganisationFactory())
        ParticipantFactory(meeting=meeting, organisation=None, country="UG")
        ConclusionFactory(meeting=meeting)
        for meeting_of_document in (meeting, None):
            document = DocumentFactory(
                status=status,
                publish_at=publish_at,
                meeting=meeting_of_document,
                document_type=DocumentTypeFactory(),
                adopted_on=datetime.date(2017, 5, 19),
                reference="KP/2017/1",
            )
            DocumentFileFactory(document=document, language="en")
            DocumentFileFactory(document=document, language="fr")


# Read at collection, from the site itself: the schema depends on no row of the record.
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json", get_wsgi_application(), config=CONFIG
)


@pytest.fixture(autouse=True)
def unthrottled_api_on_published_and_hidden_content(db, settings):
    # Many requests from one address: the throttle is not what is tested here.
    settings.API_THROTTLE_RATE = "100000/minute"
    published_and_hidden_content()
    # As Django's test client does: the requests run in the test's transaction, which the
    # end of each request would otherwise close with the database connection.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
def test_every_answer_is_one_the_schema_describes(case):
    case.call_and_validate()


def test_answers_followed_from_one_to_the_next_are_ones_the_schema_describes():
    # From a list to its items, by the links Schemathesis infers (a meeting's slug, …).
    schema.as_state_machine().run(
        settings=hypothesis.settings(
            max_examples=10, derandomize=True, database=None, deadline=None
        )
    )
