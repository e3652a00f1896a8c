"""Two-factor sign-in: an authenticator app (TOTP, codes computed here from the device's key
as the app would) and recovery codes; required for province staff, secretaries and
administrators when ``OTP_REQUIRED`` is on, off in the tests and the demo otherwise."""

import re
import time

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import TWO_FACTOR_RESET
from tests.conftest import PASSWORD, login


def app_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the app shows for ``device`` now (or ``steps_ahead`` 30-s steps later: a code
    is accepted once, and the next step's is accepted too)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def set_up(client) -> tuple[TOTPDevice, list[str]]:
    """Set up the app on ``client``'s signed-in session; the device and the recovery codes."""
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=page.wsgi_request.user, confirmed=False)
    response = client.post(reverse("accounts:otp_setup"), {"code": app_code(device)})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url.startswith(reverse("accounts:otp_recovery_codes"))
    codes_page = client.get(response.url).content.decode()
    codes = re.findall(r'<li><code class="fs-6">([a-z2-7]{8})</code></li>', codes_page)
    return device, codes


def sign_in(user, password: str = PASSWORD) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": password}
    )
    assert response.status_code == 302, "the password is accepted"
    return client


def test_setting_up_shows_a_qr_code_and_the_key_and_needs_a_right_code(officer_a):
    client = login(officer_a)
    page = client.get(reverse("accounts:otp_setup")).content.decode()
    assert "<svg" in page and "<path" in page  # drawn on the server, inline
    device = TOTPDevice.objects.get(user=officer_a)
    assert not device.confirmed
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    assert secret[:4] in page
    wrong = client.post(reverse("accounts:otp_setup"), {"code": "000000"})
    if app_code(device) == "000000":  # one chance in a million
        return
    assert wrong.status_code == 422
    assert "Mã không đúng" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_recovery_codes_are_shown_once(officer_a):
    client = login(officer_a)
    device, codes = set_up(client)
    device.refresh_from_db()
    assert device.confirmed
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=officer_a).count() == 10
    again = client.get(reverse("accounts:otp_recovery_codes")).content.decode()
    assert not any(code in again for code in codes)
    assert "Bạn còn 10 mã khôi phục" in again


def test_sign_in_asks_for_the_code_and_refuses_a_wrong_one(officer_a):
    device, _codes = set_up(login(officer_a))
    client = sign_in(officer_a)
    for url in ("/", reverse("patrols:shift_list"), "/admin/", reverse("accounts:profile")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:otp_verify")), url
    assert client.get("/api/shifts/").status_code == 403
    wrong = "999999" if app_code(device, 1) != "999999" else "888888"
    response = client.post(reverse("accounts:otp_verify"), {"code": wrong})
    assert response.status_code == 422
    assert "Mã không đúng" in response.content.decode()
    assert client.get("/").status_code == 302
    # The failure counts with axes, as a wrong password does.
    assert AccessAttempt.objects.get(username="officer_a").failures_since_start == 1
    device.refresh_from_db()
    device.throttling_failure_timestamp = None  # skip the wait django-otp imposes
    device.save()
    response = client.post(
        reverse("accounts:otp_verify"), {"code": app_code(device, 1), "next": "/patrols/"}
    )
    assert response.status_code == 302 and response.url == "/patrols/"
    assert client.get("/").status_code == 200


def test_a_recovery_code_works_once(officer_a):
    _device, codes = set_up(login(officer_a))
    code = codes[3]
    client = sign_in(officer_a)
    response = client.post(reverse("accounts:otp_verify"), {"code": code.upper()})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=officer_a).count() == 9
    other = sign_in(officer_a)
    assert other.post(reverse("accounts:otp_verify"), {"code": code}).status_code == 422
    assert other.get("/").status_code == 302


