"""Password reset without e-mail: province staff and administrators set a temporary password
for a user of their unit, who must change it at the next sign-in; with a mail server, the
usual reset link works too."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import TEMPORARY_PASSWORD_SET, User
from accounts.services import readable_password
from tests.conftest import PASSWORD, login
from tests.factories import UserFactory


def _set(client, user) -> str:
    """Set a temporary password for ``user`` as ``client``'s user; the password shown once."""
    response = client.post(reverse("users:set_temporary_password", args=[user.pk]))
    assert response.status_code == 302, response.status_code
    page = client.get(response.url)
    match = re.search(r'class="[^"]*temporary-password[^"]*">([^<]+)<', page.content.decode())
    assert match, "the temporary password is shown on the user's page"
    return match.group(1)


def test_readable_passwords_are_random_and_typeable():
    passwords = {readable_password() for _ in range(50)}
    assert len(passwords) == 50
    for password in passwords:
        assert re.fullmatch(r"[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}", password)


def test_province_staff_set_a_temporary_password_shown_once(province_staff, officer_a):
    client = login(province_staff)
    password = _set(client, officer_a)
    officer_a.refresh_from_db()
    assert officer_a.must_change_password
    assert officer_a.check_password(password)
    assert not officer_a.check_password(PASSWORD)
    # Shown once: the page again no longer has it.
    again = client.get(reverse("users:detail", args=[officer_a.pk])).content.decode()
    assert password not in again


def test_the_reset_is_recorded_without_the_password(province_staff, officer_a):
    client = login(province_staff)
    password = _set(client, officer_a)
    event = officer_a.events.filter(pgh_label=TEMPORARY_PASSWORD_SET).get()
    assert event.pgh_context.metadata["user"] == province_staff.pk
    assert password not in str(event.__dict__)
    assert not hasattr(event, "password")
    page = client.get(reverse("users:detail", args=[officer_a.pk])).content.decode()
    assert "đặt mật khẩu tạm" in page  # the history names the act
    assert 'phải đổi mật khẩu: <s class="text-muted">Không</s> → Có' in page


def test_outsiders_get_404_and_roles_without_the_permission_403(
    staff_elsewhere, officer_a, officer_b, secretary
):
    url = reverse("users:set_temporary_password", args=[officer_b.pk])
    assert login(staff_elsewhere).post(url).status_code == 404
    assert login(officer_a).post(url).status_code == 403
    assert login(secretary).post(url).status_code == 403
    officer_b.refresh_from_db()
    assert not officer_b.must_change_password


def test_province_staff_never_reach_an_administrator(province_staff, province, administrator):
    admin_in_province = UserFactory(
        username="quantri_tinh", role="administrator", scope_unit=province
    )
    superuser = UserFactory(username="sieu", role="", scope_unit=province, is_superuser=True)
    client = login(province_staff)
    for user in (administrator, admin_in_province, superuser):
        url = reverse("users:set_temporary_password", args=[user.pk])
        assert client.post(url).status_code == 404
        user.refresh_from_db()
        assert not user.must_change_password
    listing = client.get(reverse("users:list")).content.decode()
    assert "quantri_tinh" not in listing and "sieu" not in listing


def test_administrators_reach_anyone(administrator, province_staff):
    password = _set(login(administrator), province_staff)
    province_staff.refresh_from_db()
    assert province_staff.check_password(password)


def test_the_list_shows_the_users_of_the_unit_only(province_staff, officer_a, staff_elsewhere):
    page = login(province_staff).get(reverse("users:list")).content.decode()
    assert "officer_a" in page
    assert staff_elsewhere.username not in page
    assert province_staff.username not in page.split("<main", 1)[1].split("</table>")[0]


def test_next_sign_in_asks_for_a_new_password_first(province_staff, officer_a):
    password = _set(login(province_staff), officer_a)
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "officer_a", "password": password}
    )
    assert response.status_code == 302
    for url in ("/", reverse("patrols:shift_list"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:password_change")), url
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "mật khẩu tạm" in page
    # An API call of that session is refused in JSON; one with a token is not a session.
    api = client.get("/api/shifts/")
    assert api.status_code == 403 and "detail" in api.json()
    # Choosing a new password clears the flag: the portal opens.
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": "Tuan-tra-dem-2026",
            "new_password2": "Tuan-tra-dem-2026",
        },
    )
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert not officer_a.must_change_password
    assert officer_a.temporary_password_expires_at is None
    assert client.get("/").status_code == 200


