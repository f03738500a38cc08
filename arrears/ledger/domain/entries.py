"""
Kinds of ledger entry and which way each moves a balance (STYLE.md, "Money").

Amounts are stored positive; a debit raises what the debtor owes and a credit lowers it. A
reversal moves the balance the opposite way to the entry it reverses.
"""

from decimal import Decimal
from enum import StrEnum


class EntryType(StrEnum):
    CHARGE = "CHARGE"
    PAYMENT = "PAYMENT"
    REFUND = "REFUND"
    WRITE_OFF = "WRITE_OFF"
    ADJUSTMENT = "ADJUSTMENT"
    REVERSAL = "REVERSAL"


ENTRY_TYPE_LABELS = {
    EntryType.CHARGE: "Charge",
    EntryType.PAYMENT: "Payment",
    EntryType.REFUND: "Refund",
    EntryType.WRITE_OFF: "Write-off",
    EntryType.ADJUSTMENT: "Adjustment",
    EntryType.REVERSAL: "Reversal",
}


class Direction(StrEnum):
    DEBIT = "DEBIT"
    CREDIT = "CREDIT"


# The only direction each entry type may take; adjustments and reversals may go either way.
FIXED_DIRECTION: dict[EntryType, Direction] = {
    EntryType.CHARGE: Direction.DEBIT,
    EntryType.REFUND: Direction.DEBIT,
    EntryType.PAYMENT: Direction.CREDIT,
    EntryType.WRITE_OFF: Direction.CREDIT,
}


class ChargeKind(StrEnum):
    LIABILITY = "LIABILITY"
    COSTS = "COSTS"
    STATUTORY_FEE = "STATUTORY_FEE"
    PENALTY = "PENALTY"
    INTEREST = "INTEREST"


CHARGE_KIND_LABELS = {
    ChargeKind.LIABILITY: "Liability",
    ChargeKind.COSTS: "Court costs",
    ChargeKind.STATUTORY_FEE: "Statutory fee",
    ChargeKind.PENALTY: "Penalty",
    ChargeKind.INTEREST: "Interest",
}


def opposite(direction: Direction) -> Direction:
    """Return the other direction: a reversal's direction given the reversed entry's."""
    return Direction.CREDIT if direction is Direction.DEBIT else Direction.DEBIT


def signed(*, amount: Decimal, direction: Direction) -> Decimal:
    """Return `amount` as its effect on the balance: positive for a debit, negative for a credit."""
    return amount if direction is Direction.DEBIT else -amount
