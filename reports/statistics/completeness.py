"""Completeness, like a reporting rate: the patrol teams and communes that logged no shift in
the last N days, out of the teams in service."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from areas.base.sorting import vi_key
from areas.models import Area
from models_registry.models import GrassrootsModel, ModelCategory
from patrols.models import Shift
from reports.statistics.figures import Row
from reports.statistics.scope import as_user


@dataclass
class Completeness:
    """Patrol teams and communes that logged no shift in the last ``days`` days, like a
    reporting rate: teams that logged at least one shift, out of the teams in service."""

    unit: Area
    days: int
    since: datetime.date
    communes: list[Row]
    silent_models: list[Row]

    @property
    def teams(self) -> int:
        return sum(row.extra["teams"] for row in self.communes)

    @property
    def reporting(self) -> int:
        return sum(row.extra["reporting"] for row in self.communes)

    @property
    def rate(self) -> float:
        return round(100 * self.reporting / self.teams, 1) if self.teams else 0.0

    @property
    def silent_communes(self) -> list[Row]:
        """Communes with patrol teams in service of which none logged a shift."""
        return [row for row in self.communes if row.extra["teams"] and not row.extra["reporting"]]

    @property
    def communes_without_teams(self) -> list[Row]:
        return [row for row in self.communes if not row.extra["teams"]]


@as_user
def completeness(user, unit: Area, days: int, today: datetime.date) -> Completeness:
    """Two queries: the communes in ``unit`` and its patrol teams in service, each with the
    day of its last shift."""
    since = today - datetime.timedelta(days=days - 1)
    communes = {
        row["pk"]: Row(
            row["pk"], row["name"], extra={"teams": 0, "reporting": 0, "last_shift": None}
        )
        for row in Area.objects.for_user(user)
        .in_unit(unit)
        .communes()
        .current()
        .order_by("sort_name", "pk")
        .values("pk", "name")
    }
    last = Shift.objects.correlated().filter(model=OuterRef("pk")).order_by("-day")
    last = last.values("day")[:1]
    models = (
        GrassrootsModel.objects.for_user(user)
        .in_unit(unit)
        .filter(model_type__category=ModelCategory.PATROL)
        .active_on(today)
        .annotate(last_shift=Subquery(last))
        .order_by("commune__sort_name", "sort_name", "pk")
        .values("pk", "name", "commune_id", "commune__name", "last_shift")
    )
    silent = []
    for model in models:
        commune = communes.get(model["commune_id"])
        last_shift = model["last_shift"]
        reporting = last_shift is not None and last_shift >= since
        if commune is not None:
            commune.extra["teams"] += 1
            commune.extra["reporting"] += int(reporting)
            if last_shift and (
                commune.extra["last_shift"] is None or last_shift > commune.extra["last_shift"]
            ):
                commune.extra["last_shift"] = last_shift
        if not reporting:
            silent.append(
                Row(
                    model["pk"],
                    model["name"],
                    extra={
                        "commune": model["commune__name"],
                        "commune_id": model["commune_id"],
                        "last_shift": last_shift,
                        "days_silent": (today - last_shift).days if last_shift else None,
                    },
                )
            )
    for row in communes.values():
        teams = row.extra["teams"]
        row.extra["rate"] = round(100 * row.extra["reporting"] / teams, 1) if teams else None
    rows = sorted(
        communes.values(),
        key=lambda r: (r.extra["rate"] is None, r.extra["rate"] or 0, vi_key(r.label)),
    )
    return Completeness(unit, days, since, rows, silent)
