"""
Officer-chosen remedies after the liability order (RULES.md §2.5-§2.11, §4).

Every remedy is checked the same way before anything is written (`selectors.remedies`): the
case has reached the stage the remedy follows, the remedy's own rule allows it (thresholds,
nation, orders in force), and no hold stops it. What was decided is kept on a RecoveryAction of
kind OFFICER with the figures the checks used, and in the audit trail.

`take_officer_action` records a remedy that needs nothing more (charging order, bankruptcy
petition, committal). The remedies with their own records call it too:
`services.attachments.make_attachment_order`, `record_benefit_deduction`,
`record_hb_benefit_deduction`, `record_direct_earnings_attachment` and
`refer_to_enforcement_agents`.
"""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from arrears.accounts.domain.debts import debt_label
from arrears.accounts.models import AccountParty, DebtAccount, Party
from arrears.audit import services as audit
from arrears.enforcement import services as enforcement
from arrears.kernel.money import ZERO, format_pounds, to_json
from arrears.letters import services as letters
from arrears.recovery.domain.attachment import PayPeriod
from arrears.recovery.domain.decisions import schedule_next
from arrears.recovery.domain.deductions import (
    DeaPeriod,
    RateNotHeld,
    dea_deduction,
    legacy_benefit_deduction_forecast,
    overpayment_deduction_limit,
    universal_credit_deduction_forecast,
)
from arrears.recovery.models import (
    ActionType,
    Benefit,
    BenefitDeduction,
    DeductionFrequency,
    InformationReply,
    OrderStatus,
    RecoveryAction,
    RecoveryCase,
    ReplyOutcome,
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


def _lock_case(account: DebtAccount) -> RecoveryCase:
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
    case = _lock_case(account)
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


# --- Information request (CT Regs reg 36; RULES.md §2.5) ---------------------------------------


class NotAfterLiabilityOrder(Exception):
    """The case has not reached the liability order, so there is no information request."""


class ReplyDeadlineNotPassed(Exception):
    """The 14 days the debtor has to reply have not ended yet (RULES.md §2.5)."""


def _after_order(account: DebtAccount, on: dt.date) -> selectors.RemedyFacts:
    facts = selectors.remedy_facts(account_id=account.pk, as_of=on)
    if facts.liability_order_date is None:
        raise NotAfterLiabilityOrder(
            f"Account {account.reference} has no liability order, so there is no information "
            "request to answer (RULES.md §2.5)."
        )
    return facts


@transaction.atomic
def record_information_reply(
    *,
    account: DebtAccount,
    received_date: dt.date,
    actor: audit.Actor,
    employer_name: str = "",
    employer_address: str = "",
    payroll_number: str = "",
    pay_period: PayPeriod | None = None,
    net_earnings: Decimal | None = None,
    other_income: str = "",
    benefits: str = "",
    note: str = "",
) -> InformationReply:
    """
    Record the debtor's reply to the information request (CT Regs reg 36; RULES.md §2.5):
    employer, pay period and net earnings, other income, benefits.

    :raises NoRecoveryCase: if the account has no recovery case.
    :raises NotAfterLiabilityOrder: if the case has no liability order.
    :raises ValueError: if net earnings are negative.
    """
    if net_earnings is not None and net_earnings < ZERO:
        raise ValueError("Net earnings cannot be negative.")
    case = _lock_case(account)
    facts = _after_order(account, received_date)
    reply = InformationReply.objects.create(
        case=case,
        account=account,
        authority_id=account.authority_id,
        outcome=ReplyOutcome.REPLIED,
        requested_date=facts.information_requested_date,
        deadline_date=facts.information_deadline_date,
        received_date=received_date,
        employer_name=employer_name,
        employer_address=employer_address,
        payroll_number=payroll_number,
        pay_period=pay_period.value if pay_period else "",
        net_earnings=net_earnings,
        other_income=other_income,
        benefits=benefits,
        note=note,
        recorded_at=timezone.now(),
        recorded_by_id=actor.officer_id,
    )
    audit.record_event(
        actor=actor,
        action="recovery.information_reply.recorded",
        authority_id=account.authority_id,
        object_type="information_reply",
        object_id=reply.pk,
        detail={
            "account": account.reference,
            "received_date": received_date.isoformat(),
            "employer_name": employer_name,
            "pay_period": reply.pay_period,
            "net_earnings": to_json(net_earnings) if net_earnings is not None else None,
            "rule": "RULES.md §2.5 (CT Regs reg 36)",
        },
    )
    return reply


@transaction.atomic
def record_no_information_reply(
    *, account: DebtAccount, on: dt.date, actor: audit.Actor, note: str = ""
) -> InformationReply:
    """
    Record that the debtor did not reply to the information request within the 14 days
    (RULES.md §2.5): not replying is an offence, and the council decides how to enforce without
    the information.

    :raises NoRecoveryCase: if the account has no recovery case.
    :raises NotAfterLiabilityOrder: if no information request has been sent.
    :raises ReplyDeadlineNotPassed: if `on` is not after the last day to reply.
    """
    case = _lock_case(account)
    facts = _after_order(account, on)
    deadline = facts.information_deadline_date
    if deadline is None:
        raise NotAfterLiabilityOrder(
            f"No information request has been sent on account {account.reference}."
        )
    if on <= deadline:
        raise ReplyDeadlineNotPassed(
            f"The debtor has until {deadline:%-d %B %Y} to reply (14 days, RULES.md §2.5)."
        )
    reply = InformationReply.objects.create(
        case=case,
        account=account,
        authority_id=account.authority_id,
        outcome=ReplyOutcome.NO_REPLY,
        requested_date=facts.information_requested_date,
        deadline_date=deadline,
        note=note,
        recorded_at=timezone.now(),
        recorded_by_id=actor.officer_id,
    )
    audit.record_event(
        actor=actor,
        action="recovery.information_reply.missing",
        authority_id=account.authority_id,
        object_type="information_reply",
        object_id=reply.pk,
        detail={
            "account": account.reference,
            "requested_date": (
                facts.information_requested_date.isoformat()
                if facts.information_requested_date
                else None
            ),
            "deadline_date": deadline.isoformat(),
            "recorded_for": on.isoformat(),
            "rule": "RULES.md §2.5 (CT Regs reg 36)",
        },
    )
    return reply


# --- Deductions from benefits (RULES.md §2.7) --------------------------------------------------


class DeductionInForce(Exception):
    """A council tax deduction from benefits is already in force for the debtor (§2.7)."""


class DeductionNotInForce(Exception):
    """The deduction has already ended."""


def _forecast(*, benefit: Benefit, as_of: dt.date) -> Decimal | None:
    try:
        if benefit == Benefit.UNIVERSAL_CREDIT:
            return universal_credit_deduction_forecast(as_of=as_of)
        return legacy_benefit_deduction_forecast(as_of=as_of)
    except RateNotHeld:
        return None


def benefit_deduction_forecast(*, benefit: Benefit, as_of: dt.date) -> Decimal | None:
    """Return the guide figure for a deduction from `benefit` (RULES.md §2.7), if held."""
    return _forecast(benefit=benefit, as_of=as_of)


@transaction.atomic
def record_benefit_deduction(
    *,
    account: DebtAccount,
    party: Party,
    benefit: Benefit,
    amount: Decimal,
    frequency: DeductionFrequency,
    start_date: dt.date,
    notified_date: dt.date,
    actor: audit.Actor,
    dwp_reference: str = "",
) -> BenefitDeduction:
    """
    Record a council tax deduction from the debtor's benefit as DWP notified it (RULES.md §2.7).

    DWP sets the amount; it is recorded as notified, never computed. The forecast from the
    benefit rates (5% of the personal or standard allowance) is kept beside it as a guide. Only
    one deduction may be in force for a debtor at a time.

    :raises NotADebtor: if `party` is not liable on the account.
    :raises DeductionInForce: if the debtor already has one in force.
    :raises RemedyNotAllowed: if the checks refuse a deduction from benefits.
    :raises ValueError: if `amount` is not more than £0.
    """
    if amount <= ZERO:
        raise ValueError("The amount DWP deducts must be more than £0.")
    check_debtor(account=account, party=party)
    Party.objects.select_for_update().filter(pk=party.pk).first()
    if BenefitDeduction.objects.filter(party=party, status=OrderStatus.ACTIVE.value).exists():
        raise DeductionInForce(
            f"{party.display_name} already has a council tax deduction from benefits in force; "
            "only one is allowed at a time (RULES.md §2.7)."
        )
    forecast = _forecast(benefit=benefit, as_of=start_date)
    action = take_officer_action(
        account=account,
        code=selectors.BENEFIT_DEDUCTION,
        on=notified_date,
        actor=actor,
        figures={
            "party": party.display_name,
            "benefit": benefit.value,
            "amount_set_by_dwp": to_json(amount),
            "frequency": frequency.value,
            "start_date": start_date.isoformat(),
            "dwp_reference": dwp_reference,
            "forecast": to_json(forecast) if forecast is not None else None,
        },
    )
    return BenefitDeduction.objects.create(
        authority_id=account.authority_id,
        account=account,
        party=party,
        action=action,
        benefit=benefit.value,
        amount=amount,
        frequency=frequency.value,
        start_date=start_date,
        notified_date=notified_date,
        dwp_reference=dwp_reference,
        forecast_amount=forecast,
        created_at=timezone.now(),
        created_by_id=actor.officer_id,
    )


@transaction.atomic
def end_benefit_deduction(
    *, deduction: BenefitDeduction, on: dt.date, reason: str, actor: audit.Actor
) -> BenefitDeduction:
    """
    Record that a deduction from benefits ended on `on` (DWP stopped it, the debt is paid).

    :raises DeductionNotInForce: if it has already ended.
    :raises ValueError: if there is no reason, or `on` is before it started.
    """
    locked = BenefitDeduction.objects.select_for_update().get(pk=deduction.pk)
    if locked.status != OrderStatus.ACTIVE:
        raise DeductionNotInForce("This deduction from benefits has already ended.")
    if not reason.strip():
        raise ValueError("Say why the deduction ended.")
    if on < locked.start_date:
        raise ValueError("A deduction cannot end before it started.")
    locked.status = OrderStatus.CEASED.value
    locked.end_date = on
    locked.end_reason = reason
    locked.save(update_fields=["status", "end_date", "end_reason"])
    audit.record_event(
        actor=actor,
        action="recovery.benefit_deduction.ended",
        authority_id=locked.authority_id,
        object_type="benefit_deduction",
        object_id=locked.pk,
        detail={"end_date": on.isoformat(), "reason": reason},
    )
    return locked


# --- Housing benefit overpayments (RULES.md §4.1, §4.2) ----------------------------------------


class AboveMaximumDeduction(Exception):
    """The weekly deduction from housing benefit is more than reg 102 allows (RULES.md §4.1)."""


@transaction.atomic
def record_hb_benefit_deduction(
    *,
    account: DebtAccount,
    weekly_amount: Decimal,
    is_fraud: bool,
    on: dt.date,
    actor: audit.Actor,
    earnings_disregard: Decimal = ZERO,
) -> RecoveryAction:
    """
    Record recovery of a housing benefit overpayment from ongoing housing benefit at
    `weekly_amount` a week, no more than the reg 102 maximum for `on` (RULES.md §4.1).

    :raises AboveMaximumDeduction: if `weekly_amount` is more than the maximum.
    :raises RateNotHeld: if the benefit rates for `on` are not held.
    :raises RemedyNotAllowed: if the checks refuse it (a hold, nothing owed).
    """
    limit = overpayment_deduction_limit(
        as_of=on, is_fraud=is_fraud, earnings_disregard=earnings_disregard
    )
    if weekly_amount <= ZERO:
        raise ValueError("The weekly deduction must be more than £0.")
    if weekly_amount > limit.maximum_weekly:
        raise AboveMaximumDeduction(
            f"The most that may be deducted is {format_pounds(limit.maximum_weekly)} a week "
            f"({limit.multiple} × {format_pounds(limit.five_percent)}"
            + (
                f" + {format_pounds(limit.from_earnings_disregard)} from the earnings disregard"
                if limit.from_earnings_disregard
                else ""
            )
            + ", RULES.md §4.1)."
        )
    return take_officer_action(
        account=account,
        code=selectors.HB_BENEFIT_DEDUCTION,
        on=on,
        actor=actor,
        figures={
            "weekly_amount": to_json(weekly_amount),
            "maximum_weekly": to_json(limit.maximum_weekly),
            "five_percent_of_personal_allowance": to_json(limit.five_percent),
            "multiple": limit.multiple,
            "is_fraud": is_fraud,
            "earnings_disregard": to_json(earnings_disregard),
            "from_earnings_disregard": to_json(limit.from_earnings_disregard),
            "personal_allowance": to_json(limit.year.personal_allowance),
        },
    )


@transaction.atomic
def record_direct_earnings_attachment(
    *,
    account: DebtAccount,
    party: Party,
    employer_name: str,
    employer_address: str,
    net_earnings: Decimal,
    period: DeaPeriod,
    on: dt.date,
    actor: audit.Actor,
    priority_orders: Decimal = ZERO,
) -> RecoveryAction:
    """
    Record a Direct Earnings Attachment for a housing benefit overpayment, with the standard
    rate deduction from the net earnings given and the 40% cap (RULES.md §4.2).

    The notice to the employer (DEA_EMPLOYER_NOTICE) is created awaiting release under
    `remedies_batch_key`.

    :raises NotADebtor: if `party` is not liable on the account.
    :raises RateNotHeld: if no DEA table is held for `on`.
    :raises RemedyNotAllowed: if the checks refuse it.
    """
    check_debtor(account=account, party=party)
    deduction = dea_deduction(
        net_earnings=net_earnings, period=period, as_of=on, priority_orders=priority_orders
    )
    action = take_officer_action(
        account=account,
        code=selectors.DIRECT_EARNINGS_ATTACHMENT,
        on=on,
        actor=actor,
        figures={
            "party": party.display_name,
            "employer_name": employer_name,
            "employer_address": employer_address,
            "net_earnings": to_json(net_earnings),
            "period": period.value,
            "priority_orders": to_json(priority_orders),
            "percentage": str(deduction.band.percentage),
            "table_deduction": to_json(deduction.table_deduction),
            "cap": to_json(deduction.cap),
            "deduction": to_json(deduction.deduction),
            "is_capped": deduction.is_capped,
            "table": deduction.table.name,
        },
    )
    # RULES.md §4.2: the notice to the employer; its wording gives the table and the 40% cap.
    [letter_id] = request_letters(
        account=account,
        party_ids=[party.pk],
        template="DEA_EMPLOYER_NOTICE",
        on=on,
        facts={
            "employer_name": employer_name,
            "employer_address": employer_address,
            "amount_due": to_json(account.balance),
        },
        source=f"recovery-action:{action.pk}",
    )
    action.letter_id = letter_id
    action.save(update_fields=["letter_id"])
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
