"""
Writes to the ledger: every penny moves by an explicit entry (STYLE.md, "Money").

Each service locks the account, writes its entries and allocations, moves the cached balance by
the same amount, and records an audit event, all in one transaction.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from arrears.accounts import selectors as accounts_selectors
from arrears.accounts.models import DebtAccount
from arrears.audit import services as audit
from arrears.kernel.money import ZERO, to_json
from arrears.ledger import selectors
from arrears.ledger.domain.allocation import allocate_oldest_first
from arrears.ledger.domain.entries import ChargeKind, Direction, EntryType, opposite, signed
from arrears.ledger.models import Allocation, Entry


class InvalidAmount(ValueError):
    """An amount is not a positive sum of pounds and pence."""


class DuplicateSourceReference(Exception):
    """An entry of this type with this source reference has already been posted."""


class AlreadyReversed(Exception):
    """The entry has already been reversed."""


class CannotReverseReversal(Exception):
    """A reversal cannot itself be reversed; post a fresh entry instead."""


class RefundExceedsCredit(Exception):
    """A refund cannot be more than the credit balance on the account."""


class ChargeInMoratorium(Exception):
    """
    Fees, costs or interest dated inside a Breathing Space (RULES.md §5.2, §5.4).

    No interest, fees, penalties or charges may be added to a moratorium debt for the period,
    and a fee line dated inside a moratorium must be rejected.
    """

    def __init__(self, account_ids: Sequence[int], effective_date: dt.date) -> None:
        self.account_ids = list(account_ids)
        self.effective_date = effective_date
        super().__init__(
            f"A Breathing Space covers {effective_date:%-d %B %Y} for account(s) "
            f"{', '.join(str(a) for a in self.account_ids)}: no fees, costs or interest may be "
            "added for that period (RULES.md §5.2)."
        )


# Charges a moratorium stops (RULES.md §5.2). The debt itself (liability, a penalty charge
# notice's penalty) is not a charge added to it.
MORATORIUM_STOPS = frozenset({ChargeKind.COSTS, ChargeKind.STATUTORY_FEE, ChargeKind.INTEREST})


def _check_moratorium(*, account_ids: Sequence[int], effective_date: dt.date) -> None:
    held = accounts_selectors.accounts_in_breathing_space(
        account_ids=account_ids, on=effective_date
    )
    if held:
        raise ChargeInMoratorium(sorted(held), effective_date)


class WriteOffAboveLimit(Exception):
    """The write-off is larger than the officer's delegated limit."""


def _check_amount(amount: Decimal) -> None:
    if amount <= ZERO or amount != amount.quantize(Decimal("0.01")):
        raise InvalidAmount(f"{amount} is not a positive amount in pounds and pence")


def _lock(account_id: int) -> DebtAccount:
    return DebtAccount.objects.select_for_update().get(pk=account_id)


def _post(
    *,
    account: DebtAccount,
    entry_type: EntryType,
    direction: Direction,
    amount: Decimal,
    effective_date: dt.date,
    rule: str,
    reason: str,
    actor: audit.Actor,
    charge_kind: ChargeKind | None = None,
    reverses: Entry | None = None,
    source_reference: str | None = None,
    method: str = "",
    meta: dict[str, Any] | None = None,
) -> Entry:
    _check_amount(amount)
    if (
        source_reference
        and Entry.objects.filter(
            authority_id=account.authority_id,
            entry_type=entry_type.value,
            source_reference=source_reference,
        ).exists()
    ):
        raise DuplicateSourceReference(source_reference)
    entry = Entry.objects.create(
        authority_id=account.authority_id,
        account=account,
        entry_type=entry_type.value,
        direction=direction.value,
        charge_kind=charge_kind.value if charge_kind else "",
        amount=amount,
        effective_date=effective_date,
        posted_at=timezone.now(),
        posted_by_id=actor.officer_id,
        rule=rule,
        reason=reason,
        reverses=reverses,
        source_reference=source_reference or None,
        method=method,
        meta=meta or {},
    )
    DebtAccount.objects.filter(pk=account.pk).update(
        balance=F("balance") + signed(amount=amount, direction=direction)
    )
    audit.record_event(
        actor=actor,
        action=f"ledger.{entry_type.value.lower()}.posted",
        authority_id=account.authority_id,
        object_type="entry",
        object_id=entry.pk,
        detail={
            "account": account.reference,
            "amount": to_json(amount),
            "direction": direction.value,
            "effective_date": effective_date.isoformat(),
            "rule": rule,
            "reason": reason,
        },
    )
    return entry


