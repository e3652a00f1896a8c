"""Real-browser tests: Debian's Chromium driven by pytest-playwright against live_server.

No browser is downloaded: Playwright launches /usr/bin/chromium (``make test`` installs it).
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM} (make test installs Debian's chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A 360 px phone.
    return {
        **browser_context_args,
        "viewport": {"width": 360, "height": 740},
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
        "is_mobile": True,
        "has_touch": True,
    }


@pytest.fixture
def login_as(live_server, page):
    from tests.conftest import PASSWORD

    def _login(user):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _login


def sign_out(page) -> None:
    """Sign out as a user does (the menu's form, a POST with its CSRF token), not by clearing
    the cookies: the offline worker may still have a request of the old session on its way,
    whose answer would put back the old CSRF cookie under the next login form."""
    page.locator("form[action$='/accounts/logout/']").evaluate("form => form.submit()")
    page.wait_for_url("**/accounts/login/**")


@pytest.fixture(autouse=True)
def csp_refusals(context):
    """The pages run under the production Content-Security-Policy: whatever it refuses (an
    inline script or handler, a style= attribute, a resource from elsewhere) Chromium reports
    on the console, and the test fails."""
    refused = []

    def seen(message):
        if "Content Security Policy" in message.text:
            refused.append(f"{message.location.get('url')}: {message.text}")

    context.on("console", seen)
    yield refused
    assert refused == []
