"""Figures of the registry: models by type (teams, new ones, communes covered), members by
type and role, and the yearly ratings on each type's scale (Tốt / Trung bình / Yếu; the
statutory teams' Hoàn thành tốt / Hoàn thành / Không hoàn thành nhiệm vụ, and those not yet
rated for want of nine months of activity)."""

from __future__ import annotations

from django.db.models import FilteredRelation, Q

from models_registry.models import (
    GrassrootsModel,
    MemberRole,
    Membership,
    ModelType,
    Rating,
    RatingScale,
    RatingYear,
    UnitMemberChange,
)
from models_registry.models.rating_rules import SCALE_VALUES, last_established_to_rate
from models_registry.querysets import GrassrootsModelQuerySet, MembershipQuerySet
from reports.statistics.figures import Figures, Row, Stat
from reports.statistics.frame import Frame, breakdown_key, grouping_sets


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
    # The types' names, order and rating rules: a catalogue of a dozen rows.
    types = {
        t["pk"]: t
        for t in ModelType.objects.order_by("sort_order", "sort_name").values(
            "pk", "name", "category", "rating_scale", "rating_year"
        )
    }
    # Teams of a statutory type set up less than nine months before the end of the rating
    # year are not rated that year ("chưa đủ điều kiện xếp loại").
    statutory = [pk for pk, t in types.items() if t["rating_year"] == RatingYear.STATUTORY]
    too_new = Q(
        model_type_id__in=statutory,
        established_on__gt=last_established_to_rate(RatingYear.STATUTORY, end.year),
    )
    # By type, and by commune: one query, each model counted once in each; the places of a
    # type are its communes with a model in service, counted by the database.
    rows = grouping_sets(
        qs,
        {"type": "model_type_id", "commune": "commune_id"},
        [("type",), ("commune",)],
        {
            "now": (None, GrassrootsModelQuerySet.active_q(end)),
            "before": (None, GrassrootsModelQuerySet.active_q(prev_end)),
            "new": (None, Q(established_on__range=(frame.period.start, end))),
            "new_before": (None, Q(established_on__range=(frame.previous.start, prev_end))),
        }
        | {f"rated_{value}": (None, Q(year_rating__rating=value)) for value in Rating.values}
        | {"not_eligible": (None, GrassrootsModelQuerySet.active_q(end) & too_new)},
        present={"places": "now", "places_before": "before"},
    )
    by_unit = frame.scope.breakdown != "model"
    by_type: dict[int, Row] = {}
    total = Stat(0, 0, "model")
    new = Stat(0, 0, "model")
    covered = [0, 0]
    order = {pk: i for i, pk in enumerate(types)}
    for row in sorted(rows, key=lambda r: (r["set"], order.get(r["type"], 0))):
        if row["set"] == 1:  # a commune: the breakdown, and the communes with a model
            covered[0] += row["now"] > 0
            covered[1] += row["before"] > 0
            target = frame.row_of_commune_id(breakdown, row["commune"]) if by_unit else None
            if target is not None:
                target.new("models", "model").add(row["now"], row["before"])
            continue
        kind = types[row["type"]]
        type_row = by_type[row["type"]] = Row(
            row["type"],
            kind["name"],
            extra={
                "category": kind["category"],
                "rating_scale": kind["rating_scale"],
                "rating_year": kind["rating_year"],
            },
        )
        type_row.new("models", "model").add(row["now"], row["before"])
        type_row.new("new", "model").add(row["new"], row["new_before"])
        type_row.new("members", "member")
        for value in Rating.values:
            type_row.extra[f"rated_{value}"] = row[f"rated_{value}"]
        type_row.extra["not_eligible"] = row["not_eligible"]
        total.add(row["now"], row["before"])
        new.add(row["new"], row["new_before"])
        type_row.figures["places"] = Stat(row["places"], row["places_before"], "commune")
        type_row.extra["communes_in_scope"] = figures.communes_in_scope
        type_row.extra["coverage_percent"] = (
            round(100 * row["places"] / figures.communes_in_scope, 1)
            if figures.communes_in_scope
            else 0
        )
    figures.models_by_type = list(by_type.values())
    figures.headline["models"] = total
    figures.headline["new_models"] = new
    figures.headline["communes_with_models"] = Stat(covered[0], covered[1], "commune")


