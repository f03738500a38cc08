"""
Officer-chosen remedies after the liability order (RULES.md §2.5-§2.11, §4).

Every remedy is checked the same way before anything is written (`selectors.remedies`): the
case has reached the stage the remedy follows, the remedy's own rule allows it (thresholds,
nation, orders in force), and no hold stops it. What was decided is kept on a RecoveryAction of
kind OFFICER with the figures the checks used, and in the audit trail.

`take_officer_action` records a remedy that needs nothing more (charging order, bankruptcy
petition, committal). The remedies with their own records call it too:
`services.attachments.make_attachment_order`, `services.deductions` (benefit deductions,
housing benefit deductions and Direct Earnings Attachments) and `refer_to_enforcement_agents`
here. Information replies are in `services.information`.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from arrears.accounts.domain.debts import debt_label
from arrears.accounts.models import AccountParty, DebtAccount, Party
from arrears.audit import services as audit
from arrears.enforcement import services as enforcement
from arrears.kernel.money import to_json
from arrears.letters import services as letters
from arrears.recovery.domain.decisions import schedule_next
from arrears.recovery.models import (
    ActionType,
    RecoveryAction,
    RecoveryCase,
)
from arrears.recovery.selectors import remedies as selectors
from arrears.recovery.selectors import streams as stream_selectors
from arrears.recovery.selectors.remedies import NoRecoveryCase
from arrears.recovery.services.cases import authority_holidays

__all__ = ["NoRecoveryCase"]


class UnknownRemedy(Exception):
    """The account's recovery stream has no such remedy."""


class RemedyNotAllowed(Exception):
    """A check refused the remedy; `reasons` says why, each naming its rule."""

    def __init__(self, *, name: str, reasons: tuple[str, ...]) -> None:
        self.name = name
        self.reasons = reasons
        super().__init__(f"{name} is not allowed: " + " ".join(reasons))


class NotADebtor(Exception):
    """The party is not liable on the account."""


def check_debtor(*, account: DebtAccount, party: Party) -> None:
    if not AccountParty.objects.filter(account=account, party=party).exists():
        raise NotADebtor(f"{party.display_name} is not liable on account {account.reference}.")


def remedies_batch_key(*, authority_id: int, on: dt.date) -> str:
    """
    Return the batch key the letters of officers' remedies wait under for release: one per
    council and day, released like a run's letters (`letters.services.release_letters`).
    """
    return f"remedies:{authority_id}:{on.isoformat()}"


def request_letters(
    *,
    account: DebtAccount,
    party_ids: list[int],
    template: str,
    on: dt.date,
    facts: Mapping[str, str],
    source: str,
) -> list[int]:
    """
    Create a remedy's letters (one per party) awaiting release; return their ids.

    :raises letters.NoPostalAddress: if a debtor letter has no address to go to.
    :raises letters.ContactNotAllowed: if a party is in a Breathing Space on `on`.
    """
    base = {
        "authority_name": account.authority.name,
        "account_reference": account.reference,
        "debt_label": debt_label(
            account.debt_type,
            period_start=account.period_start_date,
            period_end=account.period_end_date,
        ),
        "balance": to_json(account.balance),
    }
    return letters.create_letters(
        requests=[
            letters.LetterRequest(
                authority_id=account.authority_id,
                account_id=account.pk,
                party_id=party_id,
                template=template,
                issue_date=on,
                facts={**base, **facts},
                source=source,
            )
            for party_id in party_ids
        ],
        batch_key=remedies_batch_key(authority_id=account.authority_id, on=on),
    )


def _next_cycle(*, case_id: int, stage_id: int) -> int:
    latest = RecoveryAction.objects.filter(
        case_id=case_id, stage_id=stage_id, kind=ActionType.OFFICER
    ).aggregate(cycle=Max("cycle"))["cycle"]
    return (latest or 0) + 1


def lock_case(account: DebtAccount) -> RecoveryCase:
    """Lock and return the account's recovery case.

    :raises NoRecoveryCase: if the account has none.
    """
    case = RecoveryCase.objects.select_for_update().filter(account_id=account.pk).first()
    if case is None:
        raise NoRecoveryCase(f"Account {account.reference} has no recovery case.")
    return case


