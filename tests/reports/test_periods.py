import datetime

import pytest

from reports.statistics import Comparison, Period, preset_period
from reports.statistics.periods import comparison_period, shift_years

D = datetime.date


@pytest.mark.parametrize(
    "preset,today,year,start,end",
    [
        ("month", D(2026, 11, 23), None, D(2026, 11, 1), D(2026, 11, 30)),
        ("month", D(2024, 2, 10), None, D(2024, 2, 1), D(2024, 2, 29)),
        ("quarter", D(2026, 11, 23), None, D(2026, 10, 1), D(2026, 12, 31)),
        ("quarter", D(2026, 2, 1), None, D(2026, 1, 1), D(2026, 3, 31)),
        ("half", D(2026, 11, 23), None, D(2026, 7, 1), D(2026, 12, 31)),
        ("half", D(2026, 3, 1), None, D(2026, 1, 1), D(2026, 6, 30)),
        ("nine_months", D(2026, 11, 23), None, D(2026, 1, 1), D(2026, 9, 30)),
        ("year", D(2026, 11, 23), None, D(2026, 1, 1), D(2026, 12, 31)),
        ("year", D(2026, 11, 23), 2023, D(2023, 1, 1), D(2023, 12, 31)),
        ("half", D(2026, 3, 1), 2025, D(2025, 7, 1), D(2025, 12, 31)),
        # Năm thống kê: 15/12 of the year before to 14/12; from 15/12 the next one runs.
        ("police_year", D(2026, 11, 23), None, D(2025, 12, 15), D(2026, 12, 14)),
        ("police_year", D(2026, 12, 14), None, D(2025, 12, 15), D(2026, 12, 14)),
        ("police_year", D(2026, 12, 15), None, D(2026, 12, 15), D(2027, 12, 14)),
        ("police_year", D(2026, 11, 23), 2024, D(2023, 12, 15), D(2024, 12, 14)),
    ],
)
def test_presets(preset, today, year, start, end):
    period = preset_period(preset, today, year)
    assert (period.start, period.end) == (start, end)


def test_comparison_periods():
    leap = Period(D(2024, 2, 1), D(2024, 2, 29))
    assert leap.year_earlier() == Period(D(2023, 2, 1), D(2023, 2, 28))
    year = Period(D(2025, 1, 1), D(2025, 12, 31))
    assert year.year_earlier() == Period(D(2024, 1, 1), D(2024, 12, 31))
    assert year.days == 365
    before = Period(D(2025, 3, 1), D(2025, 3, 10)).before(D(2025, 3, 1))
    assert before == Period(D(2025, 2, 19), D(2025, 2, 28)) and before.days == 10
    assert Period(D(2025, 11, 20), D(2026, 2, 3)).months() == [
        D(2025, 11, 1),
        D(2025, 12, 1),
        D(2026, 1, 1),
        D(2026, 2, 1),
    ]
    with pytest.raises(ValueError):
        Period(D(2025, 2, 1), D(2025, 1, 1))


def _compared(start, end, comparison=None, model=None):
    return comparison_period(Period(start, end), comparison, model)


def test_a_year_from_march_is_compared_with_the_year_before_it_including_29_february():
    # Half-open [01/03/2024, 01/03/2025) moved back a year: [01/03/2023, 01/03/2024).
    kind, previous = _compared(D(2024, 3, 1), D(2025, 2, 28))
    assert kind == Comparison.YEAR_EARLIER
    assert previous == Period(D(2023, 3, 1), D(2024, 2, 29)) and previous.days == 366
    # The twelve months before start where these end: 29/02/2024 is in exactly one of them.
    kind, before = _compared(D(2023, 3, 1), D(2024, 2, 29))
    assert kind == Comparison.YEAR_EARLIER and before == Period(D(2022, 3, 1), D(2023, 2, 28))
    assert before.end + datetime.timedelta(days=1) == previous.start


