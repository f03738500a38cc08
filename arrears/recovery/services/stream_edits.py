"""
Administrators' changes to a stream version: a stage's wait, minimum balance and letter, and
a stage's costs from a date (issue 3, item 1).

Streams are versioned and an account stays on the version it started on, so a stage is changed
only on the current version while no case is on it: to change the stages cases already follow,
an administrator makes a new version (`services.streams.copy_stream_as_new_version`) and edits
that, and new cases start on it. Costs are effective-dated (RULES.md §0.2 item 1): one is never
edited; a new one is added from a date, and a version that cases are on takes a new cost only
from a future date. The rules for what may change, and the waits the law sets, are in
`domain.stream_limits`; every change is written to the audit trail with its before and after.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from arrears.accounts.domain.debts import DebtType
from arrears.audit import services as audit
from arrears.kernel.money import to_json
from arrears.recovery.domain.periods import DayCount
from arrears.recovery.domain.stream_limits import (
    NewCost,
    Problem,
    StageValues,
    cost_problems,
    stage_change_problems,
    stage_values,
)
from arrears.recovery.domain.streams import CountFrom, StageSpec
from arrears.recovery.models import RecoveryCase, Stage, StageCost, Stream
from arrears.recovery.selectors.streams import stage_spec


class VersionInUse(Exception):
    """The stream version has cases on it, or is not the current one, so its stages stay as
    they are: make a new version to change them."""

    def __init__(self, stream: Stream, *, case_count: int) -> None:
        self.stream = stream
        self.case_count = case_count
        if not stream.is_current:
            message = (
                f"Version {stream.version} is not the current version, so no new case will "
                "start on it. Make a new version from it to change its stages"
            )
        else:
            message = (
                f"{case_count} case{'s are' if case_count != 1 else ' is'} on version "
                f"{stream.version}, and a case stays on the version it started on. Make a new "
                "version to change its stages"
            )
        super().__init__(message)


class ChangeRefused(Exception):
    """The change breaks one or more rules; `problems` says which, field by field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(problem.message for problem in problems))


class NothingChanged(Exception):
    """The values given are the stage's own: there is nothing to change."""


def _lock_stream(stage: Stage) -> tuple[Stream, int]:
    """Lock the stage's stream version (so two edits, or an edit and a copy, serialise) and
    return it with the number of cases on it."""
    stream = Stream.objects.select_for_update().get(pk=stage.stream_id)
    return stream, RecoveryCase.objects.filter(stream_id=stream.pk).count()


def _spec(stage: Stage) -> StageSpec:
    return stage_spec(stage, list(StageCost.objects.filter(stage=stage).order_by("valid_from")))


def _as_json(values: StageValues) -> dict[str, Any]:
    return {
        "wait_days": values.wait_days,
        "day_count": values.day_count.value,
        "count_from": values.count_from.value,
        "minimum_balance": to_json(values.minimum_balance),
        "letter": values.letter,
    }


