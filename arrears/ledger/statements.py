"""
Statements of account: a party's debt accounts with every posting and the running balance.

A read model for exports (issue 2, item 8). It is read set-based: a fixed number of queries
however many accounts and postings the party has, never one query per account or per row.
The party reaches the officer only through `accounts.selectors.party_for_officer`, so another
council's party is treated exactly like one that does not exist.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from arrears.accounts import selectors as accounts_selectors
from arrears.accounts.domain.debts import DEBT_TYPE_LABELS, FUND_LABELS, DebtType, Fund, stage_label
from arrears.accounts.domain.markers import MarkerKind
from arrears.accounts.models import (
    AccountParty,
    Address,
    AddressKind,
    DebtAccount,
    LinkKind,
    Marker,
    Party,
    PartyLink,
)
from arrears.kernel.money import ZERO
from arrears.ledger.domain.entries import ENTRY_TYPE_LABELS, Direction, EntryType, signed
from arrears.ledger.models import Entry
from arrears.staff.models import Officer
from arrears.staff.selectors import visible_authority_ids

ADDRESS_WITHHELD = "Confidential address withheld"


@dataclass(frozen=True)
class StatementLine:
    """
    One row of a statement: a posting on an account, with the balance after it.

    An account with no postings still has one line, with the entry fields empty and a running
    balance of 0.00, so that every account of the party appears.
    """

    authority_id: int
    authority_name: str
    party_id: int
    party_reference: str
    party_name: str
    address: str
    postcode: str
    account_id: int
    account_reference: str
    debt_type_label: str
    period_start_date: dt.date | None
    period_end_date: dt.date | None
    fund_label: str
    stage: str
    entry_date: dt.date | None
    entry_type_label: str
    direction_label: str
    amount: Decimal | None
    rule: str
    reason: str
    running_balance: Decimal


@dataclass(frozen=True)
class PartyStatement:
    """A party's statement of account, and whose records it drew on."""

    party_id: int
    party_reference: str
    authority_id: int
    is_address_withheld: bool
    # (party id, authority id) of the party and of each same-person record at another council
    # the officer may see, in that order: each council's audit trail records the export.
    parties: list[tuple[int, int]]
    lines: list[StatementLine]

    def line_count(self, *, party_id: int) -> int:
        """Return how many lines come from the accounts of `party_id`."""
        return sum(1 for line in self.lines if line.party_id == party_id)


def _same_person_ids(*, party: Party, authority_ids: frozenset[int]) -> list[int]:
    # Links are stored one way; read both. A record at a council the officer may not see is
    # left out, as on the party page.
    rows = PartyLink.objects.filter(
        Q(from_party=party) | Q(to_party=party), kind=LinkKind.SAME_PERSON
    ).values_list(
        "from_party_id", "to_party_id", "from_party__authority_id", "to_party__authority_id"
    )
    ids: list[int] = []
    for from_id, to_id, from_authority_id, to_authority_id in rows.order_by("id"):
        other_id, other_authority_id = (
            (to_id, to_authority_id) if from_id == party.pk else (from_id, from_authority_id)
        )
        if other_authority_id in authority_ids and other_id not in ids and other_id != party.pk:
            ids.append(other_id)
    return ids


def _has_open_confidential_address(*, party_ids: list[int], as_of: dt.date) -> bool:
    """Return whether any of the records has a confidential-address marker not ended by `as_of`.

    Issue 2, item 4: a confidential address is suppressed in letters and exports. The records
    are one person, so one open marker withholds the address of them all. A marker that starts
    later than `as_of` withholds it too: erring towards not disclosing an address is the safe
    side of a mistake here.
    """
    return (
        Marker.objects.filter(party_id__in=party_ids, kind=MarkerKind.CONFIDENTIAL_ADDRESS.value)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=as_of))
        .exists()
    )


def _current_addresses(*, party_ids: list[int]) -> dict[int, Address]:
    addresses: dict[int, Address] = {}
    # The latest recorded current address of each party.
    for address in Address.objects.filter(
        party_id__in=party_ids, kind=AddressKind.CURRENT
    ).order_by("-id"):
        addresses.setdefault(address.party_id, address)
    return addresses


