"""A unit's page: where it sits, what it came from and what it became."""

import datetime

from django.urls import reverse

from tests.factories import CommuneFactory, ProvinceFactory


def test_a_commune_officer_sees_the_units_their_commune_was_formed_from(
    client_a, country, commune_a
):
    """The old units sit outside the officer's scope (under a province that no longer exists),
    yet what the commune was formed from is public knowledge, shown as text, not as a link."""
    old_province = ProvinceFactory(
        parent=country, name="Tỉnh Đắk Nông", code="67", valid_to=datetime.date(2025, 6, 30)
    )
    old_commune = CommuneFactory(
        parent=old_province, name="Xã Nhân Cơ", code="24611", valid_to=datetime.date(2025, 6, 30)
    )
    old_commune.successors.add(commune_a)

    page = client_a.get(reverse("areas:detail", args=[commune_a.pk])).content.decode()
    assert "Xã Nhân Cơ" in page
    assert reverse("areas:detail", args=[old_commune.pk]) not in page
    # …and the old unit's own page stays out of reach.
    assert client_a.get(reverse("areas:detail", args=[old_commune.pk])).status_code == 404


def test_province_staff_follow_a_unit_to_its_successor(client, province_staff, commune_a, province):
    old = CommuneFactory(parent=province, name="Xã Liên Hiệp", valid_to=datetime.date(2025, 6, 30))
    old.successors.add(commune_a)
    client.force_login(province_staff)
    page = client.get(reverse("areas:detail", args=[old.pk])).content.decode()
    assert "Xã Hiệp Thạnh" in page
    assert reverse("areas:detail", args=[commune_a.pk]) in page
