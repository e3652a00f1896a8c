import datetime

import pytest
from django.utils import translation

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
    comparison = _compared(D(2024, 3, 1), D(2025, 2, 28))
    assert comparison.kind == Comparison.YEAR_EARLIER
    previous = comparison.period
    assert previous == Period(D(2023, 3, 1), D(2024, 2, 29)) and previous.days == 366
    assert (comparison.label, comparison.short_label) == ("so với cùng kỳ năm 2024", "Cùng kỳ 2024")
    # The twelve months before start where these end: 29/02/2024 is in exactly one of them.
    before = _compared(D(2023, 3, 1), D(2024, 2, 29))
    assert before.kind == Comparison.YEAR_EARLIER
    assert before.period == Period(D(2022, 3, 1), D(2023, 2, 28))
    assert before.period.end + datetime.timedelta(days=1) == previous.start


def test_29_february_moves_to_1_march():
    assert shift_years(D(2024, 2, 29), -1) == D(2023, 3, 1)
    assert shift_years(D(2024, 2, 29), 1) == D(2025, 3, 1)
    assert shift_years(D(2023, 2, 28), 1) == D(2024, 2, 28)
    # February of a leap year against February of a common one, and back.
    assert _compared(D(2024, 2, 1), D(2024, 2, 29)).period == Period(D(2023, 2, 1), D(2023, 2, 28))
    assert _compared(D(2025, 2, 1), D(2025, 2, 28)).period == Period(D(2024, 2, 1), D(2024, 2, 29))
    # A period ending on 29/02 ends, a year earlier, on 28/02; one starting on 29/02 starts
    # on 01/03.
    assert _compared(D(2024, 1, 1), D(2024, 2, 29)).period == Period(D(2023, 1, 1), D(2023, 2, 28))
    assert _compared(D(2024, 2, 29), D(2024, 3, 31)).period == Period(D(2023, 3, 1), D(2023, 3, 31))
    # So the day 28/02/2025 is compared with 28–29/02/2024, and 29/02/2024 alone with no day
    # of 2023 (an empty period): no day is lost or counted twice.
    assert _compared(D(2025, 2, 28), D(2025, 2, 28)).period == Period(
        D(2024, 2, 28), D(2024, 2, 29)
    )
    empty = _compared(D(2024, 2, 29), D(2024, 2, 29))
    assert empty.period.days == 0 and empty.period.months() == [] and str(empty.period) == "—"
    assert empty.period.end < D(2024, 2, 29) and empty.label == "so với cùng kỳ năm 2023"


@pytest.mark.parametrize(
    "start,end,previous,year",
    [
        # The police statistical year: 15/12 to 14/12 (366 days when it holds a 29/02); a
        # comparison over two calendar years is named by the year it ends in.
        (D(2024, 12, 15), D(2025, 12, 14), (D(2023, 12, 15), D(2024, 12, 14)), 2024),
        (D(2023, 12, 15), D(2024, 12, 14), (D(2022, 12, 15), D(2023, 12, 14)), 2023),
        (D(2024, 1, 1), D(2024, 12, 31), (D(2023, 1, 1), D(2023, 12, 31)), 2023),
        (D(2025, 7, 1), D(2025, 12, 31), (D(2024, 7, 1), D(2024, 12, 31)), 2024),
    ],
)
def test_periods_up_to_a_year_are_compared_with_a_year_earlier(start, end, previous, year):
    comparison = _compared(start, end)
    assert (comparison.kind, comparison.period) == (Comparison.YEAR_EARLIER, Period(*previous))
    assert comparison.label == f"so với cùng kỳ năm {year}"
    assert comparison.short_label == f"Cùng kỳ {year}"


