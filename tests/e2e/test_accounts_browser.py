"""On a 360 px phone: province staff, required to use two-factor sign-in, set it up at their
first sign-in and sign in with a code; a commune officer signs in with a temporary password
and must choose a new one."""

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def app_code(user, steps_ahead: int = 0) -> str:
    device = TOTPDevice.objects.filter(user=user).order_by("-pk").first()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def password_step(page, live_server, user, password=PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_staff_set_up_two_factor_and_sign_in_with_a_code(
    page, live_server, province_staff, settings
):
    settings.OTP_REQUIRED = True
    password_step(page, live_server, province_staff)
    page.wait_for_url("**/accounts/two-factor/setup/**")
    expect(page.locator("svg.otp-qr")).to_be_visible()  # the QR code, drawn inline
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Mã xác thực").fill(app_code(province_staff))
    page.get_by_role("button", name="Bật xác thực hai lớp").click()
    page.wait_for_url("**/accounts/two-factor/recovery-codes/**")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Tiếp tục").click()
    page.wait_for_url(f"{live_server.url}/")

    sign_out(page)
    password_step(page, live_server, province_staff)
    page.wait_for_url("**/accounts/two-factor/**")
    page.get_by_label("Mã xác thực").fill("000000" if app_code(province_staff) != "000000" else "1")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Mã không đúng hoặc đã hết hạn.")
    time.sleep(1.1)  # django-otp makes the next try wait a second after a wrong code
    page.get_by_label("Mã xác thực").fill(app_code(province_staff, 1))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_temporary_password_must_be_replaced(
    page, live_server, province_staff, officer_a, browser
):
    password_step(page, live_server, province_staff)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/users/")
    page.get_by_role("link", name="officer_a").click()
    page.get_by_role("link", name="Đặt mật khẩu tạm").click()
    page.get_by_role("button", name="Đặt mật khẩu tạm").click()
    temporary = page.locator(".temporary-password").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    officer = phone.new_page()
    password_step(officer, live_server, officer_a, temporary)
    officer.wait_for_url("**/accounts/password/**")
    expect(officer.get_by_text("Bạn đã đăng nhập bằng mật khẩu tạm.")).to_be_visible()
    officer.locator("#id_old_password").fill(temporary)
    officer.locator("#id_new_password1").fill("Tuan-tra-dem-2026")
    officer.locator("#id_new_password2").fill("Tuan-tra-dem-2026")
    officer.get_by_role("button", name="Đổi mật khẩu").click()
    officer.wait_for_url("**/accounts/password/done/")
    officer.goto(f"{live_server.url}/")
    expect(officer.get_by_role("heading", level=1)).to_be_visible()
    assert officer.url == f"{live_server.url}/"
    phone.close()
