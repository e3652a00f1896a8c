"""The province dashboard in a real browser: its charts are drawn from the engine's figures."""

from tests.reports.conftest import world  # noqa: F401  (the fixed province)

DRAWN = """(id) => {
  const canvas = document.getElementById(id);
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
  return painted;
}"""


def test_province_dashboard_draws_its_charts(world, province_staff, live_server, page, login_as):  # noqa: F811
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    login_as(province_staff)
    page.goto(f"{live_server.url}/?preset=year&year=2025")
    for chart in ("chart-trend", "chart-categories", "chart-ratings"):
        page.wait_for_function(f"() => document.getElementById('{chart}').chart !== undefined")
        assert page.evaluate(DRAWN, chart) > 500, f"{chart} is blank"
    trend = page.evaluate("document.getElementById('chart-trend').chart.data")
    assert trend["labels"][0] == "01/2025" and len(trend["labels"]) == 12
    # Shifts by month: 01/01 00:30, 05/03 and 31/12 (the one that ends in 2026).
    assert trend["datasets"][0]["data"] == [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    categories = page.evaluate("document.getElementById('chart-categories').chart.data")
    assert categories["datasets"][0]["data"] == [2, 1, 1]
    assert page.evaluate("Chart.defaults.locale") == "vi-VN"
    assert page.locator('[data-figure="shifts"]').inner_text() == "3"
    # Everything the page loaded came from the portal itself.
    assert requests and all(url.startswith(live_server.url) for url in requests)
    # The commune table leads to the commune page.
    page.get_by_role("link", name="Xã Hiệp Thạnh").first.click()
    page.wait_for_function("() => document.getElementById('chart-trend').chart !== undefined")
    assert page.locator('[data-figure="shifts"]').inner_text() == "2"
