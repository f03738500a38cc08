"""
A team leader approves a daily run before its letters are released for printing.

Between the run and the approval a Breathing Space (or another hold) may begin, or be recorded
with a backdated start. Approval asks the eligibility gate again for every step the run took:
a step a hold now stops is withdrawn (its letters withdrawn, its costs reversed: no fees or
charges may be added for a moratorium period, RULES.md §5.2) and the case is put back to wait,
so it is held from the next run and gets a fresh start when the hold ends.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from arrears.audit import services as audit
from arrears.ledger import services as ledger
from arrears.ledger.models import Entry
from arrears.letters import services as letters
from arrears.letters.models import Letter
from arrears.recovery.domain.holds import decide_eligibility
from arrears.recovery.domain.streams import StageKind, stage_actions
from arrears.recovery.models import RecoveryAction, RecoveryCase, RecoveryRun, RunStatus
from arrears.recovery.selectors import holds as hold_selectors


class NotAwaitingApproval(Exception):
    """The run has no letters awaiting approval (already released, or a preview)."""


@dataclass(frozen=True)
class ApprovalResult:
    run_id: int
    released: int
    withdrawn_steps: int
    print_batch_id: int | None


def _withdraw_held_steps(*, run: RecoveryRun, actor: audit.Actor, on: dt.date) -> int:
    rows = list(
        RecoveryAction.objects.filter(run=run, withdrawn_at__isnull=True).values_list(
            "pk", "case_id", "account_id", "stage__kind", "cost_entry_id", "explanation"
        )
    )
    periods = hold_selectors.hold_periods(
        account_ids={row[2] for row in rows}, since=run.run_date, until=on
    )
    withdrawn = 0
    for action_id, case_id, account_id, stage_kind, cost_entry_id, explanation in rows:
        holds = [p.kind for p in periods.get(account_id, []) if p.overlaps(run.run_date, on)]
        if not holds:
            continue
        gate = decide_eligibility(
            holds=holds,
            actions=stage_actions(StageKind(stage_kind), has_cost=cost_entry_id is not None),
        )
        if gate.is_allowed:
            continue
        reason = f"Withdrawn before release: {gate.reasons[0]}"
        letter_ids = list(
            Letter.objects.filter(batch_key=run.batch_key, account_id=account_id).values_list(
                "pk", flat=True
            )
        )
        letters.withdraw_letters(letter_ids=letter_ids, actor=actor, reason=reason[:300])
        if cost_entry_id is not None:
            ledger.reverse_entry(
                entry=Entry.objects.get(pk=cost_entry_id),
                effective_date=run.run_date,
                reason=reason[:300],
                actor=actor,
            )
        action = RecoveryAction.objects.get(pk=action_id)
        RecoveryAction.objects.filter(pk=action_id).update(
            withdrawn_at=timezone.now(), withdrawn_reason=reason[:300]
        )
        previous = explanation.get("current_stage")
        case = RecoveryCase.objects.select_for_update().get(pk=case_id)
        previous_stage_id = (
            case.stream.stages.filter(code=previous).values_list("pk", flat=True).first()
            if previous
            else None
        )
        RecoveryCase.objects.filter(pk=case_id).update(
            stage_id=previous_stage_id,
            stage_date=dt.date.fromisoformat(explanation["current_stage_date"])
            if explanation.get("current_stage_date")
            else None,
            next_stage_id=action.stage_id,
            next_due_date=on,
            court_session=None if action.stage.needs_hearing else case.court_session,
            hearing_date=None if action.stage.needs_hearing else case.hearing_date,
        )
        audit.record_event(
            actor=actor,
            action="recovery.action.withdrawn",
            authority_id=run.authority_id,
            object_type="recovery_action",
            object_id=action_id,
            detail={"account_id": account_id, "reason": reason, "holds": [h.value for h in holds]},
        )
        withdrawn += 1
    return withdrawn


@transaction.atomic
def approve_run(*, run: RecoveryRun, actor: audit.Actor, on: dt.date) -> ApprovalResult:
    """
    Approve a run: withdraw any step a hold now stops, then release its letters to print.

    :raises NotAwaitingApproval: if the run is not awaiting approval.
    """
    run = RecoveryRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.AWAITING_APPROVAL:
        raise NotAwaitingApproval(f"Run {run.pk} is not awaiting approval ({run.status}).")
    withdrawn = _withdraw_held_steps(run=run, actor=actor, on=on)
    batch = letters.release_letters(batch_key=run.batch_key, actor=actor, released_on=on)
    run.status = RunStatus.RELEASED
    run.approved_by_id = actor.officer_id
    run.approved_at = timezone.now()
    run.save(update_fields=["status", "approved_by", "approved_at"])
    released = batch.letter_count if batch is not None else 0
    audit.record_event(
        actor=actor,
        action="recovery.run.approved",
        authority_id=run.authority_id,
        object_type="recovery_run",
        object_id=run.pk,
        detail={"released": released, "withdrawn_steps": withdrawn, "date": on.isoformat()},
    )
    return ApprovalResult(
        run_id=run.pk,
        released=released,
        withdrawn_steps=withdrawn,
        print_batch_id=batch.pk if batch is not None else None,
    )
