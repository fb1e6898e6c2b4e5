"""What in a document would run a program, a script or a request of its own when a reader
opens it: the checks behind the upload filter's refusals of active content (validation.py).

Each check returns the reason it found, as the refusal names it, or None. Nothing found in a
file is ever run or followed: PDFs are read through pypdf's object graph, Office Open XML and
OpenDocument parts with defusedxml, PowerPoint 97–2003 records as bytes.
"""

import io
import re
import struct
import zipfile

from defusedxml import ElementTree
from django.utils.translation import gettext_lazy as _
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

# Executables of Windows (MZ), Linux, macOS (Mach-O, 32/64 bit, both byte orders, universal)
# and WebAssembly.
PROGRAM_SIGNATURES = (
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"\x00asm",
)
# What Windows runs when a file with this name is opened.
PROGRAM_EXTENSIONS = (
    ".exe",
    ".com",
    ".scr",
    ".pif",
    ".bat",
    ".cmd",
    ".msi",
    ".dll",
    ".cpl",
    ".hta",
    ".js",
    ".jse",
    ".vbs",
    ".vbe",
    ".wsf",
    ".wsh",
    ".ps1",
    ".jar",
    ".lnk",
    ".reg",
)
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


def is_program(head):
    """Whether a file's first bytes are those of a program."""
    return head.startswith(PROGRAM_SIGNATURES) or (head.startswith(b"MZ") and b"\0" in head[:64])


