"""The rule of comparison periods over random periods (Hypothesis): starting or ending on any
day from 2000 to 2040 (often one next to a 29/02), 1 to 1500 days long. The examples that name
the cases are in test_periods.py."""

import datetime
from collections import Counter

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reports.statistics import Comparison, Period
from reports.statistics.periods import comparison_period, shift_years

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)

# Any day, and often one next to a 29/02, where the rule has work to do.
near_leap_days = st.builds(
    lambda year, offset: D(year, 2, 29) + datetime.timedelta(days=offset),
    st.sampled_from(range(2000, 2041, 4)),
    st.integers(-2, 2),
)
starts = st.one_of(st.dates(D(2000, 1, 1), D(2040, 12, 31)), near_leap_days)
lengths = st.one_of(st.integers(1, 1500), st.sampled_from([1, 29, 365, 366, 367, 730, 731]))


@st.composite
def periods(draw) -> Period:
    """A period that starts on a drawn day, or ends the day before it (the drawn day is the
    end of its half-open range)."""
    day, length = draw(starts), draw(lengths)
    if draw(st.booleans()):
        return Period(day, day + datetime.timedelta(days=length - 1))
    return Period(day - datetime.timedelta(days=length), day - ONE_DAY)


# Pure functions: many examples cost little. No example database is kept (Hypothesis's own
# cache in .hypothesis/ is git-ignored).
checked = settings(max_examples=500, deadline=None, database=None)


def days_of(period: Period) -> list[datetime.date]:
    return [period.start + datetime.timedelta(days=i) for i in range(period.days)]


def half_open(start: datetime.date, end_exclusive: datetime.date) -> Period:
    return Period(start, end_exclusive - ONE_DAY)


@checked
@given(period=periods())
def test_the_comparison_never_overlaps_the_period(period):
    comparison = comparison_period(period)
    assert comparison.period.end < period.start
    if period.days <= 365:
        assert comparison.kind == Comparison.YEAR_EARLIER
    if comparison.kind == Comparison.YEAR_EARLIER:
        assert period.days <= 366
        # Both ends of the half-open range are the same calendar day a year earlier (29/02
        # becomes 01/03).
        for day, earlier in [
            (period.start, comparison.period.start),
            (period.end_exclusive, comparison.period.end_exclusive),
        ]:
            assert earlier.year == day.year - 1
            assert (earlier.month, earlier.day) == (
                (3, 1) if (day.month, day.day) == (2, 29) else (day.month, day.day)
            )
        assert comparison.label == f"so với cùng kỳ năm {comparison.period.end.year}"
        assert comparison.short_label == f"Cùng kỳ {comparison.period.end.year}"
    else:
        assert comparison.kind == Comparison.PRECEDING
        assert period.days >= 366
        # Just before, never overlapping, the same length: as many days, or as many whole
        # calendar months.
        assert comparison.period.end == period.start - ONE_DAY
        months = period.whole_months()
        assert comparison.period.days == period.days or (
            months is not None and comparison.period.whole_months() == months
        )
        assert comparison.label.startswith("so với ")
        assert comparison.label.endswith(" trước đó")


@settings(checked, max_examples=200)
@given(start=starts, cuts=st.sets(st.integers(1, 365), max_size=8))
def test_consecutive_yearly_periods_are_compared_with_consecutive_ones(start, cuts):
    """A year from ``start``, cut into consecutive periods at random days: their comparisons
    count every day of the year before exactly once; so does each of its days compared on its
    own; the year before is this year's comparison, and this year the next one's."""
    assume((start.month, start.day) != (2, 29))  # no twelve months start on a 29/02
    year_end = shift_years(start, 1)  # half-open
    year = half_open(start, year_end)
    year_before = half_open(shift_years(start, -1), start)
    cut_days = {start + datetime.timedelta(days=k) for k in cuts}
    bounds = [start, *sorted(day for day in cut_days if day < year_end), year_end]
    pieces = [half_open(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    assert sum(piece.days for piece in pieces) == year.days

    counted = Counter()
    for piece in pieces:
        comparison = comparison_period(piece)
        assert comparison.kind == Comparison.YEAR_EARLIER
        counted.update(days_of(comparison.period))
    assert counted == Counter(days_of(year_before))

    daily = Counter()
    for day in days_of(year):
        daily.update(days_of(comparison_period(Period(day, day)).period))
    assert daily == Counter(days_of(year_before))

    assert comparison_period(year).period == year_before
    next_year = half_open(year_end, shift_years(year_end, 1))
    assert comparison_period(next_year).period == year


@checked
@given(period=periods(), before=st.integers(0, 3000))
def test_one_model_is_compared_with_the_same_days_before_it_was_set_up(period, before):
    class Model:
        established_on = period.start - datetime.timedelta(days=before)

    comparison = comparison_period(period, Comparison.BEFORE_ESTABLISHED, Model())
    assert comparison.kind == Comparison.BEFORE_ESTABLISHED
    assert comparison.period.end == Model.established_on - ONE_DAY
    assert comparison.period.days == period.days
    assert comparison.label.endswith(" trước khi thành lập mô hình")
    assert comparison.short_label == "Trước khi thành lập"
