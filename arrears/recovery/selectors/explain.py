"""Why an account is, or is not, due for its next recovery step ("explain")."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from arrears.recovery.domain.decisions import (
    SKIP_REASONS,
    CaseFacts,
    Decision,
    decide_step,
)
from arrears.recovery.domain.holds import HOLD_LABELS, HOLD_REASONS
from arrears.recovery.models import RecoveryAction, RecoveryCase
from arrears.recovery.selectors import holds as hold_selectors
from arrears.recovery.selectors import streams as stream_selectors


@dataclass(frozen=True)
class HoldLine:
    label: str
    start_date: dt.date
    end_date: dt.date | None
    review_date: dt.date | None
    reason: str
    is_in_force: bool


@dataclass(frozen=True)
class ActionLine:
    action_date: dt.date
    stage_name: str
    kind: str
    rule: str
    cost_amount: Decimal | None
    letter_id: int | None
    explanation: dict[str, Any]


@dataclass
class Explanation:
    """Everything an officer needs to answer "why did this happen?" for one account."""

    has_case: bool
    as_of: dt.date
    stream_name: str = ""
    stream_version: int = 0
    stage_name: str = ""
    stage_date: dt.date | None = None
    next_stage_name: str = ""
    next_due_date: dt.date | None = None
    hearing_date: dt.date | None = None
    is_closed: bool = False
    closed_reason: str = ""
    verdict: str = ""
    reasons: list[str] = field(default_factory=list)
    decision: Decision | None = None
    holds: list[HoldLine] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    stages: list[tuple[str, str, bool]] = field(default_factory=list)  # name, kind, reached


def explain_account(*, account_id: int, as_of: dt.date) -> Explanation:
    """Return why the account's case is or is not due on `as_of`, and its history."""
    case = (
        RecoveryCase.objects.select_related("account", "stream", "stage", "next_stage")
        .filter(account_id=account_id)
        .first()
    )
    if case is None:
        return Explanation(
            has_case=False,
            as_of=as_of,
            verdict="Not in recovery",
            reasons=["No recovery case is open: the account has not been in debit on a run."],
        )
    stages = stream_selectors.stream_stages(stream_ids=[case.stream_id])[case.stream_id]
    since = case.stage_date or case.due_date
    periods = hold_selectors.hold_periods(account_ids=[account_id], since=since, until=as_of).get(
        account_id, []
    )
    explanation = Explanation(
        has_case=True,
        as_of=as_of,
        stream_name=stages.name,
        stream_version=stages.version,
        stage_name=case.stage.name if case.stage else "Not started",
        stage_date=case.stage_date,
        next_stage_name=case.next_stage.name if case.next_stage else "",
        next_due_date=case.next_due_date,
        hearing_date=case.hearing_date,
        is_closed=case.is_closed,
        closed_reason=case.closed_reason,
        holds=[
            HoldLine(
                label=HOLD_LABELS[p.kind],
                start_date=p.start_date,
                end_date=p.end_date,
                review_date=p.review_date,
                reason=HOLD_REASONS[p.kind],
                is_in_force=p.is_in_force(as_of),
            )
            for p in periods
        ],
    )
    reached = set(RecoveryAction.objects.filter(case=case).values_list("stage_id", flat=True))
    explanation.stages = [
        (spec.name, spec.kind.value, stage_id in reached)
        for stage_id, spec in zip(stages.stage_ids, stages.specs, strict=True)
    ]
    explanation.actions = [
        ActionLine(
            action_date=action.action_date,
            stage_name=action.stage.name,
            kind=action.get_kind_display(),
            rule=action.rule,
            cost_amount=action.cost_amount,
            letter_id=action.letter_id,
            explanation=action.explanation,
        )
        for action in RecoveryAction.objects.filter(case=case)
        .select_related("stage")
        .order_by("-action_date", "-id")
    ]
    if case.is_closed:
        explanation.verdict = "Closed"
        explanation.reasons = [case.closed_reason or "The case is closed."]
        return explanation
    if case.next_stage_id is None:
        explanation.verdict = "End of the stream"
        explanation.reasons = ["Every automatic stage has been taken; officers choose what next."]
        return explanation
    spec = stages.spec(case.next_stage_id)
    if case.next_due_date is None:
        explanation.verdict = "Waiting for an officer or the court"
        explanation.reasons = [
            f"The next step, {spec.name}, happens when an officer or the court acts."
        ]
        return explanation
    if case.next_due_date > as_of:
        explanation.verdict = f"Not due until {case.next_due_date:%-d %B %Y}"
        explanation.reasons = [f"{spec.name} falls due on {case.next_due_date:%-d %B %Y}."]
        return explanation
    facts = CaseFacts(
        case_id=case.pk,
        account_id=account_id,
        balance=case.account.balance,
        original_amount=case.original_amount,
        due_date=case.due_date,
        stage_code=case.stage.code if case.stage else "",
        stage_date=case.stage_date,
        next_stage=spec,
        next_due_date=case.next_due_date,
        hearing_date=case.hearing_date,
        holds=frozenset(p.kind for p in periods if p.is_in_force(as_of)),
        was_held_since_stage=any(p.overlaps(since, as_of) for p in periods),
    )
    decision = decide_step(facts=facts, as_of=as_of)
    explanation.decision = decision
    if decision.is_taken:
        explanation.verdict = (
            "Due: a fresh notice first" if decision.is_fresh_notice else f"Due: {spec.name}"
        )
        explanation.reasons = [
            str(decision.explanation.get("reason") or f"{spec.name} is due ({spec.rule}).")
        ]
    elif decision.hold is not None:
        explanation.verdict = f"Held: {HOLD_LABELS[decision.hold]}"
        explanation.reasons = list(decision.explanation.get("reasons", []))
    elif decision.skip is not None:
        explanation.verdict = "Due but not taken"
        explanation.reasons = [SKIP_REASONS[decision.skip]]
    return explanation