def members(frame: Frame, figures: Figures, breakdown: dict) -> None:
    """Members serving at the end of the period, by model type and role (one query; for the
    country, from the members' changes by unit)."""
    end, prev_end = frame.period.end, frame.previous.end
    if frame.by_unit:
        # The country: the members' starts and stops added up by unit, type, role and day
        # (``UnitMemberChange``; live models only); those serving on a day are the sum up to it.
        qs = frame.scoped(UnitMemberChange, via_model=None).filter(day__lte=max(end, prev_end))
        columns = {"type": "model_type_id", "role": "role", "key": breakdown_key(frame, None)}
        counted = {
            "now": ("change", Q(day__lte=end)),
            "before": ("change", Q(day__lte=prev_end)),
        }
    else:
        qs = frame.scoped(Membership).filter(
            frame.model_filter(), joined_on__lte=max(end, prev_end)
        )
        key = breakdown_key(frame, commune="model__commune")
        columns = {"type": "model__model_type_id", "role": "role"} | ({"key": key} if key else {})
        counted = {"now": (None, serving(end)), "before": (None, serving(prev_end))}
    sets = [("type", "role")] + ([("key",)] if "key" in columns else [])
    rows = grouping_sets(qs, columns, sets, counted)
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
    """Yearly ratings of the rating year the period ends in (a statutory team's year ends on
    14/11, so a period ending in December shows the year just rated), by model type and by
    scale; counted by the models query. Each row has every value (zero where the type's scale
    has none), "unrated" (no rating recorded) and "not_eligible" (a statutory team set up
    less than nine months before the end of the rating year)."""
    figures.rating_year = frame.period.end.year
    ratings = []
    scales: dict[str, Row] = {}
    for type_row in figures.models_by_type:
        scale = type_row.extra.get("rating_scale", RatingScale.GRADE)
        row = Row(type_row.key, type_row.label, extra={"scale": scale})
        rated = 0
        for value in Rating.values:
            n = type_row.extra.pop(f"rated_{value}", 0)
            row.figures[value] = Stat(n, None, "model")
            rated += n
        not_eligible = type_row.extra.pop("not_eligible", 0)
        row.figures["not_eligible"] = Stat(not_eligible, None, "model")
        row.figures["unrated"] = Stat(
            max(type_row["models"].value - rated - not_eligible, 0), None, "model"
        )
        ratings.append(row)
        total = _scale_row(scales, scale)
        for name in (*SCALE_VALUES[scale], "unrated", "not_eligible"):
            total[name].add(row[name].value, None)
        # A rating made on the other scale (before the type changed scale) counts on its own.
        for other, values in SCALE_VALUES.items():
            if other != scale and any(row[v].value for v in values):
                extra = _scale_row(scales, other)
                for value in values:
                    extra[value].add(row[value].value, None)
    figures.ratings = ratings
    figures.ratings_by_scale = [scales[s] for s in RatingScale.values if s in scales]
    for value in Rating.values:
        figures.headline[f"rated_{value}"] = Stat(
            sum(row[value].value for row in ratings), None, "model"
        )
    figures.headline["not_eligible"] = Stat(
        sum(row["not_eligible"].value for row in ratings), None, "model"
    )


def _scale_row(scales: dict[str, Row], scale: str) -> Row:
    """The row of ``scale`` in ``scales``, made with every figure of the scale the first time
    (whether a type of that scale or a rating left on it by another type comes first)."""
    row = scales.get(scale)
    if row is None:
        row = scales[scale] = Row(scale, str(RatingScale(scale).label), extra={})
        for name in (*SCALE_VALUES[scale], "unrated", "not_eligible"):
            row.new(name, "model", compare=False)
    return row
