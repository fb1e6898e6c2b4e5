"""factory_boy factories for the content models; published unless a test says otherwise."""

import datetime
import hashlib
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter

from core.publishing import Status
from documents.models import Document, DocumentFile, DocumentType
from followup.models import Progress, Update
from meetings.models import Conclusion, Meeting, MeetingType, Organisation, Participant, Photo


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


class UpdateFactory(factory.django.DjangoModelFactory):
    """A published update of a next step (of a published meeting)."""

    class Meta:
        model = Update

    conclusion = factory.SubFactory(ConclusionFactory, kind=Conclusion.Kind.NEXT_STEP)
    date = datetime.date(2017, 9, 1)
    progress = Progress.IN_PROGRESS
    text = factory.Sequence(lambda n: f"Update {n}.")
    status = Status.PUBLISHED
