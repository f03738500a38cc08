"""
Referrals to enforcement agents (RULES.md §2.8): the enforcement case issue 5 builds on.

`refer_accounts` is set-based for the daily run; a second open referral of an account is refused.
"""

import datetime as dt
from decimal import Decimal

import pytest

from arrears.audit.models import AuditEvent
from arrears.audit.services import SYSTEM
from arrears.enforcement import selectors, services
from arrears.enforcement.domain.referrals import ReferralStatus, ReturnReason
from arrears.enforcement.models import EnforcementCase
from arrears.recovery.models import RecoveryAction
from arrears.recovery.services import remedies
from tests import factories
from tests.integration.test_remedies_setup import ORDER_DATE, case_at, liability_order_case

pytestmark = pytest.mark.django_db

REFERRED = dt.date(2026, 11, 23)
ORDER_MADE = dt.date(2026, 10, 30)
LATER = ORDER_DATE + dt.timedelta(days=25)


def _referral(account, *, debt="412.50"):
    return services.NewReferral(
        account_id=account.pk,
        authority_id=account.authority_id,
        referred_date=REFERRED,
        debt_at_referral=Decimal(debt),
        liability_order_date=ORDER_MADE,
    )


class TestReferAccounts:
    def test_refer_accounts_opens_one_case_per_account_with_its_figures(self, authority_a):
        accounts = [
            factories.DebtAccountFactory(authority=authority_a, reference=f"CT0000100{n}")
            for n in range(3)
        ]

        ids = services.refer_accounts(
            referrals=[_referral(a, debt=f"10{n}.00") for n, a in enumerate(accounts)],
            actor=SYSTEM,
        )

        cases = EnforcementCase.objects.filter(pk__in=ids).order_by("id")
        assert [(c.account_id, c.reference, c.debt_at_referral, c.status) for c in cases] == [
            (a.pk, f"EA-{a.reference}-1", Decimal(f"10{n}.00"), ReferralStatus.OPEN)
            for n, a in enumerate(accounts)
        ]
        assert all(c.liability_order_date == ORDER_MADE for c in cases)
        assert (
            AuditEvent.objects.filter(
                action="enforcement.case.referred", object_id__in=[str(i) for i in ids]
            ).count()
            == 3
        )

    def test_refer_accounts_uses_a_fixed_number_of_queries(
        self, authority_a, django_assert_max_num_queries
    ):
        accounts = [factories.DebtAccountFactory(authority=authority_a) for _ in range(40)]

        with django_assert_max_num_queries(8):
            ids = services.refer_accounts(referrals=[_referral(a) for a in accounts], actor=SYSTEM)

        assert len(ids) == 40

    def test_refer_accounts_refuses_a_second_open_referral_and_writes_nothing(self, authority_a):
        referred = factories.DebtAccountFactory(authority=authority_a)
        fresh = factories.DebtAccountFactory(authority=authority_a)
        services.refer_accounts(referrals=[_referral(referred)], actor=SYSTEM)

        with pytest.raises(services.AlreadyReferred) as refusal:
            services.refer_accounts(referrals=[_referral(fresh), _referral(referred)], actor=SYSTEM)

        assert refusal.value.account_ids == (referred.pk,)
        assert not EnforcementCase.objects.filter(account=fresh).exists()

    def test_refer_accounts_refuses_the_same_account_twice_in_one_batch(self, authority_a):
        account = factories.DebtAccountFactory(authority=authority_a)

        with pytest.raises(services.AlreadyReferred):
            services.refer_accounts(
                referrals=[_referral(account), _referral(account)], actor=SYSTEM
            )

        assert not EnforcementCase.objects.filter(account=account).exists()

    def test_refer_accounts_refuses_a_referral_for_nothing(self, authority_a):
        account = factories.DebtAccountFactory(authority=authority_a)

        with pytest.raises(services.NothingToRefer):
            services.refer_accounts(referrals=[_referral(account, debt="0.00")], actor=SYSTEM)

    def test_refer_accounts_numbers_a_new_referral_after_the_last_one_ended(self, authority_a):
        account = factories.DebtAccountFactory(authority=authority_a, reference="CT00002222")
        [first_id] = services.refer_accounts(referrals=[_referral(account)], actor=SYSTEM)
        services.record_outcome(
            case=EnforcementCase.objects.get(pk=first_id),
            status=ReferralStatus.WITHDRAWN,
            on=REFERRED,
            actor=SYSTEM,
        )

        [second_id] = services.refer_accounts(referrals=[_referral(account)], actor=SYSTEM)

        assert EnforcementCase.objects.get(pk=second_id).reference == "EA-CT00002222-2"


