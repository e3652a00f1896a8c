"""The load part's data: the officers with their API tokens and the province staff, and the
shifts planned in advance so that every post is valid (nobody on two shifts at once)."""

from __future__ import annotations

import datetime
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection

from reports.bench import LAST_YEAR, PASSWORD, log

DASHBOARD = f"/?preset=year&year={LAST_YEAR}"
# Two shifts a day that never overlap: 06:00–10:00 and 18:00–22:00, local time.
SLOT_HOURS = (6, 18)
SLOT_LENGTH = datetime.timedelta(hours=4)
OUTCOMES = ("handed_to_police", "settled", "commitment", "returned")


@dataclass
class Team:
    pk: int
    commune: int
    members: list[int]
    next_slot: int = 0


@dataclass
class ShiftPlanner:
    """Valid shifts, planned in advance: ``next_shift(commune)`` gives the next one of one of
    that commune's teams (in turn), at the team's next free slot, with 2–4 of its members not
    on another planned shift in that slot and 0–2 incidents within it."""

    teams: list[Team]
    first_day: datetime.date
    categories: list[int]
    now: datetime.datetime
    seed: int = 2026
    busy: set[tuple[int, int]] = field(default_factory=set)  # (person, slot)

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.by_commune: dict[int, list[Team]] = {}
        for team in self.teams:
            self.by_commune.setdefault(team.commune, []).append(team)
        self.turn = Counter()

    def slot_times(self, slot: int) -> tuple[datetime.datetime, datetime.datetime]:
        from django.utils import timezone

        day = self.first_day + datetime.timedelta(days=slot // len(SLOT_HOURS))
        start = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(SLOT_HOURS[slot % len(SLOT_HOURS)])),
            timezone.get_current_timezone(),
        )
        return start, start + SLOT_LENGTH

    def next_shift(self, commune: int) -> dict:
        teams = self.by_commune[commune]
        team = teams[self.turn[commune] % len(teams)]
        self.turn[commune] += 1
        size = self.rng.randint(2, min(4, len(team.members)))
        while True:
            slot = team.next_slot
            team.next_slot += 1
            free = [p for p in team.members if (p, slot) not in self.busy]
            if len(free) >= size:
                break
        people = self.rng.sample(free, size)
        self.busy.update((p, slot) for p in people)
        starts, ends = self.slot_times(slot)
        if ends > self.now:
            raise RuntimeError(f"the plan reached {ends:%Y-%m-%d %H:%M}: no room before now")
        incidents = [
            {
                "occurred_at": (starts + datetime.timedelta(minutes=30 + 60 * n)).isoformat(),
                "category": self.rng.choice(self.categories),
                "detected_by": "patrol",
                "outcome": self.rng.choice(OUTCOMES),
                "persons_involved": self.rng.randint(1, 3),
                "description": "Phát hiện trong ca tuần tra (thử tải).",
            }
            for n in range(self.rng.randint(0, 2))
        ]
        return {
            "model": team.pk,
            "starts_at": starts.isoformat(),
            "ends_at": ends.isoformat(),
            "participants": people,
            "leader": people[0],
            "guests_police": self.rng.randint(0, 1),
            "route": "Các trục đường chính của xã",
            "incidents": incidents,
            "submission_key": str(uuid.uuid4()),
        }


# --- The figures -------------------------------------------------------------------------------


@dataclass
class Setup:
    planner: ShiftPlanner
    officers: list[tuple[int, str]]  # commune, token
    staff: list[str]  # usernames (password: reports.bench.PASSWORD)
    data: dict
    queries: dict = field(default_factory=dict)


