"""Uploads: what a document file must be to be accepted, and how files are named and stored."""

import functools
import hashlib
import io
import struct
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from PIL import ExifTags, Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from core.uploads import MAX_NAME_LENGTH, clean_filename
from documents.models import DocumentFileRevision
from documents.services import attach_file
from documents.validation import HEAD_SIZE, UploadFacts, inspect_upload
from meetings.photos import process_photo
from tests.factories import DocumentFactory, pdf_bytes

# --- Files made in memory ---------------------------------------------------------------

HTML = b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n"
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<circle r='4'/></svg>\n"
)
XML = b'<?xml version="1.0" encoding="UTF-8"?>\n<meeting><title>SOM</title></meeting>\n'
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(56)
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(44) + b"\x40\0\0\0PE\0\0"
MACH_O = b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + bytes(24)


def protected_pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def active_pdf_bytes(action=None, escape=None):
    """A one-page PDF that runs something when opened: JavaScript by default.

    `action` replaces the opening's JavaScript by a dictionary of another action; `escape`
    (name, written as) rewrites a name in the file's bytes as a PDF may spell it.
    """
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if action is None:
        writer.add_open_action(JavaScript("app.alert('opened');"))
    else:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject(key): value for key, value in action.items()}
        )
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    return data.replace(*escape) if escape else data


LAUNCH = {"/S": NameObject("/Launch"), "/F": TextStringObject("cmd.exe")}
# Opening at the first page is an action too, and a harmless one.
GO_TO = {"/S": NameObject("/GoTo"), "/D": TextStringObject("first")}


