"""Sample files for the demo content, drawn with Pillow and marked as samples on every page.

The documents and photos named in the Process's pages are not part of the demo content; these
stand in for them. Both functions are deterministic: the same arguments give the same bytes, so
loading the demo twice finds the same checksums and uploads nothing new.
"""

import datetime
import functools
import io
import math
import random
import unicodedata

from PIL import Image, ImageDraw, ImageFilter, ImageFont

PHOTO_CREDIT = "Sample image — Khartoum Process demo"
PHOTO_SIZE = (1600, 1067)

# A4 at 100 dots per inch.
PAGE_DPI = 100
PAGE_SIZE = (827, 1169)
MARGIN = 72

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
    """Pillow's built-in face has no accents or dashes: spell them plainly for it."""
    if isinstance(face, ImageFont.FreeTypeFont) and "DejaVu" in face.getname()[0]:
        return text
    text = text.replace("—", "-").replace("–", "-")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def wrap(text, face, width):
    """Split text into lines no wider than `width` pixels."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and face.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def draw_paragraph(draw, xy, text, face, width, fill, spacing=1.45):
    """Draw wrapped text from the top-left corner `xy`; return the y below it."""
    x, y = xy
    text = printable(text, face)
    for line in wrap(text, face, width):
        draw.text((x, y), line, font=face, fill=fill)
        y += round(face.size * spacing)
    return y


def watermark(page, word):
    """A large, pale, diagonal word across the page."""
    face = font(110, bold=True)
    word = printable(word, face)
    left, top, right, bottom = face.getbbox(word)
    stamp = Image.new("L", (right - left + 40, bottom - top + 40), 0)
    ImageDraw.Draw(stamp).text((20 - left, 20 - top), word, font=face, fill=255)
    stamp = stamp.rotate(55, expand=True, resample=Image.Resampling.BICUBIC)
    x = (page.width - stamp.width) // 2
    y = (page.height - stamp.height) // 2
    page.paste((238, 226, 226), (x, y), stamp)


def pdf_page(labels, number, total):
    """A blank page with the sample banner, the notice and the page number."""
    page = Image.new("RGB", PAGE_SIZE, "white")
    watermark(page, labels["banner"])
    draw = ImageDraw.Draw(page)
    width = PAGE_SIZE[0] - 2 * MARGIN
    draw.rectangle((0, 0, PAGE_SIZE[0], 96), fill=(150, 30, 36))
    banner = font(40, bold=True)
    draw.text((MARGIN, 26), printable(labels["banner"], banner), font=banner, fill="white")
    y = draw_paragraph(draw, (MARGIN, 116), labels["notice"], font(16, bold=True), width, "black")
    draw.line((MARGIN, y + 8, PAGE_SIZE[0] - MARGIN, y + 8), fill=(150, 30, 36), width=2)
    footer = font(13)
    footer_text = f"{labels['page'].format(number=number, total=total)} — {labels['banner']}"
    draw.text(
        (MARGIN, PAGE_SIZE[1] - 56), printable(footer_text, footer), font=footer, fill="dimgray"
    )
    return page, draw, y + 40


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
    """A PDF of `pages` A4 pages that says plainly, on each page, that it is a sample.

    The first page carries the document's title and meeting; the second (if any) paragraphs from
    the meeting's record; the last of three says what the file is. Returns the PDF's bytes.
    """
    labels = NOTICES.get(language, NOTICES["en"])
    width = PAGE_SIZE[0] - 2 * MARGIN
    images = []

    page, draw, y = pdf_page(labels, 1, pages)
    y = draw_paragraph(draw, (MARGIN, y + 20), title, font(34, bold=True), width, "black")
    y += 24
    facts = [
        (labels["meeting"], f"{meeting}, {place}, {dates}" if place else f"{meeting}, {dates}"),
        (labels["type"], document_type),
    ]
    if reference:
        facts.append((labels["reference"], reference))
    if date:
        facts.append((labels["date"], date.isoformat()))
    for label, value in facts:
        y = draw_paragraph(draw, (MARGIN, y), label, font(14, bold=True), width, "dimgray", 1.3)
        y = draw_paragraph(draw, (MARGIN, y), value, font(18), width, "black") + 14
    images.append(page)

    if pages >= 2:
        page, draw, y = pdf_page(labels, 2, pages)
        y = draw_paragraph(draw, (MARGIN, y), labels["record"], font(22, bold=True), width, "black")
        for paragraph in record:
            y = draw_paragraph(draw, (MARGIN, y + 12), paragraph, font(15), width, "black")
        images.append(page)

    for number in range(3, pages + 1):
        page, draw, y = pdf_page(labels, number, pages)
        y = draw_paragraph(draw, (MARGIN, y), labels["about"], font(22, bold=True), width, "black")
        draw_paragraph(draw, (MARGIN, y + 12), labels["about_text"], font(15), width, "black")
        images.append(page)

    # Fixed dates in the PDF's information dictionary keep the bytes the same from run to run.
    stamp = datetime.datetime.combine(date or datetime.date(2017, 1, 1), datetime.time(12))
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        "PDF",
        save_all=True,
        append_images=images[1:],
        resolution=PAGE_DPI,
        quality=85,
        title=title,
        subject=labels["notice"],
        author="Khartoum Process demo",
        creator="Khartoum Process demo",
        producer="Khartoum Process demo",
        creationDate=stamp.timetuple(),
        modDate=stamp.timetuple(),
    )
    return buffer.getvalue()


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
