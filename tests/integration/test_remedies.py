"""
Officer-chosen remedies after the liability order (RULES.md §2.5-§2.11): what the page offers,
the checks (stage reached, the remedy's own rule, holds) and the action each records.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from arrears.accounts.domain.debts import DebtType
from arrears.audit.models import AuditEvent
from arrears.audit.services import SYSTEM, Actor
from arrears.authorities.models import Nation
from arrears.enforcement import services as enforcement
from arrears.enforcement.domain.referrals import ReferralStatus, ReturnReason
from arrears.enforcement.models import EnforcementCase
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from arrears.recovery.domain.attachment import PayPeriod
from arrears.recovery.models import ActionType, Hold, RecoveryAction
from arrears.recovery.selectors import remedies as selectors
from arrears.recovery.services import information, remedies
from tests import factories
from tests.integration.test_remedies_setup import ORDER_DATE, case_at, liability_order_case

pytestmark = pytest.mark.django_db

AS_OF = ORDER_DATE + dt.timedelta(days=40)
OFFICER_CODES = ["ATTACHMENT_OF_EARNINGS", "BENEFIT_DEDUCTION", "CHARGING_ORDER", "BANKRUPTCY"]


def _options(account, as_of=AS_OF):
    page = selectors.remedies_page(account_id=account.pk, as_of=as_of)
    return {option.code: option for option in page.options}


def _reasons(account, code, as_of=AS_OF):
    return " ".join(_options(account, as_of)[code].reasons)


def _actor(officer):
    return Actor(officer_id=officer.pk, channel="test")


def _return_with_insufficient_goods(account, on):
    [case_id] = enforcement.refer_accounts(
        referrals=[
            enforcement.NewReferral(
                account_id=account.pk,
                authority_id=account.authority_id,
                referred_date=on,
                debt_at_referral=account.balance,
            )
        ],
        actor=SYSTEM,
    )
    enforcement.record_outcome(
        case=EnforcementCase.objects.get(pk=case_id),
        status=ReferralStatus.RETURNED,
        return_reason=ReturnReason.INSUFFICIENT_GOODS,
        on=on + dt.timedelta(days=30),
        actor=SYSTEM,
    )


class TestRemedyOptions:
    def test_remedies_page_offers_council_tax_remedies_once_the_order_is_made(self, authority_a):
        account, _ = liability_order_case(authority_a, owed="1200.00")

        options = _options(account)

        assert list(options) == ["ENFORCEMENT_AGENT", *OFFICER_CODES, "COMMITTAL"]
        allowed = {code for code, option in options.items() if option.is_allowed}
        assert allowed == {
            "ENFORCEMENT_AGENT",
            "ATTACHMENT_OF_EARNINGS",
            "BENEFIT_DEDUCTION",
            "CHARGING_ORDER",
        }
        assert "at least £5,000.00" in _reasons(account, "BANKRUPTCY")
        assert options["ATTACHMENT_OF_EARNINGS"].notes

    def test_remedies_page_refuses_every_remedy_before_the_liability_order(self, authority_a):
        account, _ = case_at(authority_a, codes=["REMINDER", "FINAL_NOTICE", "SUMMONS"])

        options = _options(account)

        assert not any(option.is_allowed for option in options.values())
        assert all(
            "has not reached the liability order stage" in " ".join(option.reasons)
            for code, option in options.items()
            if code != "COMMITTAL"
        )
        assert "referral to enforcement agents stage" in _reasons(account, "COMMITTAL")

    def test_remedies_page_says_an_account_without_a_case_is_not_in_recovery(self, authority_a):
        account = factories.DebtAccountFactory(authority=authority_a)

        page = selectors.remedies_page(account_id=account.pk, as_of=AS_OF)

        assert page.facts is None
        assert page.options == []

    def test_remedies_page_offers_business_rates_no_attachment_benefits_or_charging_order(
        self, authority_a
    ):
        account, _ = liability_order_case(
            authority_a, debt_type=DebtType.BUSINESS_RATES, owed="8000.00"
        )

        options = _options(account)

        assert list(options) == ["ENFORCEMENT_AGENT", "BANKRUPTCY", "COMMITTAL"]
        assert options["BANKRUPTCY"].is_allowed


class TestThresholds:
    @pytest.mark.parametrize(
        ("owed", "is_allowed"), [("970.99", False), ("971.00", True)]
    )  # + £29.00 order costs: £999.99 and £1,000.00 under the order
    def test_charging_order_needs_1000_outstanding_under_the_order(
        self, authority_a, owed, is_allowed
    ):
        account, _ = liability_order_case(authority_a, owed=owed)

        option = _options(account)["CHARGING_ORDER"]

        assert option.is_allowed is is_allowed
        if not is_allowed:
            assert "at least £1,000.00" in " ".join(option.reasons)
            assert "£999.99 is outstanding" in " ".join(option.reasons)

    @pytest.mark.parametrize(("owed", "is_allowed"), [("4970.99", False), ("4971.00", True)])
    def test_bankruptcy_needs_5000_outstanding(self, authority_a, owed, is_allowed):
        account, _ = liability_order_case(authority_a, owed=owed)

        assert _options(account)["BANKRUPTCY"].is_allowed is is_allowed

    def test_outstanding_falls_with_payments_after_the_order(self, authority_a):
        account, _ = liability_order_case(authority_a, owed="1000.00")
        ledger.record_payment(
            account=account,
            amount=Decimal("29.01"),
            received_date=ORDER_DATE + dt.timedelta(days=3),
            reference=None,
            actor=SYSTEM,
        )

        facts = selectors.remedy_facts(account_id=account.pk, as_of=AS_OF)

        assert facts.outstanding == Decimal("999.99")
        assert not _options(account)["CHARGING_ORDER"].is_allowed

    def test_outstanding_does_not_count_charges_after_the_order(self, authority_a):
        account, _ = liability_order_case(authority_a, owed="900.00")
        ledger.post_charge(
            account=account,
            amount=Decimal("310.00"),
            effective_date=ORDER_DATE + dt.timedelta(days=10),
            charge_kind=ChargeKind.STATUTORY_FEE,
            rule="enforcement fee",
            reason="Enforcement stage fee",
            actor=SYSTEM,
        )

        facts = selectors.remedy_facts(account_id=account.pk, as_of=AS_OF)

        assert (facts.balance, facts.outstanding) == (Decimal("1239.00"), Decimal("929.00"))
        assert not _options(account)["CHARGING_ORDER"].is_allowed


class TestCommittal:
    def test_committal_needs_the_agents_report_of_insufficient_goods(self, authority_a):
        account, _ = case_at(
            authority_a,
            codes=["REMINDER", "SUMMONS", "LIABILITY_ORDER", "ENFORCEMENT_AGENT"],
            owed="700.00",
        )
        before = _reasons(account, "COMMITTAL")

        _return_with_insufficient_goods(account, ORDER_DATE + dt.timedelta(days=7))

        assert "insufficient goods" in before
        assert _options(account)["COMMITTAL"].is_allowed

    def test_committal_is_refused_in_wales(self, authority_b):
        authority_b.nation = Nation.WALES
        authority_b.save()
        account, _ = case_at(
            authority_b, codes=["REMINDER", "SUMMONS", "LIABILITY_ORDER", "ENFORCEMENT_AGENT"]
        )
        _return_with_insufficient_goods(account, ORDER_DATE + dt.timedelta(days=7))

        reasons = _reasons(account, "COMMITTAL")

        assert "abolished in Wales from 1 April 2019" in reasons


class TestHolds:
    def test_a_breathing_space_stops_every_remedy_and_says_why(self, authority_a):
        party = factories.PartyFactory(authority=authority_a)
        account, _ = liability_order_case(authority_a, party=party, owed="6000.00")
        factories.MarkerFactory(
            party=party,
            kind="BREATHING_SPACE",
            category="STANDARD",
            start_date=AS_OF - dt.timedelta(days=5),
            end_date=AS_OF + dt.timedelta(days=54),
        )

        options = _options(account)

        assert not any(option.is_allowed for option in options.values())
        assert all(option.blocking_holds == ("Breathing Space",) for option in options.values())
        assert "Debt Respite Scheme" in _reasons(account, "CHARGING_ORDER")

    def test_a_breathing_space_that_has_ended_stops_nothing(self, authority_a):
        party = factories.PartyFactory(authority=authority_a)
        account, _ = liability_order_case(authority_a, party=party)
        factories.MarkerFactory(
            party=party,
            kind="BREATHING_SPACE",
            category="STANDARD",
            start_date=AS_OF - dt.timedelta(days=70),
            end_date=AS_OF - dt.timedelta(days=11),
        )

        assert _options(account)["ATTACHMENT_OF_EARNINGS"].is_allowed

    @pytest.mark.parametrize("kind", ["ARRANGEMENT", "DISPUTE", "VULNERABILITY"])
    def test_an_account_hold_stops_the_remedies(self, authority_a, kind):
        account, _ = liability_order_case(authority_a)
        Hold.objects.create(
            account=account,
            kind=kind,
            start_date=AS_OF - dt.timedelta(days=1),
            reason="Recorded by the test",
            recorded_at=timezone.now(),
        )

        option = _options(account)["ATTACHMENT_OF_EARNINGS"]

        assert not option.is_allowed
        assert option.blocking_holds


class TestTakeOfficerAction:
    def test_take_officer_action_records_the_action_with_its_figures(self, authority_a, officer_a):
        account, case = liability_order_case(authority_a, owed="1471.00")

        action = remedies.take_officer_action(
            account=account,
            code="CHARGING_ORDER",
            on=AS_OF,
            actor=_actor(officer_a),
            note="County court at Kingston",
        )

        assert (action.case_id, action.kind, action.stage.code, action.cycle) == (
            case.pk,
            ActionType.OFFICER,
            "CHARGING_ORDER",
            1,
        )
        checks = action.explanation["checks"]
        assert checks["outstanding_under_liability_orders"] == "1500.00"
        assert checks["minimum"] == "1000.00"
        assert checks["liability_order_date"] == ORDER_DATE.isoformat()
        assert action.rule.startswith("RULES.md §2.9")
        assert action.created_by_id == officer_a.pk
        event = AuditEvent.objects.get(action="recovery.remedy.taken", object_id=str(action.pk))
        assert event.detail["note"] == "County court at Kingston"

    def test_take_officer_action_refuses_with_the_reasons_and_writes_nothing(self, authority_a):
        account, case = liability_order_case(authority_a, owed="500.00")

        with pytest.raises(remedies.RemedyNotAllowed) as refusal:
            remedies.take_officer_action(account=account, code="BANKRUPTCY", on=AS_OF, actor=SYSTEM)

        assert "at least £5,000.00" in " ".join(refusal.value.reasons)
        assert not RecoveryAction.objects.filter(case=case, kind=ActionType.OFFICER).exists()

    def test_take_officer_action_counts_a_second_time_as_a_new_cycle(self, authority_a):
        account, _ = liability_order_case(authority_a, owed="1500.00")
        remedies.take_officer_action(account=account, code="CHARGING_ORDER", on=AS_OF, actor=SYSTEM)

        again = remedies.take_officer_action(
            account=account, code="CHARGING_ORDER", on=AS_OF + dt.timedelta(days=1), actor=SYSTEM
        )

        assert again.cycle == 2

    def test_take_officer_action_refuses_a_remedy_the_stream_does_not_have(self, authority_a):
        account, _ = liability_order_case(authority_a, debt_type=DebtType.BUSINESS_RATES)

        with pytest.raises(remedies.UnknownRemedy):
            remedies.take_officer_action(
                account=account, code="CHARGING_ORDER", on=AS_OF, actor=SYSTEM
            )

    def test_take_officer_action_refuses_an_account_without_a_case(self, authority_a):
        account = factories.DebtAccountFactory(authority=authority_a)

        with pytest.raises(remedies.NoRecoveryCase):
            remedies.take_officer_action(
                account=account, code="CHARGING_ORDER", on=AS_OF, actor=SYSTEM
            )

    def test_take_officer_action_records_committal_with_the_agents_report(self, authority_a):
        account, _ = case_at(
            authority_a, codes=["REMINDER", "SUMMONS", "LIABILITY_ORDER", "ENFORCEMENT_AGENT"]
        )
        _return_with_insufficient_goods(account, ORDER_DATE + dt.timedelta(days=7))

        action = remedies.take_officer_action(
            account=account, code="COMMITTAL", on=AS_OF, actor=SYSTEM
        )

        assert action.explanation["checks"]["insufficient_goods_report"] is True
        assert action.explanation["notes"] == [
            "The court must find wilful refusal or culpable neglect to pay (§2.11)."
        ]


class TestInformationReply:
    def _requested(self, authority):
        return case_at(
            authority,
            codes=["REMINDER", "SUMMONS", "LIABILITY_ORDER", "INFORMATION_REQUEST"],
            dates={"INFORMATION_REQUEST": ORDER_DATE + dt.timedelta(days=1)},
        )

    def test_record_information_reply_keeps_the_employer_and_earnings(self, authority_a):
        account, _ = self._requested(authority_a)

        reply = information.record_information_reply(
            account=account,
            received_date=ORDER_DATE + dt.timedelta(days=8),
            employer_name="Kingston Bakery Ltd",
            employer_address="1 High Street, Kingston KT1 1AA",
            pay_period=PayPeriod.MONTHLY,
            net_earnings=Decimal("1200.00"),
            benefits="None",
            actor=SYSTEM,
        )

        # Issued Tuesday 21 July, served Thursday 23 July (2 working days), 14 days beginning
        # with that day end on Wednesday 5 August.
        assert reply.requested_date == dt.date(2026, 7, 21)
        assert reply.deadline_date == dt.date(2026, 8, 5)
        assert (reply.employer_name, reply.pay_period, reply.net_earnings) == (
            "Kingston Bakery Ltd",
            "MONTHLY",
            Decimal("1200.00"),
        )

    def test_record_no_information_reply_waits_for_the_deadline(self, authority_a):
        account, _ = self._requested(authority_a)

        with pytest.raises(information.ReplyDeadlineNotPassed, match="5 August 2026"):
            information.record_no_information_reply(
                account=account, on=dt.date(2026, 8, 5), actor=SYSTEM
            )
        reply = information.record_no_information_reply(
            account=account, on=dt.date(2026, 8, 6), actor=SYSTEM
        )

        assert reply.outcome == "NO_REPLY"
        assert AuditEvent.objects.filter(
            action="recovery.information_reply.missing", object_id=str(reply.pk)
        ).exists()

    def test_record_no_information_reply_needs_a_request(self, authority_a):
        account, _ = liability_order_case(authority_a)

        with pytest.raises(information.NotAfterLiabilityOrder):
            information.record_no_information_reply(account=account, on=AS_OF, actor=SYSTEM)

    def test_record_information_reply_needs_the_liability_order(self, authority_a):
        account, _ = case_at(authority_a, codes=["REMINDER", "SUMMONS"])

        with pytest.raises(information.NotAfterLiabilityOrder):
            information.record_information_reply(account=account, received_date=AS_OF, actor=SYSTEM)
