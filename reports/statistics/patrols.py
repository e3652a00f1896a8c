"""Figures of the patrol logs: shifts and participant turns (from the monthly summary where
whole months allow), incidents by category, outcome and how detected, items collected, and the
cases solved with the help of tip-offs with the suspects arrested in them."""

from __future__ import annotations

from django.db.models import BooleanField, Case, Count, Q, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.utils import formats

from areas.base.sorting import vi_key
from patrols.models import (
    DetectedBy,
    Incident,
    IncidentCategory,
    ItemCounts,
    Outcome,
    Shift,
    ShiftMonth,
)
from reports.statistics.figures import Figures, Row, Stat
from reports.statistics.frame import Frame, breakdown_key, grouping_sets
from reports.statistics.periods import Comparison

_INCIDENT_SUMS = ["n", "n_before"] + [
    f"sum_{name}{suffix}" for name in ItemCounts.ITEM_FIELDS for suffix in ("", "_before")
]


def shifts(frame: Frame, figures: Figures, breakdown: dict) -> None:
    """Shifts and participant turns, in total, by month and by breakdown row: whole months
    from the monthly summary (``ShiftMonth``, kept exact by triggers), the days at the edges of
    a period from the shifts themselves. Two queries."""
    (months_now, months_before), (days_now, days_before) = frame.month_split()
    key = breakdown_key(frame)
    columns = {"month": "month"} | ({"key": key} if key else {})
    sets = [("month",)] + ([("key",)] if key else [])
    sums = lambda now, before, count: {  # noqa: E731
        "n_shifts": (count, now),
        "n_turns": ("turns", now),
        "n_shifts_before": (count, before),
        "n_turns_before": ("turns", before),
    }
    rows = grouping_sets(
        frame.scoped(ShiftMonth).filter(frame.hull("month"), months_now | months_before),
        columns,
        sets,
        sums(months_now, months_before, "shifts"),
    ) + grouping_sets(
        frame.scoped(Shift).filter(frame.hull(), days_now | days_before),
        columns | {"month": TruncMonth("day")},
        sets,
        sums(days_now, days_before, None),
    )
    months = {m: Row(m.isoformat(), formats.date_format(m, "m/Y")) for m in frame.period.months()}
    for row in months.values():
        row.new("shifts", compare=False)
        row.new("turns", compare=False)
        row.new("incidents", compare=False)
    shifts, turns = Stat(0, 0, "shift"), Stat(0, 0, "turn")
    for row in rows:
        if row["set"] == 1:
            target = frame.row(breakdown, row["key"])
            if target is not None:
                target.new("shifts", "shift").add(row["n_shifts"], row["n_shifts_before"])
                target.new("turns", "turn").add(row["n_turns"], row["n_turns_before"])
            continue
        shifts.add(row["n_shifts"], row["n_shifts_before"])
        turns.add(row["n_turns"], row["n_turns_before"])
        month = months.get(row["month"])
        if month is not None:
            month["shifts"].add(row["n_shifts"], None)
            month["turns"].add(row["n_turns"], None)
    figures.headline["shifts"] = shifts
    figures.headline["turns"] = turns
    figures.trend = list(months.values())


