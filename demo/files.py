"""Sample files for the demo content, marked as samples on every page: PDFs of real text
(fpdf2), so that search finds them by their words, and photos drawn with Pillow.

The documents and photos named in the Process's pages are not part of the demo content; these
stand in for them. Both functions are deterministic: the same arguments give the same bytes, so
loading the demo twice finds the same checksums and uploads nothing new.
"""

import datetime
import functools
import io
import logging
import math
import random
import unicodedata

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter, ImageFont

PHOTO_CREDIT = "Sample image — Khartoum Process demo"
PHOTO_SIZE = (1600, 1067)

MARGIN_MM = 20

# Embedding a font's subset is routine, not news for the site's logs.
logging.getLogger("fontTools").setLevel(logging.WARNING)

NOTICES = {
    "en": {
        "banner": "SAMPLE FILE",
        "notice": "SAMPLE FILE — generated for the demo of this site; not the original document",
        "meeting": "Meeting",
        "type": "Document type",
        "reference": "Reference",
        "date": "Date",
        "page": "Page {number} of {total}",
        "record": "From the meeting record",
        "about": "About this sample",
        "about_text": (
            "This file was generated for the demo of the Khartoum Process meetings and documents "
            "site. It only stands in for the original document, which is not part of the demo "
            "content. Do not quote or cite it."
        ),
    },
    "fr": {
        "banner": "FICHIER D’EXEMPLE",
        "notice": (
            "FICHIER D’EXEMPLE — généré pour la démonstration de ce site ; "
            "ce n’est pas le document original"
        ),
        "meeting": "Réunion",
        "type": "Type de document",
        "reference": "Référence",
        "date": "Date",
        "page": "Page {number} sur {total}",
        "record": "Extrait du compte rendu de la réunion",
        "about": "À propos de cet exemple",
        "about_text": (
            "Ce fichier a été généré pour la démonstration du site des réunions et documents du "
            "Processus de Khartoum. Il remplace le document original, qui ne fait pas partie du "
            "contenu de démonstration. Ne pas le citer."
        ),
    },
}

# Sky top, sky at the horizon, sun, then the hills from the farthest to the nearest.
PALETTES = {
    "desert": [
        (62, 92, 148),
        (247, 196, 140),
        (255, 236, 190),
        (205, 150, 98),
        (176, 112, 68),
        (126, 78, 48),
        (78, 50, 38),
    ],
    "mediterranean": [
        (40, 96, 160),
        (178, 216, 232),
        (255, 246, 214),
        (120, 160, 150),
        (86, 128, 96),
        (184, 104, 72),
        (92, 60, 52),
    ],
}


@functools.cache
def font(size, bold=False):
    """DejaVu Sans where it is installed (it has accents and dashes); Pillow's own otherwise."""
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def printable(text, face):
    """The built-in faces have no accents or dashes: spell them plainly for them."""
    if isinstance(face, ImageFont.FreeTypeFont) and "DejaVu" in face.getname()[0]:
        return text
    text = text.replace("—", "-").replace("–", "-")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def pdf_font(pdf, bold=False):
    """DejaVu Sans where it is installed (it has accents and dashes); Helvetica otherwise."""
    face = font(12, bold)
    if isinstance(face, ImageFont.FreeTypeFont) and "DejaVu" in face.getname()[0]:
        family = "DejaVu"
        if family.lower() + ("B" if bold else "") not in pdf.fonts:
            pdf.add_font(family, "B" if bold else "", face.path)
        return family, "B" if bold else ""
    return "helvetica", "B" if bold else ""


class SamplePDF(FPDF):
    """A4 pages, each with the sample banner, the notice, a watermark and its number."""

    def __init__(self, labels):
        super().__init__(format="A4")
        self.labels = labels
        self.set_margins(MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, margin=25)
        self.alias_nb_pages()

    def write_text(self, text, size, bold=False, gray=False, height=1.45):
        family, style = pdf_font(self, bold)
        text = text if family == "DejaVu" else printable(text, None)
        self.set_font(family, style, size)
        self.set_text_color(105 if gray else 0)
        self.multi_cell(0, size * 0.3528 * height, text, new_x="LMARGIN", new_y="NEXT")

    def header(self):
        banner = self.labels["banner"]
        # The watermark first, so the page's text is drawn over it.
        family, style = pdf_font(self, bold=True)
        self.set_font(family, style, 80)
        self.set_text_color(238, 226, 226)
        with self.rotation(55, self.w / 2, self.h / 2):
            width = self.get_string_width(banner)
            self.text(self.w / 2 - width / 2, self.h / 2, banner)
        self.set_fill_color(150, 30, 36)
        self.rect(0, 0, self.w, 24, style="F")
        self.set_font(family, style, 28)
        self.set_text_color(255)
        self.text(MARGIN_MM, 16, banner)
        self.set_y(30)
        self.write_text(self.labels["notice"], 11, bold=True)
        self.set_draw_color(150, 30, 36)
        self.set_line_width(0.6)
        self.line(MARGIN_MM, self.get_y() + 2, self.w - MARGIN_MM, self.get_y() + 2)
        self.ln(8)

    def footer(self):
        self.set_y(-18)
        family, style = pdf_font(self)
        self.set_font(family, style, 9)
        self.set_text_color(105)
        number = self.labels["page"].format(number=self.page_no(), total="{nb}")
        self.cell(0, 5, f"{number} — {self.labels['banner']}")