@transaction.atomic
def change_stage(
    *,
    stage: Stage,
    wait_days: int,
    day_count: DayCount,
    count_from: CountFrom,
    minimum_balance: Decimal,
    letter: str,
    actor: audit.Actor,
    at: dt.datetime,
) -> Stage:
    """
    Change a stage's wait, how it is counted, its minimum balance and its letter.

    :raises VersionInUse: if cases are on the stage's stream version, or it is not current.
    :raises ChangeRefused: if a value is out of range, or the wait is shorter than the law
        allows for this stage (`domain.stream_limits.STATUTORY_WAITS`).
    :raises NothingChanged: if every value is the stage's own.
    """
    stream, case_count = _lock_stream(stage)
    if case_count or not stream.is_current:
        raise VersionInUse(stream, case_count=case_count)
    stage = Stage.objects.get(pk=stage.pk)
    spec = _spec(stage)
    before = stage_values(spec)
    after = StageValues(
        wait_days=wait_days,
        day_count=day_count,
        count_from=count_from,
        minimum_balance=minimum_balance,
        letter=letter,
    )
    if after == before:
        raise NothingChanged(stage.code)
    has_hearing_before = Stage.objects.filter(
        stream_id=stream.pk, position__lt=stage.position, needs_hearing=True
    ).exists()
    problems = stage_change_problems(
        debt_type=DebtType(stream.debt_type),
        spec=spec,
        proposed=after,
        has_hearing_before=has_hearing_before,
    )
    if problems:
        raise ChangeRefused(problems)
    stage.wait_days = after.wait_days
    stage.day_count = after.day_count.value
    stage.count_from = after.count_from.value
    stage.minimum_balance = after.minimum_balance
    stage.letter = after.letter
    stage.save(update_fields=["wait_days", "day_count", "count_from", "minimum_balance", "letter"])
    old, new = _as_json(before), _as_json(after)
    audit.record_event(
        actor=actor,
        action="recovery.stream.stage_changed",
        authority_id=stream.authority_id,
        object_type="stage",
        object_id=stage.pk,
        detail={
            "stream_id": stream.pk,
            "debt_type": stream.debt_type,
            "version": stream.version,
            "stage": stage.code,
            "before": {key: value for key, value in old.items() if new[key] != value},
            "after": {key: value for key, value in new.items() if old[key] != value},
        },
        occurred_at=at,
    )
    return stage


def _cost_json(cost: StageCost) -> dict[str, Any]:
    return {
        "valid_from": cost.valid_from.isoformat(),
        "amount": to_json(cost.amount) if cost.amount is not None else None,
        "percent_of_original": (
            str(cost.percent_of_original) if cost.percent_of_original is not None else None
        ),
        "description": cost.description,
    }


@transaction.atomic
def add_stage_cost(
    *,
    stage: Stage,
    valid_from: dt.date,
    description: str,
    justification: str,
    amount: Decimal | None = None,
    percent_of_original: Decimal | None = None,
    as_of: dt.date,
    actor: audit.Actor,
    at: dt.datetime,
) -> StageCost:
    """
    Add a cost the stage charges from `valid_from`: a fixed `amount` or a `percent_of_original`.

    Existing costs stay as they are; from `valid_from` each action uses the new one
    (`domain.decisions.cost_in_force`). On a version that cases are on, `valid_from` must be
    after `as_of`.

    :raises ChangeRefused: if the stage may carry no cost, the figure or date is out of range,
        or the stage already has a cost from that date.
    """
    stream, case_count = _lock_stream(stage)
    stage = Stage.objects.get(pk=stage.pk)
    existing = list(StageCost.objects.filter(stage=stage).order_by("valid_from"))
    new = NewCost(
        valid_from=valid_from,
        description=description.strip(),
        justification=justification.strip(),
        amount=amount,
        percent_of_original=percent_of_original,
    )
    problems = cost_problems(
        debt_type=DebtType(stream.debt_type),
        spec=stage_spec(stage, existing),
        cost=new,
        has_cases=case_count > 0,
        as_of=as_of,
    )
    if problems:
        raise ChangeRefused(problems)
    cost = StageCost.objects.create(
        stage=stage,
        valid_from=new.valid_from,
        description=new.description,
        justification=new.justification,
        amount=new.amount,
        percent_of_original=new.percent_of_original,
    )
    audit.record_event(
        actor=actor,
        action="recovery.stream.cost_added",
        authority_id=stream.authority_id,
        object_type="stage_cost",
        object_id=cost.pk,
        detail={
            "stream_id": stream.pk,
            "debt_type": stream.debt_type,
            "version": stream.version,
            "stage": stage.code,
            "cases_on_version": case_count,
            "before": {"costs": [_cost_json(c) for c in existing]},
            "after": {
                "costs": [
                    _cost_json(c) for c in sorted([*existing, cost], key=lambda c: c.valid_from)
                ]
            },
            "justification": new.justification,
        },
        occurred_at=at,
    )
    return cost
