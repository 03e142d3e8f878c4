"""The month arithmetic every period of the product stands on (core.periods)."""

import datetime

import pytest

from core.periods import (
    Period,
    add_months,
    months_back,
    months_from,
    quarter_of,
    same_day_months_away,
    year_of,
)

d = datetime.date


@pytest.mark.parametrize(("day", "months", "first"), [
    (d(2026, 11, 22), 1, d(2026, 12, 1)),
    (d(2026, 12, 31), 1, d(2027, 1, 1)),
    (d(2026, 1, 15), -1, d(2025, 12, 1)),
    (d(2026, 1, 1), -13, d(2024, 12, 1)),
    (d(2026, 3, 31), 0, d(2026, 3, 1)),
])
def test_add_months_lands_on_the_first_of_the_month(day, months, first):
    assert add_months(day, months) == first


@pytest.mark.parametrize(("day", "months", "expected"), [
    (d(2026, 11, 22), -24, d(2024, 11, 22)),
    (d(2026, 3, 31), -1, d(2026, 2, 28)),
    (d(2024, 3, 31), -1, d(2024, 2, 29)),
    (d(2026, 1, 15), -13, d(2024, 12, 15)),
    (d(2026, 1, 31), 1, d(2026, 2, 28)),
])
def test_the_same_day_months_away_keeps_within_a_shorter_month(day, months, expected):
    assert same_day_months_away(day, months) == expected


def test_the_months_of_a_span_and_the_months_back():
    assert months_from(d(2026, 11, 20), d(2027, 2, 1)) == [
        d(2026, 11, 1), d(2026, 12, 1), d(2027, 1, 1), d(2027, 2, 1)]
    assert months_from(d(2026, 3, 5), d(2026, 2, 1)) == []
    assert months_back(d(2026, 2, 14), 3) == [d(2025, 12, 1), d(2026, 1, 1), d(2026, 2, 1)]
    assert len(months_back(d(2026, 2, 14), 18)) == 18


def test_quarters_years_and_the_period_before():
    assert quarter_of(d(2026, 11, 22)) == Period(d(2026, 10, 1), d(2026, 12, 31))
    assert quarter_of(d(2026, 2, 1)) == Period(d(2026, 1, 1), d(2026, 3, 31))
    assert year_of(d(2026, 6, 1)) == Period(d(2026, 1, 1), d(2026, 12, 31))
    # Whole months stay whole months; any other span goes back as many days.
    assert quarter_of(d(2026, 2, 1)).previous() == Period(d(2025, 10, 1), d(2025, 12, 31))
    assert Period(d(2026, 1, 1), d(2026, 2, 28)).previous() == Period(
        d(2025, 11, 1), d(2025, 12, 31))
    assert Period(d(2026, 7, 1), d(2026, 9, 15)).previous() == Period(
        d(2026, 4, 15), d(2026, 6, 30))


def test_a_period_widened_to_whole_months():
    assert Period(d(2026, 1, 15), d(2026, 2, 10)).widened_to_whole_months() == Period(
        d(2026, 1, 1), d(2026, 2, 28))
    assert Period(d(2024, 2, 2), d(2024, 12, 31)).widened_to_whole_months() == Period(
        d(2024, 2, 1), d(2024, 12, 31))
    assert Period(d(2026, 1, 1), d(2026, 3, 31)).whole_months() == 3
    assert Period(d(2026, 1, 2), d(2026, 3, 31)).whole_months() == 0


def test_every_day_of_a_few_years_agrees_with_counting_days():
    """The arithmetic against the slow way: walk day by day to the next month's first."""
    day = d(2023, 1, 1)
    while day < d(2027, 1, 1):
        walk = day
        while walk.day != 1:
            walk += datetime.timedelta(days=1)
        if day.day != 1:
            assert add_months(day, 1) == walk
        day += datetime.timedelta(days=1)
