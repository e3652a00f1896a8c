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
