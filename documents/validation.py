"""What a document upload really is, checked before anything is stored.

A file is accepted when its extension is one of FORMATS and its content is what that
extension promises. Web pages, SVG, XML, scripts and programs are refused whatever they are
called, because a browser or a desktop could run them; so are documents with active content
(active_content.py: PDFs with scripts or actions that start a program or reach out by
themselves, Office and OpenDocument files with macros, DDE fields, OLE objects or remote
templates): the record is there to be read, and a partner who opens a file from it must never
run anything. Only the head of a file and the parts a format's structure points to are read;
the rest is streamed in chunks.
"""

import codecs
import hashlib
import os
import re
import zipfile
import zlib
from dataclasses import dataclass

import filetype
import olefile
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import DependencyError

from core.uploads import check_size, clean_filename, open_image
from documents.active_content import (
    OLE_SIGNATURE,
    PartTooLarge,
    has_ooxml_macros,
    is_program,
    odf_active_content,
    odf_has_macros,
    ooxml_active_content,
    pdf_active_content,
    ppt_has_macros,
)

# How much of a file is read to tell what it is.
HEAD_SIZE = 64 * 1024


@dataclass(frozen=True)
class Format:
    """One kind of file the site publishes."""

    name: str  # as the messages name it: "a Word document"
    extensions: tuple[str, ...]
    content_type: str  # text types get "; charset=…" from what the file turns out to be
    content: str  # what `identify` must find inside the file


OOXML = "application/vnd.openxmlformats-officedocument."
ODF = "application/vnd.oasis.opendocument."
FORMATS = (
    Format(_("a PDF document"), (".pdf",), "application/pdf", "pdf"),
    Format(_("a Word document"), (".docx",), OOXML + "wordprocessingml.document", "docx"),
    Format(_("a Word 97–2003 document"), (".doc",), "application/msword", "doc"),
    Format(_("an Excel workbook"), (".xlsx",), OOXML + "spreadsheetml.sheet", "xlsx"),
    Format(_("an Excel 97–2003 workbook"), (".xls",), "application/vnd.ms-excel", "xls"),
    Format(
        _("a PowerPoint presentation"), (".pptx",), OOXML + "presentationml.presentation", "pptx"
    ),
    Format(
        _("a PowerPoint 97–2003 presentation"), (".ppt",), "application/vnd.ms-powerpoint", "ppt"
    ),
    Format(_("an OpenDocument text"), (".odt",), ODF + "text", "odt"),
    Format(_("an OpenDocument spreadsheet"), (".ods",), ODF + "spreadsheet", "ods"),
    Format(_("an OpenDocument presentation"), (".odp",), ODF + "presentation", "odp"),
    Format(_("plain text"), (".txt",), "text/plain", "text"),
    Format(_("CSV data"), (".csv",), "text/csv", "text"),
    Format(_("a JPEG image"), (".jpg", ".jpeg"), "image/jpeg", "jpeg"),
    Format(_("a PNG image"), (".png",), "image/png", "png"),
    Format(_("a WebP image"), (".webp",), "image/webp", "webp"),
)
FORMATS_BY_EXTENSION = {ext: fmt for fmt in FORMATS for ext in fmt.extensions}
# Office's macro-enabled formats, named for what they are rather than as unknown extensions.
MACRO_ENABLED_EXTENSIONS = {
    ".docm": ".docx",
    ".dotm": ".docx",
    ".xlsm": ".xlsx",
    ".xltm": ".xlsx",
    ".xlsb": ".xlsx",
    ".xlam": ".xlsx",
    ".pptm": ".pptx",
    ".potm": ".pptx",
    ".ppsm": ".pptx",
    ".ppam": ".pptx",
}
ACCEPTED_EXTENSIONS = ", ".join(sorted(FORMATS_BY_EXTENSION))
# Images are decoded in full by the gallery's checks: Pillow's format name -> extensions.
IMAGE_FORMATS = {
    fmt.content.upper(): set(fmt.extensions)
    for fmt in FORMATS
    if fmt.content_type.startswith("image/")
}

# What the content turned out to be, when it is none of FORMATS.
REFUSED_KINDS = {
    "program": _("a program"),
    "script": _("a script"),
    "html": _("an HTML page"),
    "svg": _("an SVG image"),
    "xml": _("an XML file"),
    "markup": _("text containing web markup or a script"),
}
KIND_NAMES = {fmt.content: fmt.name for fmt in FORMATS} | {"text": _("plain text")}

PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

# Office Open XML: the folder of the main part, per kind.
OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF_MIMETYPES = {ODF + "text": "odt", ODF + "spreadsheet": "ods", ODF + "presentation": "odp"}
# Where Word's and Excel's 97–2003 files keep macros; Office Open XML's, OpenDocument's and
# PowerPoint 97–2003's are found by active_content.py.
OLE_MACRO_STORAGES = {"macros", "_vba_project_cur", "_vba_project"}
# Office 97–2003: the stream at the root of the compound file that makes it what it is.
OLE_STREAMS = {
    "worddocument": "doc",
    "workbook": "xls",
    "book": "xls",  # Excel 5 and 95
    "powerpoint document": "ppt",
}
PPT_STREAM = "PowerPoint Document"
OFFICE_KINDS = {"doc", "docx", "xls", "xlsx", "ppt", "pptx"}
IMAGE_MIME_KINDS = {
    "image/jpeg": "jpeg",
    "image/png": "png",
    "image/apng": "png",
    "image/webp": "webp",
}

# Markup or code in what would otherwise pass for text.
MARKUP_MARKERS = (
    b"<script",
    b"<html",
    b"<svg",
    b"<?xml",
    b"<!doctype",
    b"<?php",
    b"<iframe",
    b"<object",
    b"<embed",
)
SCRIPT_START = re.compile(
    rb"""(?:
        ['"]use\ strict['"]
      | \(?\s*(?:async\s+)?function\s*[\w$]*\s*\(
      | !function\s*\(
      | (?:var|let|const)\s+[\w$]+\s*=
      | import\s+[\w${},*\s]+\s+from\s+['"]
      | module\.exports\s*[.=]
      | require\s*\(\s*['"]
      | @echo\s+off
    )""",
    re.VERBOSE,
)
# Control characters other than tab, line feed, form feed and carriage return, and the C1
# controls, which only appear in text decoded with the wrong encoding.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
TEXT_ENCODINGS = (("utf-8", "utf-8"), ("cp1252", "windows-1252"))


@dataclass(frozen=True)
class UploadFacts:
    """What is recorded of an accepted upload."""

    content_type: str
    extension: str
    size: int
    sha256: str
    page_count: int | None


@dataclass(frozen=True)
class Content:
    """What a file's bytes say it is."""

    kind: str
    name: str
    damaged: bool = False


def inspect_upload(upload):
    """Check an uploaded document and return its UploadFacts, or raise ValidationError.

    The upload is left at its start, ready to be saved.
    """
    try:
        return _inspect(upload)
    finally:
        upload.seek(0)


def _inspect(upload):
    extension = os.path.splitext(clean_filename(upload.name))[1]
    fmt = FORMATS_BY_EXTENSION.get(extension)
    if extension in MACRO_ENABLED_EXTENSIONS:
        raise ValidationError(
            _(
                "“%(ext)s” files are made to hold macros, which are not accepted. Save it as "
                "%(plain)s and upload it again."
            )
            % {"ext": extension, "plain": MACRO_ENABLED_EXTENSIONS[extension]},
            code="macros",
        )
    if fmt is None:
        if extension:
            message = _("Files ending in “%(ext)s” are not accepted. Accepted: %(accepted)s.")
        else:
            message = _("The file name has no extension. Accepted: %(accepted)s.")
        raise ValidationError(
            message % {"ext": extension, "accepted": ACCEPTED_EXTENSIONS}, code="extension"
        )
    check_size(upload, settings.DOCUMENT_MAX_UPLOAD_MB)

    upload.seek(0)
    head = upload.read(HEAD_SIZE)
    found = identify(upload, head)
    if found.kind in REFUSED_KINDS:
        raise ValidationError(
            _(
                "The file’s content is %(what)s. Web pages, SVG and XML files, scripts and "
                "programs are not accepted, whatever their name."
            )
            % {"what": found.name},
            code="forbidden",
        )
    if found.kind == "macros":
        raise ValidationError(
            _(
                "The document contains macros, which are not accepted: documents published "
                "here are read, never run. Save it without them (as .docx, .xlsx, .pptx or "
                "OpenDocument) and upload it again."
            ),
            code="macros",
        )
    if found.kind == "active":
        raise ValidationError(
            _(
                "The document contains %(what)s, which is not accepted: documents published "
                "here are read, never run. Remove it, save the document again and upload it."
            )
            % {"what": found.name},
            code="active_content",
        )
    if found.kind == "protected" and fmt.content in OFFICE_KINDS:
        raise _protected()
    if found.kind == "utf16" and fmt.content == "text":
        raise _encoding_error(_("The text is in UTF-16."))
    if found.kind == "binary" and fmt.content == "text":
        _text_charset(upload)  # says precisely why it is not text (NUL, controls, encoding)
    if found.kind != fmt.content:
        raise ValidationError(
            _("The file is named “%(ext)s” but its content is %(what)s.")
            % {"ext": extension, "what": found.name},
            code="corrupt" if found.damaged else "mismatch",
        )

    content_type, page_count = fmt.content_type, None
    if fmt.content == "pdf":
        page_count = _check_pdf(upload)
    elif fmt.content == "text":
        content_type = f"{content_type}; charset={_text_charset(upload)}"
    elif fmt.content_type.startswith("image/"):
        open_image(upload, IMAGE_FORMATS)

    size, sha256 = _digest(upload)
    return UploadFacts(
        content_type=content_type,
        extension=extension,
        size=size,
        sha256=sha256,
        page_count=page_count,
    )


