"""Vietnamese login, logout and password change; django-axes locks out repeated failures."""

from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD


def test_login_page_is_vietnamese(db):
    html = Client().get(reverse("accounts:login")).content.decode()
    assert 'lang="vi"' in html
    assert "Đăng nhập" in html and "Mật khẩu" in html


def test_login_and_logout(officer_a):
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "officer_a", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "Xã Hiệp Thạnh" in client.get(reverse("home")).content.decode()
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_message_is_vietnamese(officer_a):
    response = Client().post(
        reverse("accounts:login"), {"username": "officer_a", "password": "sai"}
    )
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_lockout_after_repeated_failures(officer_a, settings):
    client = Client()
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"username": "officer_a", "password": "sai"}).status_code == 200
    locked = client.post(url, {"username": "officer_a", "password": "sai"})
    assert locked.status_code == 429
    assert "Tài khoản bị tạm khóa" in locked.content.decode()
    # Even the right password is refused while locked out …
    again = client.post(url, {"username": "officer_a", "password": PASSWORD})
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session
    # … but the lock is for this user on this client: another user still logs in.


def test_lockout_is_per_user(officer_a, officer_b, settings):
    client = Client()
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "officer_a", "password": "sai"})
    response = client.post(url, {"username": "officer_b", "password": PASSWORD})
    assert response.status_code == 302


def test_password_change(client_a, officer_a):
    url = reverse("accounts:password_change")
    assert "Đổi mật khẩu" in client_a.get(url).content.decode()
    bad = client_a.post(
        url, {"old_password": PASSWORD, "new_password1": "Moi-2026-abc", "new_password2": "khac"}
    )
    assert bad.status_code == 200 and "không giống nhau" in bad.content.decode()
    officer_a.refresh_from_db()
    assert officer_a.check_password(PASSWORD)
    ok = client_a.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Moi-2026-abc",
            "new_password2": "Moi-2026-abc",
        },
    )
    assert ok.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password("Moi-2026-abc")


def test_profile_issues_an_api_token(client_a, officer_a):
    from rest_framework.authtoken.models import Token

    response = client_a.post(reverse("accounts:profile"))
    assert response.status_code == 302
    token = Token.objects.get(user=officer_a)
    assert token.key in client_a.get(reverse("accounts:profile")).content.decode()