def _allocate_credit(*, credit: Entry, account_id: int, rule: str) -> list[Allocation]:
    """Allocate what is left of `credit` to the account's open debits, oldest first."""
    remaining = credit.amount - selectors.allocated_total(entry_id=credit.pk, side="credit")
    plan = allocate_oldest_first(
        amount=remaining, open_charges=selectors.open_debits(account_id=account_id)
    )
    now = timezone.now()
    return Allocation.objects.bulk_create(
        Allocation(
            credit=credit,
            debit_id=share.charge_id,
            amount=share.amount,
            allocated_at=now,
            rule=rule,
        )
        for share in plan.shares
    )


def _allocate_waiting_credits(*, account_id: int) -> None:
    """Set any unallocated credit on the account against its open debits (oldest first)."""
    for credit_id, _remaining in selectors.unallocated_credits(account_id=account_id):
        credit = Entry.objects.get(pk=credit_id)
        if not _allocate_credit(
            credit=credit, account_id=account_id, rule="ledger.allocation.oldest-first"
        ):
            break


@transaction.atomic
def post_charge(
    *,
    account: DebtAccount,
    amount: Decimal,
    effective_date: dt.date,
    charge_kind: ChargeKind,
    rule: str,
    reason: str,
    actor: audit.Actor,
    source_reference: str | None = None,
    meta: dict[str, Any] | None = None,
) -> Entry:
    """
    Post a charge (liability, costs, a statutory fee) recording the rule that caused it.

    Any credit already waiting on the account is allocated to it.

    :raises InvalidAmount: if `amount` is not a positive amount in pence.
    :raises DuplicateSourceReference: if a charge with `source_reference` exists.
    :raises ChargeInMoratorium: if fees, costs or interest fall inside a Breathing Space.
    """
    locked = _lock(account.pk)
    if charge_kind in MORATORIUM_STOPS:
        _check_moratorium(account_ids=[locked.pk], effective_date=effective_date)
    entry = _post(
        account=locked,
        entry_type=EntryType.CHARGE,
        direction=Direction.DEBIT,
        amount=amount,
        effective_date=effective_date,
        rule=rule,
        reason=reason,
        actor=actor,
        charge_kind=charge_kind,
        source_reference=source_reference,
        meta=meta,
    )
    _allocate_waiting_credits(account_id=locked.pk)
    return entry


@transaction.atomic
def record_payment(
    *,
    account: DebtAccount,
    amount: Decimal,
    received_date: dt.date,
    reference: str | None,
    actor: audit.Actor,
    method: str = "",
    rule: str = "ledger.allocation.oldest-first",
) -> Entry:
    """
    Record a payment and allocate it to the account's open charges, oldest first.

    What is left over stays on the account as credit.

    :raises InvalidAmount: if `amount` is not a positive amount in pence.
    :raises DuplicateSourceReference: if a payment with `reference` has been recorded.
    """
    locked = _lock(account.pk)
    entry = _post(
        account=locked,
        entry_type=EntryType.PAYMENT,
        direction=Direction.CREDIT,
        amount=amount,
        effective_date=received_date,
        rule=rule,
        reason="Payment received",
        actor=actor,
        source_reference=reference,
        method=method,
    )
    _allocate_credit(credit=entry, account_id=locked.pk, rule=rule)
    return entry


