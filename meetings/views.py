from operator import attrgetter

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core import page_parts
from core.views import FilteredListView, PublicDetailView
from documents.models import Document
from meetings.filters import MeetingFilter
from meetings.models import Conclusion, Meeting, Participant, Photo, PreviousSlug
from meetings.photos import RENDITIONS, rendition_response
from meetings.structured_data import meeting_event


class MeetingListView(FilteredListView):
    follow_url_names = {
        "feed": "meetings:feed",
        "calendar": "meetings:calendar",
        "csv": "meetings:csv",
        "alerts": "alerts:meetings",
    }
    filterset_class = MeetingFilter
    template_name = "meetings/meeting_list.html"
    filter_title = _("Filter meetings")
    context_object_name = "meeting_ids"
    paginate_by = 10

    def get_queryset(self):
        return Meeting.objects.published()

    row_template = "includes/meeting_card.html"

    def decorate(self, queryset):
        # A card shows the summary, never the body.
        return queryset.select_related("meeting_type").defer("body").with_document_counts()

    def row_keys(self, ids):
        # A card says “Upcoming” until the meeting has ended: it changes with the day too.
        return dict.fromkeys(ids, timezone.localdate().isoformat())

    def row_context(self, meeting):
        return {"meeting": meeting, "heading_level": 3}


class MeetingDetailView(PublicDetailView):
    not_found_message = _(
        "There is no published meeting at this address. Find it in the list of meetings."
    )
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # An address the meeting had before its slug changed leads to the current one.
            previous = (
                PreviousSlug.objects.filter(
                    slug=kwargs["slug"], meeting__in=Meeting.objects.visible_to(request.user)
                )
                .select_related("meeting")
                .first()
            )
            if previous is None:
                raise
            return redirect(previous.meeting, permanent=True)

    def get_queryset(self):
        user = self.request.user
        documents = (
            Document.objects.visible_to(user)
            .select_related("document_type")
            .prefetch_related("files")
            .with_download_counts()
            .in_meeting_order()
        )
        return (
            Meeting.objects.visible_to(user)
            .select_related("meeting_type")
            .prefetch_related(
                Prefetch(
                    "participants",
                    queryset=Participant.objects.select_related("organisation"),
                ),
                Prefetch("conclusions", queryset=Conclusion.objects.prefetch_related("domains")),
                "domains",
                Prefetch("documents", queryset=documents, to_attr="visible_documents"),
                "photos",
            )
        )

    def get_context_data(self, **kwargs):
        meeting = self.object
        role_order = {role: index for index, role in enumerate(Participant.Role.values)}
        participants = sorted(meeting.participants.all(), key=lambda p: role_order[p.role])
        participants_by_role = [
            (Participant.role_heading(role, len(people)), role, people)
            for role, people in group_by(participants, attrgetter("role"))
        ]
        return super().get_context_data(
            participants_by_role=[(heading, people) for heading, _, people in participants_by_role],
            leaders_by_role=[
                (heading, people)
                for heading, role, people in participants_by_role
                if role in {Participant.Role.CHAIR, Participant.Role.CO_CHAIR}
            ],
            # Kinds in the order their first conclusion has: the secretariat decides it.
            conclusions_by_kind=[
                (Conclusion.kind_heading(kind, len(items)), items)
                for kind, items in group_by(meeting.conclusions.all(), attrgetter("kind"))
            ],
            structured_data=meeting_event(meeting, participants, self.request),
            # What the apps above this one add: the chair of the Process at the time, the
            # follow-up of the commitments (core.page_parts).
            fact_parts=page_parts.shown("meetings:detail", meeting, self.request, page_parts.FACT),
            section_parts=page_parts.shown(
                "meetings:detail", meeting, self.request, page_parts.SECTION
            ),
            **kwargs,
        )


def group_by(items, key):
    """[(key, [items])] with keys in the order they first appear; items keep their order."""
    groups = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.items())


@require_safe
def photo_rendition(request, pk, size):
    if size not in RENDITIONS:
        raise Http404
    photo = get_object_or_404(Photo.objects.visible_to(request.user), pk=pk)
    return rendition_response(request, photo, size)
