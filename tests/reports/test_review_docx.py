"""A review report's version as a Word file (issue 18, item 1): built from the version's
snapshot, it holds the words and figures of the PDF, in the Nghị định 30/2020 page setup —
read back with python-docx on the fixed province of conftest."""

import datetime
import io
import re
from collections import Counter

import pdfplumber
import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from PIL import Image

from patrols.models import Shift
from reports.models import RenderStatus, ReportVersion
from reports.reviews import document as documents
from reports.reviews import rendering, wordfile
from tests.conftest import login, ready_version

NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")


@pytest.fixture
def report(province_final):
    return province_final(
        situation="Tình hình an ninh trật tự cơ bản ổn định.\n"
        + "Trên địa bàn có 17 vụ trộm cắp nông sản, tập trung vào mùa thu hoạch cà phê. " * 6,
        recipients="Bộ Công an (V05)\nThường trực Tỉnh ủy\nLưu: VT, BCĐ",
    )


@pytest.fixture
def snapshot(report, secretary):
    return documents.build_document(report, secretary)


def body_blocks(doc):
    """The body's paragraphs and tables in document order."""
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, doc)
        elif child.tag == qn("w:tbl"):
            yield Table(child, doc)


def docx_text(doc) -> str:
    """The text of the body: paragraphs, and tables cell by cell, row by row."""
    lines = []
    for block in body_blocks(doc):
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            for row in block.rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


def pdf_text(content: bytes) -> str:
    """The text of the PDF without the page numbers at the top of pages 2 and on."""
    pages = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            lines = (page.extract_text() or "").splitlines()
            if number > 1 and lines and lines[0].strip() == str(number):
                lines = lines[1:]
            pages.append("\n".join(lines))
    return "\n".join(pages)


def mm(length) -> float:
    """A length in millimetres, to 0.1 (Word stores twentieths of a point)."""
    return round(length.mm, 1)


def tables_of(snapshot) -> list[dict]:
    """The tables of section II and the appendix, in print order."""
    found = [
        t
        for s in snapshot["sections"]
        for part in s.get("parts", [])
        for t in part.get("tables", [])
    ]
    return found + ([snapshot["appendix"]] if snapshot["appendix"] else [])


def charts_of(snapshot) -> list[dict]:
    return [
        c
        for s in snapshot["sections"]
        for part in s.get("parts", [])
        for c in part.get("charts", [])
    ]


def test_the_docx_holds_the_words_and_figures_of_the_pdf(snapshot):
    doc = Document(io.BytesIO(wordfile.render_docx(snapshot)))
    pdf, _pages = rendering.render_pdf(snapshot)
    words, printed = docx_text(doc).split(), pdf_text(pdf).split()
    assert Counter(words) - Counter(printed) == Counter()
    # The PDF draws the chart's labels as text; the .docx has the chart as a picture.
    labels = Counter()
    for chart in charts_of(snapshot):
        texts = [t["label"] for t in chart["ticks"]]
        texts += [x["label"] for x in chart["xlabels"]] + [x["year"] for x in chart["xlabels"]]
        for item in chart["legend"]:  # small type, which pdfplumber may read without spaces
            joined = item["label"].replace(" ", "")
            texts.append(joined if joined in printed else item["label"])
        labels += Counter(" ".join(texts).split())
    assert labels
    numbers = set(NUMBER.findall(" ".join((Counter(printed) - labels).elements())))
    assert set(NUMBER.findall(" ".join(words))) == numbers
    # Beyond the chart, the PDF has more only where a table continues on the next page under
    # its header row again (Word repeats it too, when it lays out the pages).
    more = Counter(printed) - Counter(words) - labels
    for table in tables_of(snapshot):
        header = Counter(" ".join(table["columns"]).split())
        while header and not header - more:
            more -= header
    assert more == Counter()
    assert "17" in words and "12/BC-BCĐ" in words  # the secretary's figure, the number
    # Every paragraph of the body reads the same, in the same order.
    flat = " ".join(printed)
    at = 0
    for block in body_blocks(doc):
        if isinstance(block, Paragraph) and block.text.strip():
            text = " ".join(block.text.split())
            found = flat.find(text, at)
            assert found >= 0, f"not in the PDF after position {at}: {text!r}"
            at = found + len(text)