@transaction.atomic
def write_off(
    *,
    account: DebtAccount,
    amount: Decimal,
    effective_date: dt.date,
    reason: str,
    actor: audit.Actor,
    delegated_limit: Decimal | None,
    rule: str = "policy.write-off",
) -> Entry:
    """
    Write off part or all of an account's debt within the officer's delegated limit.

    :raises WriteOffAboveLimit: if `amount` is above `delegated_limit` (None means no limit).
    :raises InvalidAmount: if `amount` is not positive or is more than the balance.
    """
    locked = _lock(account.pk)
    if delegated_limit is not None and amount > delegated_limit:
        raise WriteOffAboveLimit(f"£{amount} is above the delegated limit of £{delegated_limit}")
    if amount > locked.balance:
        raise InvalidAmount(f"cannot write off £{amount}: the balance is £{locked.balance}")
    entry = _post(
        account=locked,
        entry_type=EntryType.WRITE_OFF,
        direction=Direction.CREDIT,
        amount=amount,
        effective_date=effective_date,
        rule=rule,
        reason=reason,
        actor=actor,
    )
    _allocate_credit(credit=entry, account_id=locked.pk, rule="ledger.allocation.oldest-first")
    return entry


@transaction.atomic
def adjust(
    *,
    account: DebtAccount,
    amount: Decimal,
    direction: Direction,
    effective_date: dt.date,
    rule: str,
    reason: str,
    actor: audit.Actor,
) -> Entry:
    """
    Post an adjustment that raises (debit) or lowers (credit) the balance, with its reason.

    :raises InvalidAmount: if `amount` is not a positive amount in pence.
    """
    locked = _lock(account.pk)
    entry = _post(
        account=locked,
        entry_type=EntryType.ADJUSTMENT,
        direction=direction,
        amount=amount,
        effective_date=effective_date,
        rule=rule,
        reason=reason,
        actor=actor,
    )
    if direction is Direction.CREDIT:
        _allocate_credit(credit=entry, account_id=locked.pk, rule="ledger.allocation.oldest-first")
    else:
        _allocate_waiting_credits(account_id=locked.pk)
    return entry


@transaction.atomic
def refund(
    *,
    account: DebtAccount,
    amount: Decimal,
    effective_date: dt.date,
    reason: str,
    actor: audit.Actor,
    method: str = "",
) -> Entry:
    """
    Refund credit on an account to the payer: the refund is a debit that uses up the credit.

    :raises RefundExceedsCredit: if the account is not in credit by at least `amount`.
    """
    locked = _lock(account.pk)
    if -locked.balance < amount:
        raise RefundExceedsCredit(
            f"cannot refund £{amount}: the account is in credit by £{max(-locked.balance, ZERO)}"
        )
    entry = _post(
        account=locked,
        entry_type=EntryType.REFUND,
        direction=Direction.DEBIT,
        amount=amount,
        effective_date=effective_date,
        rule="ledger.refund",
        reason=reason,
        actor=actor,
        method=method,
    )
    _allocate_waiting_credits(account_id=locked.pk)
    return entry


def _undo_allocations(*, entry: Entry) -> None:
    """Undo every live allocation from or to `entry`, each by a reversing allocation row."""
    now = timezone.now()
    live = selectors.live_allocations().filter(credit=entry) | selectors.live_allocations().filter(
        debit=entry
    )
    Allocation.objects.bulk_create(
        Allocation(
            credit_id=row.credit_id,
            debit_id=row.debit_id,
            amount=row.amount,
            allocated_at=now,
            rule="ledger.allocation.undone",
            reverses=row,
        )
        for row in live.order_by("id")
    )