def _accounts(*, party_ids: list[int]) -> list[tuple[int, DebtAccount]]:
    """Return (party id, account) for each account once, in the party page's order."""
    rows = (
        AccountParty.objects.filter(party_id__in=party_ids)
        .select_related("account__authority")
        .order_by("account__authority_id", "account__is_closed", "-account__opened_date", "id")
    )
    seen: set[int] = set()
    accounts = []
    for row in rows:
        if row.account_id not in seen:
            seen.add(row.account_id)
            accounts.append((row.party_id, row.account))
    return accounts


def _entries_by_account(*, account_ids: list[int]) -> dict[int, list[Entry]]:
    entries: dict[int, list[Entry]] = {account_id: [] for account_id in account_ids}
    rows = Entry.objects.filter(account_id__in=account_ids).order_by(
        "account_id", "effective_date", "id"
    )
    for entry in rows.iterator(chunk_size=2000):
        entries[entry.account_id].append(entry)
    return entries


@dataclass(frozen=True)
class _AccountFacts:
    """What every line of one account repeats."""

    account: DebtAccount
    owner: Party
    address: str
    postcode: str


def _address_text(address: Address | None) -> str:
    return str(address) if address else ""


def _postcode(address: Address | None) -> str:
    return address.postcode if address else ""


def _line(*, about: _AccountFacts, entry: Entry | None, balance: Decimal) -> StatementLine:
    account = about.account
    return StatementLine(
        authority_id=account.authority_id,
        authority_name=account.authority.name,
        party_id=about.owner.pk,
        party_reference=about.owner.reference,
        party_name=about.owner.display_name,
        address=about.address,
        postcode=about.postcode,
        account_id=account.pk,
        account_reference=account.reference,
        debt_type_label=DEBT_TYPE_LABELS[DebtType(account.debt_type)],
        period_start_date=account.period_start_date,
        period_end_date=account.period_end_date,
        fund_label=FUND_LABELS[Fund(account.fund)],
        stage=stage_label(account.recovery_stage),
        entry_date=entry.effective_date if entry else None,
        entry_type_label=ENTRY_TYPE_LABELS[EntryType(entry.entry_type)] if entry else "",
        direction_label=Direction(entry.direction).value.title() if entry else "",
        amount=entry.amount if entry else None,
        rule=entry.rule if entry else "",
        reason=entry.reason if entry else "",
        running_balance=balance,
    )


def party_statement(*, officer: Officer, party_id: int, as_of: dt.date) -> PartyStatement:
    """
    Return the statement of every debt account of a party that `officer` may see.

    The accounts are the party page's (issue 2, item 6): the party's own and those of the same
    person at another council the officer may also see (a `SAME_PERSON` link). Postings run
    oldest first (effective date, then the order they were posted) with the balance after each,
    debits raising it and credits lowering it (STYLE.md, "Money"), so the last line of an
    account shows its balance. The address is withheld when the person has an open
    confidential-address marker on `as_of` (issue 2, item 4).

    :raises Party.DoesNotExist: if there is no such party or it is another authority's.
    """
    party = accounts_selectors.party_for_officer(officer=officer, party_id=party_id)
    authority_ids = visible_authority_ids(officer=officer)
    party_ids = [party.pk, *_same_person_ids(party=party, authority_ids=authority_ids)]
    parties = {p.pk: p for p in Party.objects.filter(pk__in=party_ids).select_related("authority")}
    is_withheld = _has_open_confidential_address(party_ids=party_ids, as_of=as_of)
    addresses = {} if is_withheld else _current_addresses(party_ids=party_ids)
    accounts = _accounts(party_ids=party_ids)
    entries = _entries_by_account(account_ids=[account.pk for _, account in accounts])

    lines: list[StatementLine] = []
    for owner_id, account in accounts:
        about = _AccountFacts(
            account=account,
            owner=parties[owner_id],
            address=ADDRESS_WITHHELD if is_withheld else _address_text(addresses.get(owner_id)),
            postcode=ADDRESS_WITHHELD if is_withheld else _postcode(addresses.get(owner_id)),
        )
        balance = ZERO
        if not entries[account.pk]:
            lines.append(_line(about=about, entry=None, balance=balance))
        for entry in entries[account.pk]:
            balance += signed(amount=entry.amount, direction=Direction(entry.direction))
            lines.append(_line(about=about, entry=entry, balance=balance))

    return PartyStatement(
        party_id=party.pk,
        party_reference=party.reference,
        authority_id=party.authority_id,
        is_address_withheld=is_withheld,
        parties=[(pid, parties[pid].authority_id) for pid in party_ids if pid in parties],
        lines=lines,
    )
