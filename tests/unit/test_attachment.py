"""Council tax attachment of earnings tables (RULES.md §2.6; every row of §10.4)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arrears.kernel.calendars import Nation
from arrears.recovery.domain.attachment import (
    TABLES,
    NoTableInForce,
    PayPeriod,
    PeriodNotVerified,
    attachment_deduction,
    attachment_table,
    lowest_in_band,
    schedule_for,
)

ORDER_DATE = dt.date(2025, 6, 2)
ENGLAND = attachment_table(nation=Nation.ENGLAND, order_date=ORDER_DATE)
money = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("20000.00"), places=2)
verified_schedules = [
    (table.nation, table.valid_from, period)
    for table in TABLES
    for period in PayPeriod
    if period in table.schedules
]


def _deduction(net_earnings, period, nation=Nation.ENGLAND, order_date=ORDER_DATE):
    return attachment_deduction(
        net_earnings=Decimal(net_earnings), period=period, nation=nation, order_date=order_date
    )


class TestAttachmentDeduction:
    @pytest.mark.parametrize(
        ("example", "net_earnings", "period", "nation", "expected_percentage", "expected"),
        [
            ("A1", "70.00", PayPeriod.WEEKLY, Nation.ENGLAND, "0", "0.00"),
            ("A2", "100.00", PayPeriod.WEEKLY, Nation.ENGLAND, "3", "3.00"),
            ("A3", "300.00", PayPeriod.WEEKLY, Nation.ENGLAND, "12", "36.00"),
            ("A4", "355.00", PayPeriod.WEEKLY, Nation.ENGLAND, "12", "42.60"),
            ("A5", "355.01", PayPeriod.WEEKLY, Nation.ENGLAND, "17", "60.35"),
            ("A6", "600.00", PayPeriod.WEEKLY, Nation.ENGLAND, "17", "133.35"),
            ("A7", "1200.00", PayPeriod.MONTHLY, Nation.ENGLAND, "12", "144.00"),
            ("A8", "1420.00", PayPeriod.MONTHLY, Nation.ENGLAND, "12", "170.40"),
            ("A9", "1420.01", PayPeriod.MONTHLY, Nation.ENGLAND, "17", "241.40"),
            ("A10", "2500.00", PayPeriod.MONTHLY, Nation.ENGLAND, "17", "583.40"),
            ("A11", "50.00", PayPeriod.DAILY, Nation.ENGLAND, "12", "6.00"),
            ("A12", "1200.00", PayPeriod.MONTHLY, Nation.WALES, "7", "84.00"),
        ],
    )
    def test_attachment_deduction_reproduces_rules_10_4(
        self, example, net_earnings, period, nation, expected_percentage, expected
    ):
        result = _deduction(net_earnings, period, nation)

        assert result.deduction == Decimal(expected), example
        assert result.band.percentage == Decimal(expected_percentage), example

    def test_attachment_deduction_uses_the_top_band_formula_above_the_threshold(self):
        result = _deduction("600.00", PayPeriod.WEEKLY)

        assert result.band.is_top
        assert (result.band.above, result.band.percentage, result.band.excess_percentage) == (
            Decimal("505"),
            Decimal("17"),
            Decimal("50"),
        )

    def test_attachment_deduction_uses_the_table_in_force_when_the_order_was_made(self):
        before_2022 = _deduction("1200.00", PayPeriod.MONTHLY, Nation.WALES, dt.date(2022, 3, 31))
        from_2022 = _deduction("1200.00", PayPeriod.MONTHLY, Nation.WALES, dt.date(2022, 4, 1))

        assert (before_2022.table.valid_from, before_2022.deduction) == (
            dt.date(2007, 4, 1),
            Decimal("144.00"),
        )
        assert (from_2022.table.valid_from, from_2022.deduction) == (
            dt.date(2022, 4, 1),
            Decimal("84.00"),
        )

    def test_attachment_deduction_rounds_half_a_penny_up(self):
        # 3% of £100.50 is £3.015: half up gives £3.02 (policy, RULES.md §0.2 item 2).
        assert _deduction("100.50", PayPeriod.WEEKLY).deduction == Decimal("3.02")

    def test_attachment_deduction_takes_nothing_from_no_earnings(self):
        assert _deduction("0.00", PayPeriod.WEEKLY).deduction == Decimal("0.00")

    def test_attachment_deduction_refuses_negative_earnings(self):
        with pytest.raises(ValueError, match="negative"):
            _deduction("-0.01", PayPeriod.WEEKLY)

    def test_attachment_deduction_refuses_an_order_before_the_earliest_table(self):
        with pytest.raises(NoTableInForce, match="before 1 April 2007"):
            _deduction("300.00", PayPeriod.WEEKLY, order_date=dt.date(2007, 3, 31))

    @pytest.mark.parametrize("order_date", [dt.date(2020, 1, 1), dt.date(2025, 1, 1)])
    def test_attachment_deduction_refuses_welsh_daily_figures(self, order_date):
        with pytest.raises(PeriodNotVerified, match="daily .* Wales .* not verified"):
            _deduction("50.00", PayPeriod.DAILY, Nation.WALES, order_date)

    def test_attachment_deduction_offers_the_employer_charge_as_unverified_data(self):
        assert (ENGLAND.employer_admin_charge, ENGLAND.employer_admin_charge_verification) == (
            Decimal("1.00"),
            "V2",
        )


class TestAttachmentProperties:
    @pytest.mark.parametrize(("nation", "valid_from", "period"), verified_schedules)
    def test_attachment_bands_run_on_without_gaps(self, nation, valid_from, period):
        table = attachment_table(nation=nation, order_date=valid_from)
        bands = schedule_for(table=table, period=period).bands

        assert bands[0].above == Decimal("0")
        assert [band.above for band in bands[1:]] == [band.up_to for band in bands[:-1]]
        assert bands[-1].is_top
        assert not any(band.is_top for band in bands[:-1])

    @given(net_earnings=money, period=st.sampled_from(list(PayPeriod)))
    def test_attachment_deduction_never_exceeds_earnings(self, net_earnings, period):
        deduction = _deduction(net_earnings, period).deduction

        assert Decimal("0") <= deduction <= net_earnings

    @given(data=st.data(), period=st.sampled_from(list(PayPeriod)))
    def test_attachment_deduction_rises_with_earnings_within_a_band(self, data, period):
        band = data.draw(st.sampled_from(schedule_for(table=ENGLAND, period=period).bands))
        within = st.decimals(
            min_value=lowest_in_band(band),
            max_value=band.up_to if band.up_to is not None else band.above + 10000,
            places=2,
        )
        low, high = sorted([data.draw(within), data.draw(within)])

        assert _deduction(low, period).band == _deduction(high, period).band == band
        assert _deduction(low, period).deduction <= _deduction(high, period).deduction

    @given(first=money, second=money, period=st.sampled_from(list(PayPeriod)))
    def test_attachment_deduction_never_falls_as_earnings_rise(self, first, second, period):
        low, high = sorted([first, second])

        assert _deduction(low, period).deduction <= _deduction(high, period).deduction

    @given(excess=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2))
    def test_attachment_deduction_in_the_top_band_is_17_percent_of_threshold_plus_half(
        self, excess
    ):
        weekly = _deduction(Decimal("505.00") + excess, PayPeriod.WEEKLY).deduction
        monthly = _deduction(Decimal("2020.00") + excess, PayPeriod.MONTHLY).deduction

        assert weekly == (Decimal("85.85") + excess / 2).quantize(Decimal("0.01"), "ROUND_HALF_UP")
        assert monthly == (Decimal("343.40") + excess / 2).quantize(
            Decimal("0.01"), "ROUND_HALF_UP"
        )

    @pytest.mark.parametrize("period", [PayPeriod.WEEKLY, PayPeriod.MONTHLY, PayPeriod.DAILY])
    def test_attachment_deduction_applies_the_band_rate_to_the_whole_earnings(self, period):
        # Not marginal: the lowest penny of every band below the top pays the band's rate on all.
        for band in schedule_for(table=ENGLAND, period=period).bands[:-1]:
            lowest = lowest_in_band(band)

            assert _deduction(lowest, period).deduction == (
                lowest * band.percentage / 100
            ).quantize(Decimal("0.01"), "ROUND_HALF_UP")