def local_name(tag):
    """An XML element's or attribute's name without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# --- PDF ------------------------------------------------------------------------------------

# Actions and scripts refused wherever they are: they run code, start a program, import data
# from another file or open a file the PDF carries. pypdf reads a name written with #-escapes
# ("/J#61vaScript", "/Open#41ction") as the name it spells, so they are compared as read.
PDF_ACTIVE_NAMES = {
    "/JS": _("JavaScript"),
    "/JavaScript": _("JavaScript"),
    "/Launch": _("a launch action"),
    "/ImportData": _("an action that imports form data from another file"),
    "/GoToE": _("an action that opens a file embedded in the PDF"),
}
# Harmless behind a link the reader clicks; refused as an action that runs by itself: when
# the document opens (/OpenAction), or on the events of a document, page or field (/AA) other
# than the press and release of a click (an annotation's /D and /U).
PDF_AUTOMATIC_ACTIONS = {
    "/URI": _(
        "an action that opens a web address by itself (when the document, a page or a form "
        "field is opened or used)"
    ),
    "/SubmitForm": _(
        "an action that sends form data by itself (when the document, a page or a form field "
        "is opened or used)"
    ),
}
XFA_SCRIPT = _("an XFA form with scripts")
XFA_UNREADABLE = _("an XFA form that cannot be checked for scripts")
EMBEDDED_PROGRAM = _("an embedded program (“%(name)s”)")
# The order in which reasons are given when a file has several.
CLICK_EVENTS = {"/D", "/U"}
PDF_REASON_ORDER = [
    *PDF_ACTIVE_NAMES.values(),
    *PDF_AUTOMATIC_ACTIONS.values(),
    XFA_SCRIPT,
    XFA_UNREADABLE,
]


def pdf_active_content(reader):
    """What in a PDF would run when it is opened or used, or None.

    Every object reachable from the trailer is visited once, those packed in compressed object
    streams and those of the latest incremental update included; only XFA forms and embedded
    files have their streams read.
    """
    found = []
    for item in _reachable(reader.trailer):
        if isinstance(item, NameObject) and item in PDF_ACTIVE_NAMES:
            found.append(PDF_ACTIVE_NAMES[item])
        elif isinstance(item, DictionaryObject):
            found.extend(_pdf_dictionary_findings(item))
    if not found:
        return None
    return min(found, key=_reason_rank)


def _reason_rank(reason):
    return PDF_REASON_ORDER.index(reason) if reason in PDF_REASON_ORDER else len(PDF_REASON_ORDER)


def _reachable(root):
    """Each object reachable from `root`, resolved; dictionary keys are given as names too."""
    seen = set()
    pending = [root]
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        yield item
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                pending.extend((key, value))
        elif isinstance(item, ArrayObject):
            pending.extend(item)


def _pdf_dictionary_findings(dictionary):
    for action in _automatic_actions(dictionary):
        kind = _resolved(action.get("/S"))
        if kind in PDF_AUTOMATIC_ACTIONS:
            yield PDF_AUTOMATIC_ACTIONS[kind]
    if "/XFA" in dictionary:
        reason = _xfa_finding(_resolved(dictionary["/XFA"]))
        if reason:
            yield reason
    if "/EF" in dictionary:
        yield from _embedded_program_findings(dictionary)


def _resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _automatic_actions(dictionary):
    """The actions a dictionary runs without a click: its opening action and its events',
    each followed by the actions it chains with /Next."""
    pending = []
    opening = _resolved(dictionary.get("/OpenAction"))
    if isinstance(opening, DictionaryObject):  # an array is a page to open at, not an action
        pending.append(opening)
    events = _resolved(dictionary.get("/AA"))
    if isinstance(events, DictionaryObject):
        pending.extend(
            _resolved(action) for event, action in events.items() if event not in CLICK_EVENTS
        )
    seen = set()
    while pending:
        action = pending.pop()
        if not isinstance(action, DictionaryObject) or id(action) in seen:
            continue
        seen.add(id(action))
        yield action
        following = _resolved(action.get("/Next"))
        if isinstance(following, ArrayObject):
            pending.extend(_resolved(item) for item in following)
        else:
            pending.append(following)


def _xfa_finding(xfa):
    """An XFA form (one stream, or an array of packet names and streams) holding scripts."""
    if isinstance(xfa, StreamObject):
        streams = [xfa]
    elif isinstance(xfa, ArrayObject):
        streams = [_resolved(item) for item in xfa]
        streams = [item for item in streams if isinstance(item, StreamObject)]
    else:
        return None
    data = b"".join(stream.get_data() for stream in streams)
    if not data.strip():
        return None
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        # Entity declarations (refused by defusedxml) could spell a script too.
        return XFA_UNREADABLE
    if any(local_name(element.tag).lower() == "script" for element in root.iter()):
        return XFA_SCRIPT
    return None


def _embedded_program_findings(file_specification):
    """Embedded files that are programs or scripts, by their content or by their name."""
    name = str(_resolved(file_specification.get("/UF") or file_specification.get("/F")) or "")
    streams = _resolved(file_specification["/EF"])
    if not isinstance(streams, DictionaryObject):
        return
    for stream in streams.values():
        stream = _resolved(stream)
        if not isinstance(stream, StreamObject):
            continue
        head = stream.get_data()[:64]
        runnable = is_program(head) or head.lstrip().startswith(b"#!")
        if runnable or name.lower().endswith(PROGRAM_EXTENSIONS):
            yield EMBEDDED_PROGRAM % {"name": name or "?"}
            return


# --- Office Open XML (.docx, .xlsx, .pptx) and OpenDocument ---------------------------------

# How much XML, once decompressed, is read to check one file's parts: enough for any real
# document, and a bound on what a ZIP bomb costs.
MAX_CHECKED_XML_BYTES = 200 * 1024 * 1024

OLE_OBJECT = _("an embedded OLE object, a container that can hold a program")
EMBEDDED_MACROS = _("an embedded document with macros (“%(name)s”)")
ACTIVEX = _("ActiveX controls")
REMOTE_TEMPLATE = _("a template loaded from another address when it opens (%(target)s)")
REMOTE_PART = _("content loaded from another address when it opens (%(target)s)")
DDE_FIELD = _("a DDE field, a way to start a program (“%(code)s”)")
COMPUTED_FIELD = _("a field whose kind is made by another field, as hidden DDE fields are")
DDE_LINK = _("a DDE link, a way to start a program")
ODF_SCRIPT_LINK = _("a link or event that runs a macro or script (%(target)s)")
# Where Office Open XML keeps macros: the VBA project (and the binary workbook's signature).
OOXML_MACRO_PARTS = ("vbaproject.bin", "vbaprojectsignature.bin", "vbadata.xml")
# The two ways a field of Word runs a program through Dynamic Data Exchange.
DDE_FIELD_KINDS = {"DDE", "DDEAUTO"}
# The schemes by which OpenDocument calls a macro or a script (LibreOffice's, OpenOffice's).
ODF_SCRIPT_SCHEMES = ("vnd.sun.star.script:", "macro:")
# A target on the reader's own disk: a drive letter, or a file URL with no host.
LOCAL_TARGET = re.compile(r"^(?:[a-z]:[\\/]|file:///(?![/\\]))", re.IGNORECASE)
# Otherwise, a target with a scheme (https:, file://host/, mhtml:…) or a network path
# (\\server\share, //server/share) is fetched from elsewhere; a relative one is beside the file.
REMOTE_TARGET = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|[\\/]{2})", re.IGNORECASE)


class PartTooLarge(Exception):
    """A file's XML expands past MAX_CHECKED_XML_BYTES."""


