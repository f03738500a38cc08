"""Remedies after a liability order, by debt type (RULES.md §2.6–§2.13)."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from arrears.accounts.domain.debts import DebtType
from arrears.kernel.calendars import Nation
from arrears.recovery.domain.remedies import Remedy, decide_remedies

AS_OF = dt.date(2026, 11, 23)
ALL = set(Remedy)


def _decisions(**overrides):
    facts: dict[str, Any] = {
        "debt_type": DebtType.COUNCIL_TAX,
        "nation": Nation.ENGLAND,
        "as_of": AS_OF,
        "outstanding_under_liability_orders": Decimal("6000.00"),
        "attachment_orders_in_force": 0,
        "has_benefit_deduction_in_force": False,
        "has_insufficient_goods_report": True,
    } | overrides
    return {decision.remedy: decision for decision in decide_remedies(**facts)}


def _allowed(**overrides):
    return {remedy for remedy, decision in _decisions(**overrides).items() if decision.is_allowed}


def _reasons(remedy, **overrides):
    return [str(reason) for reason in _decisions(**overrides)[remedy].reasons]


class TestDecideRemedies:
    def test_decide_remedies_allows_every_council_tax_remedy_in_england(self):
        assert _allowed() == ALL

    def test_decide_remedies_gives_notes_only_for_allowed_remedies(self):
        decisions = _decisions(attachment_orders_in_force=2)

        assert decisions[Remedy.ATTACHMENT_OF_EARNINGS].notes == ()
        assert decisions[Remedy.COMMITTAL].notes != ()

    @pytest.mark.parametrize(
        ("orders", "is_allowed"), [(0, True), (1, True), (2, False), (3, False)]
    )
    def test_decide_remedies_allows_at_most_two_attachment_orders(self, orders, is_allowed):
        decision = _decisions(attachment_orders_in_force=orders)[Remedy.ATTACHMENT_OF_EARNINGS]

        assert decision.is_allowed is is_allowed
        if not is_allowed:
            assert "no more than 2" in str(decision.reasons[0])
            assert "RULES.md §2.6" in str(decision.reasons[0])

    def test_decide_remedies_allows_only_one_benefit_deduction(self):
        reasons = _reasons(Remedy.DEDUCTION_FROM_BENEFITS, has_benefit_deduction_in_force=True)

        assert reasons == [
            "A council tax deduction from benefits is already in force; only one is allowed at a "
            "time (RULES.md §2.7)."
        ]

    @pytest.mark.parametrize(
        ("outstanding", "is_allowed"),
        [("999.99", False), ("1000.00", True), ("1000.01", True)],
    )
    def test_decide_remedies_needs_1000_for_a_charging_order(self, outstanding, is_allowed):
        decision = _decisions(outstanding_under_liability_orders=Decimal(outstanding))[
            Remedy.CHARGING_ORDER
        ]

        assert decision.is_allowed is is_allowed
        assert all("§2.9" in reason.rule for reason in decision.reasons)

    @pytest.mark.parametrize(
        ("outstanding", "is_allowed"),
        [("4999.99", False), ("5000.00", True)],
    )
    def test_decide_remedies_needs_5000_for_bankruptcy(self, outstanding, is_allowed):
        decision = _decisions(outstanding_under_liability_orders=Decimal(outstanding))[
            Remedy.INSOLVENCY
        ]

        assert decision.is_allowed is is_allowed
        assert all(reason.rule == "RULES.md §2.10" for reason in decision.reasons)

    def test_decide_remedies_refuses_bankruptcy_before_the_level_held(self):
        reasons = _reasons(Remedy.INSOLVENCY, as_of=dt.date(2015, 9, 30))

        assert reasons == [
            "The bankruptcy level before 1 October 2015 is not held (RULES.md §2.10)."
        ]

    def test_decide_remedies_needs_an_insufficient_goods_report_for_committal(self):
        reasons = _reasons(Remedy.COMMITTAL, has_insufficient_goods_report=False)

        assert reasons == [
            "Committal needs an enforcement agent's report that there were insufficient goods "
            "(RULES.md §2.11)."
        ]

    @pytest.mark.parametrize(
        ("as_of", "is_allowed"),
        [(dt.date(2019, 3, 31), True), (dt.date(2019, 4, 1), False)],
    )
    def test_decide_remedies_ends_council_tax_committal_in_wales_from_april_2019(
        self, as_of, is_allowed
    ):
        decision = _decisions(nation=Nation.WALES, as_of=as_of)[Remedy.COMMITTAL]

        assert decision.is_allowed is is_allowed
        if not is_allowed:
            assert "abolished in Wales" in str(decision.reasons[0])

    @pytest.mark.parametrize("debt_type", [DebtType.BUSINESS_RATES, DebtType.BID_LEVY])
    def test_decide_remedies_offers_business_rates_no_aeo_benefits_or_charging_order(
        self, debt_type
    ):
        decisions = _decisions(debt_type=debt_type)

        assert {r for r, d in decisions.items() if d.is_allowed} == {
            Remedy.ENFORCEMENT_AGENTS,
            Remedy.INSOLVENCY,
            Remedy.COMMITTAL,
        }
        for remedy in (
            Remedy.ATTACHMENT_OF_EARNINGS,
            Remedy.DEDUCTION_FROM_BENEFITS,
            Remedy.CHARGING_ORDER,
        ):
            assert "§2.12" in decisions[remedy].reasons[0].rule

    def test_decide_remedies_offers_business_rates_committal_in_england_only(self):
        reasons = _reasons(Remedy.COMMITTAL, debt_type=DebtType.BUSINESS_RATES, nation=Nation.WALES)

        assert reasons == [
            "Committal for business rates and BID levies is provided for in England only "
            "(RULES.md §2.12)."
        ]

    def test_decide_remedies_marks_bid_levy_enforcement_as_unverified(self):
        decision = _decisions(debt_type=DebtType.BID_LEVY)[Remedy.ENFORCEMENT_AGENTS]

        assert decision.is_allowed
        assert any("§2.13" in note for note in decision.notes)

    def test_decide_remedies_gives_a_company_no_earnings_benefits_or_prison(self):
        decisions = _decisions(is_company=True)

        assert {r for r, d in decisions.items() if d.is_allowed} == {
            Remedy.ENFORCEMENT_AGENTS,
            Remedy.CHARGING_ORDER,
            Remedy.INSOLVENCY,
        }
        assert decisions[Remedy.INSOLVENCY].notes  # winding-up rules are for the officer to check

    def test_decide_remedies_offers_nothing_when_nothing_is_outstanding(self):
        decisions = _decisions(outstanding_under_liability_orders=Decimal("0.00"))

        assert all(
            [str(reason) for reason in decision.reasons]
            == ["Nothing is outstanding under the liability order (RULES.md §2.8)."]
            for decision in decisions.values()
        )

    def test_decide_remedies_offers_nothing_for_a_debt_without_a_liability_order(self):
        decisions = _decisions(debt_type=DebtType.PARKING_PCN)

        assert not any(decision.is_allowed for decision in decisions.values())

    def test_decide_remedies_notes_the_welsh_charging_order_minimum_is_unverified(self):
        decision = _decisions(nation=Nation.WALES)[Remedy.CHARGING_ORDER]

        assert decision.is_allowed
        assert any("not verified for Wales" in note for note in decision.notes)

    def test_decide_remedies_refuses_a_negative_count(self):
        with pytest.raises(ValueError, match="negative"):
            _decisions(attachment_orders_in_force=-1)
