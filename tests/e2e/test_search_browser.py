"""A commune officer on a 360 px phone types in the top bar's search box and sees what was
found, grouped by kind; the same page at 1366 px has the box beside the menu."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from patrols.models import Shift
from tests.factories import CameraFactory, GrassrootsModelFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_searches_from_the_top_bar(
    login_as,
    live_server,
    officer_a,
    officer_b,
    commune_a,
    commune_b,
    model_a,
    camera_type,
    settings,
):
    network = GrassrootsModelFactory(
        name="Mắt camera Phi Nôm", commune=commune_a, model_type=camera_type
    )
    CameraFactory(model=network, code="CAM-PN-01", place="Chợ Phi Nôm")
    start = timezone.make_aware(datetime.datetime(2025, 3, 5, 20))
    Shift.objects.create(
        model=model_a,
        commune=commune_a,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    PersonFactory(full_name="Nguyễn Văn Phi Nôm", commune=commune_b)  # another commune's

    page = login_as(officer_a)
    box = page.get_by_role("search").get_by_label("Tìm kiếm")
    expect(box).to_be_hidden()  # in the folded menu on a phone
    page.get_by_role("button", name="Trình đơn").click()
    box.fill("phi nom")
    page.screenshot(path=str(settings.VAR_DIR / "e2e-search-360-menu.png"))
    box.press("Enter")

    page.wait_for_url("**/search/?q=phi+nom")
    groups = page.locator("section[data-kind]")
    expect(groups).to_have_count(3)
    expect(page.get_by_role("heading", name="Mô hình (2)")).to_be_visible()
    expect(page.get_by_role("heading", name="Camera (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Ca tuần tra (1)")).to_be_visible()
    expect(page.get_by_role("link", name="Tổ tuần tra Phi Nôm", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Mọi ca tuần tra của Tổ tuần tra Phi Nôm")).to_be_visible()
    expect(page.get_by_role("link", name="05/03/2025 20:00 – 22:00")).to_be_visible()
    expect(page.get_by_text("Nguyễn Văn Phi Nôm")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(settings.VAR_DIR / "e2e-search-360.png"), full_page=True)

    page.get_by_role("link", name="CAM-PN-01").click()
    page.wait_for_url("**/registry/cameras/*/")

    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{live_server.url}/search/?q=phi+nom")
    expect(page.locator("nav").get_by_label("Tìm kiếm")).to_be_visible()
    expect(page.locator("nav").get_by_label("Tìm kiếm")).to_have_value("phi nom")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(settings.VAR_DIR / "e2e-search-1366.png"), full_page=True)
    page.set_viewport_size({"width": 1200, "height": 800})  # the narrowest unfolded menu
    assert page.evaluate("document.documentElement.scrollWidth") <= 1200
    assert page.locator("#topbar-search").bounding_box()["width"] >= 64


def test_province_staff_top_bar_fits_a_laptop(login_as, province_staff, settings):
    """Province staff have the longest menu: at 1200 and 1366 px it fits the window (no
    sideways scroll, the user's menu not cut off) and the search box keeps its words."""
    page = login_as(province_staff)
    for width in (1200, 1366):
        page.set_viewport_size({"width": width, "height": 800})
        page.reload()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        menu = page.locator("nav [data-nav-group]").last.bounding_box()
        user = page.locator("nav .navbar-nav").last.bounding_box()
        assert user["x"] + user["width"] <= width and menu["x"] > 0
        assert page.locator("#topbar-search").bounding_box()["width"] >= 110
        page.screenshot(path=str(settings.VAR_DIR / f"e2e-topbar-{width}.png"))
