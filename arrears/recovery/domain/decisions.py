"""
What the daily run does with one case: the pure decision, given the facts read in bulk.

The run (recovery.services.run) reads due cases set-based, builds `CaseFacts` for each, asks
`decide_step`, and writes the decisions in bulk. Every decision carries its explanation: the
rule, the dates and the figures it used, so "why did this happen?" always has an answer.
"""

import datetime as dt
from collections.abc import Container
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from arrears.kernel.money import ZERO, round_to_penny, to_json
from arrears.recovery.domain.holds import HOLD_LABELS, HoldKind, decide_eligibility
from arrears.recovery.domain.periods import (
    DAY_COUNT_LABELS,
    deemed_service_date,
    earliest_step_date,
    next_working_day,
)
from arrears.recovery.domain.streams import (
    AUTOMATIC_KINDS,
    COUNT_FROM_LABELS,
    CostSpec,
    CountFrom,
    StageSpec,
    stage_actions,
)


class Skip(StrEnum):
    PAID = "paid"
    BELOW_MINIMUM = "below-minimum-balance"
    NO_COURT_SESSION = "no-court-session"
    TOO_LATE = "past-time-limit"
    NOT_AUTOMATIC = "waits-for-officer-or-court"


SKIP_REASONS = {
    Skip.PAID: "Nothing is owed on the account.",
    Skip.BELOW_MINIMUM: "The balance is below the stage's minimum.",
    Skip.NO_COURT_SESSION: "No court session with room is booked far enough ahead.",
    Skip.TOO_LATE: "The time limit for this step has passed; an officer must review the case.",
    Skip.NOT_AUTOMATIC: "The next step is an officer's choice or the court's decision.",
}


@dataclass(frozen=True)
class CaseFacts:
    case_id: int
    account_id: int
    balance: Decimal
    original_amount: Decimal
    due_date: dt.date
    stage_code: str
    stage_date: dt.date | None
    next_stage: StageSpec
    next_due_date: dt.date | None
    hearing_date: dt.date | None
    holds: frozenset[HoldKind]
    was_held_since_stage: bool


@dataclass(frozen=True)
class Decision:
    """One case's outcome: a stage taken, a fresh notice, a hold, or a skip."""

    case_id: int
    stage: StageSpec
    is_fresh_notice: bool = False
    is_taken: bool = False
    hold: HoldKind | None = None
    skip: Skip | None = None
    cost: Decimal | None = None
    cost_spec: CostSpec | None = None
    explanation: dict[str, Any] = field(default_factory=dict)

    @property
    def outcome(self) -> str:
        if self.is_taken:
            return "fresh-notice" if self.is_fresh_notice else "taken"
        return "held" if self.hold else "skipped"


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day `months` later, or the month's last day if it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def cost_in_force(
    stage: StageSpec, *, on: dt.date, original_amount: Decimal
) -> tuple[CostSpec, Decimal] | None:
    """Return the stage's cost in force on `on` (RULES.md §0.2 item 1) and its amount."""
    valid = [cost for cost in stage.costs if cost.valid_from <= on]
    if not valid:
        return None
    spec = max(valid, key=lambda cost: cost.valid_from)
    if spec.amount is not None:
        return spec, spec.amount
    percent = spec.percent_of_original or ZERO
    return spec, round_to_penny(original_amount * percent / Decimal(100))


def schedule_next(
    *,
    following: StageSpec | None,
    issued: dt.date,
    due_date: dt.date,
    hearing_date: dt.date | None,
    postal_days: int,
    holidays: Container[dt.date],
) -> tuple[dt.date | None, dict[str, Any]]:
    """
    Return when `following` falls due after a stage issued on `issued`, and the working.

    Officer and court stages have no due date: they wait for a person. Due dates falling on a
    weekend or bank holiday move to the next working day, which only lengthens the wait
    (RULES.md §0.2 item 5).
    """
    if following is None or following.kind not in AUTOMATIC_KINDS:
        return None, {}
    service = deemed_service_date(issued, postal_days=postal_days, holidays=holidays)
    base = {
        CountFrom.DUE_DATE: due_date,
        CountFrom.PREVIOUS_ISSUE: issued,
        CountFrom.PREVIOUS_SERVICE: service,
        CountFrom.HEARING_DATE: hearing_date,
    }[following.count_from]
    if base is None:
        return None, {}
    earliest = earliest_step_date(
        base, days=following.wait_days, count=following.day_count, holidays=holidays
    )
    due = next_working_day(max(earliest, issued + dt.timedelta(days=1)), holidays=holidays)
    working = {
        "next_stage": following.code,
        "counted_from": COUNT_FROM_LABELS[following.count_from],
        "counted_from_date": base.isoformat(),
        "wait": f"{following.wait_days} {DAY_COUNT_LABELS[following.day_count]}",
        "earliest_date": earliest.isoformat(),
        "due_date": due.isoformat(),
    }
    if following.count_from is CountFrom.PREVIOUS_SERVICE:
        working["deemed_service_date"] = service.isoformat()
    return due, working