def test_29_february_moves_to_1_march():
    assert shift_years(D(2024, 2, 29), -1) == D(2023, 3, 1)
    assert shift_years(D(2024, 2, 29), 1) == D(2025, 3, 1)
    assert shift_years(D(2023, 2, 28), 1) == D(2024, 2, 28)
    # February of a leap year against February of a common one, and back.
    assert _compared(D(2024, 2, 1), D(2024, 2, 29))[1] == Period(D(2023, 2, 1), D(2023, 2, 28))
    assert _compared(D(2025, 2, 1), D(2025, 2, 28))[1] == Period(D(2024, 2, 1), D(2024, 2, 29))
    # A period ending on 29/02 ends, a year earlier, on 28/02; one starting on 29/02 starts
    # on 01/03.
    assert _compared(D(2024, 1, 1), D(2024, 2, 29))[1] == Period(D(2023, 1, 1), D(2023, 2, 28))
    assert _compared(D(2024, 2, 29), D(2024, 3, 31))[1] == Period(D(2023, 3, 1), D(2023, 3, 31))
    # So the day 28/02/2025 is compared with 28–29/02/2024, and 29/02/2024 alone with no day
    # of 2023 (an empty period): no day is lost or counted twice.
    assert _compared(D(2025, 2, 28), D(2025, 2, 28))[1] == Period(D(2024, 2, 28), D(2024, 2, 29))
    empty = _compared(D(2024, 2, 29), D(2024, 2, 29))[1]
    assert empty.days == 0 and empty.months() == [] and str(empty) == "—"
    assert empty.end < D(2024, 2, 29)


@pytest.mark.parametrize(
    "start,end,previous",
    [
        # The police statistical year: 15/12 to 14/12 (366 days when it holds a 29/02).
        (D(2024, 12, 15), D(2025, 12, 14), (D(2023, 12, 15), D(2024, 12, 14))),
        (D(2023, 12, 15), D(2024, 12, 14), (D(2022, 12, 15), D(2023, 12, 14))),
        (D(2024, 1, 1), D(2024, 12, 31), (D(2023, 1, 1), D(2023, 12, 31))),
        (D(2025, 7, 1), D(2025, 12, 31), (D(2024, 7, 1), D(2024, 12, 31))),
    ],
)
def test_periods_up_to_a_year_are_compared_with_a_year_earlier(start, end, previous):
    assert _compared(start, end) == (Comparison.YEAR_EARLIER, Period(*previous))


@pytest.mark.parametrize(
    "start,end,previous",
    [
        # Two calendar years against the two before (730 days against 731: whole years).
        (D(2023, 1, 1), D(2024, 12, 31), (D(2021, 1, 1), D(2022, 12, 31))),
        (D(2021, 1, 1), D(2023, 12, 31), (D(2018, 1, 1), D(2020, 12, 31))),
        # Eighteen months against the eighteen before.
        (D(2024, 1, 1), D(2025, 6, 30), (D(2022, 7, 1), D(2023, 12, 31))),
        # Not whole months: as many days.
        (D(2023, 1, 1), D(2024, 2, 10), (D(2021, 11, 21), D(2022, 12, 31))),
        # 366 days without a 29/02: a year earlier would overlap it by a day.
        (D(2023, 1, 1), D(2024, 1, 1), (D(2021, 12, 31), D(2022, 12, 31))),
        # Twelve months from 29/02 end on 28/02 (366 days), which a year back would overlap.
        (D(2024, 2, 29), D(2025, 2, 28), (D(2023, 2, 28), D(2024, 2, 28))),
        # Fourteen months from a 31st, a day that 30/11/2022 does not have: 425 days.
        (D(2024, 1, 31), D(2025, 3, 30), (D(2022, 12, 2), D(2024, 1, 30))),
    ],
)
def test_longer_periods_are_compared_with_the_same_length_just_before(start, end, previous):
    kind, compared = _compared(start, end)
    assert (kind, compared) == (Comparison.PRECEDING, Period(*previous))
    assert compared.end == start - datetime.timedelta(days=1)


def test_one_model_is_compared_with_the_same_length_before_it_was_set_up():
    class Model:
        established_on = D(2023, 1, 1)

    kind, previous = _compared(
        D(2023, 1, 1), D(2024, 12, 31), Comparison.BEFORE_ESTABLISHED, Model()
    )
    assert kind == Comparison.BEFORE_ESTABLISHED
    assert previous == Period(D(2020, 12, 31), D(2022, 12, 31)) and previous.days == 731
    # Without a model the rule of the period applies.
    assert _compared(D(2023, 1, 1), D(2024, 12, 31), Comparison.BEFORE_ESTABLISHED)[0] == (
        Comparison.PRECEDING
    )
