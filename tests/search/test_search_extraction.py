"""The text of each uploaded file is read once, bounded, and stored for search."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from fpdf import FPDF

from documents import extraction
from documents.models import Document, DocumentFile, DocumentFileRevision
from documents.services import attach_file
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def text_pdf(*pages):
    """A PDF with one page of text for each of `pages`."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def office_file(part, xml):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(part, xml)
    return buffer.getvalue()


WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(*paragraphs):
    """A Word file whose paragraphs are made of runs: ("Rein", "tegration") is one word."""
    body = "".join(
        "<w:p>" + "".join(f"<w:r><w:t>{run}</w:t></w:r>" for run in runs) + "</w:p>"
        for runs in paragraphs
    )
    return office_file(
        "word/document.xml",
        f'<?xml version="1.0"?><w:document xmlns:w="{WORD}"><w:body>{body}</w:body></w:document>',
    )


def upload(name, content, language="en"):
    document = DocumentFactory()
    return attach_file(document, language, SimpleUploadedFile(name, content))


def test_a_word_only_inside_an_uploaded_pdf_is_stored_and_found():
    version = upload("report.pdf", text_pdf("Intro", "Page two speaks of Zanzibarite routes."))
    assert "Zanzibarite routes" in version.text
    assert list(Document.objects.search("zanzibarite")) == [version.document]


def test_a_word_only_inside_a_word_file_is_stored_and_found():
    version = upload("minutes.docx", docx(("Rein", "tegration of returnees"), ("Second",)))
    assert version.text == "Reintegration of returnees Second"
    assert list(Document.objects.search("returnees")) == [version.document]


def test_an_opendocument_text_is_read():
    xml = (
        '<?xml version="1.0"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        "<office:text><text:p>Mobilité</text:p><text:p>humaine</text:p></office:text>"
        "</office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", xml)
    assert extraction.extract_text(buffer, "note.odt") == "Mobilité humaine"


def test_plain_text_is_read():
    version = upload("note.txt", b"Plain words about Agadez.\n")
    assert version.text == "Plain words about Agadez."


def test_a_replaced_file_has_the_new_files_text():
    version = upload("report.pdf", text_pdf("First edition"))
    attach_file(version.document, "en", SimpleUploadedFile("r.pdf", text_pdf("Second edition")))
    version.refresh_from_db()
    assert "Second edition" in version.text
    assert "First" not in version.text


def test_a_huge_text_is_cut_at_the_bound():
    version = upload("huge.txt", b"word " * (extraction.MAX_CHARACTERS // 2))
    assert len(version.text) <= extraction.MAX_CHARACTERS
    assert len(version.text) > extraction.MAX_CHARACTERS - 10


def test_pages_beyond_the_bound_are_not_read(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_PAGES", 2)
    text = extraction.extract_text(io.BytesIO(text_pdf("alpha", "beta", "gamma")), "a.pdf")
    assert text == "alpha beta"


def test_reading_stops_when_the_time_is_up(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_SECONDS", -1)
    text = extraction.extract_text(io.BytesIO(text_pdf("alpha", "beta", "gamma")), "a.pdf")
    assert text == "alpha"


def test_an_expanding_xml_is_not_expanded():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{WORD}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body>'
        "</w:document>"
    )
    assert (
        extraction.extract_text(io.BytesIO(office_file("word/document.xml", bomb)), "x.docx") == ""
    )


def test_a_damaged_file_gives_what_was_read():
    assert extraction.extract_text(io.BytesIO(b"%PDF-1.7 nothing else"), "x.pdf") == ""


def test_reindex_reads_every_file_again():
    version = upload("report.pdf", text_pdf("Khartoum process record"))
    attach_file(version.document, "en", SimpleUploadedFile("new.pdf", text_pdf("Valletta plan")))
    DocumentFile.objects.update(text="")
    DocumentFileRevision.objects.update(text="")
    call_command("reindex", verbosity=0)
    version.refresh_from_db()
    assert version.text == "Valletta plan"
    assert version.revisions.get().text == "Khartoum process record"
    assert list(Document.objects.search("valletta")) == [version.document]
    assert list(Document.objects.search("record")) == []


def test_a_replaced_file_keeps_its_text_but_only_the_current_one_is_searched(client):
    version = upload("draft.pdf", text_pdf("Zanzibarite routes, first reading."))
    attach_file(
        version.document, "en", SimpleUploadedFile("final.pdf", text_pdf("Agadez corridor."))
    )
    earlier = version.revisions.get()
    assert earlier.original_name == "draft.pdf"
    assert earlier.text == "Zanzibarite routes, first reading."
    version.refresh_from_db()
    assert version.text == "Agadez corridor."
    assert list(Document.objects.search("agadez")) == [version.document]
    assert list(Document.objects.search("zanzibarite")) == []
    page = client.get("/search/", {"q": "zanzibarite"}).content.decode()
    assert "Nothing found" in page
