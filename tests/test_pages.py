"""Pages as a user meets them: the overview, Vietnamese by default, local assets only."""

import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.conftest import login


def test_overview_is_the_dashboard_of_the_users_unit(
    client_a, province_staff, commune_a, commune_b, model_a
):
    html = client_a.get(reverse("home")).content.decode()
    assert commune_a.name in html and model_a.name in html and commune_b.name not in html
    html = login(province_staff).get(reverse("home")).content.decode()
    assert 'data-figure="communes">2<' in html
    assert commune_a.name in html and commune_b.name in html


def test_user_without_scope_is_told_so(db):
    from tests.factories import UserFactory

    user = UserFactory(role="", scope_unit=None)
    html = login(user).get(reverse("home")).content.decode()
    assert "chưa được gắn địa bàn" in html


def test_vietnamese_default_and_english_available(client_a):
    assert settings.LANGUAGE_CODE == "vi" and settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    html = client_a.get(reverse("home")).content.decode()
    assert "Tổng quan" in html
    client_a.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Overview" in client_a.get(reverse("home")).content.decode()


def test_dates_are_dd_mm_yyyy(client_a, village_a):
    from django.utils import formats, translation

    with translation.override("vi"):
        import datetime

        assert formats.date_format(datetime.date(2026, 12, 5), "SHORT_DATE_FORMAT") == "05/12/2026"
        assert formats.number_format(1684, force_grouping=True) == "1.684"


def test_every_asset_is_local(client_a, commune_a):
    for url in [reverse("home"), reverse("areas:detail", args=[commune_a.pk])]:
        html = client_a.get(url).content.decode()
        external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
        assert external == [], external
        for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
            assert finders.find(asset), f"missing static file {asset}"


def test_admin_lists_only_the_admins_scope(db, province, commune_a, other_province):
    from accounts.roles import Role
    from tests.factories import CommuneFactory, UserFactory

    far = CommuneFactory(parent=other_province, name="Xã Xa Lắm")
    admin = UserFactory(
        role=Role.ADMINISTRATOR, scope_unit=province, is_staff=True, is_superuser=True
    )
    html = login(admin).get(reverse("admin:areas_area_changelist")).content.decode()
    assert commune_a.name in html and far.name not in html
