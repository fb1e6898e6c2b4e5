"""The words of an uploaded file, read once per file version so that search can find them.

Reading is bounded in pages, characters and time: a huge or hostile file gives the text read
until a bound is reached, never a failed or stalled upload. A file whose text cannot be read
(a scan, a damaged part) gives what could be read, possibly nothing.
"""

import logging
import os
import re
import time
import zipfile

from defusedxml import ElementTree
from pypdf import PdfReader

logger = logging.getLogger(__name__)

MAX_PAGES = 300
MAX_CHARACTERS = 200_000
MAX_SECONDS = 10.0
# An office file's XML is read up to this size, however far its archive expands.
MAX_XML_BYTES = 20 * 1024 * 1024

# Where an office format keeps its text, and the elements that end a paragraph or a cell.
XML_PARTS = {
    ".docx": re.compile(r"word/(document|footnotes|endnotes)\.xml"),
    ".pptx": re.compile(r"ppt/slides/slide\d+\.xml"),
    ".xlsx": re.compile(r"xl/sharedStrings\.xml"),
    ".odt": re.compile(r"content\.xml"),
    ".ods": re.compile(r"content\.xml"),
    ".odp": re.compile(r"content\.xml"),
}
BLOCK_ELEMENTS = {"p", "h", "tab", "br", "tc", "si", "line-break", "s"}
TEXT_EXTENSIONS = {".txt", ".csv", ".md"}
# Control characters other than whitespace, which a database text column refuses (NUL) or
# which are noise in a snippet.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Bounded:
    """Collects text until one of the bounds is reached; then `full` is set."""

    def __init__(self):
        self.parts = []
        self.length = 0
        self.deadline = time.monotonic() + MAX_SECONDS
        self.full = False

    def add(self, text):
        if self.full:
            return
        text = CONTROLS.sub(" ", text)
        room = MAX_CHARACTERS - self.length
        if len(text) >= room:
            text, self.full = text[:room], True
        self.parts.append(text)
        self.length += len(text)
        if time.monotonic() > self.deadline:
            self.full = True

    def text(self):
        return " ".join("".join(self.parts).split())


def extract_text(file, name):
    """The text of `file` (an open binary file), a format told by the extension of `name`."""
    extension = os.path.splitext(name)[1].lower()
    collected = Bounded()
    file.seek(0)
    try:
        if extension == ".pdf":
            _pdf_text(file, collected)
        elif extension in XML_PARTS:
            _xml_text(file, XML_PARTS[extension], collected)
        elif extension in TEXT_EXTENSIONS:
            _plain_text(file, collected)
    except Exception:  # whatever a parser trips on in a hostile file: keep what was read
        logger.warning("Text extraction stopped early for %s", name, exc_info=True)
    finally:
        file.seek(0)
    return collected.text()


def _pdf_text(file, collected):
    reader = PdfReader(file)
    if reader.is_encrypted and not reader.decrypt(""):
        return
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES or collected.full:
            break
        collected.add((page.extract_text() or "") + " ")


def _xml_text(file, parts, collected):
    with zipfile.ZipFile(file) as archive:
        names = sorted((name for name in archive.namelist() if parts.fullmatch(name)), key=_natural)
        for name in names:
            if collected.full:
                break
            with archive.open(name) as part:
                xml = part.read(MAX_XML_BYTES)
            for element in ElementTree.fromstring(xml).iter():
                local = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
                if local in BLOCK_ELEMENTS:
                    collected.add(" ")
                if element.text and local not in {"instrText"}:
                    collected.add(element.text)
                if element.tail:
                    collected.add(element.tail)
                if collected.full:
                    break


def _plain_text(file, collected):
    # Four bytes a character at most: never more read than the bound could keep.
    data = file.read(MAX_CHARACTERS * 4)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        # Cut inside a character by the bound, or not UTF-8 (validation allows Windows-1252).
        cut = error.start >= len(data) - 3
        text = data[: error.start].decode("utf-8") if cut else data.decode("cp1252", "replace")
    collected.add(text)


def _natural(name):
    """slide2 before slide10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]