@transaction.atomic
def reverse_entry(
    *, entry: Entry, effective_date: dt.date, reason: str, actor: audit.Actor
) -> Entry:
    """
    Reverse a posted entry with a new entry the other way, and undo its allocations.

    A reversed payment reopens the charges it paid; a reversed charge frees the credit that
    paid it, which is then allocated to the account's other open charges.

    :raises CannotReverseReversal: if `entry` is itself a reversal.
    :raises AlreadyReversed: if `entry` has already been reversed.
    """
    locked = _lock(entry.account_id)
    if entry.entry_type == EntryType.REVERSAL.value:
        raise CannotReverseReversal(f"entry {entry.pk} is a reversal")
    if Entry.objects.filter(reverses=entry).exists():
        raise AlreadyReversed(f"entry {entry.pk} has already been reversed")
    _undo_allocations(entry=entry)
    reversal = _post(
        account=locked,
        entry_type=EntryType.REVERSAL,
        direction=opposite(Direction(entry.direction)),
        amount=entry.amount,
        effective_date=effective_date,
        rule="ledger.reversal",
        reason=reason,
        actor=actor,
        reverses=entry,
    )
    _allocate_waiting_credits(account_id=locked.pk)
    return reversal


@dataclass(frozen=True)
class NewCharge:
    """One charge of a batch posted by `post_charges`."""

    account_id: int
    authority_id: int
    amount: Decimal
    effective_date: dt.date
    charge_kind: ChargeKind
    rule: str
    reason: str
    source_reference: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@transaction.atomic
def post_charges(*, charges: Sequence[NewCharge], actor: audit.Actor) -> list[Entry]:
    """
    Post many charges at once (the daily recovery run's costs), set-based.

    One insert for the entries, one balance update per distinct amount, one insert for the audit
    events. Costs go only on accounts in debit, which hold no waiting credit (credit is allocated
    as soon as a debit is open), so nothing needs allocating here.

    :raises InvalidAmount: if any amount is not a positive amount in pence.
    :raises ChargeInMoratorium: if a Breathing Space covers a fee's date on its account.
    """
    if not charges:
        return []
    for charge in charges:
        _check_amount(charge.amount)
    by_date: dict[dt.date, list[int]] = defaultdict(list)
    for charge in charges:
        if charge.charge_kind in MORATORIUM_STOPS:
            by_date[charge.effective_date].append(charge.account_id)
    for effective_date, account_ids in by_date.items():
        _check_moratorium(account_ids=account_ids, effective_date=effective_date)
    posted_at = timezone.now()
    entries = Entry.objects.bulk_create(
        [
            Entry(
                authority_id=charge.authority_id,
                account_id=charge.account_id,
                entry_type=EntryType.CHARGE.value,
                direction=Direction.DEBIT.value,
                charge_kind=charge.charge_kind.value,
                amount=charge.amount,
                effective_date=charge.effective_date,
                posted_at=posted_at,
                posted_by_id=actor.officer_id,
                rule=charge.rule,
                reason=charge.reason,
                source_reference=charge.source_reference,
                meta=charge.meta,
            )
            for charge in charges
        ]
    )
    by_amount: dict[Decimal, list[int]] = defaultdict(list)
    for charge in charges:
        by_amount[charge.amount].append(charge.account_id)
    for amount, account_ids in by_amount.items():
        counts = Counter(account_ids)
        for times in sorted(set(counts.values())):
            ids = [account_id for account_id, n in counts.items() if n == times]
            DebtAccount.objects.filter(pk__in=ids).update(balance=F("balance") + amount * times)
    audit.record_events(
        actor=actor,
        events=[
            audit.NewEvent(
                action="ledger.charge.posted",
                authority_id=charge.authority_id,
                object_type="entry",
                object_id=entry.pk,
                detail={
                    "account_id": charge.account_id,
                    "amount": to_json(charge.amount),
                    "direction": Direction.DEBIT.value,
                    "effective_date": charge.effective_date.isoformat(),
                    "rule": charge.rule,
                    "reason": charge.reason,
                },
            )
            for charge, entry in zip(charges, entries, strict=True)
        ],
    )
    return entries
