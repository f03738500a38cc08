"""
Referrals to enforcement agents after a liability order (RULES.md §2.8, §2.11, §2.12).

A referral is the enforcement case an enforcement agent works: open while the agents act, then
returned (with why), paid or withdrawn. The reason a case came back matters to what the council
may do next: committal to prison needs an agent's report that there were insufficient goods
(RULES.md §2.11, CT Regs reg 47; NNDR Regs 1989 regs 16-17).
"""

from enum import StrEnum


class ReferralStatus(StrEnum):
    OPEN = "OPEN"
    RETURNED = "RETURNED"
    PAID = "PAID"
    WITHDRAWN = "WITHDRAWN"


REFERRAL_STATUS_LABELS = {
    ReferralStatus.OPEN: "With the enforcement agents",
    ReferralStatus.RETURNED: "Returned by the enforcement agents",
    ReferralStatus.PAID: "Paid",
    ReferralStatus.WITHDRAWN: "Withdrawn by the council",
}


class ReturnReason(StrEnum):
    INSUFFICIENT_GOODS = "INSUFFICIENT_GOODS"
    GONE_AWAY = "GONE_AWAY"
    VULNERABLE = "VULNERABLE"
    OTHER = "OTHER"


RETURN_REASON_LABELS = {
    ReturnReason.INSUFFICIENT_GOODS: "Insufficient goods to cover the debt",
    ReturnReason.GONE_AWAY: "The debtor has gone away or cannot be traced",
    ReturnReason.VULNERABLE: "Returned because the debtor is vulnerable",
    ReturnReason.OTHER: "Other reason",
}


def referral_reference(*, account_reference: str, sequence: int) -> str:
    """Return the reference of the account's `sequence`th referral: "EA-CT00001234-1"."""
    return f"EA-{account_reference}-{sequence}"