class TestRecordOutcome:
    def test_record_outcome_records_an_insufficient_goods_return(self, authority_a):
        account = factories.DebtAccountFactory(authority=authority_a)
        [case_id] = services.refer_accounts(referrals=[_referral(account)], actor=SYSTEM)
        returned_date = dt.date(2027, 1, 11)

        case = services.record_outcome(
            case=EnforcementCase.objects.get(pk=case_id),
            status=ReferralStatus.RETURNED,
            return_reason=ReturnReason.INSUFFICIENT_GOODS,
            on=returned_date,
            actor=SYSTEM,
        )

        assert (case.status, case.closed_date) == (ReferralStatus.RETURNED, returned_date)
        assert selectors.has_insufficient_goods_report(account_id=account.pk)
        assert selectors.open_referral_account_ids(account_ids=[account.pk]) == frozenset()

    def test_record_outcome_does_not_count_a_gone_away_return_as_insufficient_goods(
        self, authority_a
    ):
        account = factories.DebtAccountFactory(authority=authority_a)
        [case_id] = services.refer_accounts(referrals=[_referral(account)], actor=SYSTEM)

        services.record_outcome(
            case=EnforcementCase.objects.get(pk=case_id),
            status=ReferralStatus.RETURNED,
            return_reason=ReturnReason.GONE_AWAY,
            on=REFERRED,
            actor=SYSTEM,
        )

        assert not selectors.has_insufficient_goods_report(account_id=account.pk)

    def test_record_outcome_refuses_a_case_that_has_ended(self, authority_a):
        account = factories.DebtAccountFactory(authority=authority_a)
        [case_id] = services.refer_accounts(referrals=[_referral(account)], actor=SYSTEM)
        case = EnforcementCase.objects.get(pk=case_id)
        services.record_outcome(case=case, status=ReferralStatus.PAID, on=REFERRED, actor=SYSTEM)

        with pytest.raises(services.ReferralNotOpen):
            services.record_outcome(
                case=case, status=ReferralStatus.WITHDRAWN, on=REFERRED, actor=SYSTEM
            )

    def test_record_outcome_needs_a_reason_for_a_return(self, authority_a):
        account = factories.DebtAccountFactory(authority=authority_a)
        [case_id] = services.refer_accounts(referrals=[_referral(account)], actor=SYSTEM)

        with pytest.raises(ValueError, match="reason"):
            services.record_outcome(
                case=EnforcementCase.objects.get(pk=case_id),
                status=ReferralStatus.RETURNED,
                on=REFERRED,
                actor=SYSTEM,
            )


class TestReferToEnforcementAgents:
    """An officer's referral of one account from the remedies page."""

    def test_refer_to_enforcement_agents_opens_a_case_for_what_is_owed_under_the_order(
        self, authority_a
    ):
        account, case = liability_order_case(authority_a, owed="671.00")

        case_id = remedies.refer_to_enforcement_agents(
            account=account, on=LATER, actor=SYSTEM, note="No reply to the information request"
        )

        referral = EnforcementCase.objects.get(pk=case_id)
        assert (referral.debt_at_referral, referral.liability_order_date) == (
            Decimal("700.00"),
            ORDER_DATE,
        )
        assert referral.recovery_case_id == case.pk
        action = RecoveryAction.objects.get(case=case, kind="OFFICER")
        assert action.stage.code == "ENFORCEMENT_AGENT"

    def test_refer_to_enforcement_agents_moves_the_case_past_the_runs_referral(self, authority_a):
        account, case = case_at(
            authority_a, codes=["REMINDER", "SUMMONS", "LIABILITY_ORDER", "INFORMATION_REQUEST"]
        )
        assert case.next_stage.code == "ENFORCEMENT_AGENT"

        remedies.refer_to_enforcement_agents(account=account, on=LATER, actor=SYSTEM)

        case.refresh_from_db()
        account.refresh_from_db()
        assert (case.stage.code, case.stage_date) == ("ENFORCEMENT_AGENT", LATER)
        assert (case.next_stage_id, case.next_due_date) == (None, None)
        assert account.recovery_stage == "ENFORCEMENT_AGENT"

    def test_refer_to_enforcement_agents_refuses_a_second_open_referral(self, authority_a):
        account, _ = liability_order_case(authority_a)
        remedies.refer_to_enforcement_agents(account=account, on=LATER, actor=SYSTEM)

        with pytest.raises(remedies.RemedyNotAllowed, match="already with the enforcement"):
            remedies.refer_to_enforcement_agents(account=account, on=LATER, actor=SYSTEM)

        assert EnforcementCase.objects.filter(account=account).count() == 1

    def test_refer_to_enforcement_agents_is_stopped_by_a_hold(self, authority_a):
        party = factories.PartyFactory(authority=authority_a)
        account, _ = liability_order_case(authority_a, party=party)
        factories.MarkerFactory(
            party=party, kind="INSOLVENCY", category="BANKRUPTCY", start_date=LATER
        )

        with pytest.raises(remedies.RemedyNotAllowed, match="insolvent"):
            remedies.refer_to_enforcement_agents(account=account, on=LATER, actor=SYSTEM)

        assert not EnforcementCase.objects.filter(account=account).exists()

    def test_refer_to_enforcement_agents_needs_the_liability_order(self, authority_a):
        account, _ = case_at(authority_a, codes=["REMINDER", "SUMMONS"])

        with pytest.raises(remedies.RemedyNotAllowed, match="liability order stage"):
            remedies.refer_to_enforcement_agents(account=account, on=LATER, actor=SYSTEM)