@pytest.mark.parametrize(
    "start,end,previous,length",
    [
        # Two calendar years against the two before (730 days against 731: whole years).
        (D(2023, 1, 1), D(2024, 12, 31), (D(2021, 1, 1), D(2022, 12, 31)), "02 năm"),
        (D(2021, 1, 1), D(2023, 12, 31), (D(2018, 1, 1), D(2020, 12, 31)), "03 năm"),
        # Eighteen months against the eighteen before.
        (D(2024, 1, 1), D(2025, 6, 30), (D(2022, 7, 1), D(2023, 12, 31)), "18 tháng"),
        # Not whole months: as many days.
        (D(2023, 1, 1), D(2024, 2, 10), (D(2021, 11, 21), D(2022, 12, 31)), "406 ngày"),
        # 366 days without a 29/02: a year earlier would overlap it by a day.
        (D(2023, 1, 1), D(2024, 1, 1), (D(2021, 12, 31), D(2022, 12, 31)), "366 ngày"),
        # Twelve months from 29/02 end on 28/02 (366 days), which a year back would overlap.
        (D(2024, 2, 29), D(2025, 2, 28), (D(2023, 2, 28), D(2024, 2, 28)), "366 ngày"),
        # Fourteen months from a 31st, a day that November 2022 does not have: as many days
        # (425), named by the length of the period.
        (D(2024, 1, 31), D(2025, 3, 30), (D(2022, 12, 2), D(2024, 1, 30)), "14 tháng"),
    ],
)
def test_longer_periods_are_compared_with_the_same_length_just_before(start, end, previous, length):
    comparison = _compared(start, end)
    assert (comparison.kind, comparison.period) == (Comparison.PRECEDING, Period(*previous))
    assert comparison.period.end == start - datetime.timedelta(days=1)
    assert comparison.label == f"so với {length} trước đó"
    assert comparison.short_label == f"{length} trước"


def test_one_model_is_compared_with_the_same_length_before_it_was_set_up():
    class Model:
        established_on = D(2023, 1, 1)

    comparison = _compared(D(2023, 1, 1), D(2024, 12, 31), Comparison.BEFORE_ESTABLISHED, Model())
    assert comparison.kind == Comparison.BEFORE_ESTABLISHED
    assert comparison.period == Period(D(2020, 12, 31), D(2022, 12, 31))
    assert comparison.period.days == 731
    assert comparison.label == "so với 02 năm trước khi thành lập mô hình"
    assert comparison.short_label == "Trước khi thành lập"
    short = _compared(D(2023, 1, 1), D(2023, 1, 5), Comparison.BEFORE_ESTABLISHED, Model())
    assert short.period == Period(D(2022, 12, 27), D(2022, 12, 31))
    assert short.label == "so với 05 ngày trước khi thành lập mô hình"
    # Without a model the rule of the period applies.
    assert _compared(D(2023, 1, 1), D(2024, 12, 31), Comparison.BEFORE_ESTABLISHED).kind == (
        Comparison.PRECEDING
    )


def test_labels_follow_the_language():
    with translation.override("en"):
        year = _compared(D(2025, 1, 1), D(2025, 12, 31))
        assert year.label == "compared with the same period of 2024"
        assert year.short_label == "Same period 2024"
        longer = _compared(D(2023, 1, 1), D(2024, 12, 31))
        assert (longer.label, longer.short_label) == (
            "compared with the preceding 2 years",
            "Preceding 2 years",
        )
        assert year.as_dict() == {
            "kind": "year_earlier",
            "start": D(2024, 1, 1),
            "end": D(2024, 12, 31),
            "label": "compared with the same period of 2024",
            "short_label": "Same period 2024",
        }


def test_a_models_comparison_never_overlaps_a_period_that_starts_before_it():
    import datetime

    from reports.statistics import Comparison, Period
    from reports.statistics.periods import comparison_period

    class Model:
        established_on = datetime.date(2025, 7, 1)

    period = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    before = comparison_period(period, Comparison.BEFORE_ESTABLISHED, Model()).period
    assert before.end == datetime.date(2024, 12, 31) and before.days == period.days
