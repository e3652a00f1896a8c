"""The one scoping mechanism: each role sees its unit's subtree and nothing else."""

import pytest

from accounts.roles import Role
from areas.models import Area
from tests.factories import CommuneFactory, UserFactory


@pytest.fixture
def tree(province, other_province, commune_a, commune_b, village_a, village_b):
    far = CommuneFactory(parent=other_province, name="Xã Ia Grai")
    return {"far": far}


def visible(user):
    return set(Area.objects.for_user(user).values_list("name", flat=True))


def test_commune_officer_sees_own_commune_and_its_villages_only(tree, officer_a):
    assert visible(officer_a) == {"Xã Hiệp Thạnh", "Thôn Phi Nôm"}


def test_province_staff_sees_the_province_subtree(tree, province_staff):
    assert visible(province_staff) == {
        "Tỉnh Lâm Đồng",
        "Xã Hiệp Thạnh",
        "Xã Đức Trọng",
        "Thôn Phi Nôm",
        "Thôn Bắc Hội",
    }


def test_country_scope_sees_everything(tree, administrator):
    assert "Xã Ia Grai" in visible(administrator)
    assert Area.objects.for_user(administrator).count() == Area.objects.count()


@pytest.mark.parametrize("superuser", [False, True])
def test_user_without_scope_sees_nothing(tree, superuser):
    user = UserFactory(role="", scope_unit=None, is_superuser=superuser)
    assert visible(user) == set()


def test_inactive_and_anonymous_users_see_nothing(tree, officer_a):
    from django.contrib.auth.models import AnonymousUser

    assert Area.objects.for_user(AnonymousUser()).count() == 0
    officer_a.is_active = False
    assert visible(officer_a) == set()


def test_soft_deleted_rows_are_hidden_but_kept(village_a, officer_a):
    village_a.soft_delete()
    assert "Thôn Phi Nôm" not in visible(officer_a)
    assert Area.all_objects.filter(pk=village_a.pk).exists()


def test_role_scope_levels_are_validated(commune_a, province):
    from django.core.exceptions import ValidationError

    user = UserFactory.build(username="x", role=Role.COMMUNE_OFFICER, scope_unit=province)
    with pytest.raises(ValidationError) as err:
        user.full_clean()
    assert "scope_unit" in err.value.message_dict


def test_role_groups_follow_the_role(commune_a, province):
    user = UserFactory(role=Role.COMMUNE_OFFICER, scope_unit=commune_a)
    assert list(user.groups.values_list("name", flat=True)) == [Role.COMMUNE_OFFICER]
    assert user.has_perm("areas.add_area")
    user.role = Role.SECRETARY
    user.scope_unit = province
    user.save()
    user = type(user).objects.get(pk=user.pk)
    assert list(user.groups.values_list("name", flat=True)) == [Role.SECRETARY]
    assert not user.has_perm("areas.add_area")
