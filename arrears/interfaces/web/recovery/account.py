"""
The recovery panel on the account page: where the account stands in its stream, why it is (or
is not) due for its next step, the holds on it and every action taken, each explaining itself.

Plain data for `recovery/_account_panel.html`, built from `recovery.selectors.explain`
(the same decision the daily run makes) and `recovery.selectors.account_holds`.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.urls import NoReverseMatch, reverse

from arrears.kernel.money import format_pounds
from arrears.recovery.domain.streams import STAGE_KIND_LABELS, StageKind
from arrears.recovery.selectors.account_holds import AccountHold, account_holds
from arrears.recovery.selectors.explain import Explanation, explain_account
from arrears.staff import selectors as staff_selectors
from arrears.staff.domain.policy import Permission
from arrears.staff.models import Officer

# How each key of an action's recorded explanation (domain.decisions, services.court) reads.
_LABELS = {
    "as_of": "Run date",
    "rule": "Rule",
    "balance": "Balance then",
    "current_stage_date": "Previous step issued",
    "due_date": "Due",
    "reason": "Why",
    "outcome": "Court outcome",
    "hearing_date": "Hearing date",
    "adjourned_to": "Adjourned to",
    "note": "Note",
    "holds": "Holds",
    "reasons": "Reasons",
    "deadline": "Time limit",
    "minimum_balance": "Minimum balance",
}
_MONEY_KEYS = {"balance", "minimum_balance"}
# Codes the row already shows by name.
_SHOWN_ELSEWHERE = {"stage", "stage_name", "current_stage"}


@dataclass(frozen=True)
class Line:
    label: str
    value: str


@dataclass(frozen=True)
class ActionRow:
    action_date: dt.date
    stage_name: str
    kind: str
    rule: str
    cost_amount: Decimal | None
    letter_id: int | None
    letter_href: str
    lines: list[Line]


@dataclass(frozen=True)
class StageRow:
    name: str
    kind: str
    is_reached: bool
    is_current: bool
    is_next: bool


@dataclass(frozen=True)
class RecoveryPanel:
    account_id: int
    explanation: Explanation
    stages: list[StageRow]
    actions: list[ActionRow]
    holds: list[AccountHold]
    holds_in_force: int
    can_record_hold: bool
    new_hold_href: str
    remedies_href: str = ""
    decision_lines: list[Line] = field(default_factory=list)


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _as_date(value: Any) -> str:
    try:
        return _long_date(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _as_money(value: Any) -> str:
    try:
        return format_pounds(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


def _value(key: str, value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if key in _MONEY_KEYS:
        return _as_money(value)
    if key == "as_of" or key.endswith("date") or key.endswith("_to") or key == "deadline":
        return _as_date(value)
    return str(value)


def _stage_name(code: str) -> str:
    """Return a stage code as words ("SECOND_REMINDER" reads "Second reminder")."""
    return code.replace("_", " ").capitalize()


def _cost_lines(cost: dict[str, Any]) -> list[Line]:
    text = f"{cost.get('description', 'Costs')}: {_as_money(cost.get('amount', ''))}"
    if cost.get("valid_from"):
        text += f" (in force from {_as_date(cost['valid_from'])})"
    lines = [Line("Cost", text)]
    if cost.get("justification"):
        lines.append(Line("Why the cost", str(cost["justification"])))
    return lines


def _schedule_lines(schedule: dict[str, Any]) -> list[Line]:
    if not schedule.get("due_date"):
        return []
    text = (
        f"{_stage_name(str(schedule.get('next_stage', 'Next step')))} due "
        f"{_as_date(schedule['due_date'])}: {schedule.get('wait', '')} "
        f"{schedule.get('counted_from', '')}"
    )
    if schedule.get("counted_from_date"):
        text += f" ({_as_date(schedule['counted_from_date'])})"
    if schedule.get("deemed_service_date"):
        text += f"; served {_as_date(schedule['deemed_service_date'])}"
    if schedule.get("earliest_date") and schedule["earliest_date"] != schedule["due_date"]:
        text += f"; earliest {_as_date(schedule['earliest_date'])}, moved to the next working day"
    return [Line("Next step", text)]


def explanation_lines(explanation: dict[str, Any]) -> list[Line]:
    """Return an action's recorded explanation as labelled lines in plain English."""
    lines: list[Line] = []
    for key, value in explanation.items():
        if key in _SHOWN_ELSEWHERE or value in (None, "", [], {}):
            continue
        if key == "cost" and isinstance(value, dict):
            lines.extend(_cost_lines(value))
        elif key == "schedule" and isinstance(value, dict):
            lines.extend(_schedule_lines(value))
        else:
            lines.append(
                Line(_LABELS.get(key, key.replace("_", " ").capitalize()), _value(key, value))
            )
    return lines


def _optional_url(name: str, **kwargs: int) -> str:
    """Return the URL named `name`, or "" while the page it names has not been built."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _stage_rows(explanation: Explanation) -> list[StageRow]:
    return [
        StageRow(
            name=name,
            kind=STAGE_KIND_LABELS[StageKind(kind)],
            is_reached=is_reached,
            is_current=name == explanation.stage_name,
            is_next=name == explanation.next_stage_name,
        )
        for name, kind, is_reached in explanation.stages
    ]


def recovery_panel(*, officer: Officer, account_id: int, as_of: dt.date) -> RecoveryPanel:
    """
    Return the recovery panel for an account the officer has already been allowed to see
    (the account page loads it through `accounts.selectors.account_for_officer` first).
    """
    explanation = explain_account(account_id=account_id, as_of=as_of)
    holds = account_holds(account_id=account_id, as_of=as_of)
    # The letters register links each letter when it has a page for one.
    actions = [
        ActionRow(
            action_date=action.action_date,
            stage_name=action.stage_name,
            kind=action.kind,
            rule=action.rule,
            cost_amount=action.cost_amount,
            letter_id=action.letter_id,
            letter_href=(
                _optional_url("web:letter", letter_id=action.letter_id) if action.letter_id else ""
            ),
            lines=explanation_lines(action.explanation),
        )
        for action in explanation.actions
    ]
    decision = explanation.decision
    return RecoveryPanel(
        account_id=account_id,
        explanation=explanation,
        stages=_stage_rows(explanation),
        actions=actions,
        holds=holds,
        holds_in_force=sum(1 for hold in holds if hold.is_in_force),
        can_record_hold=staff_selectors.officer_can(
            officer=officer, permission=Permission.RECORD_HOLD
        ),
        new_hold_href=reverse("web:account-hold-new", kwargs={"account_id": account_id}),
        remedies_href=_optional_url("web:account-remedies", account_id=account_id),
        decision_lines=(
            explanation_lines(decision.explanation) if decision and decision.is_taken else []
        ),
    )