def incidents(frame: Frame, figures: Figures, breakdown: dict) -> None:
    """Incidents by category, outcome and detection, items collected (one query), and by
    month and breakdown row (one query)."""
    current, previous = frame.days()
    base = frame.scoped(Incident).filter(frame.hull(), current | previous)
    group = ["category_id", "outcome", "detected_by"]
    if frame.previous.end < frame.period.start:
        # The periods do not overlap: one plain aggregate per column, the period as a group key
        # (half the work of filtered aggregates over every row).
        flagged = (
            base.annotate(
                in_period=Case(
                    When(day__gte=frame.period.start, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
            .values("in_period", *group)
            .annotate(
                n=Count("day"), **{f"sum_{name}": Sum(name) for name in ItemCounts.ITEM_FIELDS}
            )
            .order_by()
        )
        merged: dict[tuple, dict] = {}
        for row in flagged:
            target = merged.setdefault(
                tuple(row[g] for g in group), dict.fromkeys(_INCIDENT_SUMS, 0)
            )
            target.update({g: row[g] for g in group})
            suffix = "" if row["in_period"] else "_before"
            target[f"n{suffix}"] += row["n"]
            for name in ItemCounts.ITEM_FIELDS:
                target[f"sum_{name}{suffix}"] += row[f"sum_{name}"] or 0
        rows = list(merged.values())
    else:
        sums = {}
        for name in ItemCounts.ITEM_FIELDS:
            sums[f"sum_{name}"] = Sum(name, filter=current)
            sums[f"sum_{name}_before"] = Sum(name, filter=previous)
        rows = (
            base.values(*group)
            .annotate(
                n=Count("day", filter=current), n_before=Count("day", filter=previous), **sums
            )
            .order_by()
        )
    catalogue = {
        pk: (name, code)
        for pk, name, code in IncidentCategory.objects.values_list("pk", "name", "code")
    }
    categories: dict[int, Row] = {}
    outcomes = {value: Row(value, str(label)) for value, label in Outcome.choices}
    detections = {value: Row(value, str(label)) for value, label in DetectedBy.choices}
    items = {
        name: Row(name, str(Incident._meta.get_field(name).verbose_name))
        for name in ItemCounts.ITEM_FIELDS
    }
    total = Stat(0, 0, "incident")
    for row in rows:
        n, before = row["n"], row["n_before"]
        total.add(n, before)
        category = categories.get(row["category_id"])
        if category is None:
            name, code = catalogue[row["category_id"]]
            category = categories[row["category_id"]] = Row(
                row["category_id"], name, extra={"code": code}
            )
        category.new("incidents", "incident").add(n, before)
        outcomes[row["outcome"]].new("incidents", "incident").add(n, before)
        detections[row["detected_by"]].new("incidents", "incident").add(n, before)
        for name, item in items.items():
            item.new("quantity", ItemCounts.ITEM_UNITS[name]).add(
                row[f"sum_{name}"] or 0, row[f"sum_{name}_before"] or 0
            )
    for row in [*outcomes.values(), *detections.values()]:
        row.new("incidents", "incident")
    for name, item in items.items():
        item.new("quantity", ItemCounts.ITEM_UNITS[name])
    figures.incidents_by_category = sorted(
        categories.values(), key=lambda r: (-r["incidents"].value, vi_key(r.label))
    )
    figures.incidents_by_outcome = list(outcomes.values())
    figures.incidents_by_detection = list(detections.values())
    figures.items = list(items.values())
    figures.headline["incidents"] = total
    figures.headline["tip_offs"] = detections[DetectedBy.TIP_OFF]["incidents"]
    figures.headline["camera_incidents"] = detections[DetectedBy.CAMERA]["incidents"]
    figures.headline["mediated"] = outcomes[Outcome.MEDIATED]["incidents"]

    key = breakdown_key(frame)
    # By month and by breakdown row: the period itself only (no comparison figure).
    columns = {"month": TruncMonth("day")} | ({"key": key} if key else {})
    sets = [("month",)] + ([("key",)] if key else [])
    months = {row.key: row for row in figures.trend}
    for row in grouping_sets(
        frame.scoped(Incident).filter(current), columns, sets, {"n": (None, None)}
    ):
        if row["set"] == 1:
            target = frame.row(breakdown, row["key"])
            if target is not None:
                target.new("incidents", "incident", compare=False).add(row["n"], None)
        elif row["month"] is not None and row["month"].isoformat() in months:
            months[row["month"].isoformat()]["incidents"].add(row["n"], None)


def cases_solved(frame: Frame, figures: Figures) -> None:
    """Cases solved with the help of tip-offs (``cases_solved``) and the suspects arrested in
    them (``suspects_arrested``), each with its comparison figure. One query.

    A case counts once, on its own day, when at least one live tip-off in scope names it as
    the case it helped solve (``Incident.solved_case``), however many do and whenever they
    came in. The tip-offs are in scope as every incident is (the unit; the model or the
    model type of the scope; no deactivated model); the case is counted in the unit whatever
    its own model, live and not of a deactivated model.

    PostgreSQL drives it from the linked tip-offs (a partial index holds only them) to their
    cases by primary key: it reads every linked tip-off of the communes in scope, whatever its
    year — a small set (6,666 over ten years of a 150-commune province: 25 ms here), not the
    incidents of the period.
    """
    # Only tip-offs name a case (a check constraint): no need to read how they were detected.
    linked = frame.scoped(Incident).filter(solved_case__isnull=False)
    linked_now = linked.filter(frame.model_filter())
    now = Q(day__range=(frame.period.start, frame.period.end))
    before = Q(day__range=(frame.previous.start, frame.previous.end))
    if frame.comparison == Comparison.BEFORE_ESTABLISHED:
        # One model against the time before it was set up: its commune's tip-offs then.
        linked_any = linked
        now &= Q(pk__in=linked_now.values("solved_case"))
    else:
        linked_any = linked_now
    totals = (
        frame.scoped(Incident, by_type=False)
        .filter(frame.hull(), now | before, pk__in=linked_any.values("solved_case"))
        .aggregate(
            n=Count("pk", filter=now),
            n_before=Count("pk", filter=before),
            arrested=Sum("suspects_arrested", filter=now),
            arrested_before=Sum("suspects_arrested", filter=before),
        )
    )
    figures.headline["cases_solved"] = Stat(totals["n"], totals["n_before"], "incident")
    figures.headline["suspects_arrested"] = Stat(
        totals["arrested"] or 0, totals["arrested_before"] or 0, "suspect"
    )
