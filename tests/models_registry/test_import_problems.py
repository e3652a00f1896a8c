"""The member import's messages: every problem of a row, the counts, dates as dd/mm/yyyy, a
date that does not exist, an unknown role."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from models_registry.services import import_members
from tests.factories import MembershipFactory, PersonFactory
from tests.models_registry.test_import_export import GOOD, workbook

ROLE_MESSAGE = (
    "Vai trò không hợp lệ: “Đội trưởng”. Hãy ghi một trong các giá trị: "
    "Tổ trưởng, Tổ phó, Tổ viên (để trống là Tổ viên)."
)


def member(name, *, year=1980, gender="Nam", village="", role="Tổ viên", joined="01/03/2022"):
    return [name, year, gender, "", village, role, joined]


def preview(client, model, rows) -> str:
    url = reverse("registry:member_import", args=[model.pk])
    response = client.post(url, {"file": SimpleUploadedFile("m.xlsx", workbook(rows))})
    assert response.status_code == 200
    return response.content.decode()


def test_every_problem_of_every_row_is_listed_and_counted(client_a, model_a, village_a):
    rows = [
        GOOD[2],
        # five problems in one row
        member(
            "Lê Văn A",
            year="abc",
            gender="Khác",
            village="Thôn Không Có",
            role="Đội trưởng",
            joined="31/02/2026",
        ),
        member("", joined=datetime.date(2030, 1, 1)),  # no name, joins in the future
        member("Lê Văn C", joined=datetime.datetime(2019, 1, 1)),  # before the model
        member("Lê Văn D", gender="", joined=""),  # no joining date
    ]
    result = import_members(model=model_a, content=workbook(rows), commit=False)
    by_row = {r.number: r.errors for r in result.rows}
    assert by_row[2] == []
    assert by_row[3] == [
        "Năm sinh phải là số.",
        "Giới tính phải là “Nam” hoặc “Nữ”.",
        "Thôn, tổ dân phố “Thôn Không Có” chưa có trong danh mục của Xã Hiệp Thạnh.",
        ROLE_MESSAGE,
        "Ngày tham gia: ngày 31/02/2026 không tồn tại (tháng 02/2026 chỉ có 28 ngày).",
    ]
    assert len(by_row[4]) == 2
    assert any("Họ và tên" in e and "không được để trống" in e for e in by_row[4])
    assert "Ngày tham gia: Ngày tham gia không được ở tương lai." in by_row[4]
    assert by_row[5] == ["Ngày tham gia: Ngày tham gia không được trước ngày thành lập mô hình."]
    assert by_row[6] == ["Ngày tham gia: chưa ghi ngày, hãy ghi theo dạng dd/mm/yyyy."]
    assert result.problem_count == 9 and result.rows_with_problems == 4
    assert not result.is_valid

    html = preview(client_a, model_a, rows)
    assert "Phát hiện 9 lỗi ở 4/5 dòng" in html
    for problem in by_row[3]:
        assert problem.replace("“", "&ldquo;") in html or problem in html


def test_dates_are_shown_dd_mm_yyyy(client_a, model_a):
    rows = [
        member("Lê Văn A", joined=datetime.datetime(2026, 11, 10)),  # an Excel date cell
        member("Lê Văn B", joined=datetime.date(2022, 3, 1)),
        member("Lê Văn C", joined="2022-03-01"),
    ]
    result = import_members(model=model_a, content=workbook(rows), commit=False)
    assert [r.values["Ngày tham gia"] for r in result.rows] == [
        "10/11/2026",
        "01/03/2022",
        "2022-03-01",  # as written; read as 01/03/2022
    ]
    assert all(r.errors == [] for r in result.rows), [r.errors for r in result.rows]
    html = preview(client_a, model_a, rows)
    assert "10/11/2026" in html and "2026-11-10" not in html and "00:00:00" not in html


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("31/02/2026", "ngày 31/02/2026 không tồn tại (tháng 02/2026 chỉ có 28 ngày)."),
        ("29/02/2025", "ngày 29/02/2025 không tồn tại (tháng 02/2025 chỉ có 28 ngày)."),
        ("31/04/2022", "ngày 31/04/2022 không tồn tại (tháng 04/2022 chỉ có 30 ngày)."),
        ("15/13/2022", "ngày 15/13/2022 không tồn tại (một năm chỉ có 12 tháng)."),
        ("00/03/2022", "ngày 00/03/2022 không tồn tại."),
        ("1 tháng 3", "“1 tháng 3” không phải là ngày, hãy ghi theo dạng dd/mm/yyyy."),
    ],
)
def test_a_date_that_does_not_exist_is_told_so(model_a, written, message):
    result = import_members(
        model=model_a, content=workbook([member("Lê Văn A", joined=written)]), commit=False
    )
    assert result.rows[0].errors == [f"Ngày tham gia: {message}"]


def test_a_leap_day_exists(model_a):
    result = import_members(
        model=model_a, content=workbook([member("Lê Văn A", joined="29/02/2024")]), commit=False
    )
    assert result.rows[0].errors == []


def test_an_unknown_role_is_invalid_with_the_allowed_values(model_a, commune_a):
    # The model has a current leader: an unknown role is not taken for a second one.
    MembershipFactory(
        person=PersonFactory(commune=commune_a),
        model=model_a,
        role="leader",
        joined_on=datetime.date(2021, 3, 1),
    )
    rows = [member("Lê Văn A", role="Đội trưởng"), member("Lê Văn B", role="Đội trưởng")]
    result = import_members(model=model_a, content=workbook(rows), commit=False)
    assert [r.errors for r in result.rows] == [[ROLE_MESSAGE], [ROLE_MESSAGE]]
    assert result.problem_count == 2 and result.rows_with_problems == 2


def test_the_allowed_roles_are_read_in_any_case(model_a):
    rows = [
        member("Lê Văn A", role="tổ trưởng"),
        member("Lê Văn B", role="TỔ PHÓ"),
        member("Lê Văn C", role="Tổ viên"),
        member("Lê Văn D", role=""),
    ]
    result = import_members(model=model_a, content=workbook(rows), commit=True)
    assert result.saved, [r.errors for r in result.rows]
    roles = sorted(model_a.memberships.values_list("person__full_name", "role"))
    assert roles == [
        ("Lê Văn A", "leader"),
        ("Lê Văn B", "deputy"),
        ("Lê Văn C", "member"),
        ("Lê Văn D", "member"),
    ]


def test_one_leader_message_for_each_leader_row(model_a, commune_a):
    rows = [member("Lê Văn A", role="Tổ trưởng"), member("Lê Văn B", role="Tổ trưởng")]
    result = import_members(model=model_a, content=workbook(rows), commit=False)
    assert [r.errors for r in result.rows] == [
        [],
        ["Mỗi mô hình chỉ có tối đa một tổ trưởng đương nhiệm: dòng 2 đã ghi tổ trưởng."],
    ]
    MembershipFactory(
        person=PersonFactory(commune=commune_a),
        model=model_a,
        role="leader",
        joined_on=datetime.date(2021, 3, 1),
    )
    result = import_members(model=model_a, content=workbook(rows), commit=False)
    assert [r.errors for r in result.rows] == [
        ["Vai trò: Mô hình này đã có tổ trưởng đương nhiệm."],
        ["Vai trò: Mô hình này đã có tổ trưởng đương nhiệm."],
    ]
