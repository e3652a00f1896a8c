"""The statutory teams' yearly rating page (xếp loại Tổ bảo vệ ANTT ở cơ sở): for a commune
and a rating year (15/11 of the year before to 14/11), each statutory team with its figures
over that year — shifts, participant turns, incidents, computed by the one statistics engine
— a proposed rating from the rule below, and its rating record: the commune confirms, the
province approves (or reopens). The record and its rules are the registry's
(``models_registry.services``); the page needs the engine too, so it lives here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from models_registry.models import GrassrootsModel, ModelRating, Rating, RatingYear
from models_registry.models.rating_rules import (
    SCALE_VALUES,
    is_eligible,
    last_established_to_rate,
    rating_period,
    rating_year_label,
)
from reports.statistics import Period, Scope, compute

# The proposal rule, stated on the page: the figures a month of activity in the rating year.
WELL_SHIFTS_A_MONTH = 4  # about one shift a week
WELL_TURNS_A_SHIFT = 3  # a shift of at least three members on average
DONE_SHIFTS_A_MONTH = 2  # about one shift a fortnight
RULE = _(
    "Proposed rating: “Completed the tasks well” with at least %(well)s shifts a month of "
    "activity, %(turns)s participant turns a shift on average and at least one incident "
    "detected or handled in the year; “Completed the tasks” with at least %(done)s shifts a "
    "month of activity; otherwise “Did not complete the tasks”. A team set up after "
    "%(cutoff)s (less than nine months before the end of the rating year) is not rated."
)


@dataclass
class TeamRating:
    """One statutory team on the rating page."""

    model: GrassrootsModel
    shifts: int
    turns: int
    incidents: int
    months: float  # months of activity in the rating year
    eligible: bool
    proposed: str | None
    record: ModelRating | None

    @property
    def proposed_label(self) -> str:
        return Rating(self.proposed).label if self.proposed else ""


def active_months(model: GrassrootsModel, start: datetime.date, end: datetime.date) -> float:
    """Months (of 30.44 days) the model was in service in [start, end], up to today."""
    first = max(start, model.established_on)
    last = min(end, timezone.localdate())
    if model.dissolved_on:
        last = min(last, model.dissolved_on)
    days = (last - first).days + 1
    return round(max(days, 0) / 30.44, 1)


def propose(*, shifts: int, turns: int, incidents: int, months: float, scale: str) -> str:
    """The rating the figures suggest (the rule in ``RULE``), on ``scale`` (the same three
    steps on the Tốt / Trung bình / Yếu scale)."""
    best, middle, worst = SCALE_VALUES[scale]
    if months <= 0:
        return worst
    per_month = shifts / months
    per_shift = turns / shifts if shifts else 0
    if per_month >= WELL_SHIFTS_A_MONTH and per_shift >= WELL_TURNS_A_SHIFT and incidents:
        return best
    if per_month >= DONE_SHIFTS_A_MONTH:
        return middle
    return worst


def rule_text(year: int) -> str:
    cutoff = last_established_to_rate(RatingYear.STATUTORY, year)
    return str(RULE) % {
        "well": WELL_SHIFTS_A_MONTH,
        "turns": WELL_TURNS_A_SHIFT,
        "done": DONE_SHIFTS_A_MONTH,
        "cutoff": f"{cutoff:%d/%m/%Y}",
    }


def rated_teams(user, commune, year: int, only: GrassrootsModel | None = None) -> list[TeamRating]:
    """The commune's statutory teams in service during rating year ``year`` (or ``only``
    that model, over its type's rating year), each with its figures — one computation of the
    engine over the rating year, whatever the number of teams —, the proposal and its
    rating record."""
    kind = only.model_type.rating_year if only is not None else RatingYear.STATUTORY
    start, end = rating_period(kind, year)
    if only is not None:
        teams = [only]
    else:
        teams = list(
            GrassrootsModel.objects.for_user(user)
            .filter(commune=commune, model_type__rating_year=RatingYear.STATUTORY)
            .filter(established_on__lte=end)
            .exclude(dissolved_on__lt=start)
            .select_related("model_type")
            .order_by("sort_name", "pk")
        )
    if not teams:
        return []
    figures = compute(user, Scope(unit=commune), Period(start, end))
    by_model = {row.key: row for row in figures.breakdown}
    records = {
        r.model_id: r
        for r in ModelRating.objects.for_user(user)
        .filter(model__in=teams, year=year)
        .select_related("approved_by")
    }
    result = []
    for team in teams:
        row = by_model.get(team.pk)
        shifts = row["shifts"].value if row else 0
        turns = row["turns"].value if row else 0
        incidents = row["incidents"].value if row else 0
        months = active_months(team, start, end)
        eligible = is_eligible(kind, year, team.established_on)
        proposed = None
        if eligible:
            proposed = propose(
                shifts=shifts,
                turns=turns,
                incidents=incidents,
                months=months,
                scale=team.model_type.rating_scale,
            )
        result.append(
            TeamRating(
                model=team,
                shifts=shifts,
                turns=turns,
                incidents=incidents,
                months=months,
                eligible=eligible,
                proposed=proposed,
                record=records.get(team.pk),
            )
        )
    return result


def year_choices(today: datetime.date) -> list[tuple[int, str]]:
    """The rating years offered: this one and the five before, newest first."""
    return [
        (year, rating_year_label(RatingYear.STATUTORY, year))
        for year in range(today.year, today.year - 6, -1)
    ]