def earliest_hearing_date(
    *, issued: dt.date, postal_days: int, holidays: Container[dt.date]
) -> dt.date:
    """
    Return the earliest hearing date for a summons issued (posted) on `issued`.

    At least 14 days must pass between the day the summons is served and the making of the
    liability order (CT Regs reg 35(2A), RULES.md §2.4). Read generously, 14 whole days lie
    between service and the hearing, so the hearing is no earlier than service + 15 days.
    """
    served = deemed_service_date(issued, postal_days=postal_days, holidays=holidays)
    return served + dt.timedelta(days=15)


def decide_step(*, facts: CaseFacts, as_of: dt.date) -> Decision:
    """
    Decide what the run does with a case whose next stage is due by `as_of`.

    In order: a stage that waits for an officer or the court is skipped; a paid account is
    skipped; the eligibility gate (holds, RULES.md §5.2) is asked; a step past its time limit
    or below its minimum balance is skipped; a court or enforcement step after a hold first
    gets a fresh notice; otherwise the stage is taken, with its cost in force on `as_of`.
    """
    stage = facts.next_stage
    base: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "stage": stage.code,
        "stage_name": stage.name,
        "rule": stage.rule,
        "balance": to_json(facts.balance),
        "current_stage": facts.stage_code or None,
        "current_stage_date": facts.stage_date.isoformat() if facts.stage_date else None,
        "due_date": facts.next_due_date.isoformat() if facts.next_due_date else None,
    }
    if stage.kind not in AUTOMATIC_KINDS:
        return Decision(
            case_id=facts.case_id, stage=stage, skip=Skip.NOT_AUTOMATIC, explanation=base
        )
    if facts.balance <= ZERO:
        return Decision(case_id=facts.case_id, stage=stage, skip=Skip.PAID, explanation=base)
    cost = cost_in_force(stage, on=as_of, original_amount=facts.original_amount)
    gate = decide_eligibility(
        holds=facts.holds, actions=stage_actions(stage.kind, has_cost=cost is not None)
    )
    if not gate.is_allowed:
        return Decision(
            case_id=facts.case_id,
            stage=stage,
            hold=gate.main_hold,
            explanation={
                **base,
                "holds": [HOLD_LABELS[kind] for kind in gate.blocking],
                "reasons": list(gate.reasons),
            },
        )
    if stage.deadline_months is not None:
        deadline = add_months(facts.due_date, stage.deadline_months) - dt.timedelta(days=1)
        if as_of > deadline:
            return Decision(
                case_id=facts.case_id,
                stage=stage,
                skip=Skip.TOO_LATE,
                explanation={**base, "deadline": deadline.isoformat()},
            )
    if facts.balance < stage.minimum_balance:
        return Decision(
            case_id=facts.case_id,
            stage=stage,
            skip=Skip.BELOW_MINIMUM,
            explanation={**base, "minimum_balance": to_json(stage.minimum_balance)},
        )
    if stage.fresh_notice_after_hold and facts.was_held_since_stage:
        return Decision(
            case_id=facts.case_id,
            stage=stage,
            is_taken=True,
            is_fresh_notice=True,
            explanation={
                **base,
                "reason": (
                    "Recovery was held since the last notice, so a fresh notice is sent and the "
                    "wait starts again before this step."
                ),
            },
        )
    explanation: dict[str, Any] = dict(base)
    if cost is not None:
        spec, amount = cost
        explanation["cost"] = {
            "description": spec.description,
            "amount": to_json(amount),
            "valid_from": spec.valid_from.isoformat(),
            "justification": spec.justification,
        }
        return Decision(
            case_id=facts.case_id,
            stage=stage,
            is_taken=True,
            cost=amount,
            cost_spec=spec,
            explanation=explanation,
        )
    return Decision(case_id=facts.case_id, stage=stage, is_taken=True, explanation=explanation)
