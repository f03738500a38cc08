"""
The one place that reads the clock (STYLE.md, "Time and dates").

Only interfaces call these; services and rules take the date as an argument.
"""

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def now() -> dt.datetime:
    """Return the current moment, aware, in London time."""
    return dt.datetime.now(tz=LONDON)


def today() -> dt.date:
    """Return today's date in London, which is the business date in England and Wales."""
    return now().date()


def to_london(moment: dt.datetime) -> dt.datetime:
    """Return an aware `moment` in London time; a naive one is taken to be London local time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LONDON)
    return moment.astimezone(LONDON)
