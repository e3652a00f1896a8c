"""The light pages in a browser: the menu and "Cancel" without Bootstrap's JavaScript."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_menu_opens_and_closes_on_a_phone(login_as, officer_a):
    page = login_as(officer_a)
    toggle = page.get_by_role("button", name="Trình đơn")
    shifts = page.locator("#mainnav").get_by_role("link", name="Ca tuần tra")
    expect(shifts).to_be_hidden()
    toggle.click()
    expect(shifts).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.click()
    expect(shifts).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")


def test_cancel_on_a_new_record_goes_back(login_as, live_server, officer_a, model_a):
    page = login_as(officer_a)
    page.goto(f"{live_server.url}/patrols/incidents/")
    page.goto(f"{live_server.url}/patrols/incidents/new/")
    page.get_by_role("link", name="Hủy").click()
    page.wait_for_url(f"{live_server.url}/patrols/incidents/")


def test_the_menus_groups_open_one_at_a_time_on_a_desk(login_as, live_server, province_staff):
    failed = []
    page = login_as(province_staff)
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.reload()  # every request of the page answered
    page.wait_for_load_state("networkidle")
    assert failed == []
    # The page names its icon (else browsers ask for /favicon.ico, a 404) and it is served.
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(f"{live_server.url}{icon}").ok
    page.set_viewport_size({"width": 1366, "height": 900})
    nav = page.locator("#mainnav")
    members = nav.get_by_role("link", name="Thành viên")
    proposals = nav.get_by_role("link", name="Đề nghị khen thưởng")
    expect(members).to_be_hidden()
    # Every entry fits on one line at 1366 px: the bar is one row high.
    assert page.locator("nav.navbar").bounding_box()["height"] < 70

    nav.locator("summary", has_text="Mô hình").click()
    expect(members).to_be_visible()
    nav.locator("summary", has_text="Khen thưởng").click()
    expect(proposals).to_be_visible()
    expect(members).to_be_hidden()  # the other group closed
    page.keyboard.press("Escape")
    expect(proposals).to_be_hidden()

    nav.locator("summary", has_text="Mô hình").click()
    page.locator("main").click(position={"x": 5, "y": 5})  # a tap elsewhere
    expect(members).to_be_hidden()
    nav.locator("summary", has_text="Mô hình").click()
    members.click()
    page.wait_for_url(f"{live_server.url}/registry/persons/")
