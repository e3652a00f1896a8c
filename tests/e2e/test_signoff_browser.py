"""The monthly sign-off in a real browser: the commune officer confirms last month on a
360 px phone, province staff approve it on a 1366 px screen, and the officer's later edit of a
shift of that month is refused with the lock's message at the shift's date."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from models_registry import signoff
from models_registry.models import CommuneMonth, MonthStatus
from tests.e2e.conftest import sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def last_months_shift(model_a, person_a, commune_a):
    from models_registry.models import Membership
    from patrols.models import Shift, ShiftParticipant

    Membership.objects.create(
        person=person_a, model=model_a, role="leader", joined_on=datetime.date(2024, 1, 1)
    )
    day = signoff.previous_month() + datetime.timedelta(days=9)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(20)))
    shift = Shift.objects.create(
        model=model_a,
        commune=commune_a,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        leader=person_a,
    )
    ShiftParticipant.objects.create(shift=shift, person=person_a)
    return shift


def test_officer_confirms_province_approves_and_the_edit_is_refused(
    login_as, live_server, officer_a, province_staff, commune_a, last_months_shift, settings
):
    month = signoff.previous_month()
    label = f"{month:%m/%Y}"
    page = login_as(officer_a)
    page.goto(f"{live_server.url}/registry/months/commune/{commune_a.pk}/")
    row = page.locator(f"tr[data-month='{label}']")
    expect(row).to_contain_text("Chưa xác nhận")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(settings.VAR_DIR / "e2e-signoff-commune.png"), full_page=True)
    row.get_by_role("button", name="Xác nhận số liệu tháng").click()
    expect(
        page.get_by_text(f"Đã xác nhận số liệu tháng {label} và gửi Công an tỉnh.")
    ).to_be_visible()
    expect(page.locator(f"tr[data-month='{label}']")).to_contain_text("Xã đã xác nhận")

    sign_out(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    page = login_as(province_staff)
    page.goto(f"{live_server.url}/registry/months/?month={label}")
    expect(page.locator("[data-approved-count]")).to_contain_text(
        f"0/1 xã đã được duyệt số liệu tháng {label}; 1 xã đang chờ duyệt."
    )
    page.screenshot(path=str(settings.VAR_DIR / "e2e-signoff-list.png"), full_page=True)
    page.locator("tr[data-commune='Xã Hiệp Thạnh']").get_by_role(
        "link", name="Duyệt hoặc trả lại"
    ).click()
    page.get_by_label("Nhận xét (không bắt buộc)").fill("Số liệu đầy đủ")
    page.get_by_role("button", name="Duyệt và khóa số liệu").click()
    expect(page.locator("[data-status]")).to_have_text("Đã duyệt, khóa số liệu")
    page.screenshot(path=str(settings.VAR_DIR / "e2e-signoff-approved.png"), full_page=True)
    assert CommuneMonth.objects.get(commune=commune_a, month=month).status == MonthStatus.APPROVED

    sign_out(page)
    page.set_viewport_size({"width": 360, "height": 740})
    page = login_as(officer_a)
    page.goto(f"{live_server.url}/patrols/shifts/{last_months_shift.pk}/edit/")
    page.get_by_role("button", name="Lưu ca tuần tra").click()
    message = (
        f"Số liệu tháng {label} của Xã Hiệp Thạnh đã được duyệt và khóa; "
        "đề nghị Công an tỉnh mở lại tháng nếu cần sửa."
    )
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(message)
    expect(page.locator("#div_id_day")).to_contain_text(message)
    page.screenshot(path=str(settings.VAR_DIR / "e2e-signoff-refused.png"), full_page=True)
