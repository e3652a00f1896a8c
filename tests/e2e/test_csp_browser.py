"""The Content-Security-Policy in a real browser: what it forbids does not run, and what the
portal serves — its pages (every browser test) and the API's docs — runs under it."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_an_injected_inline_script_does_not_run(login_as, officer_a, live_server, csp_refusals):
    page = login_as(officer_a)
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.injected = true';
                   document.body.appendChild(s);
                   const p = document.createElement('p');
                   p.setAttribute('style', 'color: red');
                   document.body.appendChild(p); }"""
    )
    assert page.evaluate("window.injected") is None
    page.wait_for_timeout(200)  # the console messages arrive after the refusals
    assert any("inline script" in text for text in csp_refusals), csp_refusals
    assert any("inline style" in text for text in csp_refusals), csp_refusals
    csp_refusals.clear()  # expected here; any other test fails on one


def test_the_api_docs_render_under_the_policy(login_as, officer_a, live_server):
    page = login_as(officer_a)
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .information-container")).to_contain_text("An ninh cơ sở API")
    expect(page.locator(".opblock").first).to_be_visible()
