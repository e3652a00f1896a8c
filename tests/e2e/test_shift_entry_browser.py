"""The shift entry page in a real browser on a 360 × 740 phone: the end on the next day is the
officer's word, every problem comes back at once with a summary, dates are typed day first
whatever the browser's language, and every tap target is at least 44 px."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from patrols.models import Shift
from tests.factories import MembershipFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DAY = datetime.date(2026, 3, 5)


@pytest.fixture
def crew(model_a, commune_a, village_a):
    people = []
    for i in range(3):
        person = PersonFactory(full_name=f"Tuần tra viên {i}", commune=commune_a, village=village_a)
        MembershipFactory(person=person, model=model_a, joined_on=datetime.date(2021, 3, 1))
        people.append(person)
    return people


def open_entry(page, live_server):
    page.goto(f"{live_server.url}/patrols/shifts/new/")
    expect(page.locator("#shift-form")).to_be_visible()


def type_into(page, selector, keys):
    """As on a phone's number pad: digits only, the page adds "/" and ":"."""
    page.locator(selector).fill("")
    page.locator(selector).press_sequentially(keys)


def test_an_end_before_the_start_needs_next_day(login_as, live_server, officer_a, crew):
    page = login_as(officer_a)
    open_entry(page, live_server)
    type_into(page, "#id_day", "05032026")
    expect(page.locator("#id_day")).to_have_value("05/03/2026")
    next_day = page.locator("#id_next_day")
    type_into(page, "#id_start", "2200")
    expect(page.locator("#id_start")).to_have_value("22:00")
    expect(next_day).to_be_checked()  # an evening start: ticked in advance
    type_into(page, "#id_end", "0200")
    expect(page.locator("#shift-span")).to_have_text("22:00 05/03 → 02:00 06/03, 4 giờ")
    # 22:00 → 21:00 is far more likely a slip than a 23-hour shift: not ticked for the officer.
    type_into(page, "#id_end", "2100")
    expect(next_day).not_to_be_checked()
    expect(page.locator("#shift-span")).to_have_text("Giờ kết thúc trước giờ bắt đầu.")
    for person in crew:
        page.get_by_label(person.full_name).check()
    page.get_by_role("button", name="Lưu ca tuần tra").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    message = "Giờ kết thúc (21:00) trước giờ bắt đầu (22:00)."
    expect(summary).to_contain_text(message)
    expect(page.locator("#div_id_end")).to_contain_text(message)
    assert not Shift.objects.exists()

    next_day.check()
    expect(page.locator("#shift-span")).to_contain_text("22:00 05/03 → 21:00 06/03, 23 giờ")
    page.get_by_role("button", name="Lưu ca tuần tra").click()
    expect(page.get_by_text("Đã lưu ca tuần tra.")).to_be_visible()
    shift = Shift.objects.get()
    start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
    assert (start.date(), start.hour) == (DAY, 22)
    assert (end.date(), end.hour) == (DAY + datetime.timedelta(days=1), 21)


def test_a_date_and_a_participant_in_one_answer(login_as, live_server, officer_a, crew):
    page = login_as(officer_a)
    open_entry(page, live_server)
    type_into(page, "#id_day", "31022026")  # no such day
    type_into(page, "#id_start", "0800")
    type_into(page, "#id_end", "1100")
    # nobody ticked: the recording service's rule, checked although the date was not read
    page.get_by_role("button", name="Lưu ca tuần tra").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.locator("li")).to_have_count(2)
    expect(summary.locator("li").nth(0)).to_have_text(
        "Ngày: Không có ngày 31/02/2026: tháng 02/2026 chỉ có 28 ngày."
    )
    expect(summary.locator("li").nth(1)).to_have_text(
        "Thành viên tham gia: Hãy đánh dấu ít nhất một thành viên tham gia."
    )
    box = summary.bounding_box()
    assert box["y"] >= 0 and box["y"] < 740, "the page is scrolled to the summary"
    summary.get_by_role("link").nth(1).click()
    expect(page.locator("#div_id_participants input").first).to_be_focused()
    summary.get_by_role("link").nth(0).click()
    expect(page.locator("#id_day")).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not Shift.objects.exists()


def test_a_day_typed_in_an_english_browser_is_day_first(
    browser, live_server, officer_a, crew, settings
):
    from tests.conftest import PASSWORD

    context = browser.new_context(
        locale="en-US",
        viewport={"width": 360, "height": 740},
        timezone_id="Asia/Ho_Chi_Minh",
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", officer_a.username)
        page.fill("#id_password", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")
        open_entry(page, live_server)
        day = page.locator("#id_day")
        assert day.get_attribute("type") == "text"
        assert day.get_attribute("placeholder") == "dd/mm/yyyy"
        day.fill("")
        day.press_sequentially("05/03/2026")
        expect(day).to_have_value("05/03/2026")
        type_into(page, "#id_start", "0730")
        type_into(page, "#id_end", "1015")
        expect(page.locator("#shift-span")).to_contain_text("07:30 05/03 → 10:15 05/03")
        for person in crew:
            page.get_by_label(person.full_name).check()
        page.locator("#shift-form button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/patrols/shifts/\d+/$"))
        start = timezone.localtime(Shift.objects.get().starts_at)
        assert (start.date(), start.time()) == (datetime.date(2026, 3, 5), datetime.time(7, 30))
    finally:
        context.close()


TOO_SMALL = """(root) => {
  const selector = "a, button, select, textarea, summary, input:not([type=checkbox]):not([type=radio]):not([type=hidden]), label:has(input[type=checkbox]), .form-check";
  return [...root.querySelectorAll(selector)]
    .filter((el) => el.offsetParent !== null)
    .map((el) => ({ el, box: el.getBoundingClientRect() }))
    .filter(({ box }) => box.height < 44 || box.width < 44)
    .map(({ el, box }) => `${el.tagName}#${el.id}.${el.className} ${Math.round(box.width)}×${Math.round(box.height)} ${el.textContent.trim().slice(0, 30)}`);
}"""


def test_every_tap_target_is_at_least_44_px(login_as, live_server, officer_a, model_a, crew):
    page = login_as(officer_a)
    open_entry(page, live_server)
    type_into(page, "#id_start", "2000")
    page.get_by_role("button", name="+ Thêm vụ việc").click()
    page.get_by_text("Địa bàn và tuyến tuần tra").click()
    page.locator("[data-row='0'] summary").click()
    page.get_by_role("button", name="Lưu ca tuần tra").click()  # with the error summary
    expect(page.locator("[data-error-summary]")).to_be_visible()
    page.get_by_text("Địa bàn và tuyến tuần tra").click()
    assert page.locator("#shift-form").evaluate(TOO_SMALL) == []

    page.goto(f"{live_server.url}{model_a.get_absolute_url()}")
    icons = page.locator("#member-list .tap-icon")
    expect(icons).to_have_count(2 * len(crew))
    for box in (icons.nth(i).bounding_box() for i in range(icons.count())):
        assert box["width"] >= 44 and box["height"] >= 44
