"""The shift import's messages: every problem of a row (its cells, its participants, its
incidents' rows and the recording service's rules together), the counts, dates as
dd/mm/yyyy, a date that does not exist."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from patrols.imports import import_shifts
from patrols.models import DetectedBy, Outcome, Shift
from tests.patrols.test_import import book, shift_row

THEFT = "Trộm cắp nông sản"
HANDED = "Bàn giao cho Công an"


def incident(shift, at, category=THEFT, detected="Tuần tra", outcome=HANDED, persons=1):
    return [shift, at, category, "", detected, outcome, persons, "", 0, ""]


def labels(choices) -> str:
    return ", ".join(str(label) for _value, label in choices.choices)


def preview(client, content) -> str:
    url = reverse("patrols:shift_import")
    response = client.post(url, {"file": SimpleUploadedFile("ca.xlsx", content)})
    assert response.status_code == 200
    return response.content.decode()


def test_a_future_date_is_told_with_the_rows_other_problems(officer_a, model_a, crew):
    future = timezone.localdate() + datetime.timedelta(days=5)
    names = f"{crew[0].full_name}; Không Có Ai"
    content = book([shift_row(1, model_a, crew, day=future.strftime("%d/%m/%Y"), names=names)])
    result = import_shifts(user=officer_a, content=content, commit=True)
    assert result.rows[0].errors == [
        f"Không Có Ai không phải là thành viên của tổ vào ngày {future:%d/%m/%Y}.",
        "Ca tuần tra không thể bắt đầu ở thời điểm tương lai.",
    ]
    assert not result.saved and Shift.all_objects.count() == 0


def test_a_future_date_is_told_with_an_unknown_team_or_an_unreadable_time(officer_a, model_a, crew):
    future = (timezone.localdate() + datetime.timedelta(days=5)).strftime("%d/%m/%Y")
    unknown = shift_row(1, model_a, crew, day=future)
    unknown[4] = "Tổ lạ"
    unreadable = shift_row(2, model_a, crew, day=future, end="x")
    result = import_shifts(user=officer_a, content=book([unknown, unreadable]), commit=False)
    assert result.rows[0].errors == [
        "Tổ tuần tra “Tổ lạ” không có trong địa bàn của bạn.",
        "Ca tuần tra không thể bắt đầu ở thời điểm tương lai.",
    ]
    assert result.rows[1].errors == [
        "Đến giờ: “x” không phải là giờ, hãy ghi theo dạng hh:mm.",
        "Ca tuần tra không thể bắt đầu ở thời điểm tương lai.",
    ]


def test_an_end_before_the_start_is_the_next_day_only_for_a_night_of_at_most_12_hours(
    officer_a, model_a, crew
):
    slip = shift_row(1, model_a, crew, start="22:00", end="21:00")
    night = shift_row(2, model_a, crew, day="11/03/2025", start="22:00", end="02:00")
    result = import_shifts(user=officer_a, content=book([slip, night]), commit=False)
    assert result.rows[0].errors == [
        "Đến giờ: Giờ kết thúc (21:00) trước giờ bắt đầu (22:00): nếu kết thúc vào ngày hôm "
        "sau, ca tuần tra kéo dài 23 giờ. Hãy kiểm tra lại giờ; ca dài hơn 12 giờ kết thúc vào "
        "ngày hôm sau được ghi trên trang nhập ca."
    ]
    assert result.rows[1].errors == []


def test_every_cell_of_a_row_is_read(officer_a, model_a, crew):
    content = book([["1", "31/02/2025", "25:00", "x", "Tổ lạ", "", "một", 0, -1, ""]])
    result = import_shifts(user=officer_a, content=content, commit=False)
    assert result.rows[0].errors == [
        "Tổ tuần tra “Tổ lạ” không có trong địa bàn của bạn.",
        "Ngày: ngày 31/02/2025 không tồn tại (tháng 02/2025 chỉ có 28 ngày).",
        "Từ giờ: giờ 25:00 không tồn tại.",
        "Đến giờ: “x” không phải là giờ, hãy ghi theo dạng hh:mm.",
        "Công an xã: “một” không phải là số nguyên.",
        "Thành viên tham gia: chưa ghi ai, hãy ghi tên các thành viên, cách nhau bởi dấu “;”.",
        "Lực lượng khác: Giá trị này phải lớn hơn hoặc bằng 0.",
    ]
    assert result.problem_count == 7 and result.rows_with_problems == 1


def test_the_services_rules_are_checked_with_the_cells(officer_a, model_a, crew):
    # Before the team was set up (01/03/2021), with a negative count: the members named are
    # not members yet, and the service's rules are told too.
    row = shift_row(1, model_a, crew, day="10/03/2020")
    row[8] = -1
    result = import_shifts(user=officer_a, content=book([row]), commit=False)
    errors = result.rows[0].errors
    assert errors[:3] == [
        f"{p.full_name} không phải là thành viên của tổ vào ngày 10/03/2020." for p in crew[:3]
    ]
    assert errors[3] == "Lực lượng khác: Giá trị này phải lớn hơn hoặc bằng 0."
    assert errors[4:] == ["Vào ngày này tổ chưa được thành lập."]
    # Nobody left to take part: the sheet's own message said why, not "tick a member".
    assert not any("đánh dấu" in e for e in errors)


def test_every_problem_of_an_incident_row_is_listed_at_its_row(officer_a, model_a, crew):
    content = book(
        [shift_row(1, model_a, crew)],
        [
            incident(1, "21:00"),  # a good one on the same shift
            incident(1, "9 giờ", category="Lạ", detected="Bay", outcome="", persons="hai"),
            incident(1, "23:30"),  # after the shift's end (23:00)
        ],
    )
    result = import_shifts(user=officer_a, content=content, commit=False)
    errors = result.rows[0].errors
    assert errors[:5] == [
        "Dòng 3 của trang vụ việc, Giờ: “9 giờ” không phải là giờ, hãy ghi theo dạng hh:mm.",
        "Dòng 3 của trang vụ việc, Loại vụ việc: “Lạ” không có trong danh mục loại vụ việc.",
        f"Dòng 3 của trang vụ việc, Phát hiện qua: “Bay” không phải một trong các giá trị: "
        f"{labels(DetectedBy)}.",
        "Dòng 3 của trang vụ việc, Kết quả xử lý: chưa ghi, hãy ghi một trong các giá trị: "
        f"{labels(Outcome)}.",
        "Dòng 3 của trang vụ việc: số người liên quan phải là số nguyên.",
    ]
    assert errors[5:] == ["Dòng 4 của trang vụ việc: Thời gian phải nằm trong ca tuần tra."]
    assert result.problem_count == 6 and result.rows_with_problems == 1


def test_counts_of_rows_and_problems_on_the_page(client_a, model_a, crew):
    content = book(
        [
            shift_row(1, model_a, crew),
            shift_row(2, model_a, crew, day="31/02/2025", names="Không Có Ai"),
            ["3", "12/03/2025", "x", "y", model_a.name, crew[0].full_name, 0, 0, 0, ""],
            shift_row(4, model_a, crew, day="14/03/2025"),
        ]
    )
    html = preview(client_a, content)
    # Row 3 of the sheet: the date (so no member can be checked); row 4: two times.
    assert "Phát hiện 3 lỗi ở 2/4 dòng" in html
    assert "ngày 31/02/2025 không tồn tại (tháng 02/2025 chỉ có 28 ngày)" in html
    assert "Xác nhận nhập" not in html


def test_dates_are_shown_dd_mm_yyyy(client_a, officer_a, model_a, crew):
    excel_day = datetime.datetime(2025, 3, 10)  # how openpyxl reads an Excel date cell
    row = shift_row(1, model_a, crew, day=excel_day, start=datetime.time(20), end="23:00")
    content = book([row])
    result = import_shifts(user=officer_a, content=content, commit=False)
    assert result.rows[0].values["Ngày"] == "10/03/2025"
    assert result.rows[0].values["Từ giờ"] == "20:00"
    assert result.is_valid, result.rows[0].errors
    html = preview(client_a, content)
    assert "10/03/2025" in html and "2025-03-10" not in html and "00:00:00" not in html
