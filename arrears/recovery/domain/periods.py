"""
Counting statutory periods in days (RULES.md §0.2 item 4, §9).

Three ways the law counts days, never mixed up:

- "N days beginning with day X": X is day 1, so the period ends on X + N - 1 and the next step
  may be taken on X + N (council tax, parking and Breathing Space regulations).
- "N days after X" (guidance and practice documents): ambiguous, so read generously for the
  debtor: the period ends on X + N and the next step may be taken on X + N + 1 (§0.2 item 5).
- "N clear days" (Taking Control of Goods Regulations 2013 reg 2 and 6(2)): neither the day the
  period starts nor the day of the next step counts, and Sundays, bank holidays, Good Friday and
  Christmas Day are skipped too.

Bank holidays are passed in (a set of dates), so rules stay pure and tests can pin them.
"""

import datetime as dt
from collections.abc import Container
from enum import StrEnum

ONE_DAY = dt.timedelta(days=1)


class DayCount(StrEnum):
    BEGINNING_WITH = "BEGINNING_WITH"
    AFTER = "AFTER"
    CLEAR_DAYS = "CLEAR_DAYS"


DAY_COUNT_LABELS = {
    DayCount.BEGINNING_WITH: "days beginning with",
    DayCount.AFTER: "days after",
    DayCount.CLEAR_DAYS: "clear days after",
}


def is_working_day(day: dt.date, *, holidays: Container[dt.date]) -> bool:
    """Return whether `day` is a working day: Monday to Friday and not a bank holiday."""
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: dt.date, *, holidays: Container[dt.date]) -> dt.date:
    """Return `day` if it is a working day, otherwise the next working day after it."""
    while not is_working_day(day, holidays=holidays):
        day += ONE_DAY
    return day


def add_working_days(day: dt.date, working_days: int, *, holidays: Container[dt.date]) -> dt.date:
    """Return the date `working_days` working days after `day` (not counting `day` itself)."""
    for _ in range(working_days):
        day = next_working_day(day + ONE_DAY, holidays=holidays)
    return day


def deemed_service_date(
    posted: dt.date, *, postal_days: int, holidays: Container[dt.date]
) -> dt.date:
    """
    Return the day a notice posted first class on `posted` is treated as served.

    Councils and adjudicators treat a posted notice as served on the second working day after
    posting unless the contrary is proved (RULES.md §3, [V2]); `postal_days` is that council's
    configured figure. Zero means served on the day it is given (by hand).
    """
    if postal_days <= 0:
        return posted
    return add_working_days(posted, postal_days, holidays=holidays)


def earliest_step_date(
    start: dt.date, *, days: int, count: DayCount, holidays: Container[dt.date]
) -> dt.date:
    """
    Return the first date on which the next step may be taken after a period of `days`.

    `start` is day X of the period: the day a notice was issued or served, or the day a sum fell
    due. Zero days means the step may be taken on `start` itself.
    """
    if days <= 0:
        return start
    if count is DayCount.BEGINNING_WITH:
        return start + dt.timedelta(days=days)
    if count is DayCount.AFTER:
        return start + dt.timedelta(days=days + 1)
    counted = 0
    day = start
    while counted < days:
        day += ONE_DAY
        if day.weekday() != 6 and day not in holidays:
            counted += 1
    return day + ONE_DAY
