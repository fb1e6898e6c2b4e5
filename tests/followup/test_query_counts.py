"""The follow-up's pages cost a fixed number of SQL queries, whatever the number of
commitments, updates and evidence."""

import datetime

import pytest

from meetings.models import Conclusion
from priorities.models import PriorityDomain
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    MeetingFactory,
    OrganisationFactory,
    ParticipantFactory,
    UpdateFactory,
)
from tests.test_query_counts import queries

pytestmark = pytest.mark.django_db


def make_content(count, first):
    """`count` meetings, each with followed-up commitments citing the first meeting."""
    domains = list(PriorityDomain.objects.all())
    organisation = OrganisationFactory()
    for index in range(count):
        meeting = MeetingFactory(start_date=datetime.date(2010 + index % 10, 1, 1 + index))
        meeting.domains.add(domains[index % len(domains)])
        ParticipantFactory(meeting=meeting, organisation=organisation)
        document = DocumentFactory(meeting=meeting)
        for kind in [Conclusion.Kind.NEXT_STEP, Conclusion.Kind.DECISION]:
            commitment = ConclusionFactory(meeting=meeting, kind=kind)
            commitment.domains.add(domains[(index + 1) % len(domains)])
            update = UpdateFactory(conclusion=commitment)
            update.evidence_meetings.add(first, meeting)
            update.evidence_documents.add(document)
            update.evidence_conclusions.add(commitment)
            UpdateFactory(conclusion=commitment, date=datetime.date(2018, 1, 1))


PAGES = {
    "follow-up": lambda first: "/follow-up/",
    "filtered follow-up": lambda first: "/follow-up/?domain=return&year=2011&status=in-progress",
    "follow-up page 2": lambda first: "/follow-up/?page=2",
    "meeting with follow-up": lambda first: first.get_absolute_url(),
}


@pytest.mark.parametrize("page", PAGES)
def test_follow_up_pages_use_a_fixed_number_of_queries(client, page):
    first = MeetingFactory(title="The first meeting", start_date=datetime.date(2009, 1, 1))
    # A document from the start: the page reads a meeting's documents' files when it has some.
    DocumentFactory(meeting=first)
    for _ in range(2):
        commitment = ConclusionFactory(meeting=first, kind=Conclusion.Kind.NEXT_STEP)
        UpdateFactory(conclusion=commitment).evidence_meetings.add(first)
    make_content(12, first)
    with_few = queries(client, PAGES[page](first))
    make_content(30, first)
    for _ in range(5):
        commitment = ConclusionFactory(meeting=first, kind=Conclusion.Kind.RECOMMENDATION)
        UpdateFactory(conclusion=commitment).evidence_documents.add(DocumentFactory(meeting=first))
    assert queries(client, PAGES[page](first)) == with_few
