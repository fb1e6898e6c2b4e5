"""What the API shows of the record: the public facts, with the addresses of the pages and files."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.models import Document, DocumentFile, DocumentType
from followup.commitments import shown_domains, status_label
from followup.models import COMMITTING, Progress, Update
from meetings.models import Conclusion, Meeting, MeetingType, Organisation, Participant
from priorities.models import PriorityDomain


# ReadOnlyField says nothing of its type: the schema is told.
@extend_schema_field(OpenApiTypes.URI)
class AbsoluteUrlField(serializers.ReadOnlyField):
    """The object's page (or file) on the site, as an absolute address."""

    def __init__(self, **kwargs):
        super().__init__(source="get_absolute_url", **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value)


def meeting_api_url():
    return serializers.HyperlinkedIdentityField(view_name="api:meeting-detail", lookup_field="slug")


class MeetingTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingType
        fields = ["slug", "name"]


class DocumentTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentType
        fields = ["slug", "name"]


class PriorityDomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriorityDomain
        fields = ["slug", "number", "name", "short_name", "description"]


def domain_slugs(help_text):
    """An item's priority domains, by their slugs (/api/priority-domains/)."""
    return serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug", help_text=help_text
    )


class OrganisationSerializer(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="get_kind_display")
    country = serializers.CharField(source="country.code")
    country_name = serializers.CharField(source="country.name")
    # A plain string: empty when unknown, which a URI's format would not allow.
    website = serializers.CharField()

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "acronym",
            "kind",
            "kind_name",
            "country",
            "country_name",
            "website",
        ]


class ParticipantSerializer(serializers.ModelSerializer):
    role_name = serializers.CharField(source="get_role_display")
    organisation = OrganisationSerializer(allow_null=True)
    country = serializers.CharField(source="country.code")
    country_name = serializers.CharField(source="country.name")
    delegation = serializers.CharField()

    class Meta:
        model = Participant
        fields = [
            "role",
            "role_name",
            "delegation",
            "organisation",
            "country",
            "country_name",
            "person_name",
            "person_title",
        ]


class ConclusionSerializer(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="get_kind_display")
    domains = domain_slugs(
        "The slugs of the priority domains it is on, besides (or instead of) its meeting's."
    )

    class Meta:
        model = Conclusion
        fields = ["kind", "kind_name", "order", "text", "attribution", "domains"]


class DocumentFileSerializer(serializers.ModelSerializer):
    language_name = serializers.CharField(source="get_language_display")
    download_url = AbsoluteUrlField()

    class Meta:
        model = DocumentFile
        fields = [
            "language",
            "language_name",
            "public_name",
            "size",
            "content_type",
            "sha256",
            "page_count",
            "uploaded_at",
            "download_url",
        ]


class MeetingLinkSerializer(serializers.ModelSerializer):
    """A document's meeting, by name and address; the meeting's own entry has the rest."""

    url = AbsoluteUrlField()
    api_url = meeting_api_url()

    class Meta:
        model = Meeting
        fields = ["slug", "title", "url", "api_url"]


class DocumentSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()
    api_url = serializers.HyperlinkedIdentityField(view_name="api:document-detail")
    type = DocumentTypeSerializer(source="document_type")
    meeting = MeetingLinkSerializer(allow_null=True)
    description = serializers.CharField(help_text="HTML, sanitised.")
    files = DocumentFileSerializer(many=True, help_text="One current file per language.")
    domains = domain_slugs("The slugs of its priority domains of the Joint Valletta Action Plan.")

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "url",
            "api_url",
            "type",
            "date",
            "adopted_on",
            "reference",
            "description",
            "meeting",
            "files",
            "domains",
            "updated_at",
        ]


class MeetingDocumentSerializer(DocumentSerializer):
    """A document listed in its meeting's entry: the meeting need not be repeated."""

    class Meta(DocumentSerializer.Meta):
        fields = [name for name in DocumentSerializer.Meta.fields if name != "meeting"]


class MeetingSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()
    api_url = meeting_api_url()
    type = MeetingTypeSerializer(source="meeting_type")
    host_country = serializers.CharField(source="host_country.code", help_text="ISO 3166-1 alpha-2")
    host_country_name = serializers.CharField(source="host_country.name")
    body = serializers.CharField(help_text="HTML, sanitised.")
    participants = ParticipantSerializer(many=True)
    conclusions = ConclusionSerializer(many=True)
    documents = MeetingDocumentSerializer(many=True, help_text="Its published documents.")
    domains = domain_slugs(
        "The slugs of its own priority domains of the Joint Valletta Action Plan; its "
        "conclusions may name others (the `domain` parameter finds it by those too)."
    )

    class Meta:
        model = Meeting
        fields = [
            "slug",
            "title",
            "url",
            "api_url",
            "type",
            "ordinal",
            "start_date",
            "end_date",
            "city",
            "host_country",
            "host_country_name",
            "domains",
            "summary",
            "body",
            "participants",
            "conclusions",
            "documents",
            "updated_at",
        ]


class EvidenceConclusionSerializer(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="get_kind_display")
    meeting = MeetingLinkSerializer()

    class Meta:
        model = Conclusion
        fields = ["id", "kind_name", "text", "meeting"]


class DocumentLinkSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()
    api_url = serializers.HyperlinkedIdentityField(view_name="api:document-detail")

    class Meta:
        model = Document
        fields = ["id", "title", "url", "api_url"]


class UpdateSerializer(serializers.ModelSerializer):
    status = serializers.CharField(source="progress")
    status_name = serializers.CharField(source="get_progress_display")
    evidence_meetings = MeetingLinkSerializer(
        source="public_meetings", many=True, help_text="Its published meetings."
    )
    evidence_conclusions = EvidenceConclusionSerializer(
        source="public_conclusions", many=True, help_text="Conclusions of published meetings."
    )
    evidence_documents = DocumentLinkSerializer(
        source="public_documents", many=True, help_text="Its published documents."
    )

    class Meta:
        model = Update
        fields = [
            "date",
            "status",
            "status_name",
            "text",
            "evidence_meetings",
            "evidence_conclusions",
            "evidence_documents",
        ]


class CommitmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Its place on its meeting's page.")
    # The committing kinds only.
    kind = serializers.ChoiceField(
        choices=[(kind.value, kind.label) for kind in COMMITTING], read_only=True
    )
    kind_name = serializers.CharField(source="get_kind_display")
    meeting = MeetingLinkSerializer()
    domains = serializers.SerializerMethodField(
        help_text="The slugs of its priority domains and of its meeting's."
    )
    status = serializers.ChoiceField(
        source="progress",
        choices=Progress.choices,
        help_text="The status its latest published update gives; open before any.",
    )
    status_name = serializers.SerializerMethodField()
    latest_update = serializers.DateField(allow_null=True)
    updates = UpdateSerializer(
        source="public_updates", many=True, help_text="Its published updates, newest first."
    )

    class Meta:
        model = Conclusion
        fields = [
            "id",
            "url",
            "kind",
            "kind_name",
            "text",
            "attribution",
            "meeting",
            "domains",
            "status",
            "status_name",
            "latest_update",
            "updates",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, commitment):
        return self.context["request"].build_absolute_uri(
            f"{commitment.meeting.get_absolute_url()}#commitment-{commitment.pk}"
        )

    def get_domains(self, commitment) -> list[str]:
        return [domain.slug for domain in shown_domains(commitment)]

    def get_status_name(self, commitment) -> str:
        return status_label(commitment.progress)
