"""`make demo` data: the real province, villages, a user per role and a registry; twice is safe."""

from django.core.management import call_command

from accounts.models import User
from accounts.roles import Role
from areas.models import Area
from awards.models import Award, Proposal
from models_registry.models import Camera, GrassrootsModel, Membership
from tests.conftest import outside_any_scope


def test_demo_data_loads_and_reloads_without_change(db):
    # Run as from a shell: outside any scope, the commands open what they need.
    outside_any_scope(call_command, "load_areas")
    outside_any_scope(call_command, "load_demo")
    counts = (
        Area.objects.villages().count(),
        User.objects.count(),
        GrassrootsModel.objects.count(),
        Membership.objects.count(),
        Camera.objects.count(),
        Award.objects.count(),
        Proposal.objects.count(),
    )
    outside_any_scope(call_command, "load_demo")
    assert counts == (
        Area.objects.villages().count(),
        User.objects.count(),
        GrassrootsModel.objects.count(),
        Membership.objects.count(),
        Camera.objects.count(),
        Award.objects.count(),
        Proposal.objects.count(),
    )
    # Commendations of both kinds, and a proposal of each officer's commune to decide.
    assert Award.objects.filter(recipient_kind="model").exists()
    assert Award.objects.filter(recipient_kind="person").exists()
    assert Proposal.objects.filter(status="submitted").count() >= 2
    assert {u.role for u in User.objects.all()} == {r.value for r in Role}
    assert GrassrootsModel.objects.values("model_type").distinct().count() >= 5
    assert GrassrootsModel.objects.count() >= 30 and Camera.objects.count() >= 18
    for model in GrassrootsModel.objects.all():
        assert model.memberships.filter(role="leader", left_on__isnull=True).count() == 1
    officer = User.objects.get(username="hiepthanh")
    seen = GrassrootsModel.objects.for_user(officer)
    assert seen.exists() and set(seen.values_list("commune__code", flat=True)) == {"24967"}


def test_demo_patrol_log_keeps_the_rules(db):
    from django.db import connection

    from patrols.models import Incident, Shift, ShiftParticipant

    # Run as from a shell: outside any scope, the commands open what they need.
    outside_any_scope(call_command, "load_areas")
    outside_any_scope(call_command, "load_demo")
    assert Shift.objects.count() >= 1000 and ShiftParticipant.objects.count() >= 5000
    assert Incident.objects.filter(shift__isnull=False).exists()
    assert Incident.objects.filter(detected_by="camera", camera__isnull=False).exists()
    assert Incident.objects.filter(detected_by="mediation", outcome="mediated").exists()
    # Tip-offs that led to a case of their commune, cases with arrests.
    linked = Incident.objects.filter(solved_case__isnull=False).select_related("solved_case")
    assert linked.exists() and Incident.objects.filter(suspects_arrested__gt=0).exists()
    assert all(
        t.is_tip_off and not t.solved_case.is_tip_off and t.commune_id == t.solved_case.commune_id
        for t in linked
    )
    with connection.cursor() as cursor:
        # Every participant was a member of the team on the day of the shift …
        cursor.execute("""
            SELECT count(*) FROM patrols_shiftparticipant p
            JOIN patrols_shift s ON s.id = p.shift_id
            WHERE NOT EXISTS (
              SELECT 1 FROM models_registry_membership m
              WHERE m.person_id = p.person_id AND m.model_id = s.model_id
                AND m.joined_on <= (s.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                AND (m.left_on IS NULL OR m.left_on >= (s.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date))
        """)
        assert cursor.fetchone()[0] == 0
        # … and nobody was on two overlapping shifts.
        cursor.execute("""
            SELECT count(*) FROM patrols_shiftparticipant a
            JOIN patrols_shift sa ON sa.id = a.shift_id
            JOIN patrols_shiftparticipant b ON b.person_id = a.person_id AND b.shift_id > a.shift_id
            JOIN patrols_shift sb ON sb.id = b.shift_id
            WHERE sa.starts_at < sb.ends_at AND sb.starts_at < sa.ends_at
        """)
        assert cursor.fetchone()[0] == 0