def test_the_docx_page_setup_is_the_pdfs(snapshot):
    doc = Document(io.BytesIO(wordfile.render_docx(snapshot)))
    section = doc.sections[0]
    assert len(doc.sections) == 1

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    margins = (section.top_margin, section.right_margin, section.bottom_margin)
    assert [mm(m) for m in margins + (section.left_margin,)] == [20, 15, 20, 30]
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {
        "Times New Roman"
    }
    assert normal.font.size == Pt(14)
    assert normal.paragraph_format.space_after == Pt(6)
    # Body text: justified, 1 cm first-line indent.
    situation = next(p for p in doc.paragraphs if p.text.startswith("Tình hình an ninh"))
    assert mm(situation.paragraph_format.first_line_indent) == 10
    assert situation.alignment == 3  # WD_ALIGN_PARAGRAPH.JUSTIFY
    # The page number centred at the top from page 2: page 1's own header is empty.
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    header = section.header.paragraphs[0]
    assert header.alignment == 1  # centred
    instructions = [t.text.strip() for t in header._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    assert [c.get(qn("w:fldCharType")) for c in header._p.iter(qn("w:fldChar"))] == [
        "begin",
        "separate",
        "end",
    ]


def _borders(table) -> set[str]:
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    return {edge.get(qn("w:val")) for edge in borders}


def test_the_header_blocks_tables_chart_and_closing(snapshot):
    doc = Document(io.BytesIO(wordfile.render_docx(snapshot)))
    tables = doc.tables
    header, closing = tables[0], tables[-2]  # the appendix's table is the last
    left, right = (cell.text for cell in header.rows[0].cells)
    assert (
        "BAN\u00a0CHỈ\u00a0ĐẠO" in left
    )  # kept on one line and left.strip().endswith("Số: 12/BC-BCĐ")
    assert right.splitlines()[:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert "Lâm Đồng, ngày 05 tháng 01 năm 2026" in right
    assert _borders(header) == _borders(closing) == {"nil"}
    recipients, signature = (cell.text for cell in closing.rows[0].cells)
    assert recipients.startswith("Nơi nhận:") and "- Lưu: VT, BCĐ" in recipients
    assert [line for line in signature.splitlines() if line] == [
        "TM. BAN CHỈ ĐẠO",
        "TRƯỞNG BAN",
        "Nguyễn Văn Bình",
    ]
    # The figures tables: bordered, the header row repeated on every page, in the order
    # and with the cells of the snapshot.
    printed = tables_of(snapshot)
    figures = tables[1:-2] + [tables[-1]]
    assert len(figures) == len(printed) >= 3
    for table, data in zip(figures, printed, strict=True):
        assert _borders(table) == {"single"}
        first = table.rows[0]._tr.trPr
        assert first.find(qn("w:tblHeader")) is not None
        assert [c.text for c in table.rows[0].cells] == data["columns"]
        total = [data["total"]] if data["total"] else []
        assert [[c.text for c in row.cells] for row in table.rows[1:]] == data["rows"] + total
    captions = [p.text for p in doc.paragraphs if p.text.startswith("Bảng ")]
    assert captions == [t["caption"] for t in printed[:-1]]
    # The chart: a raster image at 200 dpi, as wide as the SVG.
    charts = charts_of(snapshot)
    assert len(doc.inline_shapes) == len(charts) == 1
    shape = doc.inline_shapes[0]
    assert abs(shape.width - Mm(25.4 * charts[0]["width"] / 96)) < Mm(0.1)
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    image = Image.open(io.BytesIO(doc.part.related_parts[blip.embed].blob))
    assert image.format == "PNG"
    assert abs(image.width - charts[0]["width"] * 200 / 96) <= 1
    assert charts[0]["title"] in [p.text for p in doc.paragraphs]
    # The appendix starts a page of its own.
    heading = next(p for p in doc.paragraphs if p.text == "PHỤ LỤC")
    assert heading.paragraph_format.page_break_before


def test_a_version_s_docx_is_its_snapshot_not_figures_computed_again(
    report, secretary, world, django_assert_max_num_queries
):
    version = ready_version(report, secretary)
    printed = docx_text(Document(io.BytesIO(wordfile.version_docx(version))))
    assert "tổ chức 3 ca tuần tra" in " ".join(printed.split())
    # The figures move on (a shift more) and the report is renamed: the version does not.
    shift = world["s1"]  # team A, 01/01/2025
    Shift.objects.create(
        model=shift.model,
        commune=shift.commune,
        starts_at=shift.starts_at + datetime.timedelta(days=40),
        ends_at=shift.ends_at + datetime.timedelta(days=40),
    )
    type(report).objects.filter(pk=report.pk).update(title="Tên khác hẳn")
    version = ReportVersion.objects.get(pk=version.pk)
    with django_assert_max_num_queries(0):
        again = docx_text(Document(io.BytesIO(wordfile.version_docx(version))))
    assert again == printed
    assert "Tên khác hẳn" not in again
    assert "tổ chức 4 ca tuần tra" in " ".join(
        docx_text(
            Document(
                io.BytesIO(
                    wordfile.render_docx(
                        documents.build_document(type(report).objects.get(pk=report.pk), secretary)
                    )
                )
            )
        ).split()
    )


def test_the_docx_is_downloaded_from_a_ready_version_only(report, secretary):
    version = ready_version(report, secretary)
    client = login(secretary)
    response = client.get(reverse("reports:version_docx", args=[version.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == wordfile.DOCX_TYPE
    expected = version.filename.removesuffix(".pdf") + ".docx"
    assert expected == f"bao-cao-12-{report.pk}-v1.docx"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'
    assert Document(io.BytesIO(response.content)).paragraphs
    # The version's list item links it next to the PDF.
    page = client.get(report.get_absolute_url()).content.decode()
    assert reverse("reports:version_docx", args=[version.pk]) in page
    assert reverse("reports:version_xlsx", args=[version.pk]) in page
    failed = ReportVersion.objects.create(
        report=report, number=2, requested_by=secretary, status=RenderStatus.FAILED, error="x"
    )
    assert client.get(reverse("reports:version_docx", args=[failed.pk])).status_code == 404
    page = client.get(report.get_absolute_url()).content.decode()
    assert reverse("reports:version_docx", args=[failed.pk]) not in page
