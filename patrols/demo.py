"""The demo's patrol log: every patrol team's shifts from the start of the history (or the day
after the last run's) up to yesterday, with their participants, then what happened in each
commune (``patrols.demo_incidents``), loaded by COPY; and a few months of one team's older
shifts entered from spreadsheets through the import, as an office catches up.

Patterns: teams patrol more in the coffee harvest (October–January) and around Tết; seed 000's
team in Phường Đông Gia Nghĩa keeps its pace (about 300 shifts in two years); a few teams, and
every team of two communes, stopped logging a month or two ago (``silence``). A second run
extends the log up to its own yesterday; a silent team stays silent, its last shift kept the
same number of days before the run's day (its log is extended up to that day)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from areas.base.xlsx import Sheet, workbook
from areas.demo import BAC_GIA_NGHIA, HIEP_THANH, Demo, copy_rows, reserve_ids, stable_hash
from models_registry.demo import STORY_TEAM
from models_registry.models import GrassrootsModel, Membership, ModelCategory
from patrols import demo_incidents
from patrols.imports import INCIDENT_COLUMNS, SHIFT_COLUMNS, import_shifts
from patrols.models import REBUILD_SUMMARIES_SQL, DetectedBy, Incident, Outcome, Shift

HARVEST = {10: 1.6, 11: 2.0, 12: 2.0, 1: 1.5}  # coffee harvest in the Central Highlands
TET = {1: 1.15, 2: 1.25}
# Shifts a week by type, outside the harvest.
WEEKLY = {
    "Tổ bảo vệ an ninh, trật tự ở cơ sở": 1.2,
    "Tổ An ninh nhân dân": 1.3,
    "Tổ tuần tra phòng, chống tội phạm": 2.0,
    "Tổ tuần tra phòng, chống tội phạm và bảo vệ nông sản": 1.5,
}
IMPORTED_MONTHS = (1, 2, 3)  # of the first year: kept on paper, entered from spreadsheets
SHIFT_COLUMNS_SQL = [
    "id", "created_at", "updated_at", "starts_at", "ends_at", "route", "guests_police",
    "guests_militia", "guests_other", "notes", "commune_id", "leader_id", "model_id", "turns",
]  # fmt: skip


@dataclass
class Team:
    pk: int
    name: str
    type_name: str
    commune_id: int
    commune_code: str
    established: datetime.date
    roster: list[tuple[int, str, datetime.date, datetime.date | None]] = field(default_factory=list)
    silent_days: int | None = None  # days before the run's day of its last possible shift

    def serving(self, day: datetime.date) -> list[tuple[int, str]]:
        return [
            (p, r) for p, r, on, left in self.roster if on <= day and (left is None or left >= day)
        ]


@dataclass
class ShiftRow:
    pk: int
    team: Team
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    leader: int
    people: list[int]
    guests: tuple[int, int]


def load_demo_patrols(demo: Demo) -> tuple[int, int]:
    """Extend the log up to yesterday; returns the shifts (imported ones included) and the
    incidents made."""
    end = demo.today - datetime.timedelta(days=1)
    with transaction.atomic():
        last = _last_logged_day(demo)
        first = demo.start if last is None else last + datetime.timedelta(days=1)
        if first > end:
            return 0, 0
        teams = _teams(demo)
        logged = dict(
            Shift.all_objects.filter(model_id__in=[t.pk for t in teams if t.silent_days])
            .values_list("model_id")
            .annotate(last=Max("day"))
        )
        shifts = []
        for team in teams:
            # A silent team's log goes on from its own last shift, up to its silence.
            since = first
            if team.silent_days and team.pk in logged:
                since = min(first, logged[team.pk] + datetime.timedelta(days=1))
            shifts += _team_shifts(demo, team, since, end, fresh=last is None)
        _copy_shifts(shifts)
        incidents = demo_incidents.load(demo, first, end, shifts)
        with connection.cursor() as cursor:
            # Loaded with triggers off: the monthly summaries the triggers keep, rebuilt.
            cursor.execute(REBUILD_SUMMARIES_SQL)
        imported = _import_old_sheets(demo, teams) if last is None else 0
        analyse()
        return len(shifts) + imported, incidents


def _last_logged_day(demo: Demo) -> datetime.date | None:
    """The last day of the previous run: the latest shift or incident of the demo's communes
    (a province of teams logs every day, so none is missed)."""
    shift = Shift.all_objects.filter(commune__in=demo.communes).aggregate(d=Max("day"))["d"]
    incident = Incident.all_objects.filter(commune__in=demo.communes).aggregate(d=Max("day"))["d"]
    days = [d for d in (shift, incident) if d]
    return max(days) if days else None


def _teams(demo: Demo) -> list[Team]:
    models = (
        GrassrootsModel.objects.filter(
            commune__in=demo.communes, model_type__category=ModelCategory.PATROL
        )
        .select_related("model_type", "commune")
        .order_by("commune__code", "pk")
    )
    teams = {
        m.pk: Team(m.pk, m.name, m.model_type.name, m.commune_id, m.commune.code, m.established_on)
        for m in models
    }
    rows = Membership.objects.filter(model_id__in=teams).order_by("joined_on", "pk")
    for model_id, person, role, on, left in rows.values_list(
        "model_id", "person_id", "role", "joined_on", "left_on"
    ):
        teams[model_id].roster.append((person, role, on, left))
    _silence(demo, list(teams.values()))
    return list(teams.values())


def _silence(demo: Demo, teams: list[Team]) -> None:
    """Every team of the silent communes, one team of Phường Bắc Gia Nghĩa and two others
    stopped logging 35 to 80 days before the run's day (completeness's 30-day window)."""
    silent_codes = {c.code for c in demo.silent_communes}
    ordinary = [
        t
        for t in teams
        if t.commune_code not in silent_codes and not demo.is_special_code(t.commune_code)
    ]
    ordinary.sort(key=lambda t: stable_hash("silent team", t.commune_code, t.name))
    chosen = ordinary[:2]
    chosen += [
        t for t in teams if t.commune_code == BAC_GIA_NGHIA and t.type_name == "Tổ An ninh nhân dân"
    ][-1:]
    chosen += [t for t in teams if t.commune_code in silent_codes]
    for team in chosen:
        team.silent_days = 35 + stable_hash("silence", team.commune_code, team.name) % 46


def _weekly(team: Team, day: datetime.date) -> float:
    rate = WEEKLY[team.type_name]
    if team.name == STORY_TEAM:
        rate = 2.2  # seed 000: "gần 300 ca tuần tra với 1684 lượt thành viên" in two years
    if team.type_name.endswith("bảo vệ nông sản") or team.name == STORY_TEAM:
        rate *= HARVEST.get(day.month, 1.0)
    return rate * TET.get(day.month, 1.0)


def _team_shifts(demo, team: Team, first, end, *, fresh: bool) -> list[ShiftRow]:
    rng = random.Random(stable_hash("shifts", team.commune_code, team.name, first))
    tz = timezone.get_current_timezone()
    last = end
    if team.silent_days is not None:
        last = min(end, demo.today - datetime.timedelta(days=team.silent_days))
    imported = fresh and team.commune_code == HIEP_THANH and team.type_name == "Tổ An ninh nhân dân"
    growth = 0.03  # a little more patrolling each year
    rows, day = [], max(first, team.established)
    now = timezone.now() - datetime.timedelta(minutes=1)
    big = len({p for p, _r, _o, _l in team.roster}) >= 10
    while day <= last:
        years = (day - demo.start).days / 365
        chance = _weekly(team, day) * demo.size.shift_scale * (1 + growth * years) / 7
        skip = imported and day.year == demo.start.year and day.month in IMPORTED_MONTHS
        serving = team.serving(day)
        if not skip and len(serving) >= 2 and rng.random() < min(chance, 0.9):
            hour = rng.choice([19, 19, 20, 20, 21, 22 if big else 21])
            start = datetime.datetime.combine(day, datetime.time(hour, rng.choice([0, 0, 30])), tz)
            hours = rng.choice([3, 4, 4, 5]) + (1 if team.type_name.endswith("nông sản") else 0)
            ends = min(start + datetime.timedelta(hours=hours), now)
            leaders = [p for p, r in serving if r == "leader"] or [
                p for p, r in serving if r == "deputy"
            ]
            leader = leaders[0] if leaders else serving[0][0]
            others = [p for p, _r in serving if p != leader]
            wanted = rng.randint(3, 7) if big else rng.randint(2, 6)
            people = [leader, *rng.sample(others, k=min(len(others), wanted))]
            guests = (rng.choice([0, 1, 1, 2]), rng.choice([0, 0, 1, 2]))
            rows.append(ShiftRow(0, team, start, ends, leader, people, guests))
        day += datetime.timedelta(days=1)
    return rows


def _copy_shifts(rows: list[ShiftRow]) -> None:
    """The shifts with their turns counted and their participants with the shift's time (the
    monthly summaries are rebuilt once the incidents are in)."""
    for row, pk in zip(rows, reserve_ids("patrols_shift", len(rows)), strict=True):
        row.pk = pk
    copy_rows(
        "patrols_shift",
        SHIFT_COLUMNS_SQL,
        (
            (r.pk, r.ends_at, r.ends_at, r.starts_at, r.ends_at, "", r.guests[0], r.guests[1], 0, "",
             r.team.commune_id, r.leader, r.team.pk, len(r.people))
            for r in rows
        ),
    )  # fmt: skip
    # Each turn with its shift's time, as the trigger writes it: the database holds "nobody on
    # two shifts at once" on it (the exclusion constraint participant_no_overlap).
    copy_rows(
        "patrols_shiftparticipant",
        ["shift_id", "person_id", "during"],
        (
            (r.pk, person, f"[{r.starts_at.isoformat()},{r.ends_at.isoformat()})")
            for r in rows
            for person in r.people
        ),
    )


def _import_old_sheets(demo: Demo, teams: list[Team]) -> int:
    """One workbook a month for the first months of Hiệp Thạnh's first Tổ An ninh nhân dân,
    imported by its officer through the import (every rule of the entry page)."""
    team = next(
        (t for t in teams if t.commune_code == HIEP_THANH and t.type_name == "Tổ An ninh nhân dân"),
        None,
    )
    officer = User.objects.filter(username="hiepthanh").first()
    if team is None or officer is None or team.established > demo.start:
        return 0
    model = GrassrootsModel.objects.get(pk=team.pk)
    names = dict(model.memberships.values_list("person_id", "person__full_name"))
    rng = random.Random(stable_hash("import", team.name))
    saved = 0
    for month in IMPORTED_MONTHS:
        shift_rows, incident_rows = [], []
        day = datetime.date(demo.start.year, month, 1)
        while day.month == month:
            serving = team.serving(day)
            if len(serving) >= 3 and rng.random() < 0.22:
                number = len(shift_rows) + 1
                crew = rng.sample([p for p, _r in serving], k=min(len(serving), rng.randint(3, 5)))
                shift_rows.append(
                    [number, day.strftime("%d/%m/%Y"), "20:00", "23:30", model.name,
                     "; ".join(names[p] for p in crew), rng.choice([0, 1]), 0, 0, ""]
                )  # fmt: skip
                if rng.random() < 0.3:
                    incident_rows.append(_sheet_incident(rng, number))
            day += datetime.timedelta(days=1)
        result = import_shifts(
            user=officer, content=_workbook(shift_rows, incident_rows), commit=True
        )
        if not result.saved:
            problems = [e for r in result.rows for e in r.errors] + result.file_errors
            raise RuntimeError(
                f"The demo's spreadsheet of {month:02d}/{demo.start.year} was refused: {problems}"
            )
        saved += len(shift_rows)
    return saved


def _sheet_incident(rng: random.Random, number: int) -> list:
    category, outcome = rng.choice(
        [
            ("Trộm cắp nông sản", Outcome.HANDED_TO_POLICE),
            ("Đua xe, nẹt bô, lạng lách, đánh võng", Outcome.COMMITMENT),
            ("Tranh chấp, mâu thuẫn, xích mích gia đình", Outcome.MEDIATED),
        ]
    )
    return [
        number,
        "21:15",
        category,
        "",
        str(DetectedBy.PATROL.label),
        str(outcome.label),
        rng.randint(1, 3),
        "",
        0,
        "",
    ]


def _workbook(shift_rows: list[list], incident_rows: list[list]) -> bytes:
    """The workbook an officer would fill from the import's template, made by the one writer."""
    return workbook(
        [
            Sheet("Ca tuần tra", SHIFT_COLUMNS, shift_rows),
            Sheet("Vụ việc", INCIDENT_COLUMNS, incident_rows),
        ]
    )


def analyse() -> None:
    """Fresh statistics for the planner after a bulk load."""
    with connection.cursor() as cursor:
        for table in ("patrols_shift", "patrols_shiftparticipant", "patrols_incident"):
            cursor.execute(f"ANALYZE {table}")
