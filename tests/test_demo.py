"""`make demo` data: the real province, villages, a user per role and a registry; twice is safe."""

from django.core.management import call_command

from accounts.models import User
from accounts.roles import Role
from areas.models import Area
from models_registry.models import Camera, GrassrootsModel, Membership


def test_demo_data_loads_and_reloads_without_change(db):
    call_command("load_areas")
    call_command("load_demo")
    counts = (
        Area.objects.villages().count(),
        User.objects.count(),
        GrassrootsModel.objects.count(),
        Membership.objects.count(),
        Camera.objects.count(),
    )
    call_command("load_demo")
    assert counts == (
        Area.objects.villages().count(),
        User.objects.count(),
        GrassrootsModel.objects.count(),
        Membership.objects.count(),
        Camera.objects.count(),
    )
    assert {u.role for u in User.objects.all()} == {r.value for r in Role}
    assert GrassrootsModel.objects.values("model_type").distinct().count() >= 5
    assert GrassrootsModel.objects.count() >= 30 and Camera.objects.count() >= 18
    for model in GrassrootsModel.objects.all():
        assert model.memberships.filter(role="leader", left_on__isnull=True).count() == 1
    officer = User.objects.get(username="hiepthanh")
    seen = GrassrootsModel.objects.for_user(officer)
    assert seen.exists() and set(seen.values_list("commune__code", flat=True)) == {"24967"}
