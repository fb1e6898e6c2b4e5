"""A document as schema.org's `DigitalDocument` (core.structured_data)."""

from django.utils.text import Truncator

from core.richtext import plain_text
from core.structured_data import PROCESS, SCHEMA


def digital_document(document, files, request):
    """A document as a `DigitalDocument`, each language version an `encoding` of it."""
    data = {
        "@context": SCHEMA,
        "@type": "DigitalDocument",
        "name": document.title,
        "url": request.build_absolute_uri(document.get_absolute_url()),
        "datePublished": document.date.isoformat(),
        "genre": document.document_type.name,
        "publisher": PROCESS,
    }
    description = Truncator(plain_text(document.description)).words(60)
    if description:
        data["description"] = description
    if document.reference:
        data["identifier"] = document.reference
    if document.meeting_id:
        data["about"] = {
            "@type": "Event",
            "name": document.meeting.title,
            "url": request.build_absolute_uri(document.meeting.get_absolute_url()),
        }
    if files:
        data["inLanguage"] = [file.language for file in files]
        data["encoding"] = [
            {
                "@type": "MediaObject",
                "name": file.public_name,
                "contentUrl": request.build_absolute_uri(file.get_absolute_url()),
                "encodingFormat": file.content_type,
                "inLanguage": file.language,
                "contentSize": f"{file.size} B",
                "sha256": file.sha256,
            }
            for file in files
        ]
    return data
