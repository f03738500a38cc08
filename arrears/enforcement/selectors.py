"""Reads for enforcement agent cases."""

from collections.abc import Collection

from arrears.enforcement.domain.referrals import ReferralStatus, ReturnReason
from arrears.enforcement.models import EnforcementCase


def open_referral_account_ids(*, account_ids: Collection[int]) -> frozenset[int]:
    """Return which of these accounts already have an open referral (one query)."""
    return frozenset(
        EnforcementCase.objects.filter(
            account_id__in=list(account_ids), status=ReferralStatus.OPEN
        ).values_list("account_id", flat=True)
    )


def referrals_for_account(*, account_id: int) -> list[EnforcementCase]:
    """Return the account's referrals, latest first."""
    return list(
        EnforcementCase.objects.filter(account_id=account_id).order_by("-referred_date", "-id")
    )


def referral_for_account(*, account_id: int, case_id: int) -> EnforcementCase:
    """
    Return one of the account's referrals.

    :raises EnforcementCase.DoesNotExist: if the account has no such referral.
    """
    return EnforcementCase.objects.get(pk=case_id, account_id=account_id)


def has_insufficient_goods_report(*, account_id: int) -> bool:
    """
    Return whether enforcement agents have returned the account reporting insufficient goods,
    the precondition for committal (RULES.md §2.11).
    """
    return EnforcementCase.objects.filter(
        account_id=account_id,
        status=ReferralStatus.RETURNED,
        return_reason=ReturnReason.INSUFFICIENT_GOODS,
    ).exists()
