"""Employer payments under an attachment of earnings order: pay days and reconciliation."""

import datetime as dt
from decimal import Decimal

import pytest

from arrears.recovery.domain.attachment import PayPeriod
from arrears.recovery.domain.employer_payments import (
    MISSED_AFTER_DAYS,
    PeriodStatus,
    Received,
    pay_dates,
    period_holding,
    reconcile,
)

D = dt.date


class TestPayDates:
    def test_pay_dates_runs_weekly_from_the_first_pay_day(self):
        assert pay_dates(
            first_pay_date=D(2026, 9, 4), period=PayPeriod.WEEKLY, until=D(2026, 9, 25)
        ) == [
            D(2026, 9, 4),
            D(2026, 9, 11),
            D(2026, 9, 18),
            D(2026, 9, 25),
        ]

    def test_pay_dates_keeps_the_day_of_the_month_after_a_short_month(self):
        dates = pay_dates(
            first_pay_date=D(2027, 1, 31), period=PayPeriod.MONTHLY, until=D(2027, 4, 30)
        )

        assert dates == [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31), D(2027, 4, 30)]

    def test_pay_dates_runs_daily_on_weekdays(self):
        dates = pay_dates(first_pay_date=D(2026, 9, 4), period=PayPeriod.DAILY, until=D(2026, 9, 8))

        assert dates == [D(2026, 9, 4), D(2026, 9, 7), D(2026, 9, 8)]

    def test_pay_dates_is_empty_before_the_first_pay_day(self):
        assert (
            pay_dates(first_pay_date=D(2026, 9, 4), period=PayPeriod.WEEKLY, until=D(2026, 9, 3))
            == []
        )


class TestPeriodHolding:
    @pytest.mark.parametrize(
        ("day", "period"),
        [(D(2026, 9, 4), D(2026, 9, 4)), (D(2026, 9, 10), D(2026, 9, 4)), (D(2026, 9, 3), None)],
    )
    def test_period_holding_finds_the_pay_day_the_day_falls_after(self, day, period):
        scheduled = [D(2026, 9, 4), D(2026, 9, 11)]

        assert period_holding(day=day, scheduled=scheduled) == period


class TestReconcile:
    def test_reconcile_marks_each_period_by_what_arrived(self):
        scheduled = [D(2026, 8, 28), D(2026, 9, 28), D(2026, 10, 28), D(2026, 11, 28)]
        payments = {
            D(2026, 8, 28): Received(Decimal("144.00"), Decimal("144.00"), D(2026, 9, 15)),
            D(2026, 10, 28): Received(Decimal("100.00"), None, D(2026, 11, 10)),
        }

        lines = reconcile(
            scheduled=scheduled,
            payments=payments,
            expected_deduction=Decimal("144.00"),
            as_of=D(2026, 12, 10),
        )

        assert [line.status for line in lines] == [
            PeriodStatus.RECEIVED,
            PeriodStatus.MISSED,
            PeriodStatus.SHORT,
            PeriodStatus.AWAITED,
        ]
        assert lines[2].shortfall == Decimal("44.00")

    def test_reconcile_waits_the_policy_days_before_calling_a_period_missed(self):
        pay_day = D(2026, 9, 28)

        def status(as_of):
            [line] = reconcile(
                scheduled=[pay_day], payments={}, expected_deduction=None, as_of=as_of
            )
            return line.status

        assert status(pay_day + dt.timedelta(days=MISSED_AFTER_DAYS)) is PeriodStatus.AWAITED
        assert status(pay_day + dt.timedelta(days=MISSED_AFTER_DAYS + 1)) is PeriodStatus.MISSED

    def test_reconcile_uses_the_periods_own_expected_figure_first(self):
        [line] = reconcile(
            scheduled=[D(2026, 9, 28)],
            payments={
                D(2026, 9, 28): Received(Decimal("170.40"), Decimal("170.40"), D(2026, 10, 1))
            },
            expected_deduction=Decimal("144.00"),
            as_of=D(2026, 10, 2),
        )

        assert (line.expected, line.status) == (Decimal("170.40"), PeriodStatus.RECEIVED)
