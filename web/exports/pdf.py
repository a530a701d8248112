"""The signed note as a PDF a clinician signs: header, session table, sections, signature."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ..errors import PdfFontMissing
from ..records import Note
from . import documents

FONT = "NoteFont"
NEXT = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


def _bold_path(font_path: Path) -> Path:
    """The bold face beside a font (DejaVuSans.ttf -> DejaVuSans-Bold.ttf), else the font."""
    bold = font_path.with_name(f"{font_path.stem}-Bold{font_path.suffix}")
    return bold if bold.is_file() else font_path


class NotePdf(FPDF):
    """A4 pages with the practice's name at the top and "Page N of M" at the bottom."""

    def __init__(self, practice: str, title: str) -> None:
        super().__init__(format="A4")
        self.practice = practice
        self.note_title = title
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=20)

    def header(self) -> None:
        """The practice's name and the document's title, above a rule."""
        self.set_font(FONT, "B", 10)
        self.cell(0, 5, self.practice or "Progress note", align="L")
        self.set_font(FONT, "", 9)
        self.cell(0, 5, self.note_title, align="R", **NEXT)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(5)

    def footer(self) -> None:
        """The page number out of the total."""
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")


def pdf(note: Note, font_path: str, practice: str = "") -> bytes:
    """The note as a PDF, in a Unicode TTF font so any character of the note prints.

    Args:
        note: the note (signed).
        font_path: the TTF font file (Debian's fonts-dejavu-core by default); its "-Bold"
            sibling, when present, sets the headings.
        practice: the practice's name for the page header.
    Returns:
        The PDF bytes; raises PdfFontMissing when the font file is absent.
    """
    path = Path(font_path)
    if not path.is_file():
        raise PdfFontMissing(
            f"The PDF font {font_path} is missing: install it (apt-get install fonts-dejavu-core) "
            "or point NOTEWELL_PDF_FONT at a TTF font."
        )
    doc_note = documents.filled(note)
    session = documents.reviewed_note(note)["session"]
    doc = NotePdf(documents.one_line(practice), doc_note.template.title)
    doc.set_title(doc_note.template.title)
    doc.set_creator("Notewell")
    doc.add_font(FONT, "", str(path))
    doc.add_font(FONT, "B", str(_bold_path(path)))
    doc.add_page()
    doc.set_font(FONT, "B", 15)
    doc.cell(0, 9, doc_note.template.title, **NEXT)
    doc.ln(2)

    start, end = session.get("start_time"), session.get("end_time")
    minutes = session.get("duration_minutes")
    rows = [
        ("Client", documents.one_line(note.client.name)),
        ("Client code", documents.one_line(note.client.code)),
        ("Session date", session.get("date") or documents.NOT_RECORDED),
        ("Start / stop", f"{start} to {end}" if start and end else documents.NOT_RECORDED),
        ("Duration", f"{minutes} minutes" if minutes else documents.NOT_RECORDED),
        ("CPT time band", documents.cpt_text(minutes)),
    ]
    doc.set_font(FONT, "", 10)
    with doc.table(
        col_widths=(38, 132),
        text_align="LEFT",
        first_row_as_headings=False,
        borders_layout="HORIZONTAL_LINES",
        line_height=6,
    ) as table:
        for label, value in rows:
            row = table.row()
            row.cell(label)
            row.cell(value)
    doc.ln(4)

    width = doc.w - doc.l_margin - doc.r_margin
    for sec in doc_note.sections:
        doc.set_font(FONT, "B", 12)
        doc.cell(0, 8, sec.heading, **NEXT)
        for part in sec.parts:
            if part.label:
                doc.set_font(FONT, "B", 10)
                doc.cell(0, 6, part.label, **NEXT)
            doc.set_font(FONT, "", 10)
            for line in part.lines or (documents.NOT_RECORDED,):
                doc.set_x(doc.l_margin + 4)
                bullet = "\u2022 " if part.lines else ""
                doc.multi_cell(width - 4, 5.5, bullet + line, align="L", **NEXT)
        doc.ln(2)

    doc.ln(4)
    doc.line(doc.l_margin, doc.get_y(), doc.w - doc.r_margin, doc.get_y())
    doc.ln(2)
    doc.set_font(FONT, "B", 11)
    doc.cell(0, 7, "Electronically signed", **NEXT)
    doc.set_font(FONT, "", 10)
    doc.multi_cell(width, 5.5, documents.signature_line(note), align="L", **NEXT)

    if note.addenda:
        doc.ln(4)
        doc.set_font(FONT, "B", 12)
        doc.cell(0, 8, "Addenda", **NEXT)
        for add in note.addenda:
            doc.set_font(FONT, "B", 10)
            doc.multi_cell(width, 5.5, documents.addendum_head(add) + ":", align="L", **NEXT)
            doc.set_font(FONT, "", 10)
            # Indented and marked, so no addendum line can pass for a signature line.
            for line in documents.printable_lines(add.text):
                doc.set_x(doc.l_margin + 6)
                doc.multi_cell(width - 6, 5.5, f"| {line}", align="L", **NEXT)
    return bytes(doc.output())