def zip_bytes(members, first=None):
    """A ZIP archive; `first` (name, text) is stored uncompressed at the start, as ODF asks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(first[0], first[1], compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ooxml_bytes(main_part, *extra):
    """The shape of a .docx/.xlsx/.pptx: content types, relationships and the main part."""
    members = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships/>',
        main_part: '<?xml version="1.0"?><document/>',
    }
    return zip_bytes(members | dict.fromkeys(extra, b""))


DOCX = ooxml_bytes("word/document.xml")
XLSX = ooxml_bytes("xl/workbook.xml")
PPTX = ooxml_bytes("ppt/presentation.xml")


ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
ODF_MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"


def odf_bytes(kind, content="", manifest_entries=(), members=None):
    """An OpenDocument file: its manifest lists `manifest_entries` (path, media type)."""
    entries = "".join(
        f'<manifest:file-entry manifest:full-path="{path}" manifest:media-type="{media}"/>'
        for path, media in [("/", f"application/vnd.oasis.opendocument.{kind}"), *manifest_entries]
    )
    parts = {
        "content.xml": (
            f'<office:document-content xmlns:office="{ODF_OFFICE}" '
            'xmlns:xlink="http://www.w3.org/1999/xlink" '
            'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            f"<office:body>{content}</office:body></office:document-content>"
        ),
        "META-INF/manifest.xml": f'<manifest:manifest xmlns:manifest="{ODF_MANIFEST}">'
        f"{entries}</manifest:manifest>",
    }
    return zip_bytes(
        parts | (members or {}),
        first=("mimetype", f"application/vnd.oasis.opendocument.{kind}"),
    )


OLE_FREE, OLE_END, OLE_FAT, OLE_NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole_entry(name, kind, right=OLE_NONE, child=OLE_NONE):
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded,
        len(encoded),
        kind,
        1,  # black
        OLE_NONE,
        right,
        child,
        bytes(16),
        0,
        0,
        0,
        OLE_END,
        0,
    )


def ole_bytes(*streams, sector_shift=9, storages=()):
    """A compound file (Office 97–2003 container) with empty streams at its root.

    Names in `storages` are empty storages (folders) instead, as Word keeps its macros in one.

    Sector 0 holds the FAT, the directory follows in as many sectors as it needs.
    """
    size = 1 << sector_shift
    entries = [ole_entry("Root Entry", 5, child=1 if streams else OLE_NONE)]
    for number, name in enumerate(streams, start=1):
        kind = 1 if name in storages else 2
        entries.append(
            ole_entry(name, kind, right=number + 1 if number < len(streams) else OLE_NONE)
        )
    per_sector = size // 128
    directory_sectors = -(-len(entries) // per_sector)
    entries += [ole_entry("", 0)] * (directory_sectors * per_sector - len(entries))
    fat = [OLE_FAT] + [n + 1 for n in range(1, directory_sectors)] + [OLE_END]
    fat += [OLE_FREE] * (size // 4 - len(fat))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"),
        bytes(16),
        0x3E,
        3 if sector_shift == 9 else 4,
        0xFFFE,
        sector_shift,
        6,
        bytes(6),
        0 if sector_shift == 9 else directory_sectors,
        1,  # FAT sectors
        1,  # first directory sector
        0,
        4096,
        OLE_END,
        0,
        OLE_END,
        0,
    ) + struct.pack("<109I", 0, *[OLE_FREE] * 108)
    header = header.ljust(size, b"\0")
    return header + struct.pack(f"<{size // 4}I", *fat) + b"".join(entries)


DOC = ole_bytes("\x01CompObj", "WordDocument", "1Table", "\x05SummaryInformation", "Data")
XLS = ole_bytes("Workbook", "\x05SummaryInformation")
PPT = ole_bytes("Current User", "PowerPoint Document", "Pictures", sector_shift=12)


def image_bytes(fmt, size=(32, 24), mode="RGB", **options):
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode == "1" else (30, 90, 160)).save(buffer, fmt, **options)
    return buffer.getvalue()


def noisy_jpeg(size=(64, 48), exif=None):
    buffer = io.BytesIO()
    image = Image.effect_noise(size, 60).convert("RGB")
    image.save(buffer, "JPEG", **({"exif": exif} if exif else {}))
    return buffer.getvalue()


@functools.cache
def decompression_bomb():
    """A PNG of 20000 × 20000 pixels that compresses to a few dozen kilobytes."""
    return image_bytes("PNG", size=(20_000, 20_000), mode="1", compress_level=9)


def upload(name, content):
    return SimpleUploadedFile(name, content)


# --- Hostile uploads ----------------------------------------------------------------------

HOSTILE = [
    ("minutes.pdf", lambda: HTML, "forbidden", "HTML page"),
    ("minutes.txt", lambda: HTML, "forbidden", "HTML page"),
    ("minutes.docx", lambda: b"\xef\xbb\xbf  \n" + HTML, "forbidden", "HTML page"),
    ("logo.png", lambda: SVG, "forbidden", "SVG image"),
    ("logo.txt", lambda: SVG, "forbidden", "SVG image"),
    ("data.csv", lambda: XML, "forbidden", "XML file"),
    ("notes.txt", lambda: b"#!/bin/sh\nrm -rf ~\n", "forbidden", "script"),
    ("notes.txt", lambda: b"<?php system($_GET['c']); ?>\n", "forbidden", "PHP script"),
    ("notes.txt", lambda: b"'use strict';\nfetch('/admin/');\n", "forbidden", "script"),
    ("notes.txt", lambda: b"(function () { steal(); })();\n", "forbidden", "script"),
    (
        "list.csv",
        lambda: b"name,country\nIOM,CH\n" * 50 + b'x,"<script>alert(1)</script>"\n',
        "forbidden",
        "<script",
    ),
    ("report.pdf", lambda: ELF, "forbidden", "program"),
    ("report.pdf", lambda: PE, "forbidden", "program"),
    ("report.txt", lambda: PE, "forbidden", "program"),
    ("report.docx", lambda: MACH_O, "forbidden", "program"),
    # Polyglots and images that are not what they say.
    (
        "photo.png",
        lambda: image_bytes("GIF") + b"<html><script>alert(1)</script></html>",
        "mismatch",
        "GIF",
    ),
    (
        "photo.png",
        lambda: b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
        "corrupt",
        "not a readable image",
    ),
    ("report.pdf", lambda: image_bytes("JPEG"), "mismatch", "JPEG image"),
    ("photo.jpg", lambda: image_bytes("PNG"), "mismatch", "PNG image"),
    ("photo.webp", lambda: image_bytes("JPEG"), "mismatch", "JPEG image"),
    ("banner.png", lambda: image_bytes("PNG", size=(10_001, 1), mode="1"), "dimensions", "10001"),
    ("plan.png", decompression_bomb, "bomb", "far larger"),
    ("photo.jpg", lambda: noisy_jpeg()[:900], "corrupt", "truncated"),
    # Sizes.
    ("empty.pdf", lambda: b"", "empty", "empty"),
    ("big.txt", lambda: b"Khartoum Process\n" * 92_500, "too_large", "limit is 1.0"),
    # Office and PDF files that are not what they say, or cannot be read.
    ("archive.docx", lambda: zip_bytes({"readme.txt": "hello"}), "mismatch", "ZIP archive"),
    ("budget.xlsx", lambda: DOCX, "mismatch", "Word document"),
    ("slides.pptx", lambda: XLSX, "mismatch", "Excel workbook"),
    ("notes.ods", lambda: odf_bytes("text"), "mismatch", "OpenDocument text"),
    ("notes.odt", lambda: zip_bytes({"content.xml": "<x/>"}), "mismatch", "ZIP archive"),
    ("budget.xls", lambda: DOC, "mismatch", "Word 97–2003"),
    (
        "setup.doc",
        lambda: ole_bytes("\x05SummaryInformation", "!_StringPool"),
        "mismatch",
        "not a Word",
    ),
    ("old.doc", lambda: DOC[:700], "corrupt", "damaged"),
    ("report.docx", lambda: b"PK\x03\x04" + bytes(200), "corrupt", "damaged ZIP"),
    (
        "report.docx",
        lambda: ooxml_bytes("word/document.xml", "word/vbaProject.bin"),
        "macros",
        "macros",
    ),
    (
        "report.xlsx",
        lambda: ooxml_bytes("xl/workbook.xml", "xl/vbaProject.bin"),
        "macros",
        "macros",
    ),
    ("report.docm", lambda: ooxml_bytes("word/document.xml"), "macros", "Save it as .docx"),
    ("budget.xlsm", lambda: ooxml_bytes("xl/workbook.xml"), "macros", "Save it as .xlsx"),
    ("slides.pptm", lambda: ooxml_bytes("ppt/presentation.xml"), "macros", ".pptx"),
    (
        "report.doc",
        lambda: ole_bytes("WordDocument", "1Table", "Macros", storages={"Macros"}),
        "macros",
        "macros",
    ),
    (
        "budget.xls",
        lambda: ole_bytes("Workbook", "_VBA_PROJECT_CUR", storages={"_VBA_PROJECT_CUR"}),
        "macros",
        "macros",
    ),
    (
        "notes.odt",
        lambda: zip_bytes(
            {"content.xml": "<x/>", "Basic/Standard/Module1.xml": "<m/>"},
            first=("mimetype", "application/vnd.oasis.opendocument.text"),
        ),
        "macros",
        "macros",
    ),
    ("report.pdf", active_pdf_bytes, "active_content", "JavaScript"),
    ("report.pdf", lambda: active_pdf_bytes(LAUNCH), "active_content", "a launch action"),
    (
        "report.pdf",
        lambda: active_pdf_bytes(escape=(b"/JavaScript", b"/J#61vaScript")),
        "active_content",
        "JavaScript",
    ),
    (
        "report.pdf",
        lambda: active_pdf_bytes(LAUNCH, escape=(b"/Launch", b"/#4Caunch")),
        "active_content",
        "a launch action",
    ),
    (
        "report.docx",
        lambda: ole_bytes("EncryptionInfo", "EncryptedPackage"),
        "encrypted",
        "password",
    ),
    ("report.pdf", lambda: b"%PDF-1.7\n<html><script>alert(1)</script></html>", "corrupt", "PDF"),
    ("report.pdf", protected_pdf_bytes, "encrypted", "password"),
    ("report.pdf", lambda: b"Joint conclusions\n", "mismatch", "plain text"),
    ("report.txt", lambda: pdf_bytes(), "mismatch", "PDF document"),
    # Text that is not text.
    ("data.csv", lambda: b"a,b\n" * 20_000 + b"c,\0\n", "not_text", "NUL"),
    ("data.csv", lambda: b"a,b\n\x1b[31mred\n", "not_text", "U+001B"),
    ("notes.txt", lambda: "Conclusions".encode("utf-16"), "encoding", "UTF-16"),
    ("notes.txt", lambda: b"caf\xe9 \x81\x8d\n", "encoding", "UTF-8"),
    # Names.
    ("setup.exe", lambda: PE, "extension", ".exe"),
    ("page.html", lambda: HTML, "extension", "Accepted: .csv, .doc, .docx"),
    ("logo.svg", lambda: SVG, "extension", ".svg"),
    ("README", lambda: b"hello\n", "extension", "no extension"),
]


@pytest.mark.parametrize(
    ("name", "make", "code", "gist"),
    [pytest.param(*case, id=f"{case[0]}-{case[2]}-{index}") for index, case in enumerate(HOSTILE)],
)
def test_hostile_uploads_are_refused(settings, name, make, code, gist):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    file = upload(name, make())
    with pytest.raises(ValidationError) as refused:
        inspect_upload(file)
    assert refused.value.code == code, refused.value.messages
    assert gist in refused.value.messages[0]
    assert file.tell() == 0


def test_the_mismatch_message_names_both_sides():
    with pytest.raises(ValidationError) as refused:
        inspect_upload(upload("conclusions.pdf", image_bytes("PNG")))
    assert refused.value.messages == ["The file is named “.pdf” but its content is a PNG image."]


# --- Accepted uploads ---------------------------------------------------------------------

ACCEPTED = [
    ("Joint conclusions.pdf", pdf_bytes(3), "application/pdf", 3),
    ("Opens at its first page.pdf", active_pdf_bytes(GO_TO), "application/pdf", 1),
    (
        "Work plan 2017.docx",
        DOCX,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        None,
    ),
    ("Work plan 2017.doc", DOC, "application/msword", None),
    (
        "Mapping table 1.xlsx",
        XLSX,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        None,
    ),
    ("Mapping table 1.xls", XLS, "application/vnd.ms-excel", None),
    (
        "Presentation.pptx",
        PPTX,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        None,
    ),
    ("Presentation.ppt", PPT, "application/vnd.ms-powerpoint", None),
    ("Report.odt", odf_bytes("text"), "application/vnd.oasis.opendocument.text", None),
    ("Table.ods", odf_bytes("spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet", None),
    (
        "Slides.odp",
        odf_bytes("presentation"),
        "application/vnd.oasis.opendocument.presentation",
        None,
    ),
    (
        "Conclusions.txt",
        "Conclusions conjointes – La Valette\r\n\f5 observations clés\n".encode(),
        "text/plain; charset=utf-8",
        None,
    ),
    (
        "Conclusions.txt",
        "\ufeffالاستنتاجات المشتركة\n".encode(),
        "text/plain; charset=utf-8",
        None,
    ),
    (
        "Conclusions.txt",
        "Conclusions – café, Malte\n".encode("cp1252"),
        "text/plain; charset=windows-1252",
        None,
    ),
    (
        "Participants.csv",
        "organisation,role\nIOM,observer\nUNHCR,expert\nÉthiopie,chair\n".encode(),
        "text/csv; charset=utf-8",
        None,
    ),
    ("Group photo.jpg", image_bytes("JPEG"), "image/jpeg", None),
    ("Group photo.JPEG", image_bytes("JPEG"), "image/jpeg", None),
    ("Chart.png", image_bytes("PNG"), "image/png", None),
    ("Chart.webp", image_bytes("WEBP"), "image/webp", None),
]


@pytest.mark.parametrize(
    ("name", "content", "content_type", "page_count"),
    [pytest.param(*case, id=case[0]) for case in ACCEPTED],
)
def test_allowed_formats_are_accepted_with_their_facts(name, content, content_type, page_count):
    file = upload(name, content)
    facts = inspect_upload(file)
    assert facts == UploadFacts(
        content_type=content_type,
        extension=name[name.rindex(".") :].lower(),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        page_count=page_count,
    )
    assert file.tell() == 0


class ReadRecorder(io.FileIO):
    """A file on disk that remembers how much each read asked for."""

    def __init__(self, path):
        super().__init__(path, "rb")
        self.reads = []

    def read(self, size=-1):
        self.reads.append(size)
        return super().read(size)


def test_a_big_text_file_is_read_in_chunks(tmp_path):
    path = tmp_path / "big.csv"
    content = b"organisation;country;role\nIOM;CH;observer\n" * 80_000  # about 3.3 MB
    path.write_bytes(content)
    with ReadRecorder(path) as recorder:
        file = UploadedFile(recorder, name="big.csv", size=len(content))
        facts = inspect_upload(file)
        assert facts.sha256 == hashlib.sha256(content).hexdigest()
        assert facts.size == len(content)
        assert recorder.reads, "the file was not read through the upload"
        assert all(0 <= size <= HEAD_SIZE for size in recorder.reads), recorder.reads


# --- File names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("/var/www/../../media/report.pdf", "report.pdf"),
        ("Conclusions conjointes – Malte.pdf", "Conclusions conjointes – Malte.pdf"),
        ("الاستنتاجات المشتركة.pdf", "الاستنتاجات المشتركة.pdf"),
        ("የጋራ መግለጫ.pdf", "የጋራ መግለጫ.pdf"),
        ("Report\x00\x07\x1b.PDF", "Report.pdf"),
        (
            'minutes\r\nX-Injected: yes; filename="evil.pdf',
            "minutes X-Injected yes filename=evil.pdf",
        ),
        ("\u202efdp.exe", "fdp.exe"),
        ("  spaced   out.pdf  ", "spaced out.pdf"),
        ("", "file"),
        (None, "file"),
        ("...", "file"),
        ("..", "file"),
        (". . .", "file"),
        (".pdf", "file.pdf"),
        ("Malte\u00a0report.pdf", "Malte report.pdf"),
        ("name .pdf", "name.pdf"),
    ],
)
def test_clean_filename(name, cleaned):
    assert clean_filename(name) == cleaned


def test_clean_filename_drops_every_dangerous_character():
    cleaned = clean_filename('a/b\\c<d>e:f"g|h?i*j;k\nl\rm\tn\x00o.pdf')
    assert cleaned == "cdefghijk l m no.pdf"  # line breaks and tabs become spaces


@pytest.mark.parametrize("stem", ["a", "ኢ", "م"])
def test_a_very_long_name_is_cut_keeping_its_extension(stem):
    cleaned = clean_filename(stem * 1000 + ".pdf")
    assert len(cleaned) == MAX_NAME_LENGTH
    assert cleaned.endswith(".pdf")


def test_clean_filename_uses_the_fallback_given():
    assert clean_filename("./", fallback="photo") == "photo"


# --- Attaching files to documents ---------------------------------------------------------


def stored_path(name):
    return Path(default_storage.path(name)).resolve()


@pytest.mark.django_db
def test_attaching_a_pdf_stores_it_under_a_generated_name(media_root):
    document = DocumentFactory()
    content = pdf_bytes(3)
    version = attach_file(document, "en", upload("Joint conclusions – Malte.pdf", content))
    version.refresh_from_db()
    assert version.file.name.startswith("documents/")
    assert version.file.name.endswith(".pdf")
    assert "Joint" not in version.file.name
    assert version.original_name == "Joint conclusions – Malte.pdf"
    assert version.size == len(content)
    assert version.sha256 == hashlib.sha256(content).hexdigest()
    assert version.page_count == 3
    assert version.content_type == "application/pdf"
    assert stored_path(version.file.name).read_bytes() == content
    assert stored_path(version.file.name).is_relative_to(Path(media_root).resolve())


@pytest.mark.django_db
def test_replacing_a_file_keeps_the_language_version_and_the_old_file():
    document = DocumentFactory()
    first, second = pdf_bytes(1), pdf_bytes(2)
    original = attach_file(document, "en", upload("Work plan.pdf", first))
    original_file = original.file.name
    replaced = attach_file(document, "en", upload("Work plan (revised).pdf", second))

    assert replaced.pk == original.pk
    assert replaced.original_name == "Work plan (revised).pdf"
    assert replaced.page_count == 2
    revision = DocumentFileRevision.objects.get(document_file=replaced)
    assert revision.file.name == original_file
    assert revision.original_name == "Work plan.pdf"
    assert revision.sha256 == hashlib.sha256(first).hexdigest()
    assert revision.page_count == 1
    assert replaced.file.name != original_file
    assert default_storage.exists(original_file)
    assert default_storage.exists(replaced.file.name)
    assert stored_path(original_file).read_bytes() == first
    assert stored_path(replaced.file.name).read_bytes() == second


@pytest.mark.django_db
def test_versions_uploaded_under_one_name_get_public_names_of_their_own():
    document = DocumentFactory(title="Joint conclusions", reference="JVAP/SOM/2017/01")
    english = attach_file(document, "en", upload("Conclusions.pdf", pdf_bytes()))
    french = attach_file(document, "fr", upload("Conclusions.pdf", pdf_bytes()))
    assert english.original_name == french.original_name == "Conclusions.pdf"
    assert english.public_name == "jvap-som-2017-01-joint-conclusions-en.pdf"
    assert french.public_name == "jvap-som-2017-01-joint-conclusions-fr.pdf"


@pytest.mark.django_db
def test_a_public_name_taken_by_another_language_gets_a_number():
    document = DocumentFactory(title="Report")
    attach_file(document, "en", upload("a.pdf", pdf_bytes()), public_name="report.pdf")
    french = attach_file(document, "fr", upload("b.pdf", pdf_bytes()), public_name="report.pdf")
    assert french.public_name == "report-2.pdf"


@pytest.mark.django_db
def test_a_title_in_any_script_gives_a_public_name_in_it():
    document = DocumentFactory(title="የጋራ መግለጫ")
    version = attach_file(document, "am", upload("x.pdf", pdf_bytes()))
    assert version.public_name == "የጋራ-መግለጫ-am.pdf"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["../../../../outside.pdf", "..\\..\\..\\outside.pdf"])
def test_a_path_in_the_upload_name_never_leaves_the_media_folder(media_root, tmp_path, name):
    document = DocumentFactory()
    file = upload("placeholder.pdf", pdf_bytes())
    file._name = name  # past UploadedFile's own clean-up, as a hand-made request could be
    version = attach_file(document, "en", file)
    assert version.original_name == "outside.pdf"
    assert stored_path(version.file.name).is_relative_to(Path(media_root).resolve() / "documents")
    assert not any(path.name == "outside.pdf" for path in tmp_path.rglob("*"))


@pytest.mark.django_db
def test_a_refused_upload_attaches_nothing(media_root):
    document = DocumentFactory()
    with pytest.raises(ValidationError):
        attach_file(document, "en", upload("minutes.pdf", HTML))
    assert not document.files.exists()
    assert not Path(media_root, "documents").exists()


# --- Gallery photos -----------------------------------------------------------------------


def test_a_photo_loses_its_gps_position_and_camera_details():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Camera maker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (15.0, 30.0, 0.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (32.0, 32.0, 0.0),
    }
    source = noisy_jpeg(exif=exif.tobytes())
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    content = process_photo(upload("Khartoum.jpg", source))
    result = Image.open(io.BytesIO(content.read()))
    assert result.format == "JPEG"
    assert result.size == (64, 48)
    assert "exif" not in result.info
    assert not result.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert ExifTags.Base.Make not in result.getexif()
    assert content.name == "Khartoum.jpg"


def test_a_photo_is_turned_upright_from_its_exif_orientation():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # taken with the camera turned: rotate 90° to show
    content = process_photo(
        upload("Addis Ababa.jpg", noisy_jpeg(size=(40, 20), exif=exif.tobytes()))
    )
    result = Image.open(io.BytesIO(content.read()))
    assert result.size == (20, 40)
    assert ExifTags.Base.Orientation not in result.getexif()


def test_a_png_photo_stays_png():
    content = process_photo(upload("Chart.png", image_bytes("PNG", mode="RGBA")))
    result = Image.open(io.BytesIO(content.read()))
    assert result.format == "PNG"
    assert result.mode == "RGBA"
    assert content.name == "Chart.png"
    assert result.size == (32, 24)


def test_a_jpg_photo_that_is_really_a_png_is_refused():
    with pytest.raises(ValidationError) as refused:
        process_photo(upload("Berlin.jpg", image_bytes("PNG")))
    assert refused.value.code == "extension_mismatch"
    assert "PNG" in refused.value.messages[0]