def test_five_wrong_codes_lock_the_account_out(officer_a):
    device, _codes = set_up(login(officer_a))
    client = sign_in(officer_a)
    for _ in range(5):
        device.refresh_from_db()
        device.throttling_failure_timestamp = None
        device.save()
        response = client.post(reverse("accounts:otp_verify"), {"code": "12345a"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session  # signed out
    again = Client().post(
        reverse("accounts:login"), {"username": "officer_a", "password": PASSWORD}
    )
    assert again.status_code == 429  # the right password is locked out too


def test_failed_codes_make_the_next_try_wait(officer_a):
    """django-otp's own throttle, kept on the device across sign-ins: a code typed too soon
    after a wrong one is refused even when right."""
    device, _codes = set_up(login(officer_a))
    client = sign_in(officer_a)
    client.post(reverse("accounts:otp_verify"), {"code": "000001"})
    client.post(reverse("accounts:otp_verify"), {"code": "000002"})
    response = client.post(reverse("accounts:otp_verify"), {"code": app_code(device, 1)})
    assert response.status_code == 422


@pytest.mark.parametrize("role_user", ["province_staff", "secretary", "administrator"])
def test_required_roles_set_it_up_before_anything_else(role_user, request, settings):
    settings.OTP_REQUIRED = True
    user = request.getfixturevalue(role_user)
    client = sign_in(user)
    for url in ("/", "/admin/", reverse("accounts:profile")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:otp_setup")), url
    set_up(client)
    assert client.get("/").status_code == 200
    # Required: it cannot be turned off.
    client.post(reverse("accounts:otp_disable"))
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_commune_officers_are_only_offered_it(officer_a, settings):
    settings.OTP_REQUIRED = True
    client = sign_in(officer_a)
    assert client.get("/").status_code == 200
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:otp_setup") in profile
    set_up(client)
    response = client.post(reverse("accounts:otp_disable"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer_a).exists()
    assert sign_in(officer_a).get("/").status_code == 200  # no code asked any more


def test_with_the_setting_off_staff_sign_in_with_the_password_alone(province_staff, settings):
    assert settings.OTP_REQUIRED is False
    client = sign_in(province_staff)
    assert client.get("/").status_code == 200
    assert client.get("/admin/").status_code in (200, 302)  # the admin's own rules


def test_the_setting_follows_debug_unless_set():
    from tests.production import production_settings

    assert production_settings("OTP_REQUIRED")["OTP_REQUIRED"] is True
    assert production_settings("OTP_REQUIRED", OTP_REQUIRED="0")["OTP_REQUIRED"] is False
    assert production_settings("OTP_REQUIRED", DEBUG="1")["OTP_REQUIRED"] is False


def test_the_demo_turns_it_off():
    from django.conf import settings

    makefile = (settings.BASE_DIR / "Makefile").read_text()
    assert re.search(r"DEMO_ENV := .*OTP_REQUIRED=\$\(or \$\(OTP_REQUIRED\),0\)", makefile)


def test_an_administrator_resets_a_lost_phone(administrator, province_staff, officer_a):
    set_up(login(officer_a))
    url = reverse("users:reset_two_factor", args=[officer_a.pk])
    assert login(province_staff).post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=officer_a).exists()
    response = login(administrator).post(url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer_a).exists()
    assert not StaticToken.objects.filter(device__user=officer_a).exists()
    event = officer_a.events.get(pgh_label=TWO_FACTOR_RESET)
    assert event.pgh_context.metadata["user"] == administrator.pk
    # The user signs in with the password alone again (the setting is off).
    assert sign_in(officer_a).get("/").status_code == 200


def test_a_reset_during_the_code_step_lets_the_user_through(administrator, officer_a):
    set_up(login(officer_a))
    client = sign_in(officer_a)
    assert client.get("/").status_code == 302
    login(administrator).post(reverse("users:reset_two_factor", args=[officer_a.pk]))
    response = client.get(reverse("accounts:otp_verify"))
    assert response.status_code == 302
    assert client.get("/").status_code == 200
