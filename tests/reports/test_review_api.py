"""The review reports' API (/api/reviews/…): the pages' rules through the same forms, checks
and services — a new report checked whole, editing until issued, rendering (202), a version's
state, its PDF, confirming numbers and issuing with every problem listed in Vietnamese."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from reports.models import ReportVersion, ReviewReport
from reports.reviews import services
from reports.statistics import Period
from tests.conftest import complete, login, ready_version

pytestmark = pytest.mark.django_db

ISSUED = "Báo cáo đã ban hành, không thể sửa."


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def report(officer_a, commune_a):
    return services.create_report(
        user=officer_a,
        kind="interim",
        unit=commune_a,
        period=Period(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)),
        title="Sơ kết tuần tra Phi Nôm",
    )


def test_the_list_filters_by_kind_unit_year_and_issued(officer_a, commune_a, report):
    final = services.create_report(
        user=officer_a,
        kind="final",
        unit=commune_a,
        period=Period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
    )
    services.issue_version(version=ready_version(final, officer_a), user=officer_a)
    client = api(officer_a)

    def ids(**query):
        response = client.get(reverse("reviewreport-list"), query)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {report.pk, final.pk}
    assert ids(kind="final") == {final.pk}
    assert ids(year=2025) == {report.pk}
    assert ids(unit=commune_a.pk) == {report.pk, final.pk}
    assert ids(issued="true") == {final.pk}
    assert ids(issued="false") == {report.pk}
    rows = client.get(reverse("reviewreport-list")).json()["results"]
    assert {row["id"]: row["is_issued"] for row in rows} == {report.pk: False, final.pk: True}


def test_create_goes_through_the_pages_form_and_drafts_the_report(officer_a, commune_a):
    client = api(officer_a)
    response = client.post(
        reverse("reviewreport-list"),
        {"kind": "final", "unit": commune_a.pk, "preset": "police_year", "year": 2025},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    created = ReviewReport.objects.get(pk=body["id"])
    assert (created.period_start, created.period_end) == (
        datetime.date(2024, 12, 15),
        datetime.date(2025, 12, 14),
    )
    assert created.created_by == officer_a and created.issuing_body
    assert body["title"] == created.title and body["is_issued"] is False
    assert [part["key"] for part in body["results"]] == [
        "models",
        "patrols",
        "incidents",
        "cameras",
        "commendations",
    ]


def test_create_reports_every_problem_at_once(officer_a, commune_b, registry_b):
    response = api(officer_a).post(
        reverse("reviewreport-list"),
        {"kind": "annual", "unit": commune_b.pk, "preset": "custom", "start": "2025-06-01"},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"kind", "unit", "non_field_errors"}
    assert errors["non_field_errors"] == ["Nhập đủ ngày bắt đầu và ngày kết thúc của kỳ tùy chọn."]
    assert "hợp lệ" in errors["unit"][0]  # another commune is not among the choices
    assert (
        not ReviewReport.objects.filter(unit=commune_b)
        .exclude(created_by=None)
        .filter(created_by__username=officer_a.username)
    )


def test_editing_the_narrative_header_and_section_two(officer_a, report):
    client = api(officer_a)
    url = reverse("reviewreport-detail", args=[report.pk])
    response = client.patch(
        url,
        {
            "situation": "Tình hình ANTT ổn định.",
            "number": 7,
            "results_edits": {"patrols": "Các tổ tuần tra đều đặn mỗi tuần."},
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    report.refresh_from_db()
    assert report.situation == "Tình hình ANTT ổn định." and report.number == 7
    assert report.results_edits == {"patrols": "Các tổ tuần tra đều đặn mỗi tuần."}
    patrols = next(p for p in response.json()["results"] if p["key"] == "patrols")
    assert patrols["edited"] and patrols["text"] == "Các tổ tuần tra đều đặn mỗi tuần."
    # An empty text, or the generated text itself, follows the figures again.
    generated = next(p for p in response.json()["results"] if p["key"] == "models")["generated"]
    client.patch(url, {"results_edits": {"patrols": "", "models": generated}}, format="json")
    report.refresh_from_db()
    assert report.results_edits == {}


def test_editing_refuses_what_the_page_refuses(officer_a, report):
    client = api(officer_a)
    url = reverse("reviewreport-detail", args=[report.pk])
    response = client.patch(
        url,
        {
            "results_edits": {"weather": "Trời đẹp."},
            "issuing_body": "BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM, TỆ NẠN XÃ HỘI VÀ XÂY DỰNG "
            "PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC",
            "period_end": "2024-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["results_edits"] == [
        "Mục II không có phần weather; các phần của mục là models, patrols, incidents, "
        "cameras, commendations."
    ]
    assert "dòng" in errors["issuing_body"][0]
    before = ReviewReport.objects.get(pk=report.pk)
    assert before.results_edits == {} and before.period_end == datetime.date(2025, 6, 30)


def test_an_issued_report_cannot_be_edited(officer_a, report):
    services.issue_version(version=ready_version(report, officer_a), user=officer_a)
    client = api(officer_a)
    url = reverse("reviewreport-detail", args=[report.pk])
    for method in ("patch", "put"):
        response = getattr(client, method)(url, {"situation": "Sửa sau ban hành"}, format="json")
        assert response.status_code == 400
        assert response.json() == {"non_field_errors": [ISSUED]}
    assert ReviewReport.objects.get(pk=report.pk).situation == "Nội dung đã viết."
    render = client.post(reverse("reviewreport-render", args=[report.pk]))
    assert render.status_code == 400
    assert render.json() == {
        "non_field_errors": ["Báo cáo đã ban hành, không thể tạo phiên bản mới."]
    }


def test_render_answers_202_with_the_version_then_its_state(
    officer_a, report, django_capture_on_commit_callbacks
):
    complete(report)
    client = api(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviewreport-render", args=[report.pk]))
    assert response.status_code == 202, response.json()
    version = response.json()
    assert version["report"] == report.pk and version["number"] == 1
    assert version["status"] == "requested"  # answered before the job ran
    state = client.get(reverse("reportversion-detail", args=[version["id"]])).json()
    # Tasks run inline in the tests: the job has finished by now.
    assert (state["status"], state["progress"]) == ("ready", 100)
    assert state["pdf_url"] == reverse("reportversion-pdf", args=[version["id"]])
    assert state["issue_problems"] == []
    pdf = client.get(state["pdf_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    # The same document as Word, and its tables as a workbook, from the version's snapshot.
    docx = client.get(state["docx_url"])
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert docx["Content-Disposition"].endswith('.docx"')
    xlsx = client.get(state["xlsx_url"])
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.sp")
    # This report's figures are all zero: no table, and a workbook that says so.
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert sheet.title == "Bảng số liệu" and "không có bảng số liệu" in sheet["A1"].value


def test_issuing_lists_every_problem_in_vietnamese(officer_a, report):
    version = ready_version(report, officer_a, issuable=False)
    client = api(officer_a)
    response = client.post(reverse("reportversion-issue", args=[version.pk]))
    assert response.status_code == 400
    problems = response.json()["non_field_errors"]
    assert problems == services.issue_problems(version)
    assert any("số" in p for p in problems) and len(problems) >= 3
    assert not ReportVersion.objects.get(pk=version.pk).is_issued


def test_confirm_the_flagged_numbers_then_issue(officer_a, report):
    complete(report)
    ReviewReport.objects.filter(pk=report.pk).update(
        results_edits={"patrols": "Các tổ đã tuần tra 987 ca."}
    )
    report.refresh_from_db()
    version = ready_version(report, officer_a)
    client = api(officer_a)
    detail = client.get(reverse("reportversion-detail", args=[version.pk])).json()
    [flagged] = detail["unconfirmed_numbers"]
    assert flagged["number"] == "987"
    assert client.post(reverse("reportversion-issue", args=[version.pk])).status_code == 400
    unknown = client.post(
        reverse("reportversion-confirm-numbers", args=[version.pk]),
        {"numbers": ["patrols:123:1"]},
        format="json",
    )
    assert unknown.status_code == 400
    assert unknown.json()["numbers"] == [
        "Không phải số cần xác nhận của phiên bản này: patrols:123:1."
    ]
    confirmed = client.post(
        reverse("reportversion-confirm-numbers", args=[version.pk]),
        {"numbers": [flagged["key"]]},
        format="json",
    )
    assert confirmed.status_code == 200
    assert confirmed.json()["unconfirmed_numbers"] == []
    issued = client.post(reverse("reportversion-issue", args=[version.pk]))
    assert issued.status_code == 200, issued.json()
    assert issued.json()["is_issued"] and issued.json()["issued_by"] == str(officer_a)
    again = client.post(reverse("reportversion-issue", args=[version.pk]))
    assert again.status_code == 400


def test_retry_only_a_failed_version(officer_a, own_objects, django_capture_on_commit_callbacks):
    client = api(officer_a)
    ready = own_objects["reports.ReportVersion"]
    refused = client.post(reverse("reportversion-retry", args=[ready.pk]))
    assert refused.status_code == 400
    failed = own_objects["failed_version"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reportversion-retry", args=[failed.pk]))
    assert response.status_code == 202
    assert response.json()["status"] == "requested" and response.json()["error"] == ""
    assert ReportVersion.objects.get(pk=failed.pk).status == "ready"  # the job ran inline


def test_province_staff_read_but_do_not_write(province_staff, report):
    client = api(province_staff)
    assert client.get(reverse("reviewreport-detail", args=[report.pk])).status_code == 200
    url = reverse("reviewreport-detail", args=[report.pk])
    assert client.patch(url, {"situation": "x"}, format="json").status_code == 403
    assert client.post(reverse("reviewreport-render", args=[report.pk])).status_code == 403


def test_an_officer_of_another_commune_gets_404(officer_b, report, officer_a):
    version = ready_version(report, officer_a)
    client = api(officer_b)
    for url in (
        reverse("reviewreport-detail", args=[report.pk]),
        reverse("reportversion-detail", args=[version.pk]),
        reverse("reportversion-pdf", args=[version.pk]),
        reverse("reportversion-docx", args=[version.pk]),
        reverse("reportversion-xlsx", args=[version.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("reportversion-issue", args=[version.pk])).status_code == 404
    assert not ReportVersion.objects.get(pk=version.pk).is_issued


def test_a_pdf_gone_from_the_disk_is_a_404_not_a_server_error(officer_a, report):
    version = ready_version(report, officer_a)
    version.pdf.storage.delete(version.pdf.name)  # a database restored without its files
    client = api(officer_a)
    assert client.get(reverse("reportversion-pdf", args=[version.pk])).status_code == 404
    page = login(officer_a).get(reverse("reports:version_pdf", args=[version.pk]))
    assert page.status_code == 404
