"""A review report's document as a Word file (.docx), from the same snapshot as its PDF.

``render_docx(document)`` is a pure function of the document's data (``document.py``), as
``rendering.render_pdf`` is, and lays it out as the PDF does (``static/css/review.css``), in
the Nghị định 30/2020 layout: A4, margins 20/15/20/30 mm, Times New Roman 14 pt, justified,
1 cm first-line indent, 6 pt between paragraphs; the two header blocks side by side in a
borderless table; sections I–V with their tables (the header row repeated on every page) and
charts (the chart's SVG rasterised at 200 dpi: Word takes raster images); Nơi nhận and the
signature in a borderless table; the appendix on a page of its own; the page number centred
at the top from page 2. The secretary edits the file in Word; the figures are the version's.
"""

from __future__ import annotations

import io
import re

from django.template.loader import render_to_string
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_TABLE_DIRECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
BODY_PT = 14
LANGUAGE = "vi-VN"
# Page and margins as the PDF's @page rule (review.css): A4, 20 mm 15 mm 20 mm 30 mm.
PAGE_W, PAGE_H = Mm(210), Mm(297)
TOP, RIGHT, BOTTOM, LEFT = Mm(20), Mm(15), Mm(20), Mm(30)
TEXT_W = PAGE_W - LEFT - RIGHT
HEADER_DISTANCE = Mm(10)  # the page number sits in the top margin
INDENT = Mm(10)  # first-line indent, 1 cm
CHART_DPI = 200
CSS_PX_PER_INCH = 96  # the SVG's width and height are CSS pixels
RULE_PT = 4  # a rule or a table border: 0.5 pt, in eighths of a point
# The first page's header: the issuing body's block as wide as the PDF draws it, the nation's
# block the rest, where "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (13 pt bold) fits on one line.
HEADER_LEFT = Mm(67)
CLOSING_SPLIT = 0.45  # Nơi nhận and the signature block
# The PDF's line height is 1.25 em; Word's single line for Times New Roman is about 1.15 em.
LINE_SPACING = 1.09
# Successors of elements added by hand, so each goes where the schema wants it (Word refuses
# a file whose elements are out of order).
PPR_AFTER_BORDERS = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
TBLPR_AFTER_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)
TBLPR_AFTER_MARGINS = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
TRPR_AFTER_CANT_SPLIT = (
    "w:trHeight",
    "w:tblHeader",
    "w:tblCellSpacing",
    "w:jc",
    "w:hidden",
    "w:ins",
    "w:del",
    "w:trPrChange",
)
TRPR_AFTER_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
SIGN_SPACE = Mm(28)


def render_docx(document: dict) -> bytes:
    """The .docx of a document (the snapshot a version keeps)."""
    doc = Document()
    _setup(doc, document)
    _header(doc, document["header"])
    sections = document.get("sections") or []
    for index, section in enumerate(sections):
        _section(doc, section, last=index == len(sections) - 1)
    _closing(doc, document.get("closing") or {})
    if document.get("appendix"):
        _appendix(doc, document["appendix"])
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def version_docx(version) -> bytes:
    """The .docx of a ready version, built from its snapshot (never from figures computed
    again). Raises ``ValueError`` when the version has no snapshot yet."""
    if not version.snapshot:
        raise ValueError("This version has no document yet.")
    return render_docx(version.snapshot)


# --- page, styles, page numbers -----------------------------------------------------------