def sample_pdf(
    *,
    title,
    meeting,
    dates,
    place,
    document_type,
    reference="",
    date=None,
    language="en",
    pages=1,
    record=(),
):
    """A PDF of `pages` A4 pages of real text that says plainly, on each page, that it is a sample.

    The first page carries the document's title, meeting and the first paragraph of the
    meeting's record, so that a search finds the file by its words; the second (if any) the
    rest of the record; the last of three says what the file is. Returns the PDF's bytes.
    """
    labels = NOTICES.get(language, NOTICES["en"])
    record = list(record)
    pdf = SamplePDF(labels)
    # Fixed dates keep the bytes the same from run to run.
    stamp = datetime.datetime.combine(
        date or datetime.date(2017, 1, 1), datetime.time(12), tzinfo=datetime.UTC
    )
    pdf.set_creation_date(stamp)
    pdf.set_title(title)
    pdf.set_subject(labels["notice"])
    pdf.set_author("Khartoum Process demo")
    pdf.set_creator("Khartoum Process demo")
    pdf.set_producer("Khartoum Process demo")
    pdf.set_lang(language)

    pdf.add_page()
    pdf.write_text(title, 24, bold=True, height=1.25)
    pdf.ln(6)
    facts = [
        (labels["meeting"], f"{meeting}, {place}, {dates}" if place else f"{meeting}, {dates}"),
        (labels["type"], document_type),
    ]
    if reference:
        facts.append((labels["reference"], reference))
    if date:
        facts.append((labels["date"], date.isoformat()))
    for label, value in facts:
        pdf.write_text(label, 10, bold=True, gray=True, height=1.3)
        pdf.write_text(value, 13)
        pdf.ln(3)
    if record:
        pdf.ln(3)
        pdf.write_text(labels["record"], 14, bold=True)
        pdf.write_text(record[0], 11)

    if pages >= 2:
        pdf.add_page()
        pdf.write_text(labels["record"], 16, bold=True)
        for paragraph in record[1:] or record:
            pdf.ln(3)
            pdf.write_text(paragraph, 11)

    for _number in range(3, pages + 1):
        pdf.add_page()
        pdf.write_text(labels["about"], 16, bold=True)
        pdf.ln(3)
        pdf.write_text(labels["about_text"], 11)

    return bytes(pdf.output())


def ridge(rng, width, base, amplitude):
    """The outline of a range of hills: a sum of a few gentle sine waves."""
    waves = [
        (rng.uniform(0.6, 1.0) * amplitude, rng.uniform(1.0, 3.5), rng.uniform(0, math.tau))
        for _ in range(3)
    ]
    points = []
    for x in range(0, width + 20, 20):
        t = x / width * math.tau
        y = base + sum(a * math.sin(f * t + phase) for a, f, phase in waves) / len(waves)
        points.append((x, round(y)))
    return points


def sample_photo(*, meeting, label, palette="desert", seed=0):
    """A calm landscape of sky, sun and hills, labelled SAMPLE PHOTO. Returns JPEG bytes."""
    rng = random.Random(f"{palette}-{seed}")
    colours = PALETTES[palette]
    width, height = PHOTO_SIZE
    horizon = round(height * rng.uniform(0.5, 0.62))

    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(
        Image.new("RGB", PHOTO_SIZE, colours[1]), Image.new("RGB", PHOTO_SIZE, colours[0]), gradient
    )
    glow = Image.new("L", PHOTO_SIZE, 0)
    sun_x, sun_y = rng.randint(300, width - 300), horizon - rng.randint(120, 300)
    radius = rng.randint(70, 110)
    ImageDraw.Draw(glow).ellipse(
        (sun_x - 3 * radius, sun_y - 3 * radius, sun_x + 3 * radius, sun_y + 3 * radius), fill=90
    )
    glow = glow.filter(ImageFilter.GaussianBlur(radius))
    image.paste(colours[2], (0, 0), glow)
    draw = ImageDraw.Draw(image)
    draw.ellipse((sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius), fill=colours[2])

    hills = colours[3:]
    for depth, colour in enumerate(hills):
        base = horizon + depth * (height - horizon) // (len(hills) + 1)
        outline = ridge(rng, width, base, 40 + 30 * depth)
        draw.polygon([*outline, (width, height), (0, height)], fill=colour)

    # The label: a dark band along the bottom with the word SAMPLE PHOTO and the meeting.
    band = Image.new("L", PHOTO_SIZE, 0)
    ImageDraw.Draw(band).rectangle((0, height - 190, width, height), fill=150)
    image.paste((0, 0, 0), (0, 0), band)
    big, small = font(72, bold=True), font(30)
    draw.text((60, height - 172), "SAMPLE PHOTO", font=big, fill="white")
    draw.text((60, height - 80), printable(meeting, small), font=small, fill="white")
    draw.text(
        (width - 60, height - 80),
        printable(label, small),
        font=small,
        fill=(230, 230, 230),
        anchor="ra",
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()
