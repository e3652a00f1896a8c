"""The rules of the yearly rating (xếp loại hằng năm) that a model type chooses: its scale
and its rating year. Plain values and dates, no tables, so the model types and the ratings
both read them."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# A team set up less than this many months before the end of a statutory rating year is not
# rated that year (Luật Lực lượng tham gia bảo vệ ANTT ở cơ sở 2023 and its circulars).
NINE_MONTHS = 9


class RatingScale(models.TextChoices):
    GRADE = "grade", _("Good / Average / Weak")
    DUTY = "duty", _("Completed well / Completed / Not completed")


class Rating(models.TextChoices):
    GOOD = "good", _("Good")
    AVERAGE = "average", _("Average")
    WEAK = "weak", _("Weak")
    DONE_WELL = "done_well", _("Completed the tasks well")
    DONE = "done", _("Completed the tasks")
    NOT_DONE = "not_done", _("Did not complete the tasks")


#: The values of each scale, best first.
SCALE_VALUES: dict[str, list[str]] = {
    RatingScale.GRADE: [Rating.GOOD, Rating.AVERAGE, Rating.WEAK],
    RatingScale.DUTY: [Rating.DONE_WELL, Rating.DONE, Rating.NOT_DONE],
}


def scale_choices(scale: str) -> list[tuple[str, str]]:
    labels = dict(Rating.choices)
    return [(value, labels[value]) for value in SCALE_VALUES[scale]]


class RatingYear(models.TextChoices):
    CALENDAR = "calendar", _("Calendar year")
    STATUTORY = "nov15", _("15/11 of the year before to 14/11, nine months of activity")


class RatingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed by the commune")
    APPROVED = "approved", _("Approved by the province")


def _months_before(day: datetime.date, months: int) -> datetime.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def rating_period(kind: str, year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of rating year ``year`` (named by the year it ends in)."""
    if kind == RatingYear.STATUTORY:
        return datetime.date(year - 1, 11, 15), datetime.date(year, 11, 14)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def rating_year_of(kind: str, day: datetime.date) -> int:
    """The rating year ``day`` falls in."""
    if kind == RatingYear.STATUTORY and day >= datetime.date(day.year, 11, 15):
        return day.year + 1
    return day.year


def rating_year_label(kind: str, year: int) -> str:
    """ "năm 2026 (15/11/2025 – 14/11/2026)" for a statutory year, "năm 2026" otherwise."""
    if kind == RatingYear.STATUTORY:
        start, end = rating_period(kind, year)
        return str(_("year %(year)s (%(start)s – %(end)s)")) % {
            "year": year,
            "start": f"{start:%d/%m/%Y}",
            "end": f"{end:%d/%m/%Y}",
        }
    return str(_("year %(year)s")) % {"year": year}


def last_established_to_rate(kind: str, year: int) -> datetime.date:
    """The last day a model may have been set up on to be rated in ``year``: nine months
    before the end of a statutory rating year (14/02 for 14/11), the year's end otherwise."""
    _start, end = rating_period(kind, year)
    if kind == RatingYear.STATUTORY:
        return _months_before(end, NINE_MONTHS)
    return end


def is_eligible(kind: str, year: int, established_on: datetime.date) -> bool:
    """Whether a model set up on ``established_on`` is rated in ``year``."""
    return established_on <= last_established_to_rate(kind, year)
