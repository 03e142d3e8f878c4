"""Periods of days and the month arithmetic under them, written once: a quarter, a year,
a span widened to whole months, the period before, a date some months away.

Dates only; nothing here knows what is counted in a period.
"""

import calendar
import datetime
from dataclasses import dataclass


def month_index(day: datetime.date) -> int:
    """Months since year 0: two dates' difference in months is the difference of these."""
    return day.year * 12 + day.month - 1


def first_of_month(index: int) -> datetime.date:
    """The first day of the month with this `month_index`."""
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after `day`'s (before it, if negative)."""
    return first_of_month(month_index(day) + months)


def last_of_month(day: datetime.date) -> datetime.date:
    return add_months(day, 1) - datetime.timedelta(days=1)


def same_day_months_away(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months later (earlier, if negative); the month's last day if
    that month is shorter (31 March, one month back: 28 or 29 February)."""
    first = add_months(day, months)
    last_day = calendar.monthrange(first.year, first.month)[1]
    return first.replace(day=min(day.day, last_day))


def months_from(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of the months from `first`'s month to `last`'s, oldest first."""
    return [first_of_month(i) for i in range(month_index(first), month_index(last) + 1)]


def months_back(today: datetime.date, months: int) -> list[datetime.date]:
    """The first days of the last `months` months, oldest first, `today`'s month last."""
    return months_from(add_months(today, 1 - months), today)


@dataclass(frozen=True)
class Period:
    """The days from `start` to `end`, both included."""

    start: datetime.date
    end: datetime.date

    def whole_months(self) -> int:
        """How many months the period covers if it runs from a first to a last day; 0 if not."""
        if self.start.day != 1 or (self.end + datetime.timedelta(days=1)).day != 1:
            return 0
        return month_index(self.end) - month_index(self.start) + 1

    def widened_to_whole_months(self) -> "Period":
        """The first of its first month to the last day of its last."""
        return Period(self.start.replace(day=1), last_of_month(self.end))

    def previous(self) -> "Period":
        """The period just before, as long: whole months stay whole months (a quarter's
        previous is the quarter before), any other span the same number of days."""
        end = self.start - datetime.timedelta(days=1)
        months = self.whole_months()
        if months:
            return Period(add_months(self.start, -months), end)
        days = (self.end - self.start).days + 1
        return Period(self.start - datetime.timedelta(days=days), end)

    def as_data(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def quarter_of(day: datetime.date) -> Period:
    start = datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return Period(start, last_of_month(add_months(start, 2)))


def quarter_number(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def year_of(day: datetime.date) -> Period:
    return Period(datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31))
