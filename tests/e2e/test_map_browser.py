"""The map in a real browser, on a phone and on an office PC: drawn without tiles, within
the page's width, and a circle opens its commune's dashboard for the same period."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.reports.conftest import placed, world  # noqa: F401  (the fixed province, placed)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width,height", [(360, 740), (1366, 900)])
def test_a_circle_opens_its_communes_dashboard(
    placed,  # noqa: F811
    province_staff,
    province,
    commune_a,
    live_server,
    login_as,
    width,
    height,
):
    requests = []
    page = login_as(province_staff)
    page.on("request", lambda request: requests.append(request.url))
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/?preset=year&year=2025")
    page.locator('[data-link="map"]').click()
    page.wait_for_url(f"{live_server.url}/dashboard/units/{province.pk}/map/?preset=year&year=2025")
    svg = page.locator(".unit-map svg")
    expect(svg).to_be_visible()
    circles = svg.locator(".map-units circle")
    expect(circles).to_have_count(2)  # A and B; C has no coordinates
    expect(svg.locator(".map-cameras circle")).to_have_count(1)
    box = svg.bounding_box()
    assert box["width"] > 0.8 * min(width, 900) and box["height"] > 200
    for index in range(2):  # every circle within the drawing
        circle = circles.nth(index).bounding_box()
        assert box["x"] <= circle["x"] and circle["x"] + circle["width"] <= box["x"] + box["width"]
        assert (
            box["y"] <= circle["y"] and circle["y"] + circle["height"] <= box["y"] + box["height"]
        )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(settings.VAR_DIR / f"e2e-map-{width}.png"), full_page=True)
    # Nothing came from outside the portal (no tile server).
    assert requests and all(url.startswith(live_server.url) for url in requests)

    svg.locator(f'a[data-unit="{commune_a.pk}"] circle').click()
    page.wait_for_url(f"{live_server.url}/dashboard/units/{commune_a.pk}/?preset=year&year=2025")
    expect(page.locator('[data-figure="shifts"]')).to_have_text("2")
