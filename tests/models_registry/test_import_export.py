"""Member import from .xlsx (preview, per-row errors, all or nothing) and list exports."""

import datetime
import io

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from models_registry.models import Membership, Person
from models_registry.services import IMPORT_COLUMNS, import_members
from tests.conftest import login
from tests.factories import GrassrootsModelFactory


def workbook(rows, header=IMPORT_COLUMNS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = [
    ["Nguyễn Văn Hùng", 1975, "Nam", "0912345678", "Thôn Phi Nôm", "Tổ trưởng", "01/03/2022"],
    ["Trần Thị Lan", 1988, "Nữ", "", "", "Tổ phó", datetime.date(2022, 3, 1)],
    ["K'Bình", 1990, "Nam", "", "thôn phi nôm", "Tổ viên", "15/04/2022"],
]


def test_valid_file_previews_then_saves_all(client_a, model_a, village_a):
    url = reverse("registry:member_import", args=[model_a.pk])
    content = workbook(GOOD)
    from django.core.files.uploadedfile import SimpleUploadedFile

    preview = client_a.post(url, {"file": SimpleUploadedFile("m.xlsx", content)})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Xác nhận" in html or "Confirm" in html
    assert Membership.objects.filter(model=model_a).count() == 0  # the preview saves nothing

    confirm = client_a.post(url, {"confirm": "1", "token": preview.context["token"]})
    assert confirm.status_code == 302
    members = Membership.objects.filter(model=model_a).select_related("person")
    assert sorted((m.person.full_name, m.role) for m in members) == [
        ("K'Bình", "member"),
        ("Nguyễn Văn Hùng", "leader"),
        ("Trần Thị Lan", "deputy"),
    ]
    assert Person.objects.get(full_name="K'Bình").village == village_a


def test_bad_rows_save_nothing_and_each_is_reported(model_a, village_a):
    rows = [
        GOOD[0],
        ["", 1980, "Nam", "", "", "Tổ viên", "01/03/2022"],  # no name
        ["Lê Văn C", "abc", "Nam", "", "", "Tổ viên", "01/03/2022"],  # bad year
        ["Lê Văn D", 1980, "Khác", "", "Thôn Không Có", "Tổ viên", "31/02/2022"],  # 3 problems
        ["Lê Văn E", 1980, "Nam", "", "", "Tổ trưởng", "01/03/2022"],  # second leader
        ["Lê Văn F", 1980, "Nam", "", "", "Tổ viên", "01/01/2030"],  # joins in the future
        ["Lê Văn G", 1980, "Nam", "", "", "Tổ viên", "01/01/2019"],  # before the model existed
    ]
    result = import_members(model=model_a, content=workbook(rows), commit=True)
    assert not result.saved and not result.is_valid
    by_row = {r.number: r.errors for r in result.rows}
    assert by_row[2] == []
    assert all(by_row[n] for n in range(3, 9)), by_row
    assert len(by_row[5]) >= 3
    assert (
        Membership.objects.count() == 0
        and Person.objects.filter(full_name__startswith="Lê").count() == 0
    )


def test_wrong_header_and_not_a_workbook(model_a):
    wrong = import_members(
        model=model_a, content=workbook(GOOD, header=["Tên", "Tuổi"]), commit=True
    )
    assert wrong.file_errors and not wrong.saved
    garbage = import_members(model=model_a, content=b"not a workbook", commit=True)
    assert garbage.file_errors and not garbage.saved


def test_same_person_twice_in_a_file(model_a):
    rows = [GOOD[1], GOOD[1]]
    result = import_members(model=model_a, content=workbook(rows), commit=True)
    assert not result.saved and result.rows[1].errors


def test_template_download(client_a, model_a):
    response = client_a.get(
        reverse("registry:member_import", args=[model_a.pk]), {"template": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == IMPORT_COLUMNS


def test_export_holds_only_the_filtered_scoped_rows(officer_a, model_a, registry_b, patrol_type):
    GrassrootsModelFactory(
        name="Tổ tự quản thôn 2", commune=model_a.commune, model_type=patrol_type
    )
    client = login(officer_a)
    response = client.get(reverse("registry:model_list"), {"export": "xlsx", "q": "Phi Nôm"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Tên"
    assert [r[0] for r in rows[1:]] == ["Tổ tuần tra Phi Nôm"]
    everything = load_workbook(
        io.BytesIO(client.get(reverse("registry:model_list"), {"export": "xlsx"}).content)
    ).active
    names = [r[0] for r in everything.iter_rows(min_row=2, values_only=True)]
    assert "Tổ tuần tra Bắc Hội" not in names and len(names) == 2
    assert isinstance(
        list(everything.iter_rows(min_row=2, values_only=True))[0][3], datetime.datetime
    )
