"""The honest limit for the dashboards: every figure of a province's dashboard computed by
hand-written SQL from the same tables the engine may read (the monthly summaries included),
in as few and as plain statements as we know how to write, and the engine's figures put in
the same shape (``canonical``) so that the bench can check both give equal figures before it
times either.

It counts as the engine counts (``reports.statistics``' docstring): soft-deleted rows and the
rows of a deactivated model left out; a model in service on a day when established on or
before it and not dissolved before it; a member serving on a day in a model in service then;
cameras installed by the day and not removed by then; an award on its decision date, collective or
individual by its recipient; a case solved with the help of live tip-offs in scope, once, on
its own day; the rating of the year the period ends in. What it does not do is what the engine
does for every scope: it is written for one province and one period whose comparison period
does not overlap it (every period of the dashboards but a model's before it was established).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import connection

from awards.models import COLLECTIVE_KINDS
from models_registry.models import MemberRole, Rating
from patrols.models import DETECTION_COLUMNS, OUTCOME_COLUMNS, ItemCounts
from reports.statistics.periods import Period, comparison_period

DEACTIVATED = "SELECT id FROM models_registry_grassrootsmodel WHERE deleted_at IS NOT NULL"
IN_PROVINCE = "SELECT id FROM areas_area WHERE path LIKE %(path)s"
IN_PLACE_END = "k.installed_on <= %(end)s AND (k.removed_on IS NULL OR k.removed_on > %(end)s)"
ITEMS = ItemCounts.ITEM_FIELDS


def _within(column: str, ranges: list[tuple], params: dict, name: str) -> str:
    """``column`` in any of ``ranges`` (SQL), the bounds added to ``params``."""
    parts = []
    for i, (start, end) in enumerate(ranges):
        params[f"{name}{i}a"], params[f"{name}{i}b"] = start, end
        parts.append(f"{column} BETWEEN %({name}{i}a)s AND %({name}{i}b)s")
    return "(" + (" OR ".join(parts) or "false") + ")"


def best_sql(unit, period: Period, today: datetime.date | None = None) -> dict:
    """The figures of ``unit``'s dashboard (a province) for ``period``, by hand-written SQL,
    in the shape of ``canonical``."""
    previous = comparison_period(period).period
    assert previous.end < period.start, "written for periods that do not overlap"
    months_now, edges_now = period.split()
    months_before, edges_before = previous.split()
    p = {
        "path": unit.path + "%",
        "today": today or datetime.date.today(),
        "start": period.start,
        "end": period.end,
        "pstart": previous.start,
        "pend": previous.end,
        "year": period.end.year,
        # Nine months before the end of the statutory rating year (14/11 → 14/02).
        "cutoff": datetime.date(period.end.year, 2, 14),
        "collective": list(COLLECTIVE_KINDS),
    }
    month_now = _within("month", [months_now] if months_now else [], p, "mn")
    month_before = _within("month", [months_before] if months_before else [], p, "mb")
    day_now = _within("day", edges_now, p, "dn")
    day_before = _within("day", edges_before, p, "db")
    out: dict = {}
    with connection.cursor() as c:
        # 1. The communes in force, each with its last shift (a live model's).
        c.execute(
            """SELECT a.id, (SELECT s.day FROM patrols_shift s
                 JOIN models_registry_grassrootsmodel g ON g.id = s.model_id
                 WHERE s.commune_id = a.id AND s.deleted_at IS NULL AND g.deleted_at IS NULL
                 ORDER BY s.day DESC LIMIT 1)
               FROM areas_area a WHERE a.level = 3 AND a.path LIKE %(path)s
                 AND (a.valid_from IS NULL OR a.valid_from <= %(today)s)
                 AND (a.valid_to IS NULL OR a.valid_to >= %(today)s)""",
            p,
        )
        communes = dict(c.fetchall())
        p["communes"] = list(communes)
        breakdown = {
            pk: {"last_shift": last, "incidents": 0}
            | dict.fromkeys(["models", "members", "shifts", "turns"], (0, 0))
            for pk, last in communes.items()
        }
        # 2. Models by commune and type: in service at both ends, new in both periods, rated.
        c.execute(
            """SELECT g.commune_id, g.model_type_id,
                 count(*) FILTER (WHERE g.established_on <= %(end)s
                   AND (g.dissolved_on IS NULL OR g.dissolved_on >= %(end)s)),
                 count(*) FILTER (WHERE g.established_on <= %(pend)s
                   AND (g.dissolved_on IS NULL OR g.dissolved_on >= %(pend)s)),
                 count(*) FILTER (WHERE g.established_on BETWEEN %(start)s AND %(end)s),
                 count(*) FILTER (WHERE g.established_on BETWEEN %(pstart)s AND %(pend)s),
                 count(*) FILTER (WHERE t.rating_year = 'nov15' AND g.established_on > %(cutoff)s
                   AND g.established_on <= %(end)s
                   AND (g.dissolved_on IS NULL OR g.dissolved_on >= %(end)s)),
                 """
            + ",\n".join(
                f"count(r.id) FILTER (WHERE r.rating = '{value}')" for value in Rating.values
            )
            + """
               FROM models_registry_grassrootsmodel g
               JOIN models_registry_modeltype t ON t.id = g.model_type_id
               LEFT JOIN models_registry_modelrating r ON r.model_id = g.id
                 AND r.year = %(year)s AND r.deleted_at IS NULL
               WHERE g.deleted_at IS NULL AND g.commune_id = ANY(%(communes)s)
               GROUP BY 1, 2""",
            p,
        )
        types: dict = defaultdict(lambda: defaultdict(lambda: (0, 0)))
        ratings: dict = defaultdict(
            lambda: dict.fromkeys([*Rating.values, "models", "not_eligible"], 0)
        )
        places: dict = defaultdict(lambda: (set(), set()))
        for commune, type_id, now, before, new, new_before, too_new, *rated in c.fetchall():
            t = types[type_id]
            t["models"] = _add(t["models"], (now, before))
            t["new"] = _add(t["new"], (new, new_before))
            for value, n in zip(Rating.values, rated, strict=True):
                ratings[type_id][value] += n
            ratings[type_id]["models"] += now
            ratings[type_id]["not_eligible"] += too_new
            if now:
                places[type_id][0].add(commune)
            if before:
                places[type_id][1].add(commune)
            if commune in breakdown:
                breakdown[commune]["models"] = _add(breakdown[commune]["models"], (now, before))
        for type_id, (now, before) in places.items():
            types[type_id]["places"] = (len(now), len(before))
        # 3. Members serving at both ends, by type, role and commune.
        c.execute(
            """SELECT g.model_type_id, m.role, g.commune_id,
                 count(*) FILTER (WHERE m.joined_on <= %(end)s
                   AND (m.left_on IS NULL OR m.left_on >= %(end)s) AND g.established_on <= %(end)s
                   AND (g.dissolved_on IS NULL OR g.dissolved_on >= %(end)s)),
                 count(*) FILTER (WHERE m.joined_on <= %(pend)s
                   AND (m.left_on IS NULL OR m.left_on >= %(pend)s)
                   AND g.established_on <= %(pend)s
                   AND (g.dissolved_on IS NULL OR g.dissolved_on >= %(pend)s))
               FROM models_registry_membership m
               JOIN models_registry_grassrootsmodel g ON g.id = m.model_id
               JOIN areas_area a ON a.id = g.commune_id
               WHERE m.deleted_at IS NULL AND g.deleted_at IS NULL AND a.path LIKE %(path)s
               GROUP BY 1, 2, 3""",
            p,
        )
        roles: dict = defaultdict(lambda: (0, 0))
        members = (0, 0)
        for type_id, role, commune, now, before in c.fetchall():
            members = _add(members, (now, before))
            roles[role] = _add(roles[role], (now, before))
            types[type_id]["members"] = _add(types[type_id]["members"], (now, before))
            types[type_id][role] = _add(types[type_id][role], (now, before))
            if commune in breakdown:
                breakdown[commune]["members"] = _add(breakdown[commune]["members"], (now, before))
        # 4. Shifts, turns and incidents by month and commune: whole months from the summary
        # (the month says which period), the days at the edges from the rows, when there are.
        rows = []
        if months_now or months_before:
            c.execute(
                f"""SELECT month, commune_id, sum(shifts), sum(turns), sum(incidents)
                   FROM patrols_shiftmonth WHERE commune_id = ANY(%(communes)s)
                     AND ({month_now} OR {month_before}) AND model_id NOT IN ({DEACTIVATED})
                   GROUP BY 1, 2""",
                p,
            )
            rows += [(m, *rest, m in period) for m, *rest in c.fetchall()]
        if edges_now or edges_before:
            c.execute(
                f"""SELECT day, commune_id, count(*), sum(turns), 0 FROM patrols_shift
                   WHERE deleted_at IS NULL AND commune_id = ANY(%(communes)s)
                     AND ({day_now} OR {day_before}) AND model_id NOT IN ({DEACTIVATED})
                   GROUP BY 1, 2""",
                p,
            )
            rows += [(d, *rest, d in period) for d, *rest in c.fetchall()]
        if edges_now:
            c.execute(
                f"""SELECT day, commune_id, 0, 0, count(*) FROM patrols_incident
                   WHERE deleted_at IS NULL AND commune_id = ANY(%(communes)s) AND {day_now}
                     AND model_id NOT IN ({DEACTIVATED})
                   GROUP BY 1, 2""",
                p,
            )
            rows += [(d, *rest, True) for d, *rest in c.fetchall()]
        trend = dict.fromkeys(period.months(), (0, 0, 0))
        shifts = turns = (0, 0)
        for day, commune, n, t, incidents, now in rows:
            n, t, incidents = n or 0, t or 0, incidents or 0
            if not now:
                shifts, turns = _add(shifts, (0, n)), _add(turns, (0, t))
                if commune in breakdown:
                    row = breakdown[commune]
                    row["shifts"] = _add(row["shifts"], (0, n))
                    row["turns"] = _add(row["turns"], (0, t))
                continue
            shifts, turns = _add(shifts, (n, 0)), _add(turns, (t, 0))
            month = day.replace(day=1)
            trend[month] = _add(trend[month], (n, t, incidents))
            if commune in breakdown:
                row = breakdown[commune]
                row["shifts"] = _add(row["shifts"], (n, 0))
                row["turns"] = _add(row["turns"], (t, 0))
                row["incidents"] += incidents
        # 5. Incidents by category, with outcomes, detections and items: whole months from
        # the summary, the edge days from the rows.
        summed = [
            "incidents",
            *OUTCOME_COLUMNS.values(),
            *DETECTION_COLUMNS.values(),
            *ITEMS,
        ]
        from_rows = (
            ["count(*)"]
            + [f"count(*) FILTER (WHERE outcome = '{v}')" for v in OUTCOME_COLUMNS]
            + [f"count(*) FILTER (WHERE detected_by = '{v}')" for v in DETECTION_COLUMNS]
            + [f"sum({name})" for name in ITEMS]
        )
        rows = []
        if months_now or months_before:
            # The rollup by unit when the province's communes in force are all the communes
            # put under it (as on the bench), as the engine reads it; else the models' summary.
            c.execute(
                """SELECT count(*) FROM areas_area a WHERE a.level = 3 AND a.path LIKE %(path)s
                     AND (a.parent_id = %(unit)s) <> (a.id = ANY(%(communes)s))""",
                p | {"unit": unit.pk},
            )
            rollup = not c.fetchone()[0]
            source = (
                "patrols_unitincidentmonth WHERE unit_id = %(unit)s"
                if rollup
                else f"""patrols_incidentmonth WHERE commune_id = ANY(%(communes)s)
                         AND model_id NOT IN ({DEACTIVATED})"""
            )
            c.execute(
                f"""SELECT category_id, {month_now}, {", ".join(f"sum({s})" for s in summed)}
                   FROM {source} AND ({month_now} OR {month_before})
                   GROUP BY 1, 2""",
                p | {"unit": unit.pk},
            )
            rows += c.fetchall()
        if edges_now or edges_before:
            c.execute(
                f"""SELECT category_id, {day_now}, {", ".join(from_rows)}
                   FROM patrols_incident WHERE deleted_at IS NULL
                     AND commune_id = ANY(%(communes)s) AND ({day_now} OR {day_before})
                     AND model_id NOT IN ({DEACTIVATED})
                   GROUP BY 1, 2""",
                p,
            )
            rows += c.fetchall()
        categories: dict = defaultdict(lambda: (0, 0))
        by_column: dict = defaultdict(lambda: (0, 0))
        for category, now, *sums in rows:
            pairs = [(v or 0, 0) if now else (0, v or 0) for v in sums]
            categories[category] = _add(categories[category], pairs[0])
            for column, pair in zip(summed[1:], pairs[1:], strict=True):
                by_column[column] = _add(by_column[column], pair)
        # 6. Cases solved with the help of live tip-offs in scope, and their arrests.
        c.execute(
            f"""SELECT count(*) FILTER (WHERE day BETWEEN %(start)s AND %(end)s),
                 count(*) FILTER (WHERE day BETWEEN %(pstart)s AND %(pend)s),
                 sum(suspects_arrested) FILTER (WHERE day BETWEEN %(start)s AND %(end)s),
                 sum(suspects_arrested) FILTER (WHERE day BETWEEN %(pstart)s AND %(pend)s)
               FROM patrols_incident WHERE deleted_at IS NULL
                 AND commune_id = ANY(%(communes)s) AND model_id NOT IN ({DEACTIVATED})
                 AND (day BETWEEN %(start)s AND %(end)s OR day BETWEEN %(pstart)s AND %(pend)s)
                 AND id IN (SELECT solved_case_id FROM patrols_incident
                   WHERE solved_case_id IS NOT NULL AND deleted_at IS NULL
                   AND commune_id = ANY(%(communes)s) AND model_id NOT IN ({DEACTIVATED}))""",
            p,
        )
        cases, cases_before, arrested, arrested_before = c.fetchone()
        # 7. Cameras in place at both ends, working and linked at the end.
        c.execute(
            f"""SELECT k.kind, k.funding, count(*) FILTER (WHERE {IN_PLACE_END}),
                 count(*) FILTER (WHERE k.installed_on <= %(pend)s
                                  AND (k.removed_on IS NULL OR k.removed_on > %(pend)s)),
                 count(*) FILTER (WHERE {IN_PLACE_END} AND k.status = 'working'),
                 count(*) FILTER (WHERE {IN_PLACE_END} AND k.linked_to_centre)
               FROM models_registry_camera k
               JOIN models_registry_grassrootsmodel g ON g.id = k.model_id
               WHERE k.deleted_at IS NULL AND g.deleted_at IS NULL
                 AND g.commune_id IN ({IN_PROVINCE})
                 AND g.model_type_id IN (SELECT id FROM models_registry_modeltype
                                         WHERE category = 'camera')
               GROUP BY 1, 2""",
            p,
        )
        kinds: dict = defaultdict(lambda: (0, 0))
        funding: dict = defaultdict(lambda: (0, 0))
        cameras, working, linked = (0, 0), 0, 0
        for kind, fund, now, before, w, linked_now in c.fetchall():
            kinds[kind] = _add(kinds[kind], (now, before))
            funding[fund] = _add(funding[fund], (now, before))
            cameras = _add(cameras, (now, before))
            working += w
            linked += linked_now
        # 8. Commendations on their decision date, one per recipient.
        c.execute(
            f"""SELECT form, issuer, recipient_kind = ANY(%(collective)s),
                 count(*) FILTER (WHERE decision_date BETWEEN %(start)s AND %(end)s),
                 count(*) FILTER (WHERE decision_date BETWEEN %(pstart)s AND %(pend)s)
               FROM awards_award WHERE deleted_at IS NULL AND unit_id IN ({IN_PROVINCE})
                 AND (model_id IS NULL OR model_id NOT IN ({DEACTIVATED}))
                 AND decision_date BETWEEN %(pstart)s AND %(end)s
               GROUP BY 1, 2, 3""",
            p,
        )
        forms: dict = defaultdict(dict)
        issuers: dict = defaultdict(dict)
        awards = {"collective": (0, 0), "individual": (0, 0)}
        for form, issuer, collective, now, before in c.fetchall():
            kind = "collective" if collective else "individual"
            awards[kind] = _add(awards[kind], (now, before))
            forms[form][kind] = _add(forms[form].get(kind, (0, 0)), (now, before))
            issuers[issuer][kind] = _add(issuers[issuer].get(kind, (0, 0)), (now, before))

    models_total = new_total = (0, 0)
    for t in types.values():
        models_total = _add(models_total, t["models"])
        new_total = _add(new_total, t["new"])
    covered = (
        len(set().union(*(now for now, _ in places.values()))),
        len(set().union(*(before for _, before in places.values()))),
    )
    outcome = {v: by_column[c] for v, c in OUTCOME_COLUMNS.items()}
    detection = {v: by_column[c] for v, c in DETECTION_COLUMNS.items()}
    incidents = (sum(v[0] for v in categories.values()), sum(v[1] for v in categories.values()))
    headline = {
        "models": models_total,
        "new_models": new_total,
        "communes_with_models": covered,
        "members": members,
        "shifts": shifts,
        "turns": turns,
        "incidents": incidents,
        "tip_offs": detection["tip_off"],
        "camera_incidents": detection["camera"],
        "mediated": outcome["mediated"],
        "cases_solved": (cases, cases_before),
        "suspects_arrested": (arrested or 0, arrested_before or 0),
        "cameras": cameras,
        "cameras_working": (working, None),
        "cameras_linked": (linked, None),
        "awards_collective": awards["collective"],
        "awards_individual": awards["individual"],
    }
    for value in Rating.values:
        headline[f"rated_{value}"] = (sum(r[value] for r in ratings.values()), None)
    headline["not_eligible"] = (sum(r["not_eligible"] for r in ratings.values()), None)
    out = {
        "communes_in_scope": len(communes),
        "headline": headline,
        "models_by_type": {k: dict(v) for k, v in types.items()},
        "ratings": {
            k: {
                **{v: r[v] for v in Rating.values},
                "not_eligible": r["not_eligible"],
                "unrated": max(
                    r["models"] - sum(r[v] for v in Rating.values) - r["not_eligible"], 0
                ),
            }
            for k, r in ratings.items()
        },
        "members_by_role": dict(roles),
        "trend": {m.isoformat(): v for m, v in trend.items()},
        "incidents_by_category": dict(categories),
        "incidents_by_outcome": outcome,
        "incidents_by_detection": detection,
        "items": {name: by_column[name] for name in ITEMS},
        "cameras_by_kind": dict(kinds),
        "cameras_by_funding": dict(funding),
        "awards_by_form": dict(forms),
        "awards_by_issuer": dict(issuers),
        "breakdown": breakdown,
    }
    return _clean(out)


def canonical(figures) -> dict:
    """The engine's figures (``reports.statistics.Figures``) in the shape of ``best_sql``."""
    pair = lambda stat: (stat.value, stat.previous)  # noqa: E731
    roles = set(MemberRole.values)
    out = {
        "communes_in_scope": figures.communes_in_scope,
        "headline": {name: pair(stat) for name, stat in figures.headline.items()},
        "models_by_type": {
            row.key: {
                name: pair(stat)
                for name, stat in row.figures.items()
                if name in {"models", "new", "places", "members"} | roles
            }
            for row in figures.models_by_type
        },
        "ratings": {
            row.key: {name: stat.value for name, stat in row.figures.items()}
            for row in figures.ratings
        },
        "members_by_role": {row.key: pair(row["members"]) for row in figures.members_by_role},
        "trend": {
            row.key: (row["shifts"].value, row["turns"].value, row["incidents"].value)
            for row in figures.trend
        },
        "incidents_by_category": {
            row.key: pair(row["incidents"]) for row in figures.incidents_by_category
        },
        "incidents_by_outcome": {
            row.key: pair(row["incidents"]) for row in figures.incidents_by_outcome
        },
        "incidents_by_detection": {
            row.key: pair(row["incidents"]) for row in figures.incidents_by_detection
        },
        "items": {row.key: pair(row["quantity"]) for row in figures.items},
        "cameras_by_kind": {row.key: pair(row["cameras"]) for row in figures.cameras_by_kind},
        "cameras_by_funding": {row.key: pair(row["cameras"]) for row in figures.cameras_by_funding},
        "awards_by_form": {
            row.key: {name: pair(stat) for name, stat in row.figures.items()}
            for row in figures.awards_by_form
        },
        "awards_by_issuer": {
            row.key: {name: pair(stat) for name, stat in row.figures.items()}
            for row in figures.awards_by_issuer
        },
        "breakdown": {
            row.key: {
                "last_shift": row.extra.get("last_shift"),
                "incidents": row["incidents"].value,
                **{name: pair(row[name]) for name in ("models", "members", "shifts", "turns")},
            }
            for row in figures.breakdown
        },
    }
    return _clean(out)


def differences(a: dict, b: dict, path: str = "") -> list[str]:
    """Where two canonical figure sets differ (empty when equal)."""
    found = []
    for key in sorted(set(a) | set(b), key=str):
        here = f"{path}/{key}"
        x, y = a.get(key), b.get(key)
        if isinstance(x, dict) and isinstance(y, dict):
            found += differences(x, y, here)
        elif x != y:
            found.append(f"{here}: {x!r} != {y!r}")
    return found


def _add(a: tuple, b: tuple) -> tuple:
    return tuple((x or 0) + (y or 0) for x, y in zip(a, b, strict=True))


def _clean(value):
    """Zeros dropped (a figure of zero and one not listed read the same), decimals normalised,
    so that the two shapes compare equal exactly when the figures do."""
    if isinstance(value, dict):
        cleaned = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in ({}, None, 0) and not _zero(v)}
    if isinstance(value, tuple):
        return tuple(_clean(v) for v in value)
    if isinstance(value, Decimal):
        return value.normalize() if value else 0
    return value


def _zero(value) -> bool:
    return isinstance(value, tuple) and all(v in (0, None) for v in value)
