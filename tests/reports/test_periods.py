import datetime

import pytest

from reports.statistics import Period, preset_period

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
