"""A commune officer on a 360 px phone records a shift with participants and an incident."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from patrols.models import Incident, Shift
from tests.factories import MembershipFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_records_a_shift_on_a_phone(
    login_as, live_server, officer_a, model_a, commune_a, settings
):
    crew = []
    for i in range(6):
        person = PersonFactory(full_name=f"Tuần tra viên {i}", commune=commune_a)
        MembershipFactory(
            person=person,
            model=model_a,
            joined_on=datetime.date(2021, 3, 1),
            role="leader" if i == 0 else "member",
        )
        crew.append(person)
    page = login_as(officer_a)
    loads = []
    page.goto(f"{live_server.url}/patrols/shifts/new/")
    page.on("load", lambda _page: loads.append(1))
    # An overnight shift that has ended whatever the time of day: from two days ago (from
    # yesterday, its end at 01:30 today is still to come just after midnight).
    day = timezone.localdate() - datetime.timedelta(days=2)
    page.locator("#id_day").fill(day.strftime("%d/%m/%Y"))
    page.get_by_label("Từ").fill("20:00")
    page.get_by_label("Đến").fill("01:30")
    expect(page.get_by_label("Kết thúc ngày hôm sau")).to_be_checked()  # an evening start
    for person in crew:
        page.get_by_label(person.full_name).check()
    page.get_by_role("button", name="+ Thêm vụ việc").click()
    row = page.locator("[data-row='0']")
    row.get_by_label("Thời gian").fill("22:15")
    row.get_by_label("Loại vụ việc").select_option(label="Trộm cắp nông sản")
    row.get_by_label("Kết quả xử lý").select_option("handed_to_police")
    page.get_by_role("button", name="Lưu ca tuần tra").click()

    expect(page.get_by_text("Đã lưu ca tuần tra.")).to_be_visible()
    expect(page.get_by_test_id("turns")).to_have_text("6")
    assert len(loads) <= 1, "the entry page plus the saved shift: at most 2 page loads"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shift = Shift.objects.get()
    assert shift.participants.count() == 6
    assert Incident.objects.get().shift_id == shift.pk

    page.goto(f"{live_server.url}/patrols/shifts/")
    expect(page.get_by_role("link", name=day.strftime("%d/%m/%Y"), exact=False)).to_be_visible()
    page.screenshot(path=str(settings.VAR_DIR / "e2e-shift.png"), full_page=True)
