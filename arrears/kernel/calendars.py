"""
Bank holidays for England and Wales (RULES.md §9).

Always asks the `holidays` package with a subdivision: without one it leaves out Easter Monday and
the late August bank holiday.
"""

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

import holidays


class Nation(StrEnum):
    ENGLAND = "ENG"
    WALES = "WLS"


def bank_holidays(*, years: Iterable[int], nation: Nation = Nation.ENGLAND) -> dict[dt.date, str]:
    """Return the bank holidays (with Good Friday and Christmas Day) in `years`, by date."""
    calendar = holidays.country_holidays("GB", subdiv=nation.value, years=list(years))
    return {day: str(name) for day, name in sorted(calendar.items())}
