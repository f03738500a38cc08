"""
Writes for enforcement agent cases: referring accounts (in bulk) and recording how they end.

`refer_accounts` is set-based, for the daily run, which refers every account whose
ENFORCEMENT_AGENT stage it takes (RULES.md §2.8): a fixed number of queries whatever the number
of referrals. An officer's single referral goes through the same function.
"""

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from arrears.accounts.models import DebtAccount
from arrears.audit import services as audit
from arrears.enforcement import selectors
from arrears.enforcement.domain.referrals import (
    RETURN_REASON_LABELS,
    ReferralStatus,
    ReturnReason,
    referral_reference,
)
from arrears.enforcement.models import EnforcementCase
from arrears.kernel.money import ZERO, to_json


class AlreadyReferred(Exception):
    """An account already has an open referral to enforcement agents."""

    def __init__(self, account_ids: Sequence[int]) -> None:
        self.account_ids = tuple(account_ids)
        super().__init__(
            "These accounts already have an open referral to enforcement agents: "
            + ", ".join(str(account_id) for account_id in self.account_ids)
        )


class NothingToRefer(ValueError):
    """A referral is for no debt: the amount at referral must be more than £0."""


class ReferralNotOpen(Exception):
    """The referral has already been returned, paid or withdrawn."""


@dataclass(frozen=True)
class NewReferral:
    """One account to refer to enforcement agents."""

    account_id: int
    authority_id: int
    referred_date: dt.date
    debt_at_referral: Decimal
    liability_order_date: dt.date | None = None
    recovery_case_id: int | None = None
    note: str = ""


def _check(referrals: Sequence[NewReferral]) -> None:
    counts = Counter(r.account_id for r in referrals)
    twice = [account_id for account_id, n in counts.items() if n > 1]
    if twice:
        raise AlreadyReferred(sorted(twice))
    empty = [r.account_id for r in referrals if r.debt_at_referral <= ZERO]
    if empty:
        raise NothingToRefer(f"Nothing is owed on accounts {sorted(empty)}; nothing to refer.")
    already = selectors.open_referral_account_ids(account_ids=[r.account_id for r in referrals])
    if already:
        raise AlreadyReferred(sorted(already))


@transaction.atomic
def refer_accounts(*, referrals: Sequence[NewReferral], actor: audit.Actor) -> list[int]:
    """
    Open an enforcement case for each referral, in bulk; return the new cases' ids in order.

    Each case gets a reference unique within its authority ("EA-<account>-<n>", n counting the
    account's referrals). Five queries whatever the number of referrals. Nothing is written if
    any referral is refused.

    :raises AlreadyReferred: if an account has an open referral, or appears twice.
    :raises NothingToRefer: if a referral is for £0 or less.
    """
    if not referrals:
        return []
    _check(referrals)
    account_ids = [r.account_id for r in referrals]
    references = dict(DebtAccount.objects.filter(pk__in=account_ids).values_list("pk", "reference"))
    earlier = dict(
        EnforcementCase.objects.filter(account_id__in=account_ids)
        .values("account_id")
        .annotate(n=Count("id"))
        .values_list("account_id", "n")
    )
    now = timezone.now()
    created = EnforcementCase.objects.bulk_create(
        EnforcementCase(
            authority_id=r.authority_id,
            account_id=r.account_id,
            recovery_case_id=r.recovery_case_id,
            reference=referral_reference(
                account_reference=references[r.account_id],
                sequence=earlier.get(r.account_id, 0) + 1,
            ),
            referred_date=r.referred_date,
            liability_order_date=r.liability_order_date,
            debt_at_referral=r.debt_at_referral,
            status=ReferralStatus.OPEN,
            note=r.note,
            created_at=now,
            created_by_id=actor.officer_id,
        )
        for r in referrals
    )
    audit.record_events(
        actor=actor,
        occurred_at=now,
        events=(
            audit.NewEvent(
                action="enforcement.case.referred",
                authority_id=case.authority_id,
                object_type="enforcement_case",
                object_id=case.pk,
                detail={
                    "account": references[case.account_id],
                    "reference": case.reference,
                    "referred_date": case.referred_date.isoformat(),
                    "debt_at_referral": to_json(case.debt_at_referral),
                    "liability_order_date": (
                        case.liability_order_date.isoformat() if case.liability_order_date else None
                    ),
                },
            )
            for case in created
        ),
    )
    return [case.pk for case in created]


@transaction.atomic
def record_outcome(
    *,
    case: EnforcementCase,
    status: ReferralStatus,
    on: dt.date,
    actor: audit.Actor,
    return_reason: ReturnReason | None = None,
    note: str = "",
) -> EnforcementCase:
    """
    Record that the enforcement agents returned the case (with why), or it was paid or withdrawn.

    An insufficient-goods return is what committal needs (RULES.md §2.11).

    :raises ReferralNotOpen: if the case has already ended.
    :raises ValueError: if `status` is OPEN, a return has no reason, or `on` is before the
        referral.
    """
    locked = EnforcementCase.objects.select_for_update().get(pk=case.pk)
    if locked.status != ReferralStatus.OPEN:
        raise ReferralNotOpen(f"Enforcement case {locked.reference} has already ended.")
    if status is ReferralStatus.OPEN:
        raise ValueError("An outcome closes the case: returned, paid or withdrawn.")
    if (status is ReferralStatus.RETURNED) != (return_reason is not None):
        raise ValueError("A return needs its reason, and only a return has one.")
    if on < locked.referred_date:
        raise ValueError("The case cannot end before it was referred.")
    locked.status = status.value
    locked.closed_date = on
    locked.return_reason = return_reason.value if return_reason else ""
    locked.note = note or locked.note
    locked.save(update_fields=["status", "closed_date", "return_reason", "note"])
    audit.record_event(
        actor=actor,
        action="enforcement.case.closed",
        authority_id=locked.authority_id,
        object_type="enforcement_case",
        object_id=locked.pk,
        detail={
            "reference": locked.reference,
            "status": status.value,
            "closed_date": on.isoformat(),
            "return_reason": RETURN_REASON_LABELS[return_reason] if return_reason else "",
            "note": note,
        },
    )
    return locked
