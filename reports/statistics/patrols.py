"""Figures of the patrol logs: shifts and participant turns, and incidents (each from its
monthly summary where whole months allow) by category, outcome and how detected, items collected, and the
cases solved with the help of tip-offs with the suspects arrested in them."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.utils import formats

from areas.base.sorting import vi_key
from patrols.models import (
    DETECTION_COLUMNS,
    OUTCOME_COLUMNS,
    DetectedBy,
    Incident,
    IncidentCategory,
    IncidentMonth,
    ItemCounts,
    Outcome,
    Shift,
    ShiftMonth,
    UnitIncidentMonth,
    UnitMonth,
)
from reports.statistics.figures import Figures, Row, Stat
from reports.statistics.frame import Frame, breakdown_key, grouping_sets


def shifts(frame: Frame, figures: Figures, breakdown: dict) -> None:
    """Shifts and participant turns, in total, by month and by breakdown row, and the
    incidents by month and row: whole months from the monthly summary (``ShiftMonth``, kept
    exact by triggers; for the country its rollup by unit, ``UnitMonth``), the days at the edges of a period from the shifts themselves. Two
    queries."""
    (months_now, months_before), (days_now, days_before) = frame.month_split()
    key = breakdown_key(frame)
    columns = {"month": "month"} | ({"key": key} if key else {})
    summary_columns = columns | ({"key": breakdown_key(frame, None)} if frame.by_unit else {})
    sets = [("month",)] + ([("key",)] if key else [])
    sums = lambda now, before, count: {  # noqa: E731
        "n_shifts": (count, now),
        "n_turns": ("turns", now),
        "n_shifts_before": (count, before),
        "n_turns_before": ("turns", before),
    }
    # The summary counts the incidents too, by month and row (the period only; the days at
    # its edges are added by ``incidents``).
    rows = grouping_sets(
        frame.summary(ShiftMonth, UnitMonth).filter(
            frame.hull("month"), months_now | months_before
        ),
        summary_columns,
        sets,
        sums(months_now, months_before, "shifts") | {"n_incidents": ("incidents", months_now)},
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
        incidents = row.get("n_incidents", 0)
        if row["set"] == 1:
            target = frame.row(breakdown, row["key"])
            if target is not None:
                target.new("shifts", "shift").add(row["n_shifts"], row["n_shifts_before"])
                target.new("turns", "turn").add(row["n_turns"], row["n_turns_before"])
                target.new("incidents", "incident", compare=False).add(incidents, None)
            continue
        shifts.add(row["n_shifts"], row["n_shifts_before"])
        turns.add(row["n_turns"], row["n_turns_before"])
        month = months.get(row["month"])
        if month is not None:
            month["shifts"].add(row["n_shifts"], None)
            month["turns"].add(row["n_turns"], None)
            month["incidents"].add(incidents, None)
    figures.headline["shifts"] = shifts
    figures.headline["turns"] = turns
    figures.trend = list(months.values())


def incidents(frame: Frame, figures: Figures, breakdown: dict) -> None:
    """Incidents by category, outcome and detection, and items collected: whole months from
    the monthly summary (``IncidentMonth``, kept exact by triggers; for the country, and a
    province whose communes are all put under it, its rollup by unit, ``UnitIncidentMonth``),
    the days at the edges of a
    period from the incidents themselves, which also add their part to the figures by month
    and by breakdown row. Two queries, and one for the names of the categories."""
    area = frame.area_wide  # a model against the time before it: its commune's, both periods
    (months_now, months_before), (days_now, days_before) = frame.month_split(area_wide=area)
    key = breakdown_key(frame)
    # Periods that do not overlap (every comparison but a model's before it was established,
    # whose period may begin before that): each row is in one of them, a group key; plain sums
    # cost less than sums under a condition each.
    disjoint = frame.previous.end < frame.period.start

    def query(qs, columns: dict, sets: list, now: Q, before: Q, summary: bool) -> list[dict]:
        """A summary row's columns, or an incident counted under its outcome and detection,
        added up by the sets of ``columns``, in each period."""
        wanted = {"n": ("incidents" if summary else None, Q())}
        for value, column in OUTCOME_COLUMNS.items():
            wanted[f"o_{value}"] = (column, Q()) if summary else (None, Q(outcome=value))
        for value, column in DETECTION_COLUMNS.items():
            wanted[f"d_{value}"] = (column, Q()) if summary else (None, Q(detected_by=value))
        for name in ItemCounts.ITEM_FIELDS:
            wanted[f"sum_{name}"] = (name, Q())
        if area:  # the model's own, among its commune's
            wanted["own"] = ("incidents" if summary else None, frame.model_filter())
        if disjoint:
            flag = Case(When(now, then=Value(1)), default=Value(0), output_field=IntegerField())
            rows = grouping_sets(
                qs,
                columns | {"in_period": flag},
                [("in_period", *group) for group in sets],
                wanted,
            )
            for row in rows:
                for name in wanted:
                    row[f"{name}_before"] = 0 if row["in_period"] else row[name]
                    row[name] = row[name] if row["in_period"] else 0
            return rows
        sums = {}
        for name, (summed, condition) in wanted.items():
            sums[name] = (summed, now & condition)
            sums[f"{name}_before"] = (summed, before & condition)
        return grouping_sets(qs, columns, sets, sums)

    # Whole months: by category from the summary (by month and row: ``shifts`` read them).
    rows = query(
        frame.summary(IncidentMonth, UnitIncidentMonth, totals=True).filter(
            frame.hull("month"), months_now | months_before
        ),
        {"category": "category_id"},
        [("category",)],
        months_now,
        months_before,
        summary=True,
    )
    # The days at the edges: by category, by month and by row, from the incidents.
    edge_columns = {"category": "category_id", "month": TruncMonth("day")}
    rows += query(
        frame.scoped(Incident).filter(frame.hull(), days_now | days_before),
        edge_columns | ({"key": key} if key else {}),
        [("category",), ("month",)] + ([("key",)] if key else []),
        days_now,
        days_before,
        summary=False,
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
    months = {row.key: row for row in figures.trend}
    total = Stat(0, 0, "incident")
    own = 0
    for row in rows:
        n, before = row["n"], row["n_before"]
        if row["set"] == 1:  # by month: the period itself only (no comparison figure)
            month = row["month"] and months.get(row["month"].isoformat())
            if month:  # the scope's own, as ``shifts`` counted the whole months
                month["incidents"].add(row["own"] if area else n, None)
            continue
        if row["set"] == 2:  # by breakdown row: the period itself only
            target = frame.row(breakdown, row["key"])
            if target is not None:
                target.new("incidents", "incident", compare=False).add(n, None)
            continue
        own += row["own"] if area else 0
        if not (n or before):
            continue
        total.add(n, before)
        category = categories.get(row["category"])
        if category is None:
            name, code = catalogue[row["category"]]
            category = categories[row["category"]] = Row(
                row["category"], name, extra={"code": code}
            )
        category.new("incidents", "incident").add(n, before)
        for value, outcome in outcomes.items():
            outcome.new("incidents", "incident").add(row[f"o_{value}"], row[f"o_{value}_before"])
        for value, detection in detections.items():
            detection.new("incidents", "incident").add(row[f"d_{value}"], row[f"d_{value}_before"])
        for name, item in items.items():
            item.new("quantity", ItemCounts.ITEM_UNITS[name]).add(
                row[f"sum_{name}"], row[f"sum_{name}_before"]
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
    if area:
        # The model's own incidents, not compared (it had none before it was set up); the
        # figures above are its commune's.
        figures.headline["own_incidents"] = Stat(own, None, "incident")
    figures.headline["tip_offs"] = detections[DetectedBy.TIP_OFF]["incidents"]
    figures.headline["camera_incidents"] = detections[DetectedBy.CAMERA]["incidents"]
    figures.headline["mediated"] = outcomes[Outcome.MEDIATED]["incidents"]


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
    # One model against the time before it was set up: its commune's, in both periods.
    linked_any = linked if frame.area_wide else linked_now
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
