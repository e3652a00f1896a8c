"""Importing past shifts from .xlsx: preview, per-row problems, all or nothing."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from patrols.imports import INCIDENT_COLUMNS, SHIFT_COLUMNS, import_shifts
from patrols.models import Incident, Shift, ShiftParticipant


def book(shifts, incidents=()) -> bytes:
    wb = Workbook()
    first = wb.active
    first.append(SHIFT_COLUMNS)
    for row in shifts:
        first.append(row)
    second = wb.create_sheet("Vụ việc")
    second.append(INCIDENT_COLUMNS)
    for row in incidents:
        second.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def shift_row(n, model, crew, day="10/03/2025", start="20:00", end="23:00", names=None):
    names = names if names is not None else "; ".join(p.full_name for p in crew[:3])
    return [n, day, start, end, model.name, names, 1, 0, 0, ""]


def test_good_file_previews_then_saves(client_a, officer_a, model_a, crew):
    content = book(
        [shift_row(1, model_a, crew), shift_row(2, model_a, crew, day="12/03/2025", end="01:00")],
        [
            [
                1,
                "21:30",
                "Trộm cắp nông sản",
                "",
                "Tuần tra",
                "Bàn giao cho Công an",
                2,
                "Bắt quả tang",
            ],
            [
                2,
                "00:30",
                "Đua xe, nẹt bô, lạng lách, đánh võng",
                "",
                "Tuần tra",
                "Nhắc nhở, ký cam kết",
                3,
                "",
            ],
        ],
    )
    url = reverse("patrols:shift_import")
    preview = client_a.post(url, {"file": SimpleUploadedFile("ca.xlsx", content)})
    assert preview.status_code == 200 and "Xác nhận" in preview.content.decode()
    assert Shift.objects.count() == 0
    confirm = client_a.post(url, {"confirm": "1", "token": preview.context["token"]})
    assert confirm.status_code == 302
    assert Shift.objects.count() == 2 and ShiftParticipant.objects.count() == 6
    late = Incident.objects.get(category__code="racing")
    assert late.shift.ends_at > late.occurred_at > late.shift.starts_at


def test_bad_rows_save_nothing_and_each_is_reported(officer_a, model_a, crew):
    content = book(
        [
            shift_row(1, model_a, crew),
            shift_row(2, model_a, crew, day="32/13/2025"),  # bad date
            shift_row(3, model_a, crew, names="Không Có Ai"),  # not a member
            shift_row(4, model_a, crew, start="21:00", end="22:00"),  # overlaps row 1
            ["5", "11/03/2025", "20:00", "22:00", "Tổ lạ", "x", 0, 0, 0, ""],  # unknown team
        ]
    )
    result = import_shifts(user=officer_a, content=content, commit=True)
    assert not result.saved
    errors = {r.number: r.errors for r in result.rows}
    assert errors[2] == [] and all(errors[n] for n in (3, 4, 5, 6)), errors
    assert Shift.all_objects.count() == 0 and ShiftParticipant.objects.count() == 0


def test_other_communes_teams_are_unknown(officer_a, registry_b, crew, model_a):
    content = book([shift_row(1, registry_b["team"], crew)])
    result = import_shifts(user=officer_a, content=content, commit=True)
    assert not result.saved and result.rows[0].errors
    assert Shift.all_objects.count() == 0


def test_template_has_both_sheets(client_a):
    response = client_a.get(reverse("patrols:shift_import"), {"template": "xlsx"})
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb.worksheets[0][1]] == SHIFT_COLUMNS
    assert [c.value for c in wb.worksheets[1][1]] == INCIDENT_COLUMNS
