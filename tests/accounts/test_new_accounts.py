"""Province staff add the accounts of their unit (tài khoản mới): a commune officer of one of
their communes, a secretary or province staff of the province — never an administrator, never
a unit outside theirs; the new user gets a temporary password shown once and chooses their own
at the first sign-in; every problem is named at its field in Vietnamese."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.roles import Role
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW = reverse("users:create")


def form(**changes) -> dict:
    return {
        "username": "ductrong2",
        "last_name": "Phạm Văn",
        "first_name": "Đức",
        "role": Role.COMMUNE_OFFICER,
        "scope_unit": "",
        "phone": "0912345678",
        "email": "",
    } | changes


def test_province_staff_add_a_commune_officer_who_signs_in_with_the_password_shown_once(
    province_staff, commune_b
):
    staff = login(province_staff)
    assert staff.get(NEW).status_code == 200
    answer = staff.post(NEW, form(scope_unit=commune_b.pk))
    assert answer.status_code == 302
    account = User.objects.get(username="ductrong2")
    assert (account.role, account.scope_unit, account.get_full_name()) == (
        Role.COMMUNE_OFFICER,
        commune_b,
        "Phạm Văn Đức",
    )
    assert account.groups.filter(name=Role.COMMUNE_OFFICER).exists()
    assert account.must_change_password and account.temporary_password_expires_at
    page = staff.get(answer.url).content.decode()
    password = re.search(r'class="[^"]*temporary-password[^"]*">([^<]+)<', page).group(1)
    assert password not in staff.get(answer.url).content.decode()  # shown once
    client = Client()
    signed_in = client.post(
        reverse("accounts:login"), {"username": "ductrong2", "password": password}
    )
    assert signed_in.status_code == 302
    assert client.get("/").url.startswith(reverse("accounts:password_change"))
    # The list offers the page.
    assert NEW in staff.get(reverse("users:list")).content.decode()


def test_every_problem_at_its_field(province_staff, officer_a, province, other_province):
    staff = login(province_staff)
    with translation.override("vi"):
        page = staff.post(
            NEW,
            form(
                username=officer_a.username,
                first_name="",
                role=Role.ADMINISTRATOR,
                scope_unit=other_province.pk,
            ),
        )
    assert page.status_code in (200, 422)
    errors = page.context["form"].errors
    assert set(errors) >= {"username", "first_name", "role", "scope_unit"}
    # A commune officer must work for a commune: named at the unit.
    page = staff.post(NEW, form(scope_unit=province.pk))
    assert "scope_unit" in page.context["form"].errors
    assert not User.objects.filter(username="ductrong2").exists()


def test_who_may_add_accounts(officer_a, secretary, staff_elsewhere, commune_a):
    assert login(officer_a).get(NEW).status_code == 403
    assert login(secretary).get(NEW).status_code == 403
    # Staff of another province are offered none of this province's communes.
    page = login(staff_elsewhere).post(NEW, form(scope_unit=commune_a.pk))
    assert "scope_unit" in page.context["form"].errors
    assert not User.objects.filter(username="ductrong2").exists()


def test_province_staff_lock_and_unlock_an_account(province_staff, officer_a, staff_elsewhere):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=officer_a)
    officer = login(officer_a)
    assert officer.get("/").status_code == 200
    staff = login(province_staff)
    lock = reverse("users:lock", args=[officer_a.pk])
    assert staff.get(lock).status_code == 200  # asks first
    assert staff.post(lock).status_code == 302
    officer_a.refresh_from_db()
    assert not officer_a.is_active
    # Its open session and its token stop at once; it cannot sign in.
    assert officer.get("/").status_code == 302
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/shifts/").status_code == 401
    answer = Client().post(
        reverse("accounts:login"), {"username": officer_a.username, "password": "Mat-khau-2026"}
    )
    assert answer.status_code == 200
    assert officer_a.events.filter(is_active=False).exists()  # in its history
    # Still on the unit's list, to be unlocked.
    page = staff.get(reverse("users:detail", args=[officer_a.pk])).content.decode()
    assert reverse("users:unlock", args=[officer_a.pk]) in page
    assert staff.post(reverse("users:unlock", args=[officer_a.pk])).status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.is_active
    # Outsiders: another province's staff get 404, an officer 403.
    assert login(staff_elsewhere).post(lock).status_code == 404
    other = UserFactory(username="khac", role=Role.COMMUNE_OFFICER, scope_unit=officer_a.scope_unit)
    assert login(other).post(lock).status_code == 403
    officer_a.refresh_from_db()
    assert officer_a.is_active
