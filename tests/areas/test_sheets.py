"""Reading spreadsheet cells (areas/base/sheets.py): dates and times as users write them, what
is wrong with a cell that is not one, and an import result's counts."""

import datetime

import pytest

from areas.base.sheets import CellError, ImportResult, ImportRow, cell_text, parse_date, parse_time


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("10/03/2025", datetime.date(2025, 3, 10)),
        ("1/3/2025", datetime.date(2025, 3, 1)),
        ("10-03-2025", datetime.date(2025, 3, 10)),
        ("10.03.2025", datetime.date(2025, 3, 10)),
        ("2025-03-10", datetime.date(2025, 3, 10)),
        ("29/02/2024", datetime.date(2024, 2, 29)),
        (datetime.datetime(2025, 3, 10), datetime.date(2025, 3, 10)),
        (datetime.date(2025, 3, 10), datetime.date(2025, 3, 10)),
    ],
)
def test_dates_as_written(cell, day):
    assert parse_date(cell) == day


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31/02/2026", "ngày 31/02/2026 không tồn tại (tháng 02/2026 chỉ có 28 ngày)."),
        ("2026-02-31", "ngày 31/02/2026 không tồn tại (tháng 02/2026 chỉ có 28 ngày)."),
        ("31/06/2025", "ngày 31/06/2025 không tồn tại (tháng 06/2025 chỉ có 30 ngày)."),
        ("12/31/2025", "ngày 12/31/2025 không tồn tại (một năm chỉ có 12 tháng)."),
        ("00/01/2025", "ngày 00/01/2025 không tồn tại."),
        ("hôm qua", "“hôm qua” không phải là ngày, hãy ghi theo dạng dd/mm/yyyy."),
        ("", "chưa ghi ngày, hãy ghi theo dạng dd/mm/yyyy."),
        (None, "chưa ghi ngày, hãy ghi theo dạng dd/mm/yyyy."),
    ],
)
def test_what_is_wrong_with_a_date(cell, message):
    with pytest.raises(CellError) as err:
        parse_date(cell)
    assert str(err.value) == message
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize(
    ("cell", "time"),
    [
        ("20:00", datetime.time(20)),
        ("7:05", datetime.time(7, 5)),
        ("20h", datetime.time(20)),
        ("20h30", datetime.time(20, 30)),
        ("19:00:00", datetime.time(19)),
        (datetime.time(19, 30, 12), datetime.time(19, 30)),
        (datetime.datetime(1899, 12, 30, 19, 30), datetime.time(19, 30)),
    ],
)
def test_times_as_written(cell, time):
    assert parse_time(cell) == time


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("24:00", "giờ 24:00 không tồn tại."),
        ("20:75", "giờ 20:75 không tồn tại."),
        ("tối", "“tối” không phải là giờ, hãy ghi theo dạng hh:mm."),
        ("", "chưa ghi giờ, hãy ghi theo dạng hh:mm."),
    ],
)
def test_what_is_wrong_with_a_time(cell, message):
    with pytest.raises(CellError) as err:
        parse_time(cell)
    assert str(err.value) == message


def test_cells_are_shown_as_written():
    assert cell_text(datetime.datetime(2026, 11, 10)) == "10/11/2026"
    assert cell_text(datetime.datetime(2026, 11, 10, 20, 30)) == "10/11/2026 20:30"
    assert cell_text(datetime.date(2026, 1, 5)) == "05/01/2026"
    assert cell_text(datetime.time(7, 5)) == "07:05"
    assert cell_text(datetime.datetime(1899, 12, 30, 7, 5)) == "07:05"  # Excel's time alone
    assert cell_text(3.0) == "3" and cell_text(None) == ""
    assert cell_text("  Nguye\u0302\u0303n  Văn ") == "Nguyễn Văn"


def test_an_import_counts_every_problem_and_the_rows_that_have_them():
    result = ImportResult(
        rows=[
            ImportRow(2, {}, ["a", "b", "c"]),
            ImportRow(3, {}, []),
            ImportRow(4, {}, ["d"]),
        ],
        file_errors=["e"],
    )
    assert result.problem_count == 5
    assert result.rows_with_problems == 2
    assert not result.is_valid
