"""The sign-off through the pages and the API: the officer confirms, province staff approve,
return or reopen (the officer cannot), the refusals in Vietnamese, the lock's message at the
field of a refused edit, and the approval count on the dashboard and the review page."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from models_registry import signoff
from models_registry.models import CommuneMonth, MonthStatus
from tests.conftest import login

MARCH = datetime.date(2025, 3, 1)
LOCKED = "Số liệu tháng 03/2025 của Xã Hiệp Thạnh đã được duyệt và khóa"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_officer_confirms_on_the_commune_page(commune_a, officer_a):
    client = login(officer_a)
    url = reverse("registry:commune_months", args=[commune_a.pk])
    page = client.get(url).content.decode()
    assert "Xác nhận số liệu tháng" in page and "Hạn xác nhận" in page
    response = client.post(url, {"month": "03/2025"}, follow=True)
    assert "Đã xác nhận số liệu tháng 03/2025 và gửi Công an tỉnh." in response.content.decode()
    row = CommuneMonth.objects.get(commune=commune_a, month=MARCH)
    assert row.status == MonthStatus.CONFIRMED and row.confirmed_by == officer_a
    # confirmed long after the 5th: shown as late
    assert "muộn" in client.get(url).content.decode() or row.confirmed_late


def test_province_staff_approve_return_and_reopen_on_the_month_page(
    commune_a, commune_b, officer_a, province_staff
):
    row = signoff.confirm_month(user=officer_a, commune=commune_a, month=MARCH)
    url = reverse("registry:month_detail", args=[row.pk])
    # an officer may not decide
    assert login(officer_a).post(url, {"action": "approve"}).status_code == 403
    staff = login(province_staff)
    listing = staff.get(reverse("registry:month_list") + "?month=03/2025").content.decode()
    assert "0/2 xã đã được duyệt số liệu tháng 03/2025; 1 xã đang chờ duyệt." in listing
    refused = staff.post(url, {"action": "return", "comment": ""})
    assert refused.status_code == 422
    assert "Hãy ghi rõ nội dung xã cần sửa." in refused.content.decode()
    staff.post(url, {"action": "approve", "comment": "Đạt"})
    assert CommuneMonth.objects.get(pk=row.pk).status == MonthStatus.APPROVED
    listing = staff.get(reverse("registry:month_list") + "?month=03/2025").content.decode()
    assert "1/2 xã đã được duyệt số liệu tháng 03/2025" in listing
    staff.post(url, {"action": "reopen", "reason": "Bổ sung ca"})
    row.refresh_from_db()
    assert row.status == MonthStatus.OPEN and row.reopened_by == province_staff
    page = staff.get(url).content.decode()
    assert "Bổ sung ca" in page and "Lịch sử thay đổi" in page or "Bổ sung ca" in page


def test_the_api_confirms_decides_and_refuses_in_the_projects_format(
    commune_a, commune_b, officer_a, officer_b, province_staff
):
    created = api(officer_a).post(
        "/api/commune-months/", {"commune": commune_a.pk, "month": "2025-03-20"}, format="json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["month"] == "2025-03-01" and created.json()["status"] == "confirmed"
    # another commune's officer cannot name commune A; nor see its month
    other = api(officer_b).post(
        "/api/commune-months/", {"commune": commune_a.pk, "month": "2025-03-01"}, format="json"
    )
    assert other.status_code == 400 and "commune" in other.json()
    assert api(officer_b).get("/api/commune-months/").json()["count"] == 0
    assert api(officer_a).post(f"/api/commune-months/{pk}/approve/", {}).status_code == 403
    again = api(officer_a).post(
        "/api/commune-months/", {"commune": commune_a.pk, "month": "2025-03-01"}, format="json"
    )
    assert again.status_code == 400
    assert again.json()["month"] == ["Tháng này đã được xác nhận và đang chờ Công an tỉnh duyệt."]
    staff = api(province_staff)
    assert staff.post(f"/api/commune-months/{pk}/approve/", {}).json()["is_locked"] is True
    refused = staff.post(f"/api/commune-months/{pk}/reopen/", {"reason": ""}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"reason": ["Hãy ghi lý do mở lại tháng."]}
    reopened = staff.post(f"/api/commune-months/{pk}/reopen/", {"reason": "Sửa"}, format="json")
    assert reopened.json()["status"] == "open"


@pytest.fixture
def march_locked(commune_a, officer_a, province_staff, own_objects):
    """Commune A's own records (its shift and incident are of 01/03/2025), March approved."""
    row = signoff.confirm_month(user=officer_a, commune=commune_a, month=MARCH)
    signoff.approve_month(user=province_staff, month=row)
    return own_objects


