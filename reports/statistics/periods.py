"""Reporting periods (kỳ báo cáo): presets the committee reports on, and the comparison period.

A period is a closed range of calendar days [start, end] in Viet Nam's time zone. Shifts
count on the day they start and incidents on the day they occurred (``day`` columns).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Preset:
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    NINE_MONTHS = "nine_months"
    YEAR = "year"
    POLICE_YEAR = "police_year"
    CUSTOM = "custom"

    choices = [
        (MONTH, _("This month")),
        (QUARTER, _("This quarter")),
        (HALF, _("6 months")),
        (NINE_MONTHS, _("9 months")),
        (YEAR, pgettext_lazy("period", "Year")),
        (POLICE_YEAR, _("Police statistical year (15/12–14/12)")),
        (CUSTOM, _("Custom")),
    ]


def shift_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` earlier or later (29/02 becomes 28/02)."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    preset: str = Preset.CUSTOM

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("A period ends on or after its start.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def year_earlier(self) -> Period:
        """The same period a year earlier (so với cùng kỳ)."""
        return Period(shift_years(self.start, -1), shift_years(self.end, -1), self.preset)

    def before(self, day: datetime.date) -> Period:
        """The period of the same length that ends the day before ``day`` (before a model was
        established, for a model's review)."""
        end = day - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end)

    def months(self) -> list[datetime.date]:
        """First days of the calendar months the period touches."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = month_end(month) + datetime.timedelta(days=1)
        return months

    def split(self) -> tuple[tuple[datetime.date, datetime.date] | None, list[tuple]]:
        """The whole calendar months inside the period (first days of the first and last
        one), and the day ranges at its edges that are not whole months."""
        first = (
            self.start
            if self.start.day == 1
            else month_end(self.start) + datetime.timedelta(days=1)
        )
        last = (
            self.end.replace(day=1)
            if self.end == month_end(self.end)
            else (self.end.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        )
        if first > last:
            return None, [(self.start, self.end)]
        edges = []
        if self.start < first:
            edges.append((self.start, first - datetime.timedelta(days=1)))
        if self.end > month_end(last):
            edges.append((month_end(last) + datetime.timedelta(days=1), self.end))
        return (first, last), edges

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return "{} – {}".format(
            formats.date_format(self.start, "SHORT_DATE_FORMAT"),
            formats.date_format(self.end, "SHORT_DATE_FORMAT"),
        )


def preset_period(preset: str, today: datetime.date, year: int | None = None) -> Period:
    """The preset period that holds ``today`` (or the same period in ``year``)."""
    if preset == Preset.POLICE_YEAR:
        # Năm thống kê của ngành Công an: 15/12 of the year before to 14/12.
        stat_year = year or (today.year + 1 if (today.month, today.day) >= (12, 15) else today.year)
        return Period(
            datetime.date(stat_year - 1, 12, 15), datetime.date(stat_year, 12, 14), preset
        )
    if year is not None and year != today.year:
        # Another year: its last month, quarter or half stands for "this" one.
        today = datetime.date(year, 12, 31)
    y = today.year
    if preset == Preset.MONTH:
        start = today.replace(day=1)
        return Period(start, month_end(start), preset)
    if preset == Preset.QUARTER:
        first = 3 * ((today.month - 1) // 3) + 1
        start = datetime.date(y, first, 1)
        return Period(start, month_end(datetime.date(y, first + 2, 1)), preset)
    if preset == Preset.HALF:
        if today.month <= 6:
            return Period(datetime.date(y, 1, 1), datetime.date(y, 6, 30), preset)
        return Period(datetime.date(y, 7, 1), datetime.date(y, 12, 31), preset)
    if preset == Preset.NINE_MONTHS:
        return Period(datetime.date(y, 1, 1), datetime.date(y, 9, 30), preset)
    if preset == Preset.YEAR:
        return Period(datetime.date(y, 1, 1), datetime.date(y, 12, 31), preset)
    raise ValueError(f"Unknown preset {preset!r}")


class Comparison:
    """What a period is compared with (so với …): the one rule of comparison periods."""

    YEAR_EARLIER = "year_earlier"
    BEFORE_ESTABLISHED = "before_established"


def comparison_period(period: Period, comparison: str | None, model=None) -> tuple[str, Period]:
    """The comparison kind that applies and its period: for one model asked to compare with
    the time before it was set up, the same length before its establishment; otherwise the
    same period a year earlier (so với cùng kỳ)."""
    if comparison == Comparison.BEFORE_ESTABLISHED and model is not None:
        return comparison, period.before(model.established_on)
    return Comparison.YEAR_EARLIER, period.year_earlier()
