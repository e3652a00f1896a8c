"""What teams and members did over a period, for a commendation proposal, counted as the
dashboards count them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from models_registry.models import GrassrootsModel, Membership
from patrols.models import DetectedBy, Incident, Outcome, Shift
from reports.statistics.figures import Row
from reports.statistics.registry import serving
from reports.statistics.scope import as_user


@dataclass
class Achievements:
    """What teams and members did over a period, for a commendation proposal."""

    start: datetime.date
    end: datetime.date
    models: list[Row]
    persons: list[Row]


@as_user
def achievements(user, start, end, *, models=(), persons=()) -> Achievements:
    """Per team: shifts, participant turns, members at the end, incidents, tip-offs and
    mediations; per member: patrol turns, shifts led and incidents found on their shifts.
    Counted as the dashboards count them (a shift on the day it starts); six queries at most."""
    # Rows of a deactivated model are left out, as everywhere in the engine.
    days = Q(day__range=(start, end)) & ~Q(
        model__in=GrassrootsModel.all_objects.filter(deleted_at__isnull=False).values("pk")
    )
    model_rows = {m.pk: Row(m.pk, str(m)) for m in models}
    person_rows = {p.pk: Row(p.pk, str(p)) for p in persons}
    if model_rows:
        ids = list(model_rows)
        for row in (
            Shift.objects.for_user(user)
            .filter(days, model__in=ids)
            .values("model")
            .annotate(n=Count("pk"), turns=Sum("turns"))
            .order_by()
        ):
            figures = model_rows[row["model"]]
            figures.new("shifts", "shift", compare=False).add(row["n"], None)
            figures.new("turns", "turn", compare=False).add(row["turns"] or 0, None)
        for row in (
            Incident.objects.for_user(user)
            .filter(days, model__in=ids)
            .values("model")
            .annotate(
                n=Count("pk"),
                tip_offs=Count("pk", filter=Q(detected_by=DetectedBy.TIP_OFF)),
                mediated=Count("pk", filter=Q(outcome=Outcome.MEDIATED)),
            )
            .order_by()
        ):
            figures = model_rows[row["model"]]
            for name in ("n", "tip_offs", "mediated"):
                key = "incidents" if name == "n" else name
                figures.new(key, "incident", compare=False).add(row[name], None)
        for row in (
            Membership.objects.for_user(user)
            .filter(serving(end), model__in=ids)
            .values("model")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            model_rows[row["model"]].new("members", "member", compare=False).add(row["n"], None)
    if person_rows:
        ids = list(person_rows)
        for field, name in (("participants__person", "turns"), ("leader", "led")):
            for row in (
                Shift.objects.for_user(user)
                .filter(days, **{f"{field}__in": ids})
                .values(field)
                .annotate(n=Count("pk", distinct=True))
                .order_by()
            ):
                person_rows[row[field]].new(name, "shift", compare=False).add(row["n"], None)
        for row in (
            Incident.objects.for_user(user)
            .filter(days, shift__participants__person__in=ids)
            .values("shift__participants__person")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        ):
            person_rows[row["shift__participants__person"]].new(
                "incidents", "incident", compare=False
            ).add(row["n"], None)
    for row in model_rows.values():
        for name in ("shifts", "turns", "members", "incidents", "tip_offs", "mediated"):
            row.new(name, compare=False)
    for row in person_rows.values():
        for name in ("turns", "led", "incidents"):
            row.new(name, compare=False)
    return Achievements(start, end, list(model_rows.values()), list(person_rows.values()))
