import datetime

import pytest

from core.publishing import Status
from followup.models import Progress
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


@pytest.fixture
def record(db):
    """Two public meetings and a draft, with commitments followed up and not."""
    returns = PriorityDomain.objects.get(slug="return")
    igad = OrganisationFactory(name="IGAD", acronym="IGAD", slug="igad")
    berlin = MeetingFactory(
        title="Berlin thematic meeting", slug="berlin", start_date=datetime.date(2017, 5, 18)
    )
    ParticipantFactory(meeting=berlin, organisation=igad)
    ParticipantFactory(meeting=berlin, organisation=igad)  # two delegates, one organisation
    rome = MeetingFactory(
        title="Rome working group", slug="rome", start_date=datetime.date(2016, 7, 8)
    )
    rome.domains.add(returns)
    later = MeetingFactory(
        title="Later senior officials", slug="later", start_date=datetime.date(2018, 3, 1)
    )
    draft = MeetingFactory(
        title="Draft meeting",
        slug="draft",
        status=Status.DRAFT,
        start_date=datetime.date(2018, 6, 1),
    )
    pathways = ConclusionFactory(
        meeting=berlin, kind=Conclusion.Kind.NEXT_STEP, text="Find legal pathways.", order=1
    )
    synergies = ConclusionFactory(
        meeting=berlin, kind=Conclusion.Kind.NEXT_STEP, text="Create synergies.", order=2
    )
    synergies.domains.add(returns)
    observation = ConclusionFactory(
        meeting=berlin, kind=Conclusion.Kind.KEY_OBSERVATION, text="Challenges are high."
    )
    plan = ConclusionFactory(
        meeting=rome, kind=Conclusion.Kind.DECISION, text="A plan of activities was agreed."
    )
    hidden = ConclusionFactory(
        meeting=draft, kind=Conclusion.Kind.DECISION, text="A decision of a draft meeting."
    )
    draft_document = DocumentFactory(meeting=later, title="Draft report", status=Status.DRAFT)
    achieved = UpdateFactory(
        conclusion=plan,
        date=datetime.date(2016, 12, 16),
        progress=Progress.ACHIEVED,
        text="The plan was carried out.",
    )
    achieved.evidence_meetings.add(later, draft)
    achieved.evidence_documents.add(draft_document)
    achieved.evidence_conclusions.add(hidden)
    UpdateFactory(
        conclusion=pathways,
        date=datetime.date(2017, 9, 1),
        progress=Progress.IN_PROGRESS,
        text="Work on pathways began.",
    )
    return {
        "berlin": berlin,
        "rome": rome,
        "later": later,
        "draft": draft,
        "pathways": pathways,
        "synergies": synergies,
        "observation": observation,
        "plan": plan,
        "hidden": hidden,
        "achieved": achieved,
        "draft document": draft_document,
        "igad": igad,
        "return": returns,
    }