def _setup(doc, document: dict) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = HEADER_DISTANCE
    normal = doc.styles["Normal"]
    _fonts(normal.element.get_or_add_rPr())
    normal.font.size = Pt(BODY_PT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = LINE_SPACING
    fmt.widow_control = True
    # The page number, centred at the top, from page 2 (Nghị định 30/2020): page 1 has a
    # header of its own, left empty.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)
    _page_field(paragraph)
    header = document.get("header") or {}
    doc.core_properties.title = _plain(header.get("title", ""))
    doc.core_properties.subject = _plain(header.get("doc_type", ""))
    doc.core_properties.language = LANGUAGE
    doc.core_properties.author = ""


def _fonts(rpr) -> None:
    """Times New Roman for every script, and Vietnamese as the language (spelling)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attribute), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def _page_field(paragraph) -> None:
    """A PAGE field, 13 pt as in the PDF: Word and LibreOffice put the page's number in place
    of the result ("2") when they lay the pages out."""

    def run_with(element):
        run = paragraph.add_run()
        run.font.size = Pt(13)
        run._r.append(element)

    for kind in ("begin", "instruction", "separate", "result", "end"):
        if kind == "instruction":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        elif kind == "result":
            element = OxmlElement("w:t")
            element.text = "2"
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run_with(element)


# --- paragraphs ---------------------------------------------------------------------------


def _para(
    container,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent=INDENT,
    before: float = 0,
    after: float = 6,
    keep_next: bool = False,
):
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    paragraph.alignment = align
    fmt.first_line_indent = indent
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.keep_with_next = keep_next
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold, run.italic = bold or None, italic or None
    return paragraph


def _centred(container, text: str, **kwargs):
    kwargs.setdefault("after", 0)
    return _para(container, text, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), **kwargs)


def _rule(container, share: float, width, *, after: float = 6) -> None:
    """A short centred rule (the lines under the bodies' names and the title): an empty
    paragraph whose bottom border spans the middle ``share`` of ``width``."""
    paragraph = _centred(container, "", size=2, after=after)
    side = int(width * (1 - share) / 2)
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("val", "single"),
        ("sz", str(RULE_PT)),
        ("space", "1"),
        ("color", "000000"),
    ):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    ppr.insert_element_before(borders, *PPR_AFTER_BORDERS)
    # An empty paragraph still takes its line's height: keep it a hairline.
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    ppr.append(mark)
    paragraph.paragraph_format.line_spacing = Pt(2)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


# --- the first page's header and the title -------------------------------------------------


def _header(doc, header: dict) -> None:
    left_w = HEADER_LEFT
    table = _layout_table(doc, [left_w, TEXT_W - left_w])
    body, nation = table.rows[0].cells
    if header.get("parent_body"):
        _fill(body.paragraphs[0], header["parent_body"], size=12)
        _centred(body, header.get("issuing_body", ""), size=12, bold=True)
    else:
        _fill(body.paragraphs[0], header.get("issuing_body", ""), size=12, bold=True)
    _rule(body, 0.30, left_w, after=6)
    _centred(body, header.get("number", ""), size=13)
    _fill(nation.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True)
    _centred(nation, "Độc lập - Tự do - Hạnh phúc", bold=True)
    _rule(nation, 0.62, TEXT_W - left_w, after=6)
    _centred(nation, header.get("date_line", ""), italic=True, before=2)
    _centred(doc, header.get("doc_type", ""), bold=True, before=18)
    title = _centred(doc, header.get("title", ""), bold=True)
    side = int(TEXT_W * 0.08)
    title.paragraph_format.left_indent = title.paragraph_format.right_indent = side
    _centred(doc, header.get("period", ""), size=13, italic=True)
    _rule(doc, 0.25, TEXT_W, after=12)


def _fill(paragraph, text: str, *, size: float = BODY_PT, bold=False, italic=False):
    """Write into a table cell's first paragraph (a cell always has one)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.space_before = fmt.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold, run.italic = bold or None, italic or None
    return paragraph


def _layout_table(doc, widths: list[int]):
    """A borderless table of one row (the header blocks, the closing), in fixed columns."""
    table = doc.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _table_width(table, sum(widths))
    _table_borders(table, "nil")
    _cell_margins(table, left=0, right=0)
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    _cant_split(table.rows[0])
    return table


def _table_width(table, width: int) -> None:
    tblw = table._tbl.tblPr.find(qn("w:tblW"))
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(int(width / 635)))  # EMU to twentieths of a point


def _table_borders(table, value: str) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), str(RULE_PT))
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    tblpr.insert_element_before(borders, *TBLPR_AFTER_BORDERS)


def _cell_margins(table, *, left: int, right: int, top: int = 0, bottom: int = 0) -> None:
    """Cell margins of the whole table, in twentieths of a point."""
    margins = OxmlElement("w:tblCellMar")
    for edge, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(value))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(margins, *TBLPR_AFTER_MARGINS)


def _cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.insert_element_before(OxmlElement("w:cantSplit"), *TRPR_AFTER_CANT_SPLIT)


# --- sections I–V, tables and charts --------------------------------------------------------


def _section(doc, section: dict, *, last: bool) -> None:
    _para(doc, section.get("heading", ""), bold=True, before=10, keep_next=True)
    parts = section.get("parts") or []
    for part in parts:
        _para(doc, part.get("heading", ""), bold=True, italic=True, before=6, keep_next=True)
        for text in part.get("paragraphs") or []:
            _para(doc, text)
        for chart in part.get("charts") or []:
            _chart(doc, chart)
        for table in part.get("tables") or []:
            _figures_table(doc, table)
        if not part.get("paragraphs") and not part.get("tables"):
            _para(doc, "…")
    texts = section.get("paragraphs") or []
    if not texts and (last or not parts):
        texts = ["…"]  # an empty section shows where its text goes, as the PDF does
    for i, text in enumerate(texts):
        # The end of the text stays on the page of Nơi nhận and the signature.
        _para(doc, text, keep_next=last and i == len(texts) - 1)