def test_a_locked_months_records_are_refused_everywhere_with_the_message(
    march_locked, officer_a, province_staff
):
    shift, incident = march_locked["patrols.Shift"], march_locked["patrols.Incident"]
    for user in (officer_a, province_staff):  # locked for everyone until reopened
        answer = api(user).patch(f"/api/shifts/{shift.pk}/", {"notes": "Sửa"}, format="json")
        assert answer.status_code == 400
        assert LOCKED in " ".join(answer.json()["starts_at"])
    answer = api(officer_a).delete(f"/api/incidents/{incident.pk}/")
    assert answer.status_code == 400 and LOCKED in str(answer.json())
    page = login(officer_a).post(reverse("patrols:shift_delete", args=[shift.pk]))
    assert page.status_code == 422 and LOCKED in page.content.decode()
    shift.refresh_from_db()
    incident.refresh_from_db()
    assert shift.deleted_at is None and incident.deleted_at is None


def test_the_dashboard_and_the_review_page_say_how_much_is_approved(
    march_locked, province, province_staff, officer_a, commune_a
):
    url = reverse("reports:unit_dashboard", args=[province.pk])
    page = login(province_staff).get(url + "?preset=custom&start=01/03/2025&end=31/03/2025")
    body = page.content.decode()
    assert 'data-figure="approvals"' in body
    assert "1/1 xã đã được duyệt số liệu tháng 03/2025." in body
    page = login(province_staff).get(url + "?preset=custom&start=01/03/2025&end=30/04/2025")
    assert "0/1 xã đã được duyệt số liệu tháng 03/2025–04/2025." in page.content.decode()
    # A commune's own dashboard says it of the commune, and links to its months.
    commune_url = reverse("reports:unit_dashboard", args=[commune_a.pk])
    page = login(officer_a).get(commune_url + "?preset=custom&start=01/03/2025&end=31/03/2025")
    assert "Số liệu tháng 03/2025 của xã đã được duyệt." in page.content.decode()
    page = login(officer_a).get(commune_url + "?preset=custom&start=01/03/2025&end=30/04/2025")
    body = page.content.decode()
    assert "Số liệu tháng 03/2025–04/2025 của xã chưa được duyệt hết." in body
    assert reverse("registry:commune_months", args=[commune_a.pk]) in body
    assert "0/1 xã" not in body
    report = march_locked["reports.ReviewReport"]  # 2025, not approved
    body = login(officer_a).get(report.get_absolute_url()).content.decode()
    assert "Số liệu của kỳ báo cáo chưa được duyệt đủ: 0/1 xã" in body


def test_the_membership_page_shows_the_lock_at_its_date(march_locked, officer_a):
    membership = march_locked["models_registry.Membership"]  # serving since 2021
    url = reverse("registry:membership_edit", args=[membership.pk])
    response = login(officer_a).post(
        url, {"role": "leader", "joined_on": "01/03/2021", "left_on": "20/03/2025"}
    )
    body = response.content.decode()
    assert response.status_code in (200, 422)
    assert LOCKED in body and 'id="div_id_left_on"' in body
    # the message under the leaving date, before the next field
    field = body[body.index('id="div_id_left_on"') :].split('id="div_id_', 2)[1]
    assert LOCKED in field
    membership.refresh_from_db()
    assert membership.left_on is None
