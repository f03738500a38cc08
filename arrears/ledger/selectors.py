"""Reads of the ledger: balances from entries, open charges, unallocated credit."""

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    Exists,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from arrears.accounts.models import DebtAccount
from arrears.kernel.money import ZERO
from arrears.ledger.domain.allocation import OpenCharge
from arrears.ledger.domain.entries import Direction, EntryType
from arrears.ledger.models import Allocation, Entry

_MONEY = DecimalField(max_digits=14, decimal_places=2)

SIGNED_AMOUNT = Case(
    When(direction=Direction.DEBIT.value, then=F("amount")),
    default=-F("amount"),
    output_field=_MONEY,
)


def _pennies(amount: Decimal) -> Decimal:
    """Return `amount` to the penny: SQLite sums decimals as floats, so 0.01 + 54.37 may come
    back as 54.379999...; every sum read from the database passes through here."""
    return Decimal(amount).quantize(Decimal("0.01"))


def live_allocations() -> QuerySet[Allocation]:
    """Return allocations that still count: not undoings, and not undone."""
    undone = Allocation.objects.filter(reverses=OuterRef("pk"))
    return Allocation.objects.filter(reverses__isnull=True).exclude(Exists(undone))


def _allocated_sum(*, side: str) -> Coalesce:
    rows = (
        live_allocations()
        .filter(**{side: OuterRef("pk")})
        .values(side)
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=_MONEY), Value(ZERO), output_field=_MONEY)


def balance_from_entries(*, account_id: int) -> Decimal:
    """Return an account's balance as the sum of its entries (debits less credits)."""
    total = Entry.objects.filter(account_id=account_id).aggregate(total=Sum(SIGNED_AMOUNT))["total"]
    return _pennies(total or ZERO)


@dataclass(frozen=True)
class BalanceMismatch:
    account_id: int
    stored: Decimal
    from_entries: Decimal


def balance_mismatches(*, authority_ids: Collection[int] | None = None) -> list[BalanceMismatch]:
    """Return accounts whose stored balance differs from the sum of their entries."""
    totals = (
        Entry.objects.filter(account=OuterRef("pk"))
        .values("account")
        .annotate(total=Sum(SIGNED_AMOUNT))
        .values("total")
    )
    rows = DebtAccount.objects.annotate(
        from_entries=Coalesce(
            Subquery(totals, output_field=_MONEY), Value(ZERO), output_field=_MONEY
        )
    ).exclude(balance=F("from_entries"))
    if authority_ids is not None:
        rows = rows.filter(authority_id__in=list(authority_ids))
    mismatches = []
    for row in rows.order_by("id"):
        stored, from_entries = _pennies(row.balance), _pennies(row.from_entries)
        if stored != from_entries:
            mismatches.append(
                BalanceMismatch(account_id=row.pk, stored=stored, from_entries=from_entries)
            )
    return mismatches


def _reversed() -> Exists:
    return Exists(Entry.objects.filter(reverses=OuterRef("pk")))


# Few enough parameters per query for every database (SQLite allows 32,766).
_CHUNK = 900


def _open_entries(
    *, direction: Direction, account_ids: Collection[int]
) -> Iterator[tuple[int, int, Decimal, dt.date]]:
    """Yield (account id, entry id, amount still open, date) of unreversed entries that way."""
    side = "debit" if direction is Direction.DEBIT else "credit"
    ordered = sorted(set(account_ids))
    for start in range(0, len(ordered), _CHUNK):
        rows = (
            Entry.objects.filter(
                account_id__in=ordered[start : start + _CHUNK], direction=direction.value
            )
            .exclude(entry_type=EntryType.REVERSAL.value)
            .exclude(_reversed())
            .annotate(allocated=_allocated_sum(side=side))
            .filter(allocated__lt=F("amount"))
            .order_by("account_id", "effective_date", "id")
            .values_list("account_id", "id", "amount", "allocated", "effective_date")
        )
        for account_id, pk, amount, allocated, effective_date in rows:
            remaining = _pennies(amount - allocated)
            if remaining > ZERO:
                yield account_id, pk, remaining, effective_date


def open_debits_by_account(*, account_ids: Collection[int]) -> dict[int, list[OpenCharge]]:
    """Return each account's unreversed debits with something still owing, oldest first."""
    found: dict[int, list[OpenCharge]] = defaultdict(list)
    for account_id, pk, outstanding, effective_date in _open_entries(
        direction=Direction.DEBIT, account_ids=account_ids
    ):
        found[account_id].append(
            OpenCharge(charge_id=pk, outstanding=outstanding, effective_date=effective_date)
        )
    return found


def unallocated_credits_by_account(
    *, account_ids: Collection[int]
) -> dict[int, list[tuple[int, Decimal]]]:
    """Return each account's (credit entry id, amount not yet allocated), oldest first."""
    found: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for account_id, pk, remaining, _date in _open_entries(
        direction=Direction.CREDIT, account_ids=account_ids
    ):
        found[account_id].append((pk, remaining))
    return found


def open_debits(*, account_id: int) -> list[OpenCharge]:
    """Return the account's unreversed debits with something still owing, oldest first."""
    return open_debits_by_account(account_ids=[account_id]).get(account_id, [])


def unallocated_credits(*, account_id: int) -> list[tuple[int, Decimal]]:
    """Return (entry id, amount not yet allocated) for the account's unreversed credits."""
    return unallocated_credits_by_account(account_ids=[account_id]).get(account_id, [])


def allocated_total(*, entry_id: int, side: str) -> Decimal:
    """Return the live allocations from (`side="credit"`) or to (`side="debit"`) an entry."""
    total = live_allocations().filter(**{f"{side}_id": entry_id}).aggregate(t=Sum("amount"))["t"]
    return _pennies(total or ZERO)


def entries_for_accounts(*, account_ids: Collection[int]) -> QuerySet[Entry]:
    """Return the entries of these accounts, newest first."""
    return (
        Entry.objects.filter(account_id__in=list(account_ids))
        .select_related("posted_by", "reverses")
        .order_by("-effective_date", "-id")
    )


def entries_visible(*, authority_ids: Collection[int]) -> QuerySet[Entry]:
    """Return every entry of the given authorities, newest first (for the API)."""
    return Entry.objects.filter(authority_id__in=list(authority_ids)).order_by(
        "-effective_date", "-id"
    )
