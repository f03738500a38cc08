"""
Cases at the liability order, built the way the recovery engine leaves them, for the tests of
remedies after the liability order (test_remedies*.py, test_web_remedies.py).

The liability order is a COURT_OUTCOME action on the LIABILITY_ORDER stage with its costs posted
to the ledger, as the court outcome service records it; the builders write those rows directly so
the remedies tests do not depend on the court pages.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from arrears.accounts.domain.debts import DebtType, default_fund
from arrears.audit.services import SYSTEM
from arrears.enforcement.models import EnforcementCase
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from arrears.recovery.models import (
    ActionType,
    AttachmentOrder,
    BenefitDeduction,
    RecoveryAction,
    RecoveryCase,
    Stream,
)
from arrears.recovery.selectors import remedies as remedy_selectors
from arrears.recovery.selectors import streams as stream_selectors
from arrears.recovery.services.streams import install_default_streams
from tests import factories

pytestmark = pytest.mark.django_db

DUE_DATE = dt.date(2026, 5, 1)
ORDER_DATE = dt.date(2026, 7, 20)  # a Monday: the hearing at which the order was made
ORDER_COSTS = Decimal("29.00")


def streams(authority):
    """Install the England default streams for `authority` once."""
    if not Stream.objects.filter(authority=authority).exists():
        install_default_streams(authority_id=authority.pk, actor=SYSTEM, at=timezone.now())


def _take(case, stages, code, *, kind=ActionType.STAGE, on):
    stage_id = stages.stage_id(code)
    return RecoveryAction.objects.create(
        case=case,
        account_id=case.account_id,
        authority_id=case.authority_id,
        stage_id=stage_id,
        kind=kind,
        stream_version=stages.version,
        action_date=on,
        rule=stages.spec(stage_id).rule,
        created_at=timezone.now(),
    )


def case_at(
    authority,
    *,
    codes,
    owed="1200.00",
    debt_type=DebtType.COUNCIL_TAX,
    party=None,
    dates=None,
    reference=None,
):
    """
    Return (account, case) with the stages `codes` taken in order, the last one current.

    LIABILITY_ORDER is recorded as the court's decision on ORDER_DATE, with its costs.
    """
    streams(authority)
    party = party or factories.PartyFactory(authority=authority)
    if not party.addresses.exists():
        factories.AddressFactory(party=party)  # remedies post letters to the debtor
    extra = {"reference": reference} if reference else {}
    account = factories.DebtAccountFactory(
        authority=authority,
        debt_type=debt_type.value,
        fund=default_fund(debt_type).value,
        parties=[party],
        **extra,
    )
    ledger.post_charge(
        account=account,
        amount=Decimal(owed),
        effective_date=DUE_DATE,
        charge_kind=ChargeKind.LIABILITY,
        rule="liability.annual-bill",
        reason="Amount due",
        actor=SYSTEM,
    )
    stream = Stream.objects.get(authority=authority, debt_type=debt_type.value, is_current=True)
    stages = stream_selectors.stream_stages(stream_ids=[stream.pk])[stream.pk]
    case = RecoveryCase.objects.create(
        account=account,
        authority=authority,
        stream=stream,
        due_date=DUE_DATE,
        original_amount=Decimal(owed),
        opened_date=DUE_DATE,
    )
    dates = dates or {}
    on = DUE_DATE
    for code in codes:
        on = dates.get(code, ORDER_DATE if code == "LIABILITY_ORDER" else on + dt.timedelta(7))
        if code == "LIABILITY_ORDER":
            _take(case, stages, code, kind=ActionType.COURT_OUTCOME, on=on)
            ledger.post_charge(
                account=account,
                amount=ORDER_COSTS,
                effective_date=on,
                charge_kind=ChargeKind.COSTS,
                rule="recovery LIABILITY_ORDER",
                reason="Liability order costs",
                actor=SYSTEM,
            )
            case.hearing_date = on
        else:
            _take(case, stages, code, on=on)
        case.stage_id = stages.stage_id(code)
        case.stage_date = on
    if codes:
        following = stages.following(case.stage_id)
        case.next_stage_id = following
    case.save()
    account.refresh_from_db()
    return account, case


def liability_order_case(authority, **kwargs):
    """Return (account, case) at the liability order: council tax unless told otherwise."""
    codes = ["REMINDER", "FINAL_NOTICE", "SUMMONS", "LIABILITY_ORDER"]
    return case_at(authority, codes=codes, **kwargs)


class TestBuilders:
    def test_liability_order_case_is_at_the_order_with_its_costs(self, authority_a):
        account, case = liability_order_case(authority_a, owed="971.00")

        facts = remedy_selectors.remedy_facts(account_id=account.pk, as_of=ORDER_DATE)

        assert facts.liability_order_date == ORDER_DATE
        assert facts.outstanding == Decimal("1000.00")
        assert case.next_stage.code == "INFORMATION_REQUEST"


# --- One record of each kind, made once, for the tenancy table (tests/functional/test_tenancy.py)


def attachment_order_record(account, party):
    """Return an attachment of earnings order on `account` (made once, directly)."""
    return AttachmentOrder.objects.filter(account=account).order_by(
        "id"
    ).first() or AttachmentOrder.objects.create(
        authority_id=account.authority_id,
        account=account,
        party=party,
        employer_name=f"{party.surname} Employer Ltd",
        employer_address="1 High Street",
        pay_period="MONTHLY",
        made_date=ORDER_DATE,
        first_pay_date=ORDER_DATE + dt.timedelta(days=10),
        nation="ENG",
        table_valid_from=dt.date(2007, 4, 1),
        created_at=timezone.now(),
    )


def benefit_deduction_record(account, party):
    """Return a deduction from benefits on `account` (made once, directly)."""
    return BenefitDeduction.objects.filter(account=account).order_by(
        "id"
    ).first() or BenefitDeduction.objects.create(
        authority_id=account.authority_id,
        account=account,
        party=party,
        benefit="UNIVERSAL_CREDIT",
        amount=Decimal("20.00"),
        frequency="MONTHLY",
        start_date=ORDER_DATE,
        notified_date=ORDER_DATE,
        created_at=timezone.now(),
    )


def referral_record(account):
    """Return an open referral of `account` to enforcement agents (made once, directly)."""
    return EnforcementCase.objects.filter(account=account).order_by(
        "id"
    ).first() or EnforcementCase.objects.create(
        authority_id=account.authority_id,
        account=account,
        reference=f"EA-{account.reference}-1",
        referred_date=ORDER_DATE,
        debt_at_referral=Decimal("100.00"),
        created_at=timezone.now(),
    )
