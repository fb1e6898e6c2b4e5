from itertools import groupby

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from documents.models import Document
from khartoum.publishing import Status
from khartoum.views import FilteredListView, PublicDetailView

from .filters import MeetingFilter
from .models import Meeting, Participant, Photo
from .photos import RENDITIONS, rendition_response


class MeetingListView(FilteredListView):
    filterset_class = MeetingFilter
    template_name = "meetings/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 10

    def get_queryset(self):
        return (
            Meeting.objects.published()
            .select_related("meeting_type")
            .annotate(
                document_count=Count(
                    "documents", filter=Q(documents__status=Status.PUBLISHED), distinct=True
                )
            )
            # Explicit: Meta.ordering does not apply to a query with an aggregate.
            .order_by("-start_date", "-id")
        )


class MeetingDetailView(PublicDetailView):
    not_found_message = _(
        "There is no published meeting at this address. Find it in the list of meetings."
    )
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        user = self.request.user
        documents = (
            Document.objects.visible_to(user)
            .select_related("document_type")
            .prefetch_related("files")
            .with_download_counts()
        )
        return (
            Meeting.objects.visible_to(user)
            .select_related("meeting_type")
            .prefetch_related(
                Prefetch(
                    "participants",
                    queryset=Participant.objects.select_related("organisation"),
                ),
                "conclusions",
                Prefetch("documents", queryset=documents, to_attr="visible_documents"),
                "photos",
            )
        )

    def get_context_data(self, **kwargs):
        meeting = self.object
        role_order = list(Participant.Role.values)
        participants = sorted(meeting.participants.all(), key=lambda p: role_order.index(p.role))
        conclusions = meeting.conclusions.all()
        kind_order = {
            kind: index
            for index, kind in enumerate(
                dict.fromkeys(conclusion.kind for conclusion in conclusions)
            )
        }
        return super().get_context_data(
            participants_by_role=[
                (
                    Participant.PLURALS[role] if len(people) > 1 else people[0].get_role_display(),
                    people,
                )
                for role, group in groupby(participants, key=lambda p: p.role)
                if (people := list(group))
            ],
            leaders=[p for p in participants if p.role in {"chair", "co-chair"}],
            conclusions_by_kind=[
                (items[0].kind_plural, items)
                for _, group in groupby(
                    sorted(conclusions, key=lambda c: kind_order[c.kind]), key=lambda c: c.kind
                )
                if (items := list(group))
            ],
            **kwargs,
        )


@require_safe
def photo_rendition(request, pk, size):
    if size not in RENDITIONS:
        raise Http404
    photo = get_object_or_404(Photo.objects.visible_to(request.user), pk=pk)
    return rendition_response(request, photo, size)
