"""Reporting periods (kỳ báo cáo): presets the committee reports on, and the one rule of
comparison periods (so với …).

A period is a closed range of calendar days [start, end] in Viet Nam's time zone, that is the
half-open range [start, end + 1 day). Shifts count on the day they start and incidents on the
day they occurred (``day`` columns).

What a period is compared with (``comparison_period``, which returns a ``Comparison``):

- a period of up to a year (at most 366 days, and not reaching into itself when moved back a
  year) is compared with its half-open range moved back one calendar year, the start and the
  end each on its own; a date that does not exist a year earlier (29/02) moves to the day
  after 28/02, 01/03. So 01/03/2024–28/02/2025 is compared with 01/03/2023–29/02/2024, and
  consecutive periods are compared with consecutive periods: every day of a year is counted
  in exactly one comparison of the year after (``so với cùng kỳ năm 2024``, named by the year
  of the comparison's last day);
- a longer period is compared with the range of the same length just before it, ending the
  day before it starts: as many calendar months (years) when the period is whole months,
  otherwise as many days (``so với 02 năm trước đó``);
- one model asked to compare with the time before it was set up is compared with the same
  number of days before its establishment (``so với 10 tháng trước khi thành lập mô hình``).

A ``Comparison`` carries its kind, its period and the label every page, export, the API and the
review report print (``label``, and ``short_label`` for a column header); the labels are
worded in the active language (the review report builds in Vietnamese).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

ONE_DAY = datetime.timedelta(days=1)


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
    """The same calendar day ``years`` earlier or later; 29/02 in a year without one is 01/03,
    the day after 28/02. Applied to both ends of a half-open range, it loses no day: the range
    that ends at 29/02/2024 (exclusive) ends at 01/03/2023, so 28/02/2023 is in it and the
    next range starts on 01/03/2023."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29/02 in a common year
        return datetime.date(day.year + years, 3, 1)


def months_later(day: datetime.date, months: int) -> datetime.date | None:
    """The same day of the month ``months`` later (earlier when negative); None when that
    month has no such day."""
    index = day.year * 12 + day.month - 1 + months
    try:
        return day.replace(year=index // 12, month=index % 12 + 1)
    except ValueError:
        return None


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Period:
    """A closed range of days [start, end], i.e. the half-open range [start, end + 1 day).

    Only a comparison period can be empty (``end`` the day before ``start``): the single day
    29/02 compared with a year that has none."""

    start: datetime.date
    end: datetime.date
    preset: str = Preset.CUSTOM

    def __post_init__(self):
        if self.end < self.start - ONE_DAY:
            raise ValueError("A period ends on or after its start.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def end_exclusive(self) -> datetime.date:
        """The first day after the period: the end of its half-open range."""
        return self.end + ONE_DAY

    def whole_months(self) -> int | None:
        """How many calendar months the period is when it runs from a day of a month to the
        day before the same day of a later month (01/01/2023–31/12/2024: 24); else None."""
        start, end = self.start, self.end_exclusive
        months = (end.year - start.year) * 12 + end.month - start.month
        return months if months > 0 and end.day == start.day else None

    def year_earlier(self) -> Period:
        """The half-open range moved back one calendar year, its start and its end each on
        their own (29/02 becomes 01/03): so với cùng kỳ."""
        return Period(
            shift_years(self.start, -1),
            shift_years(self.end_exclusive, -1) - ONE_DAY,
            self.preset,
        )

    def preceding(self) -> Period:
        """The range of the same length that ends the day before the period starts: as many
        calendar months when the period is whole months (two years before two years), else as
        many days."""
        months = self.whole_months()
        start = months_later(self.start, -months) if months else None
        if start is None:
            return self.before(self.start)
        return Period(start, self.start - ONE_DAY)

    def before(self, day: datetime.date) -> Period:
        """The period of the same number of days that ends the day before ``day`` (before a
        model was established, for a model's review)."""
        end = day - ONE_DAY
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
        if not self.days:
            return "—"
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


def length_text(period: Period) -> str:
    """The length of a period as Vietnamese reports say it: whole years ("02 năm"), whole
    months ("18 tháng"), otherwise days ("400 ngày"); numbers below ten zero-padded in
    Vietnamese (the catalogue's "%(count)02d")."""
    months = period.whole_months()
    if months and months % 12 == 0:
        count = months // 12
        return ngettext("%(count)d year", "%(count)d years", count) % {"count": count}
    if months:
        return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
    days = period.days
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


@dataclass(frozen=True)
class Comparison:
    """What a period is compared with (so với …): its kind, its period, and the label every
    page, export, the API and the review report print. Made by ``comparison_period``.

    ``label`` is the phrase that follows a figure ("so với cùng kỳ năm 2024"), ``short_label``
    a column header ("Cùng kỳ 2024"); both in the active language."""

    YEAR_EARLIER = "year_earlier"  # up to a year: the same range a calendar year earlier
    PRECEDING = "preceding"  # longer: the same length just before
    BEFORE_ESTABLISHED = "before_established"  # one model: the same length before set-up

    kind: str
    period: Period  # the comparison period (kỳ so sánh)
    compared: Period  # the period compared with it

    @property
    def year(self) -> int:
        """The year a yearly comparison is named by: that of its last day (15/12/2023 –
        14/12/2024 is "cùng kỳ năm 2024")."""
        return self.period.end.year

    @property
    def length(self) -> str:
        """ "02 năm", "18 tháng", "400 ngày": the length of the period compared."""
        return length_text(self.compared)

    @property
    def label(self) -> str:
        if self.kind == self.YEAR_EARLIER:
            return gettext("compared with the same period of %(year)s") % {"year": self.year}
        if self.kind == self.PRECEDING:
            return gettext("compared with the preceding %(length)s") % {"length": self.length}
        return gettext("compared with the %(length)s before the model was set up") % {
            "length": self.length
        }

    @property
    def short_label(self) -> str:
        if self.kind == self.YEAR_EARLIER:
            return gettext("Same period %(year)s") % {"year": self.year}
        if self.kind == self.PRECEDING:
            return gettext("Preceding %(length)s") % {"length": self.length}
        return gettext("Before set-up")

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "start": self.period.start,
            "end": self.period.end,
            "label": self.label,
            "short_label": self.short_label,
        }

    def __str__(self) -> str:
        return self.label


def comparison_period(period: Period, comparison: str | None = None, model=None) -> Comparison:
    """What ``period`` is compared with: for one model asked to compare with the time before
    it was set up (``Comparison.BEFORE_ESTABLISHED``), the same number of days before its
    establishment; otherwise the same range a calendar year earlier when that ends before the
    period starts (up to a year long), else the range of the same length just before."""
    if comparison == Comparison.BEFORE_ESTABLISHED and model is not None:
        # Before the model was set up — and before the period, when it starts earlier: the
        # two never overlap.
        day = min(model.established_on, period.start)
        return Comparison(comparison, period.before(day), period)
    earlier = period.year_earlier()
    if earlier.end < period.start:
        return Comparison(Comparison.YEAR_EARLIER, earlier, period)
    return Comparison(Comparison.PRECEDING, period.preceding(), period)
