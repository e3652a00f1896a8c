"""Members serving, added up by unit (``UnitMemberChange``): for the country's dashboard, which
would otherwise read every membership of the country (~775,000) to count who serves on a day.

A member serves on a day when the membership does (joined on or before it, not left before it)
and the model is in service (established on or before it, not dissolved before it), both live.
So a membership adds one member from the later of its joining and its model's establishment,
and takes it away the day after the earlier of its leaving and its model's dissolution. The
table keeps those changes added up by the unit above the commune (its province since July
2025), the model's type, the role and the day; the members serving on a day are the sum of
the changes up to that day.

Kept exact in the same statement as the write that changes it: a membership written (triggers
on memberships), a model whose liveness, type, commune or dates change (triggers on models),
a commune put under another unit (a trigger on the areas' table, installed by this app's
migration with ``MOVE_COMMUNES_SQL``).
"""

from __future__ import annotations

import pgtrigger
from django.db import models

from areas.base.triggers import transition_triggers
from areas.models import Area
from areas.scoping import ScopedManager
from models_registry.models.teams import GrassrootsModel, MemberRole, Membership, ModelType


class UnitMemberChange(models.Model):
    """How many members of the live models of one type, in one role, in the communes of one
    unit, start (positive) or stop (negative) serving on a day."""

    unit = models.ForeignKey(Area, on_delete=models.DO_NOTHING, related_name="+")
    model_type = models.ForeignKey(
        ModelType, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    role = models.CharField(max_length=8, choices=MemberRole.choices)
    day = models.DateField()
    change = models.IntegerField(default=0)

    objects = ScopedManager()
    scope_lookup = "unit"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "model_type", "role", "day"], name="unitmemberchange_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.model_type_id} {self.role} {self.day}: {self.change:+d}"


def _changes(rows: str) -> str:
    """The changes of ``rows`` (SQL giving ``unit``, ``type``, ``role``, ``start``, ``stop``
    — the last day served, NULL for none yet — and ``sign``) added to the table."""
    return (
        f"WITH x AS ({rows}) "
        "INSERT INTO models_registry_unitmemberchange (unit_id, model_type_id, role, day, change) "
        "SELECT unit, type, role, day, sum(change) FROM ("
        "SELECT unit, type, role, start AS day, sign AS change FROM x "
        "WHERE stop IS NULL OR start <= stop "
        "UNION ALL SELECT unit, type, role, stop + 1, -sign FROM x "
        "WHERE stop IS NOT NULL AND start <= stop) c "
        "GROUP BY 1, 2, 3, 4 "
        "ON CONFLICT (unit_id, model_type_id, role, day) DO UPDATE SET "
        "change = models_registry_unitmemberchange.change + EXCLUDED.change;"
    )


def _serving(memberships: str, models_: str, sign: int, where: str = "", unit: str = "") -> str:
    """The live memberships of ``memberships`` in the live models of ``models_`` (tables or
    transition tables), each with its unit (``unit``: an expression, by default the parent of
    the model's commune), under an extra condition ``where``."""
    return (
        f"SELECT {unit or 'a.parent_id'} AS unit, g.model_type_id AS type, m.role, "
        "greatest(m.joined_on, g.established_on) AS start, "
        f"least(m.left_on, g.dissolved_on) AS stop, {sign} AS sign "
        f"FROM {memberships} m JOIN {models_} g ON g.id = m.model_id "
        "JOIN areas_area a ON a.id = g.commune_id "
        f"WHERE m.deleted_at IS NULL AND g.deleted_at IS NULL {where}"
    )


_MODELS = "models_registry_grassrootsmodel"
_MEMBERSHIPS = "models_registry_membership"

for _trigger in transition_triggers(
    "unit_members",
    lambda rows, add: _changes(_serving(rows, _MODELS, 1 if add else -1)),
):
    pgtrigger.register(_trigger)(Membership)

# A model whose liveness, type, commune or dates change: its members' changes taken away as they
# were and added as they are.
_MODEL_CHANGED = (
    "AND g.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE "
    "(o.deleted_at IS NULL) IS DISTINCT FROM (n.deleted_at IS NULL) "
    "OR o.model_type_id <> n.model_type_id OR o.commune_id <> n.commune_id "
    "OR o.established_on <> n.established_on "
    "OR o.dissolved_on IS DISTINCT FROM n.dissolved_on)"
)
pgtrigger.register(
    pgtrigger.Trigger(
        name="unit_members_update",
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=pgtrigger.Update,
        referencing=pgtrigger.Referencing(old="old_rows", new="new_rows"),
        func=_changes(_serving(_MEMBERSHIPS, "old_rows", -1, _MODEL_CHANGED))
        + " "
        + _changes(_serving(_MEMBERSHIPS, "new_rows", 1, _MODEL_CHANGED))
        + " RETURN NULL;",
    )
)(GrassrootsModel)

# A commune put under another unit (a statement-level trigger on areas_area): its models'
# members move with it.
_COMMUNE_MOVED = (
    "AND g.commune_id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id "
    "WHERE o.parent_id IS DISTINCT FROM n.parent_id)"
)
MOVE_COMMUNES_SQL = _changes(
    _serving(
        _MEMBERSHIPS,
        _MODELS,
        -1,
        _COMMUNE_MOVED,
        unit="(SELECT o.parent_id FROM old_rows o WHERE o.id = g.commune_id)",
    )
) + _changes(
    _serving(
        _MEMBERSHIPS,
        _MODELS,
        1,
        _COMMUNE_MOVED,
        unit="(SELECT n.parent_id FROM new_rows n WHERE n.id = g.commune_id)",
    )
)

# Rebuilt from the memberships: after a bulk load with triggers off (demo, bench).
REBUILD_UNIT_MEMBERS_SQL = "DELETE FROM models_registry_unitmemberchange; " + _changes(
    _serving(_MEMBERSHIPS, _MODELS, 1)
)