class Budget:
    """The decompressed bytes one upload's checks may still read."""

    def __init__(self):
        self.left = MAX_CHECKED_XML_BYTES

    def spend(self, size):
        self.left -= size
        if self.left < 0:
            raise PartTooLarge


class BoundedReader:
    """Reads the parts of one archive within a budget (shared with archives inside it)."""

    def __init__(self, archive, budget=None):
        self.archive = archive
        self.budget = budget or Budget()

    def elements(self, name):
        """The elements of a part in document order, with their start and end events; an
        element's children are gone by its end, so memory stays flat however long the part."""
        with self.archive.open(name) as part:
            source = BudgetedPart(part, self.budget)
            for event, element in ElementTree.iterparse(source, ("start", "end")):
                yield event, element
                if event == "end":
                    element.clear()


class BudgetedPart:
    """A part of an archive whose reads are charged to a budget."""

    CHUNK = 64 * 1024

    def __init__(self, part, budget):
        self.part = part
        self.budget = budget

    def read(self, size=-1):
        data = self.part.read(size if 0 < size <= self.CHUNK else self.CHUNK)
        self.budget.spend(len(data))
        return data


def has_ooxml_macros(archive):
    return any(name.lower().endswith(OOXML_MACRO_PARTS) for name in archive.namelist())


def ooxml_active_content(archive, budget=None):
    """What in a .docx, .xlsx or .pptx would run or load something when it is opened, or when
    a document embedded in it (a chart's workbook, say) is opened in turn."""
    nested = budget is not None
    parts = BoundedReader(archive, budget)
    names = archive.namelist()
    for name in names:
        lowered = name.lower()
        if "/activex/" in f"/{lowered}":
            return ACTIVEX
        if "/embeddings/" not in lowered:
            continue
        head = _head(archive, name)
        if head.startswith(OLE_SIGNATURE):
            return OLE_OBJECT
        if head.startswith(b"PK") and not nested:  # one level down, as Office opens them
            reason = _embedded_package_finding(parts, name)
            if reason:
                return reason
    for name in names:
        if name.lower().endswith(".rels"):
            reason = _relationships_finding(parts, name)
            if reason:
                return reason
    for name in names:
        lowered = name.lower()
        if lowered.startswith("word/") and lowered.endswith(".xml"):
            reason = _word_fields_finding(parts, name)
        elif lowered.startswith("xl/externallinks/") and lowered.endswith(".xml"):
            reason = _dde_link_finding(parts, name)
        else:
            continue
        if reason:
            return reason
    return None


def _head(archive, name):
    with archive.open(name) as part:
        return part.read(len(OLE_SIGNATURE))


def _embedded_package_finding(parts, name):
    """Macros or active content in an Office document embedded in another."""
    with parts.archive.open(name) as part:
        data = part.read(parts.budget.left + 1)
    parts.budget.spend(len(data))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if has_ooxml_macros(package):
            return EMBEDDED_MACROS % {"name": name.rsplit("/", 1)[-1]}
        return ooxml_active_content(package, parts.budget)


def _relationships_finding(parts, name):
    for event, element in parts.elements(name):
        if event != "start" or local_name(element.tag) != "Relationship":
            continue
        kind = element.get("Type", "").rsplit("/", 1)[-1]
        target = element.get("Target", "").strip()
        if kind == "oleObject":
            return OLE_OBJECT
        external = element.get("TargetMode", "") == "External"
        if external and kind != "hyperlink" and _is_remote(target):
            reason = REMOTE_TEMPLATE if kind == "attachedTemplate" else REMOTE_PART
            return reason % {"target": _shortened(target)}
    return None


def _is_remote(target):
    return not LOCAL_TARGET.match(target) and bool(REMOTE_TARGET.match(target))


def _shortened(text, length=80):
    return text if len(text) <= length else text[: length - 1] + "…"


