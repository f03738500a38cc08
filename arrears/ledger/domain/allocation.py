"""
Allocating a credit (a payment, a write-off) to the charges it pays off.

Shares plus the unallocated remainder always equal the amount allocated: money is never created
or destroyed (STYLE.md, "Money"). Oldest first is the default rule within an account; other
rules (an arrangement's apportionment, Fees Regs reg 13 on enforcement cases, RULES.md §1.7)
build their own plans from the same pieces.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from arrears.kernel.money import ZERO


@dataclass(frozen=True)
class OpenCharge:
    """A debit with something still owing on it."""

    charge_id: int
    outstanding: Decimal
    effective_date: dt.date


@dataclass(frozen=True)
class Share:
    charge_id: int
    amount: Decimal


@dataclass(frozen=True)
class AllocationPlan:
    shares: tuple[Share, ...]
    unallocated: Decimal

    @property
    def allocated(self) -> Decimal:
        return sum((share.amount for share in self.shares), ZERO)


def allocate_oldest_first(*, amount: Decimal, open_charges: list[OpenCharge]) -> AllocationPlan:
    """
    Return how `amount` pays off `open_charges`, the oldest (then lowest id) first.

    :raises ValueError: if `amount` is negative or a charge has nothing outstanding.
    """
    if amount < ZERO:
        raise ValueError("amount to allocate cannot be negative")
    remaining = amount
    shares: list[Share] = []
    for charge in sorted(open_charges, key=lambda c: (c.effective_date, c.charge_id)):
        if charge.outstanding <= ZERO:
            raise ValueError(f"charge {charge.charge_id} has nothing outstanding")
        if remaining <= ZERO:
            break
        paid = min(remaining, charge.outstanding)
        shares.append(Share(charge_id=charge.charge_id, amount=paid))
        remaining -= paid
    return AllocationPlan(shares=tuple(shares), unallocated=remaining)
