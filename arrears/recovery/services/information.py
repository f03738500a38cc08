"""
The debtor's reply to the information request after a liability order, or the record that none
came within the 14 days (CT Regs reg 36; RULES.md §2.5).
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from arrears.accounts.models import DebtAccount
from arrears.audit import services as audit
from arrears.kernel.money import ZERO, to_json
from arrears.recovery.domain.attachment import PayPeriod
from arrears.recovery.models import InformationReply, ReplyOutcome
from arrears.recovery.selectors import remedies as selectors
from arrears.recovery.services import remedies


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

    :raises remedies.NoRecoveryCase: if the account has no recovery case.
    :raises NotAfterLiabilityOrder: if the case has no liability order.
    :raises ValueError: if net earnings are negative.
    """
    if net_earnings is not None and net_earnings < ZERO:
        raise ValueError("Net earnings cannot be negative.")
    case = remedies.lock_case(account)
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

    :raises remedies.NoRecoveryCase: if the account has no recovery case.
    :raises NotAfterLiabilityOrder: if no information request has been sent.
    :raises ReplyDeadlineNotPassed: if `on` is not after the last day to reply.
    """
    case = remedies.lock_case(account)
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
