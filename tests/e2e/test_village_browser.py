"""A commune officer on a 360 px phone logs in and adds a village."""

import pytest
from playwright.sync_api import expect

from areas.base.history import history_of
from areas.models import Area

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_adds_a_village_on_a_phone(login_as, live_server, officer_a, commune_a, settings):
    page = login_as(officer_a)
    expect(page.get_by_text("Xã Hiệp Thạnh")).to_be_visible()

    page.get_by_role("link", name="Xã Hiệp Thạnh").click()
    expect(page.get_by_role("heading", name="Xã Hiệp Thạnh")).to_be_visible()
    # The commune page's own load event first (under load it can come after the heading).
    page.wait_for_load_state("load")
    loads = []
    page.on("load", lambda _page: loads.append(1))

    page.get_by_label("Tên").fill("Thôn Quảng Hiệp")
    page.get_by_role("button", name="Thêm").click()

    villages = page.locator("#village-list")
    expect(villages.get_by_role("link", name="Thôn Quảng Hiệp")).to_be_visible()
    expect(page.get_by_test_id("village-count")).to_have_text("1")
    assert loads == [], "htmx should add the village without a page load"
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    village = Area.objects.get(name="Thôn Quảng Hiệp")
    assert village.parent_id == commune_a.pk and history_of(village)[-1].user == officer_a
    page.screenshot(path=str(settings.VAR_DIR / "e2e-village.png"), full_page=True)


def test_bad_village_name_is_explained_in_vietnamese(
    login_as, live_server, officer_a, commune_a, village_a
):
    page = login_as(officer_a)
    page.goto(f"{live_server.url}/areas/{commune_a.pk}/")
    page.get_by_label("Tên").fill("thôn phi nôm")
    page.get_by_role("button", name="Thêm").click()
    message = "Xã, phường này đã có thôn, tổ dân phố trùng tên."
    expect(page.get_by_text(message, exact=True)).to_be_visible()  # at the field
    expect(page.locator("[data-error-summary]")).to_contain_text(f"Tên: {message}")
    assert Area.objects.villages().filter(parent=commune_a).count() == 1
