"""Housing benefit overpayment, DEA and benefit deductions (RULES.md §2.7, §4.1, §4.2, §10.5)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arrears.recovery.domain.deductions import (
    DeaPeriod,
    RateNotHeld,
    dea_deduction,
    five_percent_of_personal_allowance,
    legacy_benefit_deduction_forecast,
    overpayment_deduction_limit,
    universal_credit_deduction_forecast,
)

IN_2025_26 = dt.date(2025, 9, 1)
money = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("20000.00"), places=2)


class TestFivePercentOfPersonalAllowance:
    @pytest.mark.parametrize(
        ("personal_allowance", "expected"),
        [
            ("92.05", "4.65"),  # £4.6025 rounds up to the next 5p
            ("90.50", "4.55"),  # £4.525
            ("84.80", "4.25"),  # £4.24
            ("77.00", "3.85"),  # exact
        ],
    )
    def test_five_percent_of_personal_allowance_rounds_up_to_5p(self, personal_allowance, expected):
        result = five_percent_of_personal_allowance(personal_allowance=Decimal(personal_allowance))

        assert result == Decimal(expected)


class TestOverpaymentDeductionLimit:
    def test_overpayment_deduction_limit_reproduces_d1(self):
        limit = overpayment_deduction_limit(as_of=IN_2025_26, is_fraud=False)

        assert limit.maximum_weekly == Decimal("13.95")

    def test_overpayment_deduction_limit_reproduces_d2(self):
        limit = overpayment_deduction_limit(
            as_of=IN_2025_26, is_fraud=True, earnings_disregard=Decimal("25.00")
        )

        assert (limit.five_percent * limit.multiple, limit.from_earnings_disregard) == (
            Decimal("23.25"),
            Decimal("12.50"),
        )
        assert limit.maximum_weekly == Decimal("35.75")

    @pytest.mark.parametrize(
        ("as_of", "standard", "fraud"),
        [
            (dt.date(2022, 4, 1), "11.55", "19.25"),  # RULES.md §4.1, matches a council [S92]
            (dt.date(2024, 3, 31), "12.75", "21.25"),
            (dt.date(2024, 4, 1), "13.65", "22.75"),
            (dt.date(2026, 3, 31), "13.95", "23.25"),
        ],
    )
    def test_overpayment_deduction_limit_follows_the_benefit_year(self, as_of, standard, fraud):
        limits = [
            overpayment_deduction_limit(as_of=as_of, is_fraud=is_fraud).maximum_weekly
            for is_fraud in (False, True)
        ]

        assert limits == [Decimal(standard), Decimal(fraud)]

    @pytest.mark.parametrize("as_of", [dt.date(2022, 3, 31), dt.date(2026, 4, 1)])
    def test_overpayment_deduction_limit_refuses_a_year_not_held(self, as_of):
        with pytest.raises(RateNotHeld, match="not held"):
            overpayment_deduction_limit(as_of=as_of, is_fraud=False)

    def test_overpayment_deduction_limit_refuses_a_negative_disregard(self):
        with pytest.raises(ValueError, match="negative"):
            overpayment_deduction_limit(
                as_of=IN_2025_26, is_fraud=False, earnings_disregard=Decimal("-5")
            )


class TestDeaDeduction:
    def test_dea_deduction_reproduces_d3(self):
        result = dea_deduction(
            net_earnings=Decimal("385.00"), period=DeaPeriod.WEEKLY, as_of=IN_2025_26
        )

        assert (result.band.percentage, result.deduction, result.is_capped) == (
            Decimal("15"),
            Decimal("57.75"),
            False,
        )

    def test_dea_deduction_reproduces_d4(self):
        result = dea_deduction(
            net_earnings=Decimal("1620.00"),
            period=DeaPeriod.MONTHLY,
            as_of=IN_2025_26,
            priority_orders=Decimal("599.40"),
        )

        assert result.earnings_after_priority_orders == Decimal("1020.60")
        assert result.table_deduction == Decimal("71.44")
        assert result.cap == Decimal("48.60")
        assert (result.deduction, result.is_capped) == (Decimal("48.60"), True)

    @pytest.mark.parametrize(
        ("net_earnings", "period", "expected_percentage"),
        [
            ("100.00", DeaPeriod.WEEKLY, "0"),
            ("100.01", DeaPeriod.WEEKLY, "3"),
            ("520.00", DeaPeriod.WEEKLY, "15"),
            ("520.01", DeaPeriod.WEEKLY, "20"),
            ("430.00", DeaPeriod.MONTHLY, "0"),
            ("2240.01", DeaPeriod.MONTHLY, "20"),
        ],
    )
    def test_dea_deduction_band_boundaries_are_not_exceeding(
        self, net_earnings, period, expected_percentage
    ):
        result = dea_deduction(net_earnings=Decimal(net_earnings), period=period, as_of=IN_2025_26)

        assert result.band.percentage == Decimal(expected_percentage)

    def test_dea_deduction_takes_nothing_when_priority_orders_use_the_40_percent(self):
        result = dea_deduction(
            net_earnings=Decimal("1000.00"),
            period=DeaPeriod.MONTHLY,
            as_of=IN_2025_26,
            priority_orders=Decimal("450.00"),
        )

        assert result.deduction == Decimal("0.00")

    def test_dea_deduction_refuses_a_date_before_dea_began(self):
        with pytest.raises(RateNotHeld):
            dea_deduction(
                net_earnings=Decimal("385.00"), period=DeaPeriod.WEEKLY, as_of=dt.date(2013, 3, 31)
            )

    @given(net_earnings=money, priority=money, period=st.sampled_from(list(DeaPeriod)))
    def test_dea_deduction_keeps_60_percent_of_earnings_protected(
        self, net_earnings, priority, period
    ):
        result = dea_deduction(
            net_earnings=net_earnings, period=period, as_of=IN_2025_26, priority_orders=priority
        )

        assert Decimal("0") <= result.deduction <= result.table_deduction
        if priority <= net_earnings * Decimal("0.4"):
            assert result.deduction + priority <= (net_earnings * Decimal("0.4")).quantize(
                Decimal("0.01"), "ROUND_HALF_UP"
            )
        else:
            assert result.deduction == Decimal("0")


class TestBenefitDeductionForecasts:
    @pytest.mark.parametrize(
        ("as_of", "expected"),
        [(dt.date(2024, 6, 1), "4.55"), (IN_2025_26, "4.65")],
    )
    def test_legacy_benefit_deduction_forecast_matches_rules_2_7(self, as_of, expected):
        assert legacy_benefit_deduction_forecast(as_of=as_of) == Decimal(expected)

    def test_universal_credit_deduction_forecast_reproduces_d5(self):
        assert universal_credit_deduction_forecast(as_of=IN_2025_26) == Decimal("20.01")

    def test_universal_credit_deduction_forecast_refuses_a_year_without_the_allowance(self):
        with pytest.raises(RateNotHeld, match="universal credit"):
            universal_credit_deduction_forecast(as_of=dt.date(2024, 6, 1))