def _word_fields_finding(parts, name):
    """A DDE field of a Word part, written as one element (w:fldSimple) or as a field of runs
    whose instruction may be split across many w:instrText, and fields may nest."""
    fields = []  # the instructions of the fields being read, innermost last
    for event, element in parts.elements(name):
        tag = local_name(element.tag)
        if event == "start" and tag == "fldSimple":
            reason = _field_reason(_attribute(element, "instr"), computed=False)
            if reason:
                return reason
        elif event == "end" and tag in {"instrText", "delInstrText"} and fields:
            fields[-1]["code"] += element.text or ""
        elif event == "start" and tag == "fldChar":
            kind = _attribute(element, "fldCharType")
            if kind == "begin":
                if fields and not fields[-1]["code"].strip():
                    fields[-1]["computed"] = True  # a field nested before the kind's word
                fields.append({"code": "", "computed": False})
            elif kind in {"separate", "end"} and fields:
                field = fields.pop() if kind == "end" else fields[-1]
                reason = _field_reason(field["code"], field["computed"])
                if reason:
                    return reason
    return None


def _attribute(element, name):
    """An attribute of a WordprocessingML element, whatever its namespace prefix."""
    for key, value in element.attrib.items():
        if local_name(key) == name:
            return value
    return ""


def _field_reason(code, computed):
    words = code.replace('"', " ").split()
    if words and words[0].upper() in DDE_FIELD_KINDS:
        return DDE_FIELD % {"code": _shortened(" ".join(words), 60)}
    if computed:
        return COMPUTED_FIELD
    return None


def _dde_link_finding(parts, name):
    for event, element in parts.elements(name):
        if event == "start" and local_name(element.tag) == "ddeLink":
            return DDE_LINK
    return None


# Where OpenDocument keeps Basic macros and scripts (Python, JavaScript, BeanShell).
ODF_MACRO_FOLDERS = ("basic/", "scripts/")
ODF_OLE_TYPE = "application/vnd.sun.star.oleobject"


def odf_has_macros(archive):
    """Whether an OpenDocument file keeps macros, by its archive's names or its manifest's."""
    paths = [_normal_path(name) for name in archive.namelist()]
    parts = BoundedReader(archive)
    if "META-INF/manifest.xml" in archive.NameToInfo:
        for event, element in parts.elements("META-INF/manifest.xml"):
            if event == "start" and local_name(element.tag) == "file-entry":
                paths.append(_normal_path(_attribute(element, "full-path")))
    return any(path.startswith(ODF_MACRO_FOLDERS) for path in paths)


def _normal_path(name):
    return name.replace("\\", "/").lstrip("./").lower()


def odf_active_content(archive):
    """What in an OpenDocument file, macros aside, would run something: an embedded OLE
    object, or a link or event calling a macro or script (which may be the application's)."""
    parts = BoundedReader(archive)
    if "META-INF/manifest.xml" in archive.NameToInfo:
        for event, element in parts.elements("META-INF/manifest.xml"):
            if event == "start" and _attribute(element, "media-type") == ODF_OLE_TYPE:
                return OLE_OBJECT
    for name in ("content.xml", "styles.xml"):
        if name not in archive.NameToInfo:
            continue
        for event, element in parts.elements(name):
            if event != "start":
                continue
            for key, value in element.attrib.items():
                attribute, target = local_name(key), value.strip()
                calls_script = target.lower().startswith(ODF_SCRIPT_SCHEMES)
                if attribute == "macro-name" or (attribute == "href" and calls_script):
                    return ODF_SCRIPT_LINK % {"target": _shortened(target)}
    return None


# --- PowerPoint 97–2003 ---------------------------------------------------------------------

# [MS-PPT]: a record's header is its version and instance (2 bytes), its type (2) and its
# length (4); a version of 0xF makes it a container of records. A presentation with a VBA
# project has a VBAInfoContainer, which points to the project's compressed storage.
RECORD_HEADER = struct.Struct("<HHI")
CONTAINER_VERSION = 0xF
RT_VBA_INFO = 0x03FF


def ppt_has_macros(stream):
    """Whether the "PowerPoint Document" stream's records include a VBA project's."""
    pending = [(0, len(stream))]
    while pending:
        offset, end = pending.pop()
        while offset + RECORD_HEADER.size <= end:
            version_instance, kind, length = RECORD_HEADER.unpack_from(stream, offset)
            body = offset + RECORD_HEADER.size
            if kind == RT_VBA_INFO:
                return True
            if version_instance & 0xF == CONTAINER_VERSION:
                pending.append((body, min(body + length, end)))
            offset = body + length
    return False
