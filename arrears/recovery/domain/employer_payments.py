"""
Employer payments under an attachment of earnings order: the pay days the employer should deduct
on, and for each what was expected and what arrived (RULES.md §2.6).

The employer deducts on every pay day from the first after the order, by the table in force when
the order was made, and pays the deductions to the council. Arrears lists the pay days from the
first the officer gives, so a period with nothing received stands out.

When a period counts as missed is council policy, not law: RULES.md gives the employer no date
by which to pay over. `MISSED_AFTER_DAYS` is that policy, stated once here.
"""

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from arrears.recovery.domain.attachment import PayPeriod

# Council policy: a pay day with nothing received 30 days after it is flagged as missed.
MISSED_AFTER_DAYS = 30
ONE_DAY = dt.timedelta(days=1)


def _add_months(day: dt.date, months: int, *, day_of_month: int) -> dt.date:
    """Return the date `months` after `day`, on `day_of_month` or the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day_of_month, calendar.monthrange(year, month)[1]))


def pay_dates(*, first_pay_date: dt.date, period: PayPeriod, until: dt.date) -> list[dt.date]:
    """
    Return the pay days from `first_pay_date` up to and including `until`.

    Weekly: every 7 days. Monthly: the same day each month (the last day of a shorter month).
    Daily: every weekday, Monday to Friday.
    """
    dates: list[dt.date] = []
    if period is PayPeriod.MONTHLY:
        months = 0
        day = first_pay_date
        while day <= until:
            dates.append(day)
            months += 1
            day = _add_months(first_pay_date, months, day_of_month=first_pay_date.day)
        return dates
    step = dt.timedelta(days=7) if period is PayPeriod.WEEKLY else ONE_DAY
    day = first_pay_date
    while day <= until:
        if period is not PayPeriod.DAILY or day.weekday() < 5:
            dates.append(day)
        day += step
    return dates


def period_holding(*, day: dt.date, scheduled: list[dt.date]) -> dt.date | None:
    """Return the latest scheduled pay day on or before `day` (the period `day` falls in)."""
    earlier = [pay_day for pay_day in scheduled if pay_day <= day]
    return earlier[-1] if earlier else None


class PeriodStatus(StrEnum):
    RECEIVED = "RECEIVED"  # at least what was expected (or the expected figure is unknown)
    SHORT = "SHORT"  # less than expected arrived
    AWAITED = "AWAITED"  # nothing yet, but not yet missed
    MISSED = "MISSED"  # nothing MISSED_AFTER_DAYS after the pay day


PERIOD_STATUS_LABELS = {
    PeriodStatus.RECEIVED: "Received",
    PeriodStatus.SHORT: "Less than expected",
    PeriodStatus.AWAITED: "Awaited",
    PeriodStatus.MISSED: "Missed",
}


@dataclass(frozen=True)
class Received:
    """What the employer paid for one pay day, and what was expected then."""

    amount: Decimal
    expected: Decimal | None
    received_date: dt.date


@dataclass(frozen=True)
class PeriodLine:
    pay_date: dt.date
    expected: Decimal | None
    received: Decimal | None
    received_date: dt.date | None
    status: PeriodStatus

    @property
    def status_label(self) -> str:
        return PERIOD_STATUS_LABELS[self.status]

    @property
    def shortfall(self) -> Decimal | None:
        if self.expected is None:
            return None
        return max(self.expected - (self.received or Decimal("0.00")), Decimal("0.00"))


def reconcile(
    *,
    scheduled: list[dt.date],
    payments: Mapping[dt.date, Received],
    expected_deduction: Decimal | None,
    as_of: dt.date,
) -> list[PeriodLine]:
    """
    Return one line per pay day: expected against received, each period's status.

    A payment's own expected figure (from the net earnings the employer reported for that
    period) wins over the order's `expected_deduction`. Payments on pay days outside the
    schedule are listed too, in date order.
    """
    lines = []
    for pay_date in sorted(set(scheduled) | set(payments)):
        paid = payments.get(pay_date)
        expected = paid.expected if paid and paid.expected is not None else expected_deduction
        if paid is not None:
            status = (
                PeriodStatus.SHORT
                if expected is not None and paid.amount < expected
                else PeriodStatus.RECEIVED
            )
        elif (as_of - pay_date).days > MISSED_AFTER_DAYS:
            status = PeriodStatus.MISSED
        else:
            status = PeriodStatus.AWAITED
        lines.append(
            PeriodLine(
                pay_date=pay_date,
                expected=expected,
                received=paid.amount if paid else None,
                received_date=paid.received_date if paid else None,
                status=status,
            )
        )
    return lines
