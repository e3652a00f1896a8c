"""On a 360 px phone: the bell shows the unread count without opening the menu; the list
opens from it, a notification opens and is read, the rest are marked read at once; nothing
overflows the screen. On a 1200 px laptop the bell fits the top bar."""

import pytest
from playwright.sync_api import expect

from accounts.notifications import notify

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_bell_and_the_notifications_on_a_phone(login_as, live_server, officer_a):
    for day in ("01/11/2026", "02/11/2026", "03/11/2026"):
        notify(
            kind="proposal_decided",
            variant="returned",
            recipients=[officer_a],
            link="/awards/proposals/",
            params={"date": day, "commune": "Xã Hiệp Thạnh"},
            body=f"Thiếu hồ sơ ngày {day}.",
        )
    page = login_as(officer_a)
    bell = page.get_by_test_id("bell")
    expect(bell).to_be_visible()  # beside the menu button, the menu closed
    expect(page.get_by_test_id("bell-count")).to_have_text("chưa đọc: 3")
    # On a laptop the bell, its count on its corner, fits beside the user's menu and leaves
    # the search box its words.
    page.set_viewport_size({"width": 1200, "height": 800})
    box = bell.bounding_box()
    assert box["x"] + box["width"] <= 1200 and box["width"] <= 44
    assert page.locator("#topbar-search").bounding_box()["width"] >= 110
    page.set_viewport_size({"width": 360, "height": 740})
    bell.click()
    page.wait_for_url("**/notifications/")
    newest = page.get_by_role("link", name="Đề nghị khen thưởng ngày 03/11/2026")
    expect(newest).to_be_visible()
    newest.click()
    expect(page.get_by_test_id("notification-body")).to_have_text("Thiếu hồ sơ ngày 03/11/2026.")
    expect(page.get_by_test_id("bell-count")).to_have_text("chưa đọc: 2")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    page.get_by_role("link", name="‹ Thông báo").click()
    page.get_by_test_id("mark-all-read").click()
    expect(page.get_by_text("Đã đánh dấu tất cả thông báo là đã đọc.")).to_be_visible()
    expect(page.get_by_test_id("bell-count")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
