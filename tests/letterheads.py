"""A ministry's letterhead as a ministry would hand it over, made for tests and the docs'
pictures: an emblem (PNG), a Word letterhead (a first-page header with the emblem and the
ministry's name, another header for the later pages, a footer with the address) and a
one-page PDF letterhead of the same design, in a theme folder that names them."""

from __future__ import annotations

import io
from pathlib import Path

MINISTRY = "MINISTRY OF EMERGENCY SITUATIONS"
REPUBLIC = "REPUBLIC OF AZERBAIJAN"
ADDRESS = "1 Nizami Street, Baku AZ1000 - www.fhn.gov.az - +994 12 512 00 00"
LATER = "Ministry of Emergency Situations of the Republic of Azerbaijan"
TOP_MM = 48
NAVY = (0x00, 0x3A, 0x70)


def emblem(path: Path, size: int = 240) -> Path:
    """A round emblem: a navy disc, a gold ring and an eight-pointed star."""
    import math

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=NAVY, outline=(0xC9, 0xA2, 0x27), width=10)
    centre, outer, inner = size / 2, size * 0.36, size * 0.16
    points = [
        (
            centre + (outer if i % 2 == 0 else inner) * math.cos(math.pi * i / 8 - math.pi / 2),
            centre + (outer if i % 2 == 0 else inner) * math.sin(math.pi * i / 8 - math.pi / 2),
        )
        for i in range(16)
    ]
    draw.polygon(points, fill=(0xC9, 0xA2, 0x27))
    image.save(path)
    return path


def word_letterhead(path: Path, picture: Path) -> Path:
    """A Word letterhead: "Different first page" on; page 1's header centres the emblem and
    the ministry's name over a rule, the later pages' header is one line, both footers
    carry the address."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    first = section.first_page_header
    head = first.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.add_run().add_picture(str(picture), height=Mm(16))
    for text, size in ((REPUBLIC, 9), (MINISTRY, 12)):
        line = first.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.paragraph_format.space_after = Pt(0)
        run = line.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        run.font.color.rgb = RGBColor(*NAVY)
    later = section.header.paragraphs[0]
    later.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = later.add_run(LATER)
    run.italic = True
    run.font.size = Pt(7.5)
    run.font.color.rgb = RGBColor(*NAVY)
    for footer in (section.first_page_footer, section.footer):
        line = footer.paragraphs[0]
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = line.add_run(ADDRESS)
        run.font.size = Pt(7)
        run.font.color.rgb = RGBColor(*NAVY)
    document.save(str(path))
    return path


def pdf_letterhead(path: Path, picture: Path) -> Path:
    """The same letterhead as a one-page A4 PDF: emblem, names and a rule at the top, the
    address at the foot."""
    from reportlab.lib.colors import Color
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    navy = Color(*(c / 255 for c in NAVY))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    width, height = A4
    canvas.drawImage(
        str(picture), width / 2 - 8 * mm, height - 31 * mm, 16 * mm, 16 * mm, mask="auto"
    )
    canvas.setFillColor(navy)
    canvas.setFont("Helvetica-Bold", 9)
    canvas.drawCentredString(width / 2, height - 36 * mm, REPUBLIC)
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawCentredString(width / 2, height - 41.5 * mm, MINISTRY)
    canvas.setStrokeColor(navy)
    canvas.setLineWidth(1.2)
    canvas.line(22 * mm, height - 44 * mm, width - 20 * mm, height - 44 * mm)
    canvas.setFont("Helvetica", 7)
    canvas.drawCentredString(width / 2, 4 * mm, ADDRESS)
    canvas.showPage()
    canvas.save()
    path.write_bytes(buffer.getvalue())
    return path


def letterhead_theme(folder: Path, *, pdf: str = "letterhead.pdf") -> Path:
    """A theme folder with the emblem, both letterheads and a theme.toml naming them (`pdf`
    may name a PNG instead: it is then rendered from the PDF)."""
    folder.mkdir(parents=True, exist_ok=True)
    picture = emblem(folder / "emblem.png")
    word_letterhead(folder / "letterhead.docx", picture)
    pdf_letterhead(folder / "letterhead.pdf", picture)
    if pdf != "letterhead.pdf":
        import pypdfium2

        page = pypdfium2.PdfDocument((folder / "letterhead.pdf").read_bytes())[0]
        page.render(scale=100 / 72).to_pil().convert("RGB").save(folder / pdf)
    (folder / "theme.toml").write_text(
        f'[letterhead]\ndocx = "letterhead.docx"\npdf = "{pdf}"\ntop_mm = {TOP_MM}\n',
        encoding="utf-8",
    )
    return folder
