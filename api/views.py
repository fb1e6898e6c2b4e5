"""The read-only JSON API: the published record, filtered as the HTML lists are."""

import hashlib

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.views import APIView

from core.record_version import record_version
from documents.filters import DocumentFilter, public_document_types
from documents.models import Document
from followup.commitments import public_commitments, with_public_updates
from followup.filters import CommitmentFilter
from meetings.filters import MeetingFilter, public_meeting_types, public_organisations
from meetings.models import Conclusion, Meeting, Participant, PreviousSlug
from priorities.models import PriorityDomain

from . import serializers
from .filters import RecordFilterBackend
from .pagination import RecordCursorPagination

THROTTLED = _(
    "Too many requests from your address. Please wait before asking again, or fetch fewer, "
    "larger pages (page_size)."
)


class PublicRecordViewSet(viewsets.ReadOnlyModelViewSet):
    """What every endpoint shares: read-only, conditional GET, a clear answer when throttled.

    The ETag is the record's version (it moves on with every change to the content and when
    a scheduled item comes out) with the address asked for: a client that has the current
    answer gets a 304 before anything else is read.
    """

    def etag(self, request):
        state = "\n".join([str(record_version()), get_language(), request.build_absolute_uri()])
        return f'"{hashlib.sha256(state.encode()).hexdigest()[:32]}"'

    def conditional(self, request, answer, *args, **kwargs):
        etag = self.etag(request)
        response = get_conditional_response(request, etag=etag) or answer(request, *args, **kwargs)
        if response.status_code in (200, 304):
            response["ETag"] = etag
        return response

    def list(self, request, *args, **kwargs):
        return self.conditional(request, super().list, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self.conditional(request, super().retrieve, *args, **kwargs)

    def throttled(self, request, wait):
        raise Throttled(wait, detail=str(THROTTLED))


def published_documents():
    return (
        Document.objects.published()
        .select_related("document_type")
        .prefetch_related("files", "domains")
    )


class MeetingViewSet(PublicRecordViewSet):
    """Published meetings, newest first, with their participants, conclusions and documents.

    Filtered with the parameters of the meetings list (/meetings/).
    """

    serializer_class = serializers.MeetingSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"
    filter_backends = [RecordFilterBackend]
    filterset_class = MeetingFilter
    pagination_class = RecordCursorPagination
    ordering = ["-start_date", "-id"]

    def get_queryset(self):
        return (
            Meeting.objects.published()
            .select_related("meeting_type")
            .prefetch_related(
                Prefetch(
                    "participants",
                    queryset=Participant.objects.select_related("organisation"),
                ),
                Prefetch("conclusions", queryset=Conclusion.objects.prefetch_related("domains")),
                "domains",
                Prefetch("documents", queryset=published_documents().in_meeting_order()),
            )
        )

    @extend_schema(
        responses={
            200: serializers.MeetingSerializer,
            301: OpenApiResponse(
                description=_(
                    "The slug is one the meeting had before: its current entry is at the "
                    "address in Location."
                )
            ),
        },
        parameters=[
            OpenApiParameter(
                "Location",
                OpenApiTypes.URI,
                location=OpenApiParameter.HEADER,
                response=[301],
                description=_("The meeting's current entry."),
            )
        ],
    )
    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            # A slug the meeting had before leads to its current entry, as its page does.
            previous = PreviousSlug.objects.filter(
                slug=kwargs["slug"], meeting__in=Meeting.objects.published()
            ).first()
            if previous is None:
                raise
            return redirect("api:meeting-detail", slug=previous.meeting.slug, permanent=True)


class DocumentViewSet(PublicRecordViewSet):
    """Published documents, newest first, with each language's file.

    Filtered with the parameters of the documents list (/documents/).
    """

    serializer_class = serializers.DocumentSerializer
    filter_backends = [RecordFilterBackend]
    filterset_class = DocumentFilter
    pagination_class = RecordCursorPagination
    ordering = ["-date", "-id"]

    def get_queryset(self):
        return published_documents().select_related("meeting")


class OrganisationViewSet(PublicRecordViewSet):
    """Organisations that took part in a published meeting, by name."""

    serializer_class = serializers.OrganisationSerializer
    pagination_class = RecordCursorPagination
    ordering = ["name"]

    def get_queryset(self):
        # The registry may hold organisations entered for a meeting not yet published.
        return public_organisations()


class MeetingTypeViewSet(PublicRecordViewSet):
    """The types of published meetings: each slug is a value of the meetings' `type` parameter."""

    serializer_class = serializers.MeetingTypeSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return public_meeting_types()


class DocumentTypeViewSet(PublicRecordViewSet):
    """The types of published documents: each slug is a value of the documents' `type`
    parameter."""

    serializer_class = serializers.DocumentTypeSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return public_document_types()


class PriorityDomainViewSet(PublicRecordViewSet):
    """The five priority domains of the Joint Valletta Action Plan, in its order: each slug is
    a value of the `domain` parameter of meetings and documents.

    The whole taxonomy, whether or not a published item is on a domain yet; the lists answer
    a domain no published item is on as they answer a type no published item has.
    """

    serializer_class = serializers.PriorityDomainSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return PriorityDomain.objects.all()


class NoSuchAddress(APIView):
    """Any other address under /api/ (a slug with characters no slug has, a path of no
    endpoint): a 404 in JSON, as every endpoint answers, not the site's HTML page."""

    schema = None

    def get(self, request, *args, **kwargs):
        raise NotFound


class CommitmentViewSet(PublicRecordViewSet):
    """Commitments (next steps, recommendations, decisions of published meetings) with their
    status and their published updates, most recently recorded first.

    Filtered with the parameters of the follow-up list (/follow-up/).
    """

    serializer_class = serializers.CommitmentSerializer
    filter_backends = [RecordFilterBackend]
    filterset_class = CommitmentFilter
    pagination_class = RecordCursorPagination
    ordering = ["-id"]

    def get_queryset(self):
        return with_public_updates(
            public_commitments()
            .select_related("meeting")
            .prefetch_related("domains", "meeting__domains")
        )
