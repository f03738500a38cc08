"""
The magistrates' court: hearing outcomes for summonses (RULES.md §2.4).

A summons is issued by the daily run (the SUMMONS stage books the case into a court session at
least 14 days after service). At the hearing the court grants the liability order, or the
council withdraws, the hearing is adjourned, or the debtor has paid the sum and costs before it
(reg 34(5)). Costs are added or removed by explicit ledger entries.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils import timezone

from arrears.accounts.domain.debts import debt_label
from arrears.accounts.models import DebtAccount
from arrears.audit import services as audit
from arrears.kernel.money import to_json
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from arrears.ledger.models import Entry
from arrears.letters import services as letters
from arrears.recovery.domain.decisions import cost_in_force, schedule_next
from arrears.recovery.domain.streams import StageKind
from arrears.recovery.models import ActionType, CourtSession, RecoveryAction, RecoveryCase
from arrears.recovery.selectors import cases as case_selectors
from arrears.recovery.selectors import streams as stream_selectors
from arrears.recovery.services.cases import authority_holidays


class HearingOutcome(StrEnum):
    GRANTED = "GRANTED"
    WITHDRAWN = "WITHDRAWN"
    ADJOURNED = "ADJOURNED"
    PAID_BEFORE_HEARING = "PAID_BEFORE_HEARING"


HEARING_OUTCOME_LABELS = {
    HearingOutcome.GRANTED: "Liability order granted",
    HearingOutcome.WITHDRAWN: "Withdrawn",
    HearingOutcome.ADJOURNED: "Adjourned",
    HearingOutcome.PAID_BEFORE_HEARING: "Paid before the hearing",
}


class NotAwaitingHearing(Exception):
    """The case has no summons waiting for a hearing."""


@dataclass(frozen=True)
class OutcomeResult:
    case_id: int
    outcome: HearingOutcome
    action_id: int | None


def _awaiting(case: RecoveryCase) -> tuple[stream_selectors.StreamStages, int]:
    stages = stream_selectors.stream_stages(stream_ids=[case.stream_id])[case.stream_id]
    if case.next_stage_id is None or case.hearing_date is None:
        raise NotAwaitingHearing(f"Account case {case.pk} has no summons awaiting a hearing.")
    spec = stages.spec(case.next_stage_id)
    if spec.kind is not StageKind.COURT_OUTCOME:
        raise NotAwaitingHearing(f"Account case {case.pk} is not waiting for the court.")
    return stages, case.next_stage_id


def _summons_cost_entry(case: RecoveryCase) -> Entry | None:
    if case.stage_id is None:
        return None
    action = (
        RecoveryAction.objects.filter(case=case, stage_id=case.stage_id, kind=ActionType.STAGE)
        .exclude(cost_entry_id=None)
        .order_by("-id")
        .first()
    )
    if action is None or action.cost_entry_id is None:
        return None
    return Entry.objects.get(pk=action.cost_entry_id)


def court_batch_key(*, session_id: int | None, on: dt.date) -> str:
    """The letters batch for the notices after one court session's hearing."""
    return f"court-session:{session_id or 0}:{on.isoformat()}"


def _order_notices(
    *, case: RecoveryCase, account: DebtAccount, spec_letter: str, on: dt.date
) -> int | None:
    """Create the liability order notice for each party, awaiting release with the session."""
    if not spec_letter:
        return None
    account.refresh_from_db(fields=["balance"])
    facts = {
        "authority_name": account.authority.name,
        "account_reference": account.reference,
        "debt_label": debt_label(
            account.debt_type,
            period_start=account.period_start_date,
            period_end=account.period_end_date,
        ),
        "balance": to_json(account.balance),
        "amount_due": to_json(account.balance),
        "pay_by_date": (on + dt.timedelta(days=13)).isoformat(),
        "hearing_date": on.isoformat(),
        "stage_name": "Liability order",
    }
    if case.court_session_id:
        facts["court_name"] = CourtSession.objects.get(pk=case.court_session_id).court_name
    party_ids = case_selectors.liable_parties(account_ids=[account.pk]).get(account.pk, [])
    ids = letters.create_letters(
        requests=[
            letters.LetterRequest(
                authority_id=account.authority_id,
                account_id=account.pk,
                party_id=party_id,
                template=spec_letter,
                issue_date=on,
                facts=facts,
                source=f"recovery-case:{case.pk}",
            )
            for party_id in party_ids
        ],
        batch_key=court_batch_key(session_id=case.court_session_id, on=on),
    )
    return ids[0] if ids else None


