"""The public commitments and what is public of their follow-up: one definition for every
channel (the list, its feed, CSV, API and alerts, the meetings' pages).

A commitment is a committing conclusion (COMMITTING) of a public meeting. Its status is the
`progress` of its latest public update (by date, then id), `Open` before any: an update that
is a draft, in review or scheduled changes nothing the public sees until it is public.
Evidence is named only when it is public itself: a draft meeting, a draft document or a
conclusion of a draft meeting is never named or linked.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from documents.models import Document
from followup.models import COMMITTING, Progress, Update
from meetings.models import Conclusion, Meeting


def latest_public_update(field):
    """The `field` of the commitment's latest public update, for an annotation."""
    latest = Update.objects.published().filter(conclusion=OuterRef("pk")).order_by("-date", "-id")
    return Subquery(latest.values(field)[:1])


def with_status(conclusions):
    """`conclusions` with `progress` (their public status) and `latest_update` (the date of
    their latest public update, None before any)."""
    return conclusions.annotate(
        progress=Coalesce(latest_public_update("progress"), Value(Progress.OPEN)),
        latest_update=latest_public_update("date"),
    )


def public_commitments():
    """The committing conclusions of public meetings, with their public status, newest
    meeting first and in the meeting's order."""
    return with_status(
        Conclusion.objects.filter(
            kind__in=COMMITTING, meeting__in=Meeting.objects.published().values("pk")
        )
    ).order_by("-meeting__start_date", "-meeting_id", "order", "id")


def under_domain(domain):
    """A condition on commitments: the conclusion or its meeting is of `domain` (a
    PriorityDomain or an OuterRef to one). Subqueries, not joins: a commitment under a
    domain twice (its own and its meeting's) is counted once."""
    own = Conclusion.domains.through.objects.filter(
        conclusion_id=OuterRef("pk"), prioritydomain_id=domain
    )
    meeting = Meeting.domains.through.objects.filter(
        meeting_id=OuterRef("meeting_id"), prioritydomain_id=domain
    )
    return Q(Exists(own)) | Q(Exists(meeting))


def public_evidence():
    """The prefetches of an update's public evidence, each to an attribute `public_<name>`."""
    return [
        Prefetch(
            "evidence_meetings",
            queryset=Meeting.objects.published().select_related("meeting_type").defer("body"),
            to_attr="public_meetings",
        ),
        Prefetch(
            "evidence_conclusions",
            queryset=Conclusion.objects.filter(
                meeting__in=Meeting.objects.published().values("pk")
            ).select_related("meeting"),
            to_attr="public_conclusions",
        ),
        Prefetch(
            "evidence_documents",
            queryset=Document.objects.published().select_related("document_type"),
            to_attr="public_documents",
        ),
    ]


def public_updates():
    """Public updates with their commitment, its meeting and their public evidence."""
    return (
        Update.objects.published()
        .select_related("conclusion__meeting")
        .prefetch_related(*public_evidence())
    )


def with_public_updates(conclusions, evidence=True):
    """`conclusions` with each one's public updates, newest first, as `public_updates`
    (with their public evidence unless `evidence` is False)."""
    updates = public_updates() if evidence else Update.objects.published()
    return conclusions.prefetch_related(
        Prefetch("updates", queryset=updates, to_attr="public_updates")
    )


def shown_domains(commitment):
    """The commitment's priority domains and its meeting's, once each, in the Plan's order."""
    domains = {domain.pk: domain for domain in commitment.meeting.domains.all()}
    domains.update((domain.pk, domain) for domain in commitment.domains.all())
    return sorted(domains.values(), key=lambda domain: domain.number)


def status_label(value):
    """“In progress” for "in-progress"; the value itself for one that is not a status."""
    return str(Progress(value).label) if value in Progress.values else str(value)


def taken_up_at(meeting):
    """The public updates of other meetings' commitments that cite `meeting`, one of its
    conclusions or one of its public documents as evidence."""
    cited = Q(evidence_meetings=meeting) | Q(evidence_conclusions__meeting=meeting)
    documents = Document.objects.published().filter(meeting=meeting)
    cited |= Q(evidence_documents__in=documents)
    # Its own commitments' updates are on its page already, under "Follow-up".
    return (
        Update.objects.published()
        .filter(pk__in=Update.objects.filter(cited).values("pk"))
        .exclude(conclusion__meeting=meeting)
    )


def evidence_of(update):
    """[{"url", "text", "obj", "field"}] of the update's public evidence (prefetched by
    public_evidence()): what links to each, and the record whose `field` its text is."""
    found = [
        {"url": meeting.get_absolute_url(), "text": meeting.title, "obj": meeting, "field": "title"}
        for meeting in update.public_meetings
    ]
    found += [
        {
            "url": f"{conclusion.meeting.get_absolute_url()}#conclusion-{conclusion.pk}",
            "text": f"{conclusion.get_kind_display()}, {conclusion.meeting.title}",
            "obj": conclusion.meeting,
            "field": "title",
        }
        for conclusion in update.public_conclusions
    ]
    found += [
        {
            "url": document.get_absolute_url(),
            "text": document.title,
            "obj": document,
            "field": "title",
        }
        for document in update.public_documents
    ]
    return found