def _chart(doc, chart: dict) -> None:
    import cairosvg

    svg = render_to_string("reports/review/_chart.svg", {"chart": chart})
    png = cairosvg.svg2png(bytestring=svg.encode(), scale=CHART_DPI / CSS_PX_PER_INCH)
    paragraph = _centred(doc, "", before=4, after=0, keep_next=True)
    width = Mm(25.4 * chart["width"] / CSS_PX_PER_INCH)
    paragraph.add_run().add_picture(io.BytesIO(png), width=min(width, TEXT_W))
    _centred(doc, chart.get("title", ""), size=12, italic=True, after=10)


def _figures_table(doc, table: dict, *, compact: bool = False) -> None:
    """A table of figures, as ``_table.html`` draws it: the caption above, the header row
    repeated on every page, the total row bold; names left, figures right."""
    size = 11 if compact else 12
    columns = table.get("columns") or []
    if table.get("caption"):
        _centred(doc, table["caption"], size=12, bold=True, italic=True, after=3, keep_next=True)
    grid = doc.add_table(rows=1, cols=len(columns))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.table_direction = WD_TABLE_DIRECTION.LTR
    _table_borders(grid, "single")
    _cell_margins(grid, left=80, right=80, top=30, bottom=30)
    widths = _widths(table.get("widths"), len(columns), compact)
    header = grid.rows[0]
    _cant_split(header)
    repeat = OxmlElement("w:tblHeader")  # the header row again at the top of every page
    header._tr.get_or_add_trPr().insert_element_before(repeat, *TRPR_AFTER_HEADER)
    for cell, label in zip(header.cells, columns, strict=True):
        _cell(cell, label, size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    rows = [(row, False) for row in table.get("rows") or []]
    if table.get("total"):
        rows.append((table["total"], True))
    for values, is_total in rows:
        row = grid.add_row()
        _cant_split(row)
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=False)):
            _cell(cell, value, size, bold=is_total, align=_alignment(index, compact))
    if widths:
        grid.autofit = False
        _table_width(grid, sum(widths))
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = width
            for cell in column.cells:
                cell.width = width
    _para(doc, "", after=4)  # the space under a table (10 pt in the PDF, with the 6 pt above)


def _widths(percents, count: int, compact: bool) -> list[int] | None:
    if percents and len(percents) == count:
        total = sum(percents) or 1
        return [int(TEXT_W * p / total) for p in percents]
    if compact and count >= 3:
        # The appendix: TT narrow, the name wide, the figures shared.
        tt, name = Mm(10), Mm(55)
        rest = int((TEXT_W - tt - name) / (count - 2))
        return [tt, name] + [rest] * (count - 2)
    return None


def _alignment(index: int, compact: bool):
    if compact:
        return (
            (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT)[index]
            if index < 2
            else (WD_ALIGN_PARAGRAPH.RIGHT)
        )
    return WD_ALIGN_PARAGRAPH.LEFT if index == 0 else WD_ALIGN_PARAGRAPH.RIGHT


def _cell(cell, text: str, size: float, *, bold: bool, align) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    if text:
        run = paragraph.add_run(str(text))
        run.font.size = Pt(size)
        run.bold = bold or None


# --- closing block and appendix -------------------------------------------------------------


def _closing(doc, closing: dict) -> None:
    left_w = int(TEXT_W * CLOSING_SPLIT)
    table = _layout_table(doc, [left_w, TEXT_W - left_w])
    recipients, signature = table.rows[0].cells
    title = recipients.paragraphs[0]
    title.paragraph_format.space_before = Pt(12)
    run = title.add_run("Nơi nhận:")
    run.font.size, run.bold, run.italic = Pt(12), True, True
    for text in closing.get("recipients") or []:
        line = text if text.startswith("-") else f"- {text}"
        _para(recipients, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT, indent=Pt(0), after=0)
    lines = [line for line in (closing.get("signing"), closing.get("signer_title")) if line]
    first = _fill(signature.paragraphs[0], lines[0] if lines else "", bold=True)
    first.paragraph_format.space_before = Pt(12)
    for line in lines[1:]:
        _centred(signature, line, bold=True)
    space = _centred(signature, "")
    space.paragraph_format.line_spacing = SIGN_SPACE
    _centred(signature, closing.get("signer_name", ""), bold=True)


def _appendix(doc, appendix: dict) -> None:
    heading = _centred(doc, appendix.get("heading", ""), bold=True)
    heading.paragraph_format.page_break_before = True  # the appendix starts a page
    _centred(doc, appendix.get("title", ""), bold=True)
    _centred(doc, appendix.get("subtitle", ""), size=13, italic=True, after=6)
    _figures_table(doc, appendix, compact=True)
    if appendix.get("note"):
        _para(doc, appendix["note"], size=12, italic=True, indent=Pt(0))