def prepare(code: str, *, officers: int, staff: int) -> Setup:
    """The officers (with tokens) and province staff of the load, and the shift planner, in
    the copy; and the queries of one shift post and one dashboard through the test client."""
    from django.contrib.auth.hashers import make_password
    from django.db.models import Max, Q
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from accounts.roles import Role
    from areas.models import Area
    from models_registry.models import GrassrootsModel, Membership, ModelCategory
    from patrols.models import IncidentCategory, Shift

    unit = Area.objects.get(code=code, level=1)
    last_end = Shift.objects.filter(commune__parent=unit).aggregate(end=Max("ends_at"))["end"]
    first_day = (
        timezone.localtime(last_end).date() + datetime.timedelta(days=1)
        if last_end
        else timezone.localdate() - datetime.timedelta(days=90)  # a province without shifts
    )
    horizon = first_day + datetime.timedelta(days=60)  # far beyond what the steps need
    teams = {
        pk: Team(pk, commune, [])
        for pk, commune in GrassrootsModel.objects.filter(
            commune__parent=unit, model_type__category=ModelCategory.PATROL
        )
        .filter(established_on__lt=first_day)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=horizon))
        .values_list("pk", "commune_id")
        .order_by("pk")
    }
    for model, person in (
        Membership.objects.filter(model__in=list(teams), joined_on__lt=first_day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=horizon))
        .filter(person__deleted_at__isnull=True)
        .values_list("model_id", "person_id")
        .order_by("model_id", "person_id")
        .distinct()
    ):
        teams[model].members.append(person)
    teams = {pk: team for pk, team in teams.items() if len(team.members) >= 2}
    communes = sorted({team.commune for team in teams.values()})
    if not communes:
        raise RuntimeError(f"province {code} has no patrol team with two members to post for")
    categories = list(
        IncidentCategory.objects.filter(is_active=True)
        .exclude(code="tip_off")
        .values_list("pk", flat=True)
    )
    planner = ShiftPlanner(list(teams.values()), first_day, categories, timezone.now())

    User.objects.filter(username__startswith="load_").delete()
    people = []
    for n in range(officers):
        user = User(
            username=f"load_officer_{n:03d}",
            first_name=f"Cán bộ {n:03d}",
            role=Role.COMMUNE_OFFICER,
            scope_unit_id=communes[n % len(communes)],
        )
        user.set_unusable_password()
        user.save()
        people.append((user.scope_unit_id, Token.objects.create(user=user).key))
    password = make_password(PASSWORD)
    names = []
    for n in range(staff):
        user = User(
            username=f"load_staff_{n:02d}",
            first_name=f"Cán bộ tỉnh {n:02d}",
            role=Role.PROVINCE_STAFF,
            scope_unit=unit,
            password=password,
        )
        user.save()
        names.append(user.username)
    data = {
        "province": code,
        "communes": Area.objects.filter(parent=unit).count(),
        "patrol_teams": len(teams),
        "shifts": Shift.objects.filter(commune__parent=unit).count(),
        "officers": officers,
        "plan_from": first_day.isoformat(),
    }
    setup = Setup(planner, people, names, data)
    setup.queries = _queries(setup)
    log(
        f"  {code}: {data['communes']} communes, {data['patrol_teams']} patrol teams, "
        f"{data['shifts']} shifts; {officers} officers with tokens, {staff} province staff; "
        f"shifts planned from {first_day}"
    )
    return setup


def _queries(setup: Setup) -> dict:
    """The SQL queries of one shift post and of one dashboard, through the test client."""
    from django.db import reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    commune, token = setup.officers[0]
    for _warm_up_first in range(2):
        shift = setup.planner.next_shift(commune)
        reset_queries()  # a full log (DEBUG keeps the last 9,000) would count nothing
        with CaptureQueriesContext(connection) as post:
            response = Client().post(
                "/api/shifts/",
                shift,
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Token {token}",
            )
        assert response.status_code == 201, response.content[:500]
    entry = len(post.captured_queries)  # read now: the list is a slice of the log, reset below
    client = Client()
    client.force_login(User.objects.get(username=setup.staff[0]))
    client.get(DASHBOARD)  # warm up
    reset_queries()
    with CaptureQueriesContext(connection) as page:
        response = client.get(DASHBOARD)
    assert response.status_code == 200, response.status_code
    return {"entry": entry, "dashboard": len(page.captured_queries)}
