"""Every shipped stream walked end to end by the daily run, jumping to each due date."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from arrears.accounts.domain.debts import DebtType, default_fund
from arrears.audit.services import SYSTEM
from arrears.kernel.calendars import Nation, bank_holidays
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from arrears.letters.models import Letter
from arrears.recovery.domain.streams import AUTOMATIC_KINDS, DEFAULT_STREAMS, StageKind
from arrears.recovery.models import CourtSession, RecoveryAction, RecoveryCase
from arrears.recovery.services import court
from arrears.recovery.services.run import run_authority
from tests import factories

pytestmark = pytest.mark.django_db
HOLIDAYS = frozenset(bank_holidays(years=[2026, 2027], nation=Nation.ENGLAND))


@pytest.mark.parametrize("debt_type", list(DebtType))
def test_each_stream_runs_to_its_end_with_letters_and_costs(authority_a, debt_type) -> None:
    spec = DEFAULT_STREAMS[debt_type]
    opened = dt.date(2026, 1, 12)
    party = factories.PartyFactory(authority=authority_a)
    factories.AddressFactory(party=party)
    account = factories.DebtAccountFactory(
        authority=authority_a,
        debt_type=debt_type.value,
        fund=default_fund(debt_type).value,
        opened_date=opened,
        parties=[party],
    )
    ledger.post_charge(
        account=account,
        amount=Decimal("1200.00"),
        effective_date=opened,
        charge_kind=ChargeKind.LIABILITY,
        rule="test",
        reason="The debt",
        actor=SYSTEM,
    )
    for month in (3, 4, 5, 6):
        CourtSession.objects.create(
            authority=authority_a,
            court_name="Magistrates' Court",
            hearing_date=dt.date(2026, month, 20),
            hearing_time=dt.time(10),
            capacity=5,
            created_at=timezone.now(),
        )
    run_authority(authority=authority_a, as_of=opened, dry_run=False, actor=SYSTEM)
    expected = [s.code for s in spec.stages if s.kind is not StageKind.OFFICER]
    taken: list[str] = []
    for _ in range(len(expected) + 1):
        case = RecoveryCase.objects.select_related("next_stage").get(account=account)
        if case.next_stage is None:
            break
        if case.next_stage.kind == StageKind.COURT_OUTCOME:
            court.record_hearing_outcome(
                case=case,
                outcome=court.HearingOutcome.GRANTED,
                on=case.hearing_date,
                actor=SYSTEM,
            )
            taken.append(case.next_stage.code)
            continue
        assert case.next_due_date is not None, case.next_stage.code
        day = case.next_due_date
        assert day.weekday() < 5
        assert day not in HOLIDAYS
        summary = run_authority(authority=authority_a, as_of=day, dry_run=False, actor=SYSTEM)
        assert dict(summary.actions) == {case.next_stage.code: 1}, (day, summary)
        assert not run_authority(
            authority=authority_a, as_of=day, dry_run=False, actor=SYSTEM
        ).actions
        taken.append(case.next_stage.code)
    assert taken == expected
    letters = set(Letter.objects.filter(account=account).values_list("template", flat=True))
    assert letters == {
        s.letter for s in spec.stages if s.letter and s.kind is not StageKind.OFFICER
    }
    automatic = [s for s in spec.stages if s.kind in AUTOMATIC_KINDS or s.costs]
    costs = sum(
        (a.cost_amount or Decimal(0)) for a in RecoveryAction.objects.filter(account=account)
    )
    account.refresh_from_db()
    assert account.balance == Decimal("1200.00") + costs
    assert all(s.rule for s in automatic)