@transaction.atomic
def record_hearing_outcome(
    *,
    case: RecoveryCase,
    outcome: HearingOutcome,
    on: dt.date,
    actor: audit.Actor,
    adjourned_to: CourtSession | None = None,
    note: str = "",
) -> OutcomeResult:
    """
    Record what the court did with a summons on `on`, with its costs and the case's next step.

    GRANTED: the liability order stage is taken with its costs, and the next stage scheduled
    from the hearing date. WITHDRAWN: the summons costs are reversed and the case closed.
    The order notices are created awaiting release under `court_batch_key`.
    ADJOURNED: the case moves to `adjourned_to`. PAID_BEFORE_HEARING: the council may not
    proceed (reg 34(5)); the case is closed.

    :raises NotAwaitingHearing: if the case has no summons waiting for the court.
    """
    case = RecoveryCase.objects.select_for_update().get(pk=case.pk)
    stages, stage_id = _awaiting(case)
    spec = stages.spec(stage_id)
    account = DebtAccount.objects.get(pk=case.account_id)
    explanation: dict[str, Any] = {
        "outcome": outcome.value,
        "hearing_date": case.hearing_date.isoformat() if case.hearing_date else None,
        "note": note,
        "rule": spec.rule,
    }
    action_id = None
    if outcome is HearingOutcome.GRANTED:
        cost = cost_in_force(spec, on=on, original_amount=case.original_amount)
        entry = None
        if cost is not None:
            cost_spec, amount = cost
            entry = ledger.post_charge(
                account=account,
                amount=amount,
                effective_date=on,
                charge_kind=ChargeKind.COSTS,
                rule=f"recovery {spec.code}",
                reason=cost_spec.description,
                actor=actor,
            )
            explanation["cost"] = {
                "description": cost_spec.description,
                "amount": to_json(amount),
                "valid_from": cost_spec.valid_from.isoformat(),
            }
        following = stages.following(stage_id)
        holidays = authority_holidays(authority=account.authority, around=on)
        due, working = schedule_next(
            following=stages.spec(following) if following else None,
            issued=on,
            due_date=case.due_date,
            hearing_date=case.hearing_date,
            postal_days=stages.postal_days,
            holidays=holidays,
        )
        explanation["schedule"] = working
        account.refresh_from_db(fields=["balance"])
        explanation["order_amount"] = to_json(account.balance)
        action = RecoveryAction.objects.create(
            case=case,
            account_id=case.account_id,
            authority_id=case.authority_id,
            stage_id=stage_id,
            kind=ActionType.COURT_OUTCOME,
            stream_version=stages.version,
            action_date=on,
            rule=spec.rule,
            explanation=explanation,
            cost_amount=entry.amount if entry else None,
            cost_entry_id=entry.pk if entry else None,
            created_at=timezone.now(),
            created_by_id=actor.officer_id,
        )
        action.letter_id = _order_notices(
            case=case, account=account, spec_letter=spec.letter, on=on
        )
        action.save(update_fields=["letter_id"])
        action_id = action.pk
        case.stage_id = stage_id
        case.stage_date = on
        case.next_stage_id = following
        case.next_due_date = due
        DebtAccount.objects.filter(pk=account.pk).update(recovery_stage=spec.code)
    elif outcome is HearingOutcome.WITHDRAWN:
        entry = _summons_cost_entry(case)
        if entry is not None:
            ledger.reverse_entry(
                entry=entry, effective_date=on, reason="Summons withdrawn", actor=actor
            )
        case.is_closed = True
        case.closed_reason = "Summons withdrawn"
        case.next_due_date = None
    elif outcome is HearingOutcome.ADJOURNED:
        if adjourned_to is None:
            raise ValueError("An adjourned hearing needs the session it is adjourned to.")
        case.court_session = adjourned_to
        case.hearing_date = adjourned_to.hearing_date
        explanation["adjourned_to"] = adjourned_to.hearing_date.isoformat()
    else:
        case.is_closed = True
        case.closed_reason = "Paid before the hearing (CT Regs reg 34(5))"
        case.next_due_date = None
    case.save()
    audit.record_event(
        actor=actor,
        action="recovery.hearing.recorded",
        authority_id=case.authority_id,
        object_type="recovery_case",
        object_id=case.pk,
        detail={"account": account.reference, **explanation},
    )
    return OutcomeResult(case_id=case.pk, outcome=outcome, action_id=action_id)
