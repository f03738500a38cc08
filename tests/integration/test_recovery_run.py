"""
The daily recovery run on a real database: streams walked on fixed dates, holds, idempotence.

The council tax walk crosses the clock change (Sunday 29 March 2026) and Easter 2026 (Good Friday
3 April, Easter Monday 6 April): dates are London dates and due dates that fall on a bank
holiday move to the next working day.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from arrears.accounts.domain.debts import DebtType, Fund
from arrears.accounts.models import DebtAccount
from arrears.audit.services import SYSTEM
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from arrears.letters.models import Letter
from arrears.recovery.models import (
    CourtSession,
    Hold,
    RecoveryAction,
    RecoveryCase,
    RecoveryRun,
    RunStatus,
)
from arrears.recovery.services import approval, court
from arrears.recovery.services.run import run_authority
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date


def _account(authority, *, opened: dt.date, amount: str, debt_type=DebtType.COUNCIL_TAX):
    party = factories.PartyFactory(authority=authority)
    factories.AddressFactory(party=party)
    account = factories.DebtAccountFactory(
        authority=authority,
        opened_date=opened,
        debt_type=debt_type.value,
        fund=(
            Fund.COLLECTION_FUND if debt_type is DebtType.COUNCIL_TAX else Fund.GENERAL_FUND
        ).value,
        parties=[party],
    )
    ledger.post_charge(
        account=account,
        amount=Decimal(amount),
        effective_date=opened,
        charge_kind=ChargeKind.PENALTY
        if debt_type is DebtType.PARKING_PCN
        else ChargeKind.LIABILITY,
        rule="test",
        reason="The debt",
        actor=SYSTEM,
    )
    return account, party


def _run(authority, day: dt.date, *, dry_run: bool = False):
    return run_authority(authority=authority, as_of=day, dry_run=dry_run, actor=SYSTEM)


def _case(account) -> RecoveryCase:
    return RecoveryCase.objects.select_related("stage", "next_stage").get(account=account)


def _balance(account) -> Decimal:
    return DebtAccount.objects.get(pk=account.pk).balance


def _session(authority, day: dt.date, capacity: int = 10) -> CourtSession:
    return CourtSession.objects.create(
        authority=authority,
        court_name="Kingston Magistrates' Court",
        hearing_date=day,
        hearing_time=dt.time(10, 0),
        capacity=capacity,
        created_at=timezone.now(),
    )


def _to_summons_due(authority):
    """An account walked to the point where its summons falls due on Tue 21 April 2026."""
    account, party = _account(authority, opened=D(2026, 3, 21), amount="500.00")
    for day in (D(2026, 3, 23), D(2026, 3, 30), D(2026, 4, 7), D(2026, 4, 14)):
        _run(authority, day)
    case = _case(account)
    assert case.next_stage.code == "SUMMONS"
    assert case.next_due_date == D(2026, 4, 21)
    return account, party


def test_council_tax_walk_through_every_stage(authority_a) -> None:
    account, party = _account(authority_a, opened=D(2026, 3, 21), amount="500.00")
    _session(authority_a, D(2026, 5, 7))  # too soon after service for a summons of 21 April
    _session(authority_a, D(2026, 5, 12))

    first = _run(authority_a, D(2026, 3, 23))
    assert first.opened == 1
    assert not first.actions
    case = _case(account)
    # 7 days after Sat 21 March, read generously: from Sun 29 March, the clock-change day,
    # which is a Sunday, so the next working day.
    assert (case.next_stage.code, case.next_due_date) == ("REMINDER", D(2026, 3, 30))

    assert not _run(authority_a, D(2026, 3, 27)).actions
    assert dict(_run(authority_a, D(2026, 3, 30)).actions) == {"REMINDER": 1}
    case = _case(account)
    # 7 days beginning with 30 March end on Sun 5 April; Mon 6 April is Easter Monday.
    assert (case.next_stage.code, case.next_due_date) == ("SECOND_REMINDER", D(2026, 4, 7))
    assert not _run(authority_a, D(2026, 4, 6)).actions

    assert dict(_run(authority_a, D(2026, 4, 7)).actions) == {"SECOND_REMINDER": 1}
    assert dict(_run(authority_a, D(2026, 4, 14)).actions) == {"FINAL_NOTICE": 1}
    assert dict(_run(authority_a, D(2026, 4, 21)).actions) == {"SUMMONS": 1}
    case = _case(account)
    assert case.hearing_date == D(2026, 5, 12)
    assert case.next_stage.code == "LIABILITY_ORDER"
    assert case.next_due_date is None
    assert _balance(account) == Decimal("564.50")
    summons = RecoveryAction.objects.get(case=case, stage__code="SUMMONS")
    assert summons.explanation["cost"]["amount"] == "64.50"
    assert summons.explanation["hearing"]["earliest_lawful"] == "2026-05-08"
    assert summons.stream_version == 1

    assert not _run(authority_a, D(2026, 5, 11)).evaluated
    court.record_hearing_outcome(
        case=case, outcome=court.HearingOutcome.GRANTED, on=D(2026, 5, 12), actor=SYSTEM
    )
    assert _balance(account) == Decimal("593.50")
    assert _case(account).next_due_date == D(2026, 5, 13)
    assert dict(_run(authority_a, D(2026, 5, 13)).actions) == {"INFORMATION_REQUEST": 1}
    assert _case(account).next_due_date == D(2026, 6, 3)
    assert dict(_run(authority_a, D(2026, 6, 3)).actions) == {"ENFORCEMENT_AGENT": 1}
    case = _case(account)
    assert case.next_stage is None
    assert DebtAccount.objects.get(pk=account.pk).recovery_stage == "ENFORCEMENT_AGENT"

    templates = list(
        Letter.objects.filter(account=account)
        .order_by("issue_date")
        .values_list("template", "issue_date")
    )
    assert templates == [
        ("REMINDER", D(2026, 3, 30)),
        ("SECOND_REMINDER", D(2026, 4, 7)),
        ("FINAL_NOTICE", D(2026, 4, 14)),
        ("SUMMONS", D(2026, 4, 21)),
        ("LIABILITY_ORDER_NOTICE", D(2026, 5, 12)),
        ("INFORMATION_REQUEST", D(2026, 5, 13)),
        ("ENFORCEMENT_REFERRAL_NOTICE", D(2026, 6, 3)),
    ]
    summons_letter = Letter.objects.get(account=account, template="SUMMONS")
    assert summons_letter.facts["hearing_date"] == "2026-05-12"
    assert summons_letter.facts["costs"] == "64.50"


def test_parking_pcn_walk_matches_the_worked_example(authority_a) -> None:
    account, _ = _account(
        authority_a, opened=D(2026, 6, 1), amount="70.00", debt_type=DebtType.PARKING_PCN
    )
    _run(authority_a, D(2026, 6, 2))
    assert _case(account).next_due_date == D(2026, 6, 29)  # RULES.md §10.6
    assert dict(_run(authority_a, D(2026, 6, 29)).actions) == {"NOTICE_TO_OWNER": 1}
    # Posted Mon 29 June, served Wed 1 July; 28 days beginning with 1 July end on 28 July.
    assert _case(account).next_due_date == D(2026, 7, 29)
    assert dict(_run(authority_a, D(2026, 7, 29)).actions) == {"CHARGE_CERTIFICATE": 1}
    assert _balance(account) == Decimal("105.00")
    letter = Letter.objects.get(account=account, template="PCN_CHARGE_CERTIFICATE")
    assert letter.facts["increased_amount"] == "105.00"
    # Served Fri 31 July; 14 days beginning with it end on 13 August.
    assert _case(account).next_due_date == D(2026, 8, 14)
    assert dict(_run(authority_a, D(2026, 8, 14)).actions) == {"TEC_REGISTRATION": 1}
    assert _balance(account) == Decimal("115.00")
    assert dict(_run(authority_a, D(2026, 8, 17)).actions) == {"ORDER_FOR_RECOVERY": 1}
    # Served Wed 19 August; 21 days beginning with it end on 8 September.
    assert _case(account).next_due_date == D(2026, 9, 9)
    assert dict(_run(authority_a, D(2026, 9, 9)).actions) == {"WARRANT_OF_CONTROL": 1}


def test_sundry_walk_waits_thirty_days_after_the_letter_before_claim(authority_a) -> None:
    account, _ = _account(
        authority_a, opened=D(2026, 9, 1), amount="240.00", debt_type=DebtType.SUNDRY_INVOICE
    )
    _run(authority_a, D(2026, 9, 2))
    assert _case(account).next_due_date == D(2026, 9, 16)
    assert dict(_run(authority_a, D(2026, 9, 16)).actions) == {"REMINDER": 1}
    assert dict(_run(authority_a, D(2026, 9, 30)).actions) == {"FINAL_NOTICE": 1}
    assert dict(_run(authority_a, D(2026, 10, 14)).actions) == {"LETTER_BEFORE_CLAIM": 1}
    # 30 days after 14 October, read generously: the claim may go on 14 November (a Saturday),
    # so the next working day.
    assert _case(account).next_due_date == D(2026, 11, 16)
    assert dict(_run(authority_a, D(2026, 11, 16)).actions) == {"COUNTY_COURT_CLAIM": 1}
    assert Letter.objects.get(account=account, template="LETTER_BEFORE_CLAIM")


def test_dry_run_and_real_run_agree_and_a_second_run_creates_nothing(authority_a) -> None:
    _session(authority_a, D(2026, 5, 12), capacity=2)
    for _ in range(3):
        _to_summons_due(authority_a)
    factories.DebtAccountFactory(authority=authority_a)  # no debt: never a case
    dry = _run(authority_a, D(2026, 4, 21), dry_run=True)
    assert not RecoveryRun.objects.filter(run_date=D(2026, 4, 21)).exists()
    real = _run(authority_a, D(2026, 4, 21))
    assert (dry.evaluated, dry.actions, dry.held, dry.skipped) == (
        real.evaluated,
        real.actions,
        real.held,
        real.skipped,
    )
    assert dict(real.actions) == {"SUMMONS": 2}
    assert dict(real.skipped) == {"no-court-session": 1}
    actions_before = RecoveryAction.objects.count()
    letters_before = Letter.objects.count()
    again = _run(authority_a, D(2026, 4, 21))
    assert not again.actions
    assert RecoveryAction.objects.count() == actions_before
    assert Letter.objects.count() == letters_before


def _marker(party, kind: str, category: str, start: dt.date, end: dt.date | None = None):
    return factories.MarkerFactory(
        party=party, kind=kind, category=category, start_date=start, end_date=end
    )


HOLDS = [
    ("BREATHING_SPACE", "marker", "BREATHING_SPACE", "STANDARD"),
    ("MENTAL_HEALTH_CRISIS", "marker", "BREATHING_SPACE", "MENTAL_HEALTH_CRISIS"),
    ("INSOLVENCY", "marker", "INSOLVENCY", "BANKRUPTCY"),
    ("DECEASED", "marker", "DECEASED", ""),
    ("VULNERABILITY", "marker", "VULNERABILITY", "HEALTH"),
    ("ARRANGEMENT", "hold", "ARRANGEMENT", ""),
    ("DISPUTE", "hold", "DISPUTE", ""),
    ("APPEAL", "hold", "APPEAL", ""),
]


@pytest.mark.parametrize(("expected", "source", "kind", "category"), HOLDS)
def test_no_stage_fires_under_any_hold(authority_a, expected, source, kind, category) -> None:
    _session(authority_a, D(2026, 5, 12))
    account, party = _to_summons_due(authority_a)
    if source == "marker":
        _marker(party, kind, category, D(2026, 4, 20))
    else:
        Hold.objects.create(
            account=account,
            kind=kind,
            start_date=D(2026, 4, 20),
            reason="Test hold",
            recorded_at=timezone.now(),
        )
    balance = _balance(account)
    summary = _run(authority_a, D(2026, 4, 21))
    assert not summary.actions
    assert dict(summary.held) == {expected: 1}
    assert _balance(account) == balance
    assert not Letter.objects.filter(account=account, template="SUMMONS").exists()
    assert _case(account).next_stage.code == "SUMMONS"


def test_breathing_space_recorded_between_dry_run_and_real_run(authority_a) -> None:
    _session(authority_a, D(2026, 5, 12))
    account, party = _to_summons_due(authority_a)
    assert dict(_run(authority_a, D(2026, 4, 21), dry_run=True).actions) == {"SUMMONS": 1}
    # Notified today, backdated to start last week (RULES.md §5.4: the start date counts).
    _marker(party, "BREATHING_SPACE", "STANDARD", D(2026, 4, 15), D(2026, 6, 13))
    real = _run(authority_a, D(2026, 4, 21))
    assert not real.actions
    assert dict(real.held) == {"BREATHING_SPACE": 1}


def test_breathing_space_before_approval_withdraws_the_step_and_its_costs(authority_a) -> None:
    officer = factories.OfficerFactory(authorities=[authority_a])
    _session(authority_a, D(2026, 5, 12))
    account, party = _to_summons_due(authority_a)
    other, _ = _to_summons_due(authority_a)
    summary = _run(authority_a, D(2026, 4, 21))
    assert dict(summary.actions) == {"SUMMONS": 2}
    assert _balance(account) == Decimal("564.50")
    run = RecoveryRun.objects.get(pk=summary.run_ids[0])
    _marker(party, "BREATHING_SPACE", "STANDARD", D(2026, 4, 21), D(2026, 6, 19))
    actor = SYSTEM.__class__(officer_id=officer.pk, channel="web")
    result = approval.approve_run(run=run, actor=actor, on=D(2026, 4, 22))
    assert result.withdrawn_steps == 1
    assert _balance(account) == Decimal("500.00")
    assert _balance(other) == Decimal("564.50")
    assert Letter.objects.get(account=account, template="SUMMONS").status == "WITHDRAWN"
    assert Letter.objects.get(account=other, template="SUMMONS").status == "RELEASED"
    run.refresh_from_db()
    assert run.status == RunStatus.RELEASED
    case = _case(account)
    assert (case.stage.code, case.next_stage.code, case.hearing_date) == (
        "FINAL_NOTICE",
        "SUMMONS",
        None,
    )
    assert dict(_run(authority_a, D(2026, 4, 23)).held) == {"BREATHING_SPACE": 1}
    with pytest.raises(approval.NotAwaitingApproval):
        approval.approve_run(run=run, actor=actor, on=D(2026, 4, 22))


def test_recovery_resumes_after_a_hold_with_a_fresh_notice(authority_a) -> None:
    _session(authority_a, D(2026, 7, 14))
    account, party = _to_summons_due(authority_a)
    _marker(party, "BREATHING_SPACE", "STANDARD", D(2026, 4, 17), D(2026, 6, 15))
    assert dict(_run(authority_a, D(2026, 4, 21)).held) == {"BREATHING_SPACE": 1}
    resumed = _run(authority_a, D(2026, 6, 16))
    assert dict(resumed.actions) == {"FRESH_NOTICE": 1}
    assert Letter.objects.filter(account=account, template="FRESH_NOTICE").count() == 1
    case = _case(account)
    assert (case.next_stage.code, case.next_due_date) == ("SUMMONS", D(2026, 6, 23))
    assert _balance(account) == Decimal("500.00")
    assert dict(_run(authority_a, D(2026, 6, 23)).actions) == {"SUMMONS": 1}
    assert _case(account).hearing_date == D(2026, 7, 14)


def test_a_paid_account_is_settled_and_reopened_when_in_debit_again(authority_a) -> None:
    account, _ = _account(authority_a, opened=D(2026, 3, 21), amount="100.00")
    _run(authority_a, D(2026, 3, 23))
    ledger.record_payment(
        account=DebtAccount.objects.get(pk=account.pk),
        amount=Decimal("100.00"),
        received_date=D(2026, 3, 25),
        reference=None,
        method="CARD",
        actor=SYSTEM,
    )
    summary = _run(authority_a, D(2026, 3, 30))
    assert dict(summary.skipped) == {"paid": 1}
    assert _case(account).is_closed
    ledger.post_charge(
        account=DebtAccount.objects.get(pk=account.pk),
        amount=Decimal("20.00"),
        effective_date=D(2026, 4, 2),
        charge_kind=ChargeKind.LIABILITY,
        rule="test",
        reason="Rebilled",
        actor=SYSTEM,
    )
    assert _run(authority_a, D(2026, 4, 2)).opened == 1
    case = _case(account)
    assert not case.is_closed
    assert case.next_due_date == D(2026, 4, 3)


def test_runs_are_per_authority(authority_a, authority_b) -> None:
    _account(authority_a, opened=D(2026, 3, 21), amount="50.00")
    _account(authority_b, opened=D(2026, 3, 21), amount="50.00")
    _run(authority_a, D(2026, 3, 23))
    _run(authority_b, D(2026, 3, 23))
    assert dict(_run(authority_a, D(2026, 3, 30)).actions) == {"REMINDER": 1}
    assert Letter.objects.filter(authority=authority_b).count() == 0