def test_a_temporary_password_signs_in_for_its_hours_only(province_staff, officer_a, settings):
    before = timezone.now()
    password = _set(login(province_staff), officer_a)
    officer_a.refresh_from_db()
    expires = officer_a.temporary_password_expires_at
    hours = datetime.timedelta(hours=settings.TEMPORARY_PASSWORD_HOURS)
    assert before + hours <= expires <= timezone.now() + hours
    # Past its time, the right temporary password no longer signs in, and says why.
    User.objects.filter(pk=officer_a.pk).update(
        temporary_password_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client = Client()
    page = client.post(reverse("accounts:login"), {"username": "officer_a", "password": password})
    assert page.status_code == 200
    assert "Mật khẩu tạm thời này đã hết hạn" in page.content.decode()
    assert "_auth_user_id" not in client.session
    # A new one from the province signs in.
    password = _set(login(province_staff), officer_a)
    answer = Client().post(
        reverse("accounts:login"), {"username": "officer_a", "password": password}
    )
    assert answer.status_code == 302
    # A user's own password has no time limit: the field is only for temporary ones.
    officer_a.refresh_from_db()
    officer_a.must_change_password = False
    officer_a.temporary_password_expires_at = timezone.now() - datetime.timedelta(days=1)
    officer_a.set_password("Tuan-tra-dem-2026")
    officer_a.save()
    answer = Client().post(
        reverse("accounts:login"), {"username": "officer_a", "password": "Tuan-tra-dem-2026"}
    )
    assert answer.status_code == 302


def test_a_wrong_new_password_keeps_the_flag(officer_a):
    officer_a.must_change_password = True
    officer_a.save()
    client = login(officer_a)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "sai", "new_password1": "a", "new_password2": "b"},
    )
    assert response.status_code == 200
    assert User.objects.get(pk=officer_a.pk).must_change_password


def test_the_old_sessions_end(province_staff, officer_a):
    old = login(officer_a)
    assert old.get("/").status_code == 200
    _set(login(province_staff), officer_a)
    response = old.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_without_a_mail_server_there_is_no_reset_link(client, db, settings):
    settings.EMAIL_HOST = ""
    assert client.get(reverse("accounts:password_reset")).status_code == 404
    page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") not in page
    assert "mật khẩu tạm" in page


@pytest.mark.parametrize("flagged", [False, True])
def test_with_a_mail_server_the_reset_link_works(client, officer_a, settings, flagged):
    settings.EMAIL_HOST = "smtp.example.gov.vn"
    officer_a.email = "hiep@example.gov.vn"
    officer_a.must_change_password = flagged
    officer_a.save()
    page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") in page
    response = client.post(reverse("accounts:password_reset"), {"email": "hiep@example.gov.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "mật khẩu" in message.subject.lower()
    assert "officer_a" in message.body
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", message.body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session one
    response = client.post(
        form_url, {"new_password1": "Tuan-tra-dem-2026", "new_password2": "Tuan-tra-dem-2026"}
    )
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password("Tuan-tra-dem-2026")
    assert not officer_a.must_change_password


def test_a_password_an_administrator_sets_in_the_admin_site_is_temporary(administrator, officer_a):
    """A new password for someone else, or a new user's first one, set in the admin site,
    must be changed at the next sign-in and expires like a temporary one; an administrator's
    own new password is their own."""
    admin = login(administrator)
    url = reverse("admin:auth_user_password_change", args=[officer_a.pk])
    answer = admin.post(
        url,
        {
            "password1": "Mat-khau-moi-2026",
            "password2": "Mat-khau-moi-2026",
            "usable_password": "true",
        },
    )
    assert answer.status_code == 302 and answer.url != url
    officer_a.refresh_from_db()
    assert officer_a.check_password("Mat-khau-moi-2026")
    assert officer_a.must_change_password and officer_a.temporary_password_expires_at
    assert officer_a.events.filter(pgh_label=TEMPORARY_PASSWORD_SET).exists()

    answer = admin.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "moi",
            "password1": "Mat-khau-dau-2026",
            "password2": "Mat-khau-dau-2026",
            "usable_password": "true",
            "role": "",
            "phone": "",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    new = User.objects.get(username="moi")
    assert new.must_change_password and new.temporary_password_expires_at

    own = reverse("admin:auth_user_password_change", args=[administrator.pk])
    answer = admin.post(
        own,
        {
            "password1": "Quan-tri-2026-moi",
            "password2": "Quan-tri-2026-moi",
            "usable_password": "true",
        },
    )
    assert answer.status_code == 302
    administrator.refresh_from_db()
    assert not administrator.must_change_password
