"""factory_boy factories for the content models; published unless a test says otherwise."""

import datetime
import hashlib
import io
from importlib import import_module

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter

from core.publishing import Status
from documents.models import Document, DocumentFile, DocumentType
from followup.models import Progress, Update
from meetings.models import Conclusion, Meeting, MeetingType, Organisation, Participant, Photo
from priorities.models import PriorityDomain


def pdf_bytes(pages=1):
    """A small, valid PDF with blank pages."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF_BYTES = pdf_bytes()


class MeetingTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingType
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Meeting type {n}")
    slug = factory.Sequence(lambda n: f"type-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Meeting {n}")
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    meeting_type = factory.SubFactory(MeetingTypeFactory)
    start_date = datetime.date(2017, 5, 18)
    end_date = factory.LazyAttribute(lambda meeting: meeting.start_date)
    city = "Addis Ababa"
    host_country = "ET"
    status = Status.PUBLISHED


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    meeting = factory.SubFactory(MeetingFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Participant.Role.DELEGATE


class ConclusionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conclusion

    meeting = factory.SubFactory(MeetingFactory)
    kind = Conclusion.Kind.KEY_OBSERVATION
    text = factory.Sequence(lambda n: f"Observation {n}.")


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Document type {n}")
    slug = factory.Sequence(lambda n: f"doctype-{n}")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    title = factory.Sequence(lambda n: f"Document {n}")
    document_type = factory.SubFactory(DocumentTypeFactory)
    meeting = factory.SubFactory(MeetingFactory)
    date = datetime.date(2017, 2, 9)
    status = Status.PUBLISHED


class DocumentFileFactory(factory.django.DjangoModelFactory):
    """A language version holding a small valid PDF (or `content` when given)."""

    class Meta:
        model = DocumentFile

    class Params:
        content = PDF_BYTES

    document = factory.SubFactory(DocumentFactory)
    language = "en"
    original_name = factory.Sequence(lambda n: f"document-{n}.pdf")
    public_name = factory.LazyAttribute(lambda o: o.original_name)
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name=o.original_name))
    size = factory.LazyAttribute(lambda o: len(o.content))
    content_type = "application/pdf"
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    page_count = 1
    uploaded_at = factory.LazyFunction(timezone.now)


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    meeting = factory.SubFactory(MeetingFactory)
    image = factory.django.ImageField(filename="photo.jpg", format="JPEG", width=800, height=600)
    width = 800
    height = 600
    caption = factory.Sequence(lambda n: f"Photo {n}")
    alt_text = factory.Sequence(lambda n: f"Delegates around a table, photo {n}")


# The five come with a migration, but a test that empties the tables (transactional_db) takes
# them away from the tests after it: a test names the ones it uses, found or made again as the
# migration makes them.
THE_FIVE = {
    slug: (number, names)
    for number, slug, names in import_module("priorities.migrations.0002_the_five_domains").DOMAINS
}


def domain_text(slug, part, language="en"):
    _number, names = THE_FIVE[slug]
    return names[language][part]


class PriorityDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityDomain
        django_get_or_create = ["slug"]

    slug = "return"
    number = factory.LazyAttribute(lambda domain: THE_FIVE[domain.slug][0])
    name = factory.LazyAttribute(lambda domain: domain_text(domain.slug, 0))
    short_name = factory.LazyAttribute(lambda domain: domain_text(domain.slug, 1))
    name_fr = factory.LazyAttribute(lambda domain: domain_text(domain.slug, 0, "fr"))
    short_name_fr = factory.LazyAttribute(lambda domain: domain_text(domain.slug, 1, "fr"))
    name_ar = factory.LazyAttribute(lambda domain: domain_text(domain.slug, 0, "ar"))
    short_name_ar = factory.LazyAttribute(lambda domain: domain_text(domain.slug, 1, "ar"))


# The Process over time (process/): terms of an organisation, from a date, still running
# unless a test ends them.


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "process.Membership"

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "member-state"
    started = datetime.date(2016, 5, 24)


class SteeringCommitteeSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "process.SteeringCommitteeSeat"

    organisation = factory.SubFactory(OrganisationFactory)
    side = "european"
    started = datetime.date(2017, 5, 18)


class ChairmanshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "process.Chairmanship"

    organisation = factory.SubFactory(OrganisationFactory)
    started = datetime.date(2016, 12, 16)


class UpdateFactory(factory.django.DjangoModelFactory):
    """A published update of a next step (of a published meeting)."""

    class Meta:
        model = Update

    conclusion = factory.SubFactory(ConclusionFactory, kind=Conclusion.Kind.NEXT_STEP)
    date = datetime.date(2017, 9, 1)
    progress = Progress.IN_PROGRESS
    text = factory.Sequence(lambda n: f"Update {n}.")
    status = Status.PUBLISHED