def identify(upload, head):
    """Tell from a file's head (and, for containers, its structure) what the file is."""
    if is_program(head):
        return Content("program", REFUSED_KINDS["program"])
    if head.startswith(OLE_SIGNATURE):
        return _ole_content(upload)
    if head.startswith(ZIP_SIGNATURES):
        return _zip_content(upload)
    if head.startswith(PDF_SIGNATURE):
        return Content("pdf", KIND_NAMES["pdf"])
    if head.startswith(UTF16_BOMS):
        return Content("utf16", _("text in UTF-16"))

    lead = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if lead.startswith(b"#!"):
        return Content("script", REFUSED_KINDS["script"])
    if lead[:5].lower() == b"<?php":
        return Content("script", _("a PHP script"))
    if lead.startswith(b"<"):
        kind = _markup_kind(lead)
        return Content(kind, REFUSED_KINDS[kind])

    if _looks_like_text(head):
        lowered = head.lower()
        for marker in MARKUP_MARKERS:
            if marker in lowered:
                return Content(
                    "markup",
                    _("text containing web markup or a script (“%(marker)s”)")
                    % {"marker": marker.decode()},
                )
        if SCRIPT_START.match(lead):
            return Content("script", _("a script"))
        return Content("text", KIND_NAMES["text"])

    guess = filetype.guess(head)
    if guess is None:
        return Content("binary", _("binary data of a kind that is not recognised"))
    if guess.mime in IMAGE_MIME_KINDS:
        kind = IMAGE_MIME_KINDS[guess.mime]
        return Content(kind, KIND_NAMES[kind])
    if guess.mime.startswith("image/"):
        return Content(
            "image", _("an image in %(format)s format") % {"format": guess.extension.upper()}
        )
    return Content("other", _("a file of type %(type)s") % {"type": guess.mime})


def _markup_kind(lead):
    start = lead[:4096].lower()
    if b"<svg" in start:
        return "svg"
    if b"<html" in start or b"<!doctype html" in start or b"<script" in start:
        return "html"
    if start.startswith(b"<?xml"):
        return "xml"
    return "html"


def _looks_like_text(head):
    """Whether the head decodes as UTF-8 or Windows-1252 text without control characters."""
    for encoding, _charset in TEXT_ENCODINGS:
        try:
            # Not final: the head may end in the middle of a character.
            text = codecs.getincrementaldecoder(encoding)().decode(head)
        except UnicodeDecodeError:
            continue
        return not CONTROL_CHARACTERS.search(text)
    return False


