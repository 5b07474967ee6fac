"""The đơn as files: DOCX (python-docx) to edit and PDF (fpdf2, DejaVu Serif embedded: every
Vietnamese glyph) to print and sign, from the blocks bot.core.petition lays out."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from fpdf import FPDF

from bot.core.messages import FileKind, OutgoingFile
from bot.core.petition import Block, Petition, Style

FONTS = Path(__file__).with_name("fonts")
# NĐ 30/2020 (thể thức văn bản): A4, Times New Roman 13-14; margins 2-2.5 / 3-3.5 / 1.5-2 cm.
SIZE = {Style.NATIONAL: 12, Style.MOTTO: 13, Style.TITLE: 14, Style.NOTE: 10}
BODY = 13
CENTRED = {Style.NATIONAL, Style.MOTTO, Style.TITLE, Style.SUBTITLE}
RIGHT = {Style.PLACE_DATE, Style.SIGNATURE, Style.SIGNATURE_NOTE, Style.SIGNATURE_NAME}
BOLD = {Style.NATIONAL, Style.MOTTO, Style.TITLE, Style.SIGNATURE, Style.SIGNATURE_NAME}
ITALIC = {Style.PLACE_DATE, Style.SUBTITLE, Style.SIGNATURE_NOTE, Style.NOTE}


class PetitionFiles:
    """Implements bot.core.petition.PetitionWriter."""

    def write(self, petition: Petition, blocks: list[Block]) -> tuple[OutgoingFile, ...]:
        stem = petition.file_stem
        return (OutgoingFile(f"{stem}.docx", docx_bytes(blocks), FileKind.DOCUMENT),
                OutgoingFile(f"{stem}.pdf", pdf_bytes(blocks), FileKind.DOCUMENT))


def docx_bytes(blocks: list[Block]) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(BODY)
    for block in blocks:
        paragraph = document.add_paragraph()
        if block.style is Style.SIGNATURE:
            paragraph.paragraph_format.space_before = Pt(18)
        if block.style is Style.SIGNATURE_NAME:
            paragraph.paragraph_format.space_before = Pt(60)  # room to sign
        paragraph.alignment = (WD_ALIGN_PARAGRAPH.CENTER if block.style in CENTRED
                               else WD_ALIGN_PARAGRAPH.RIGHT if block.style in RIGHT
                               else WD_ALIGN_PARAGRAPH.JUSTIFY)
        run = paragraph.add_run(block.text)
        run.bold, run.italic = block.style in BOLD, block.style in ITALIC
        run.underline = block.style is Style.MOTTO
        run.font.size = Pt(SIZE.get(block.style, BODY))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(blocks: list[Block]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_margins(30, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("DejaVuSerif", "", str(FONTS / "DejaVuSerif.ttf"))
    pdf.add_font("DejaVuSerif", "B", str(FONTS / "DejaVuSerif-Bold.ttf"))
    pdf.set_title(blocks[3].text if len(blocks) > 3 else "Đơn")
    pdf.add_page()
    for block in blocks:
        size = SIZE.get(block.style, BODY) - 1  # DejaVu runs wider than Times
        pdf.set_font("DejaVuSerif", "B" if block.style in BOLD else "", size)
        if block.style is Style.SIGNATURE:
            pdf.ln(6)
        if block.style is Style.SIGNATURE_NAME:
            pdf.ln(22)  # room to sign
        align = "C" if block.style in CENTRED else "R" if block.style in RIGHT else "J"
        pdf.multi_cell(0, size * 0.55, block.text, align=align,
                       new_x="LMARGIN", new_y="NEXT")
        if block.style is Style.MOTTO:
            pdf.ln(4)
    return bytes(pdf.output())
