"""The area loader: the real package data, idempotent, with the old → new mapping."""

import pytest
from django.apps import apps

from areas.base.sorting import refresh_sort_keys, vi_key
from areas.loader import load_areas
from areas.models import LEGACY_VALID_TO, Area, AreaLevel


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        first = load_areas()
        yield first
        # Module-scoped data outside the per-test transaction: leave the database as found.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE areas_area DISABLE TRIGGER USER")
            cursor.execute("TRUNCATE areas_area_successors, areas_areaevent")
            cursor.execute("DELETE FROM areas_area")
            cursor.execute("ALTER TABLE areas_area ENABLE TRIGGER USER")


@pytest.mark.django_db
def test_loads_34_provinces_and_3321_communes_in_force(loaded):
    current = Area.objects.current()
    assert current.filter(level=AreaLevel.PROVINCE).count() == 34
    assert current.filter(level=AreaLevel.COMMUNE).count() == 3321
    assert current.filter(level=AreaLevel.COMMUNE, kind="special_zone").exists()
    lam_dong = current.get(level=AreaLevel.PROVINCE, code="68")
    assert lam_dong.name == "Tỉnh Lâm Đồng"
    assert Area.objects.in_unit(lam_dong).filter(level=AreaLevel.COMMUNE).count() == 124


@pytest.mark.django_db
def test_loads_the_pre_2025_tree_with_its_successors(loaded):
    legacy = Area.objects.filter(valid_to=LEGACY_VALID_TO)
    assert legacy.filter(level=AreaLevel.PROVINCE).count() == 63
    assert legacy.filter(level=AreaLevel.DISTRICT).count() == 696
    dak_nong = legacy.get(level=AreaLevel.PROVINCE, name="Tỉnh Đắk Nông")
    assert [a.name for a in dak_nong.successors.all()] == ["Tỉnh Lâm Đồng"]
    duc_trong = legacy.get(level=AreaLevel.DISTRICT, name="Huyện Đức Trọng")
    assert "Xã Đức Trọng" in {a.name for a in duc_trong.successors.all()}
    hiep_an = legacy.get(level=AreaLevel.COMMUNE, name="Xã Hiệp An", parent=duc_trong)
    assert {a.name for a in hiep_an.successors.all()} == {"Xã Hiệp Thạnh"}
    assert not hiep_an.is_current


@pytest.mark.django_db
def test_running_twice_changes_nothing(loaded):
    assert loaded.created == 14150
    events_before = _area_events()
    second = load_areas()
    assert (second.created, second.updated, second.successor_links_added) == (0, 0, 0)
    assert second.unchanged == 14150
    assert _area_events() == events_before


@pytest.mark.django_db
def test_a_changed_or_deleted_official_unit_is_restored(loaded):
    commune = Area.objects.get(code="24967", level=AreaLevel.COMMUNE, valid_to=None)
    commune.name = "Sai tên"
    commune.save()
    commune.soft_delete()
    report = load_areas()
    assert report.updated == 1 and report.created == 0
    commune = Area.objects.get(pk=commune.pk)
    assert commune.name == "Xã Hiệp Thạnh" and not commune.is_deleted
    assert commune.sort_name == vi_key("Xã Hiệp Thạnh")  # renamed back, re-keyed


@pytest.mark.django_db
def test_loaded_units_carry_their_vietnamese_sort_key(loaded):
    assert refresh_sort_keys(Area.all_objects.all()) == 0  # every key as vi_key makes it
    lam_dong = Area.objects.get(level=AreaLevel.PROVINCE, code="68", valid_to=None)
    communes = list(lam_dong.children.order_by("sort_name").values_list("name", flat=True))
    assert communes == sorted(communes, key=vi_key)
    assert communes.index("Phường Bắc Gia Nghĩa") < communes.index("Phường Bình Thuận")
    assert communes.index("Xã D'Ran") < communes.index("Xã Đạ Huoai")


def _area_events() -> int:
    return apps.get_model("areas", "AreaEvent").objects.count()