def _zip_content(upload):
    """Office Open XML or OpenDocument, told apart by the archive's directory, and checked for
    what would run when it is opened."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return _archive_content(archive)
    except PartTooLarge:
        return Content(
            "zip", _("an archive whose parts expand too far to be checked"), damaged=True
        )
    except (ParseError, DefusedXmlException):
        return Content(
            "zip", _("a damaged document: one of its parts cannot be read"), damaged=True
        )
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ):
        return Content("zip", _("a damaged ZIP archive"), damaged=True)


def _archive_content(archive):
    names = {name.lower() for name in archive.namelist()}
    mimetype = None
    if "mimetype" in archive.NameToInfo:
        info = archive.getinfo("mimetype")
        if info.file_size <= 100:
            mimetype = archive.read(info).decode("ascii", "replace").strip()

    if mimetype in ODF_MIMETYPES:
        if odf_has_macros(archive):
            return Content("macros", _("an OpenDocument file with macros"))
        active = odf_active_content(archive)
        if active:
            return Content("active", active)
        kind = ODF_MIMETYPES[mimetype]
        return Content(kind, KIND_NAMES[kind])
    if "[content_types].xml" in names:
        if has_ooxml_macros(archive):
            return Content("macros", _("an Office document with macros"))
        for kind, folder in OOXML_PARTS.items():
            if any(name.startswith(folder) for name in names):
                active = ooxml_active_content(archive)
                if active:
                    return Content("active", active)
                return Content(kind, KIND_NAMES[kind])
    return Content("zip", _("a ZIP archive, not a Word, Excel, PowerPoint or OpenDocument file"))


def _ole_content(upload):
    """Word, Excel or PowerPoint 97–2003, told apart by the streams at the compound's root."""
    try:
        names, macros = _read_ole(upload)
    except ValueError:
        return Content("ole", _("a damaged Office 97–2003 file"), damaged=True)
    if "encryptedpackage" in names:
        return Content("protected", _("a password-protected Office document"))
    if macros:
        return Content("macros", _("an Office document with macros"))
    for stream, kind in OLE_STREAMS.items():
        if stream in names:
            return Content(kind, KIND_NAMES[kind])
    return Content(
        "ole",
        _("a Windows compound file that is not a Word, Excel or PowerPoint document"),
    )


def _read_ole(upload):
    """The names (lower case) of the streams and storages at the root of a compound file, and
    whether it holds macros: Word's and Excel's in a storage of their own, PowerPoint's in
    the records of its document stream.

    Raises ValueError when the structure is broken.
    """
    upload.seek(0)
    try:
        # olefile reads the sectors it needs through the upload; it leaves the file open.
        with olefile.OleFileIO(upload) as ole:
            entries = ole.listdir(streams=True, storages=True)
            names = {path[0].lower() for path in entries}
            macros = bool(names & OLE_MACRO_STORAGES)
            if not macros and ole.exists(PPT_STREAM):
                macros = ppt_has_macros(ole.openstream(PPT_STREAM).read())
    except (OSError, olefile.olefile.OleFileError, RecursionError) as error:
        raise ValueError(str(error)) from None
    return names, macros


def _check_pdf(upload):
    """The number of pages of a PDF that opens without a password and runs nothing."""
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _protected()
        page_count = len(reader.pages)
        active = pdf_active_content(reader)
    except ValidationError:
        raise
    except DependencyError:
        # Encrypted for permissions only, with a cipher this installation cannot undo: the
        # file opens for everyone, we just cannot count its pages.
        return None
    except Exception:  # whatever the parser trips on in a hostile file
        raise ValidationError(
            _("The PDF cannot be read: it is damaged or not a real PDF."), code="corrupt"
        ) from None
    if page_count == 0:
        raise ValidationError(_("The PDF has no pages."), code="corrupt")
    if active:
        raise ValidationError(
            _(
                "The PDF contains %(what)s, which is not accepted: documents published here are "
                "read, never run. Save it again without scripts or actions (for example by "
                "printing it to a new PDF) and upload it again."
            )
            % {"what": active},
            code="active_content",
        )
    return page_count


def _text_charset(upload):
    """The charset text is in, checked through the whole file a chunk at a time."""
    for encoding, charset in TEXT_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for chunk in upload.chunks():
                _refuse_controls(decoder.decode(chunk))
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return charset
    raise _encoding_error(_("The text is neither UTF-8 nor Windows-1252."))


def _refuse_controls(text):
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return
    if found.group() == "\0":
        raise ValidationError(
            _("The file contains NUL bytes: it is binary data, not text."), code="not_text"
        )
    raise ValidationError(
        _("The file contains control characters (U+%(code)04X), so it is not plain text.")
        % {"code": ord(found.group())},
        code="not_text",
    )


def _encoding_error(reason):
    return ValidationError(
        _("%(reason)s Save it as UTF-8 and upload it again.") % {"reason": reason},
        code="encoding",
    )


def _protected():
    return ValidationError(
        _("The document is protected by a password. Upload a copy without one."),
        code="encrypted",
    )


def _digest(upload):
    digest = hashlib.sha256()
    size = 0
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()
