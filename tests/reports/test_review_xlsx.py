"""The tables of a review report's version as a workbook (issue 18, item 2): one sheet per
table, the appendix included, named from the captions; the header row bold, the figures as
numbers, names as text — read back with openpyxl on the fixed province of conftest."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from areas.base.xlsx import XLSX_TYPE
from reports.models import RenderStatus, ReportVersion
from reports.reviews import services, spreadsheet
from reports.reviews.spreadsheet import figure, sheet_name
from reports.statistics import Period
from tests.conftest import login, ready_version

YEAR = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
FORMULA = '=HYPERLINK("http://evil.example/","Xã")'


@pytest.fixture
def report(world, secretary):
    return services.create_report(
        user=secretary,
        kind="final",
        unit=secretary.scope_unit,
        period=YEAR,
        number=12,
        issued_on=datetime.date(2026, 1, 5),
    )


def _tables(snapshot) -> list[dict]:
    found = [
        t
        for s in snapshot["sections"]
        for part in s.get("parts", [])
        for t in part.get("tables", [])
    ]
    return found + [snapshot["appendix"]]


def test_every_table_is_a_sheet_with_its_figures_as_numbers(report, secretary):
    version = ready_version(report, secretary)
    book = load_workbook(io.BytesIO(spreadsheet.version_xlsx(version)))
    tables = _tables(version.snapshot)
    assert len(book.worksheets) == len(tables) >= 4
    names = book.sheetnames
    for i, (name, table) in enumerate(zip(names[:-1], tables[:-1], strict=True), 1):
        assert name.startswith(f"Bảng {i}. ") and table["caption"].startswith(name)
    assert names[-1] == "Phụ lục. Kết quả thực hiện theo"
    assert all(len(name) <= 31 for name in names) and len(set(names)) == len(names)
    for sheet, table in zip(book.worksheets, tables, strict=True):
        header = [cell.value or "" for cell in sheet[1]]
        assert header == table["columns"]
        assert all(cell.font.b for cell in sheet[1])
        rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
        expected = table["rows"] + ([table["total"]] if table["total"] else [])
        if table.get("note"):
            expected.append([table["note"]])
        assert len(rows) == len(expected)
        for read, printed in zip(rows, expected, strict=True):
            for value, cell in zip(read, printed, strict=False):
                # Each cell as printed: a figure read back as that number, text as text.
                number = figure(cell)
                assert value == (number if number != "" else None)
    # The appendix: numbers as numbers, the commune's name as text, the total row, the rest.
    appendix = book.worksheets[-1]
    assert [c.value for c in appendix[2]][:3] == [1, "Xã Đức Trọng", 2]
    assert appendix.cell(row=2, column=1).data_type == "n"
    assert [c.value for c in appendix[4]][:3] == [None, "Tổng cộng", 4]
    assert appendix.cell(row=5, column=1).value == "Còn 1 xã, phường chưa có mô hình."
    # The incidents' table: the change column stays text ("+1 (33,3%)").
    incidents = next(s for s in book.worksheets if "Vụ việc theo loại" in s.title)
    assert "+1 (33,3%)" in [c.value for c in incidents[incidents.max_row]]


def test_a_name_that_looks_like_a_formula_stays_text(report, secretary, commune_a):
    type(commune_a).objects.filter(pk=commune_a.pk).update(name=FORMULA)
    version = ready_version(report, secretary)
    book = load_workbook(io.BytesIO(spreadsheet.version_xlsx(version)))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert FORMULA in [cell.value for cell in cells]


def test_figures_as_printed_read_as_numbers():
    assert figure("1.684") == 1684 and isinstance(figure("1.684"), int)
    assert figure("12,5") == Decimal("12.5")
    assert figure("1.234,75") == Decimal("1234.75")
    assert figure("0") == 0 and figure("-3") == -3 and figure("1000") == 1000
    for text in ("2/3", "+1 (33,3%)", "−1", "=", "khẩu", "", "12.5.1", "1684.5", "1.68"):
        assert figure(text) == text


def test_sheet_names_are_short_unique_and_allowed():
    taken: set[str] = set()
    long = "Bảng 1. Mô hình và thành viên theo loại"
    assert sheet_name(long, taken) == "Bảng 1. Mô hình và thành viên"
    assert sheet_name("Bảng 2. Vụ việc: loại [a/b]?", taken) == "Bảng 2. Vụ việc loại a b"
    assert sheet_name(long, taken) == "Bảng 1. Mô hình và thành vi (2)"
    # Excel compares sheet names without case.
    assert sheet_name("BẢNG 1. MÔ HÌNH VÀ THÀNH VIÊN", taken) == "BẢNG 1. MÔ HÌNH VÀ THÀNH VI (3)"
    assert sheet_name("x" * 40, taken) == "x" * 31
    assert all(len(name) <= 31 for name in taken) and len(taken) == 5


def test_the_xlsx_is_downloaded_from_a_ready_version_only(report, secretary):
    version = ready_version(report, secretary)
    client = login(secretary)
    response = client.get(reverse("reports:version_xlsx", args=[version.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    name = f"bao-cao-12-{report.pk}-v1.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert load_workbook(io.BytesIO(response.content)).sheetnames
    waiting = ReportVersion.objects.create(
        report=report, number=2, requested_by=secretary, status=RenderStatus.RENDERING
    )
    assert client.get(reverse("reports:version_xlsx", args=[waiting.pk])).status_code == 404