@transaction.atomic
def take_officer_action(
    *,
    account: DebtAccount,
    code: str,
    on: dt.date,
    actor: audit.Actor,
    figures: Mapping[str, Any] | None = None,
    note: str = "",
) -> RecoveryAction:
    """
    Record that an officer took the remedy `code` on the account on `on`, after checking it.

    The action (kind OFFICER, on the stream's stage for `code`) explains itself: the rule, the
    checks' figures (debt type, nation, what is outstanding under the liability order, holds),
    the notes the officer must still check, and any `figures` the caller adds.

    :raises NoRecoveryCase: if the account has no recovery case.
    :raises UnknownRemedy: if the account's stream has no remedy `code`.
    :raises RemedyNotAllowed: if a check refuses it; its reasons say why.
    """
    case = lock_case(account)
    try:
        facts, option = selectors.option_for(account_id=account.pk, code=code, as_of=on)
    except KeyError as error:
        raise UnknownRemedy(f"The recovery stream of {account.reference} has no {code}.") from error
    if not option.is_allowed:
        raise RemedyNotAllowed(name=option.name, reasons=option.reasons)
    explanation = {
        "remedy": option.code,
        "name": option.name,
        "rule": option.rule,
        "checks": selectors.check_figures(facts=facts, code=code),
        "notes": list(option.notes),
        "figures": dict(figures or {}),
        "note": note,
    }
    action = RecoveryAction.objects.create(
        case=case,
        account_id=account.pk,
        authority_id=account.authority_id,
        stage_id=option.stage_id,
        kind=ActionType.OFFICER,
        cycle=_next_cycle(case_id=case.pk, stage_id=option.stage_id),
        stream_version=facts.stream_version,
        action_date=on,
        rule=option.rule,
        explanation=explanation,
        created_at=timezone.now(),
        created_by_id=actor.officer_id,
    )
    audit.record_event(
        actor=actor,
        action="recovery.remedy.taken",
        authority_id=account.authority_id,
        object_type="recovery_action",
        object_id=action.pk,
        detail={"account": account.reference, **explanation},
    )
    return action


# --- Referral to enforcement agents (RULES.md §2.8) --------------------------------------------


@transaction.atomic
def refer_to_enforcement_agents(
    *, account: DebtAccount, on: dt.date, actor: audit.Actor, note: str = ""
) -> int:
    """
    Refer one account to enforcement agents now, at an officer's choice (RULES.md §2.8), and
    return the new enforcement case's id.

    The case must have its liability order and nothing may stop enforcement. If the daily run
    had the referral still to come, the case moves past that stage so it is not referred twice.

    :raises RemedyNotAllowed: if a check refuses it (no liability order, a hold, already
        referred).
    """
    action = take_officer_action(
        account=account, code=selectors.ENFORCEMENT_AGENT, on=on, actor=actor, note=note
    )
    facts = selectors.remedy_facts(account_id=account.pk, as_of=on)
    [case_id] = enforcement.refer_accounts(
        referrals=[
            enforcement.NewReferral(
                account_id=account.pk,
                authority_id=account.authority_id,
                recovery_case_id=facts.case_id,
                referred_date=on,
                liability_order_date=facts.liability_order_date,
                debt_at_referral=facts.outstanding,
                note=note,
            )
        ],
        actor=actor,
    )
    _move_past_referral(case_id=facts.case_id, stage_id=action.stage_id, on=on)
    return case_id


def _move_past_referral(*, case_id: int, stage_id: int, on: dt.date) -> None:
    case = RecoveryCase.objects.select_related("account__authority").get(pk=case_id)
    if case.next_stage_id != stage_id:
        return
    stages = stream_selectors.stream_stages(stream_ids=[case.stream_id])[case.stream_id]
    following = stages.following(stage_id)
    due, _ = schedule_next(
        following=stages.spec(following) if following else None,
        issued=on,
        due_date=case.due_date,
        hearing_date=case.hearing_date,
        postal_days=stages.postal_days,
        holidays=authority_holidays(authority=case.account.authority, around=on),
    )
    case.stage_id = stage_id
    case.stage_date = on
    case.next_stage_id = following
    case.next_due_date = due
    case.save(update_fields=["stage", "stage_date", "next_stage", "next_due_date"])
    DebtAccount.objects.filter(pk=case.account_id).update(recovery_stage=stages.spec(stage_id).code)
