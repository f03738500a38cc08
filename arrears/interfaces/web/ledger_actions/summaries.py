"""Plain data for the ledger action pages: the account, the answers, what will happen."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from arrears.accounts.models import DebtAccount
from arrears.ledger import selectors as ledger_selectors
from arrears.ledger.domain.allocation import allocate_oldest_first
from arrears.ledger.domain.entries import (
    CHARGE_KIND_LABELS,
    ENTRY_TYPE_LABELS,
    ChargeKind,
    EntryType,
)
from arrears.ledger.models import Entry


@dataclass(frozen=True)
class AccountHeading:
    account_id: int
    reference: str
    debt_type_label: str
    authority_name: str
    balance: Decimal


@dataclass(frozen=True)
class Answer:
    """One row of a "Check your answers" summary list; `field` is what its Change button says."""

    key: str
    value: str
    field: str = ""


@dataclass(frozen=True)
class AllocationLine:
    """One open debit and how much of the new credit would pay it."""

    entry_id: int
    label: str
    effective_date: dt.date
    outstanding: Decimal
    paid: Decimal
    left_owing: Decimal


@dataclass(frozen=True)
class AllocationPreview:
    lines: list[AllocationLine]
    unallocated: Decimal
    balance_after: Decimal


def allocation_preview(*, account: DebtAccount, amount: Decimal) -> AllocationPreview:
    """
    Return how a new credit of `amount` would be allocated, oldest open debit first, as
    `ledger.services` will allocate it. Reads only.
    """
    open_debits = ledger_selectors.open_debits(account_id=account.pk)
    plan = allocate_oldest_first(amount=amount, open_charges=open_debits)
    outstanding = {debit.charge_id: debit for debit in open_debits}
    entries = {
        entry.pk: entry
        for entry in ledger_selectors.entries_for_accounts(account_ids=[account.pk]).filter(
            pk__in=[share.charge_id for share in plan.shares]
        )
    }
    lines = []
    for share in plan.shares:
        entry, debit = entries[share.charge_id], outstanding[share.charge_id]
        lines.append(
            AllocationLine(
                entry_id=entry.pk,
                label=entry_label(entry),
                effective_date=entry.effective_date,
                outstanding=debit.outstanding,
                paid=share.amount,
                left_owing=debit.outstanding - share.amount,
            )
        )
    return AllocationPreview(
        lines=lines, unallocated=plan.unallocated, balance_after=account.balance - amount
    )


def entry_label(entry: Entry) -> str:
    """Return what an entry is, for people: its charge kind, or else its type."""
    if entry.charge_kind:
        return CHARGE_KIND_LABELS[ChargeKind(entry.charge_kind)]
    return ENTRY_TYPE_LABELS[EntryType(entry.entry_type)]


def long_date(day: dt.date) -> str:
    """Return `day` as GOV.UK writes dates: 1 April 2026."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class EntrySummary:
    """The entry an officer is about to reverse."""

    entry_id: int
    label: str
    direction_label: str
    amount: Decimal
    effective_date: dt.date
    reason: str
    rule: str
