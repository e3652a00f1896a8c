"""A commune officer imports members from .xlsx on a phone and on an office PC: a file too
large is refused at its field, a sheet with formulas names each cell, a good file is
previewed and confirmed by its token."""

import pytest
from playwright.sync_api import expect

from areas.base import uploads
from models_registry.models import Membership
from tests.test_uploads import GOOD, members, padded

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FORMULAS = [
    GOOD[0],
    ["Lê Văn Tư", 1990, "Nam", "", "", "Tổ viên", "=DATE(2022,3,1)"],
    ['=HYPERLINK("http://evil.example/","Phạm Thị Năm")', 1991, "Nữ", "", "", "Đội trưởng"],
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(content: bytes) -> dict:
    return {"name": "thanh-vien.xlsx", "mimeType": XLSX, "buffer": content}


@pytest.mark.parametrize("width,height", [(360, 740), (1366, 900)])
def test_officer_imports_members(
    login_as, live_server, officer_a, model_a, settings, tmp_path, width, height
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    page = login_as(officer_a)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/registry/models/{model_a.pk}/members/import/")
    expect(page.get_by_text("Tối đa 5 MB và 5.000 dòng mỗi trang tính.")).to_be_visible()

    file_input = page.locator("input[type=file]")
    check = page.get_by_role("button", name="Kiểm tra tệp")
    file_input.set_input_files(_file(padded(members(), uploads.SPREADSHEET.max_bytes + 1)))
    check.click()
    expect(page.get_by_text("Tệp nặng 5,1 MB, vượt mức 5 MB").first).to_be_visible()
    page.screenshot(
        path=str(settings.VAR_DIR / f"e2e-import-too-large-{width}.png"), full_page=True
    )

    file_input.set_input_files(_file(members(FORMULAS)))
    check.click()
    problems = page.get_by_test_id("import-errors")
    expect(problems).to_contain_text("Ô G3 chứa công thức (=DATE(2022,3,1))")
    expect(problems).to_contain_text("Ô A4 chứa công thức (=HYPERLINK(")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(settings.VAR_DIR / f"e2e-import-formulas-{width}.png"), full_page=True)

    file_input.set_input_files(_file(members()))
    check.click()
    confirm = page.get_by_role("button", name="Xác nhận nhập")
    expect(confirm).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(settings.VAR_DIR / f"e2e-import-preview-{width}.png"), full_page=True)
    confirm.click()
    expect(page.get_by_role("heading", name=model_a.name)).to_be_visible()
    assert Membership.objects.filter(model=model_a).count() == 2


@pytest.mark.parametrize("width,height", [(360, 740), (1366, 900)])
def test_officer_previews_past_shifts(
    login_as, live_server, officer_a, model_a, commune_a, settings, tmp_path, width, height
):
    import datetime

    from patrols.imports import INCIDENT_COLUMNS, SHIFT_COLUMNS
    from tests.factories import MembershipFactory, PersonFactory
    from tests.test_uploads import book

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    person = PersonFactory(full_name="Tuần tra viên", commune=commune_a)
    MembershipFactory(person=person, model=model_a, joined_on=datetime.date(2021, 3, 1))
    shift = [1, "10/03/2025", "20:00", "23:00", model_a.name, person.full_name, 0, 0, 0, ""]
    incident = [1, "21:00", "Trộm cắp nông sản", "", "Tuần tra", "=IF(1,2,3)", 0, "", 0, ""]
    page = login_as(officer_a)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/patrols/shifts/import/")
    file_input = page.locator("input[type=file]")
    file_input.set_input_files(_file(book([SHIFT_COLUMNS, shift], [INCIDENT_COLUMNS, incident])))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_test_id("import-errors")).to_contain_text(
        "Trang tính 2, ô F2 chứa công thức (=IF(1,2,3))"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(settings.VAR_DIR / f"e2e-shift-import-{width}.png"), full_page=True)
    file_input.set_input_files(_file(book([SHIFT_COLUMNS, shift], [INCIDENT_COLUMNS])))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.get_by_role("button", name="Xác nhận nhập").click()
    page.wait_for_url(f"{live_server.url}/patrols/shifts/")
    assert model_a.shifts.count() == 1
