"""
Deductions from benefits (RULES.md §2.7: recorded as DWP notifies them, one at a time) and the
housing benefit overpayment remedies (RULES.md §4.1 deduction from ongoing benefit, §4.2 DEA).
"""

import datetime as dt
from decimal import Decimal

import pytest

from arrears.accounts.domain.debts import DebtType
from arrears.audit.services import SYSTEM
from arrears.letters.models import Letter
from arrears.recovery.domain.deductions import DeaPeriod
from arrears.recovery.models import Benefit, BenefitDeduction, DeductionFrequency
from arrears.recovery.selectors import remedies as selectors
from arrears.recovery.services import deductions
from tests import factories
from tests.integration.test_remedies_setup import case_at, liability_order_case

pytestmark = pytest.mark.django_db

ORDER_2025 = dt.date(2025, 9, 1)
NOTIFIED = dt.date(2025, 10, 20)


@pytest.fixture
def debtor(authority_a):
    return factories.PartyFactory(authority=authority_a)


@pytest.fixture
def account(authority_a, debtor):
    account, _ = liability_order_case(
        authority_a, party=debtor, dates={"LIABILITY_ORDER": ORDER_2025}
    )
    return account


def _record(account, party, *, amount="19.85", benefit=Benefit.UNIVERSAL_CREDIT):
    return deductions.record_benefit_deduction(
        account=account,
        party=party,
        benefit=benefit,
        amount=Decimal(amount),
        frequency=DeductionFrequency.MONTHLY,
        start_date=NOTIFIED + dt.timedelta(days=10),
        notified_date=NOTIFIED,
        dwp_reference="DWP-778",
        actor=SYSTEM,
    )


class TestBenefitDeductions:
    def test_record_benefit_deduction_keeps_the_dwp_amount_and_the_forecast(self, account, debtor):
        deduction = _record(account, debtor)

        # DWP's figure is kept as notified; 5% of £400.14 (£20.01) is only a guide (§10.5 D5).
        assert (deduction.amount, deduction.forecast_amount) == (
            Decimal("19.85"),
            Decimal("20.01"),
        )
        figures = deduction.action.explanation["figures"]
        assert figures["amount_set_by_dwp"] == "19.85"
        assert deduction.action.stage.code == "BENEFIT_DEDUCTION"

    def test_record_benefit_deduction_forecasts_a_legacy_benefit_weekly(self, account, debtor):
        deduction = _record(account, debtor, amount="4.65", benefit=Benefit.PENSION_CREDIT)

        assert deduction.forecast_amount == Decimal("4.65")

    def test_record_benefit_deduction_allows_only_one_in_force(self, authority_a, account, debtor):
        other_year, _ = liability_order_case(
            authority_a, party=debtor, dates={"LIABILITY_ORDER": ORDER_2025}
        )
        _record(account, debtor)

        with pytest.raises(deductions.DeductionInForce, match=r"RULES\.md §2\.7"):
            _record(other_year, debtor)

        assert BenefitDeduction.objects.filter(party=debtor).count() == 1

    def test_record_benefit_deduction_allows_another_once_the_first_ended(
        self, authority_a, account, debtor
    ):
        other_year, _ = liability_order_case(
            authority_a, party=debtor, dates={"LIABILITY_ORDER": ORDER_2025}
        )
        first = _record(account, debtor)
        deductions.end_benefit_deduction(
            deduction=first, on=NOTIFIED + dt.timedelta(days=20), reason="Paid", actor=SYSTEM
        )

        second = _record(other_year, debtor)

        assert second.status == "ACTIVE"

    def test_remedies_page_refuses_a_second_deduction(self, account, debtor):
        _record(account, debtor)

        page = selectors.remedies_page(account_id=account.pk, as_of=NOTIFIED)

        option = page.option("BENEFIT_DEDUCTION")
        assert option is not None
        assert "only one is allowed at a time" in " ".join(option.reasons)


class TestHousingBenefitOverpayments:
    def test_record_hb_benefit_deduction_allows_up_to_the_reg_102_maximum(self, authority_a):
        account, _ = case_at(
            authority_a,
            codes=["REMINDER"],
            debt_type=DebtType.HOUSING_BENEFIT_OVERPAYMENT,
            dates={"REMINDER": dt.date(2025, 6, 2)},
        )

        action = deductions.record_hb_benefit_deduction(
            account=account,
            weekly_amount=Decimal("13.95"),
            is_fraud=False,
            on=NOTIFIED,
            actor=SYSTEM,
        )

        # RULES.md §10.5 D1: 3 × £4.65 = £13.95 a week in 2025/26.
        assert action.explanation["figures"]["maximum_weekly"] == "13.95"
        assert action.stage.code == "DEDUCTION_FROM_BENEFIT"

    def test_record_hb_benefit_deduction_refuses_more_than_the_maximum(self, authority_a):
        account, _ = case_at(
            authority_a,
            codes=["REMINDER"],
            debt_type=DebtType.HOUSING_BENEFIT_OVERPAYMENT,
            dates={"REMINDER": dt.date(2025, 6, 2)},
        )

        with pytest.raises(deductions.AboveMaximumDeduction, match="£35.75 a week"):
            deductions.record_hb_benefit_deduction(
                account=account,
                weekly_amount=Decimal("35.76"),
                is_fraud=True,
                earnings_disregard=Decimal("25.00"),
                on=NOTIFIED,
                actor=SYSTEM,
            )

    def test_hb_remedies_wait_for_their_stage(self, authority_a):
        account, _ = case_at(authority_a, codes=[], debt_type=DebtType.HOUSING_BENEFIT_OVERPAYMENT)

        page = selectors.remedies_page(account_id=account.pk, as_of=NOTIFIED)

        assert {option.code: option.is_allowed for option in page.options} == {
            "DEDUCTION_FROM_BENEFIT": False,
            "DIRECT_EARNINGS_ATTACHMENT": False,
        }

    def test_record_direct_earnings_attachment_applies_the_40_percent_cap(self, authority_a):
        party = factories.PartyFactory(authority=authority_a)
        account, _ = case_at(
            authority_a,
            codes=["REMINDER", "FINAL_NOTICE"],
            debt_type=DebtType.HOUSING_BENEFIT_OVERPAYMENT,
            party=party,
            dates={"REMINDER": dt.date(2025, 6, 2), "FINAL_NOTICE": dt.date(2025, 6, 20)},
        )

        action = deductions.record_direct_earnings_attachment(
            account=account,
            party=party,
            employer_name="Kingston Bakery Ltd",
            employer_address="1 High Street, Kingston KT1 1AA",
            net_earnings=Decimal("1620.00"),
            period=DeaPeriod.MONTHLY,
            priority_orders=Decimal("599.40"),
            on=NOTIFIED,
            actor=SYSTEM,
        )

        # RULES.md §10.5 D4: 7% of £1,020.60 = £71.44, capped at £648 − £599.40 = £48.60.
        figures = action.explanation["figures"]
        assert (figures["table_deduction"], figures["deduction"], figures["is_capped"]) == (
            "71.44",
            "48.60",
            True,
        )
        letter = Letter.objects.get(pk=action.letter_id)
        assert (letter.template, letter.recipient_name) == (
            "DEA_EMPLOYER_NOTICE",
            "Kingston Bakery Ltd",
        )
