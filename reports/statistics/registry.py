"""Figures of the registry: models by type (teams, new ones, communes covered), members by
type and role, and the yearly ratings (Tốt / Trung bình / Yếu)."""

from __future__ import annotations

from django.db.models import Count, FilteredRelation, Q

from models_registry.models import (
    GrassrootsModel,
    MemberRole,
    Membership,
    Rating,
)
from models_registry.querysets import GrassrootsModelQuerySet, MembershipQuerySet
from reports.statistics.figures import Figures, Row, Stat
from reports.statistics.frame import Frame, breakdown_key, grouping_sets, plain_rows


def serving(day):
    """Members serving on ``day`` in a model in service that day."""
    return MembershipQuerySet.serving_q(day) & GrassrootsModelQuerySet.active_q(day, "model__")


def models_by_type(frame: Frame, figures: Figures, breakdown: dict) -> None:
    """Models by type (teams), new ones, places replicated (communes) and coverage."""
    end, prev_end = frame.period.end, frame.previous.end
    qs = (
        frame.scoped(GrassrootsModel, via_model="")
        .filter(frame.model_filter(via_model=""))
        .annotate(
            # The rating of the year the period ends in (one per model and year).
            year_rating=FilteredRelation(
                "ratings",
                condition=Q(ratings__year=end.year, ratings__deleted_at__isnull=True),
            )
        )
    )
    ratings = {
        f"rated_{value}": Count("pk", filter=Q(year_rating__rating=value))
        for value in Rating.values
    }
    rows = plain_rows(
        qs.values(
            "commune_id",
            "model_type_id",
            "model_type__name",
            "model_type__category",
            "model_type__sort_order",
        )
        .annotate(
            now=Count("pk", filter=GrassrootsModelQuerySet.active_q(end)),
            before=Count("pk", filter=GrassrootsModelQuerySet.active_q(prev_end)),
            new=Count("pk", filter=Q(established_on__range=(frame.period.start, end))),
            new_before=Count(
                "pk", filter=Q(established_on__range=(frame.previous.start, prev_end))
            ),
            **ratings,
        )
        .order_by("model_type__sort_order", "model_type__sort_name")
    )
    by_unit = frame.scope.breakdown != "model"
    by_type: dict[int, Row] = {}
    places: dict[int, list[set]] = {}
    total = Stat(0, 0, "model")
    new = Stat(0, 0, "model")
    for row in rows:
        type_row = by_type.get(row["model_type_id"])
        if type_row is None:
            type_row = by_type[row["model_type_id"]] = Row(
                row["model_type_id"],
                row["model_type__name"],
                extra={"category": row["model_type__category"]},
            )
            type_row.new("models", "model")
            type_row.new("new", "model")
            type_row.new("members", "member")
            places[row["model_type_id"]] = [set(), set()]
        type_row["models"].add(row["now"], row["before"])
        for name in ratings:
            type_row.extra[name] = type_row.extra.get(name, 0) + row[name]
        type_row["new"].add(row["new"], row["new_before"])
        total.add(row["now"], row["before"])
        new.add(row["new"], row["new_before"])
        if row["now"]:
            places[row["model_type_id"]][0].add(row["commune_id"])
        if row["before"]:
            places[row["model_type_id"]][1].add(row["commune_id"])
        target = frame.row(breakdown, row["commune_id"]) if by_unit else None
        if target is not None:
            target.new("models", "model").add(row["now"], row["before"])
    for type_id, type_row in by_type.items():
        now, before = places[type_id]
        type_row.figures["places"] = Stat(len(now), len(before), "commune")
        type_row.extra["communes_in_scope"] = figures.communes_in_scope
        type_row.extra["coverage_percent"] = (
            round(100 * len(now) / figures.communes_in_scope, 1) if figures.communes_in_scope else 0
        )
    figures.models_by_type = list(by_type.values())
    figures.headline["models"] = total
    figures.headline["new_models"] = new
    figures.headline["communes_with_models"] = Stat(
        len(set().union(*(p[0] for p in places.values()))),
        len(set().union(*(p[1] for p in places.values()))),
        "commune",
    )


def members(frame: Frame, figures: Figures, breakdown: dict) -> None:
    """Members serving at the end of the period, by model type and role (one query)."""
    end, prev_end = frame.period.end, frame.previous.end
    qs = frame.scoped(Membership).filter(frame.model_filter(), joined_on__lte=max(end, prev_end))
    key = {"commune_id": "model__commune_id", "model_id": "model_id"}.get(breakdown_key(frame))
    columns = {"type": "model__model_type_id", "role": "role"} | ({"key": key} if key else {})
    sets = [("type", "role")] + ([("key",)] if key else [])
    rows = grouping_sets(
        qs,
        columns,
        sets,
        {"now": (None, serving(end)), "before": (None, serving(prev_end))},
    )
    by_type = {row.key: row for row in figures.models_by_type}
    roles = {value: Row(value, str(label)) for value, label in MemberRole.choices}
    total = Stat(0, 0, "member")
    for row in rows:
        now, before = row["now"], row["before"]
        if row["set"] == 1:
            target = frame.row(breakdown, row["key"])
            if target is not None:
                target.new("members", "member").add(now, before)
            continue
        total.add(now, before)
        roles[row["role"]].new("members", "member").add(now, before)
        type_row = by_type.get(row["type"])
        if type_row is not None:
            type_row["members"].add(now, before)
            type_row.new(row["role"], "member").add(now, before)
    for row in roles.values():
        row.new("members", "member")
    figures.members_by_role = list(roles.values())
    figures.headline["members"] = total


def ratings(frame: Frame, figures: Figures) -> None:
    """Yearly ratings (Tốt / Trung bình / Yếu) of the year the period ends in, by model type;
    counted by the models query."""
    figures.rating_year = frame.period.end.year
    ratings = []
    for type_row in figures.models_by_type:
        row = Row(type_row.key, type_row.label)
        rated = 0
        for value in Rating.values:
            n = type_row.extra.pop(f"rated_{value}", 0)
            row.figures[value] = Stat(n, None, "model")
            rated += n
        row.figures["unrated"] = Stat(max(type_row["models"].value - rated, 0), None, "model")
        ratings.append(row)
    figures.ratings = ratings
    for value in Rating.values:
        figures.headline[f"rated_{value}"] = Stat(
            sum(row[value].value for row in ratings), None, "model"
        )
