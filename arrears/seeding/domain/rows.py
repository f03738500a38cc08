"""
Rows of a synthetic data set, before they have database ids.

A row refers to another row of the same chunk by its position in that chunk's list (`party`,
`account`, `credit` and `debit` are positions), and to an authority by its position in the
list of authorities being seeded. The loader turns positions into ids.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple


class PartyRow(NamedTuple):
    authority: int
    reference: str
    kind: str
    title: str
    forenames: str
    surname: str
    organisation_name: str
    company_number: str
    date_of_birth: dt.date | None
    display_name: str
    search_name: str


class AliasRow(NamedTuple):
    party: int
    name: str
    search_name: str


class AddressRow(NamedTuple):
    party: int
    kind: str
    line_1: str
    line_2: str
    line_3: str
    town: str
    postcode: str
    uprn: str
    latitude: Decimal | None
    longitude: Decimal | None
    from_date: dt.date | None
    to_date: dt.date | None


class ContactRow(NamedTuple):
    party: int
    kind: str
    value: str
    is_preferred: bool


class LinkRow(NamedTuple):
    from_party: int
    to_party: int
    kind: str


class MarkerRow(NamedTuple):
    party: int
    kind: str
    category: str
    detail: str
    source: str
    practitioner: str
    start_date: dt.date
    end_date: dt.date | None
    review_date: dt.date | None


class AccountRow(NamedTuple):
    authority: int
    reference: str
    debt_type: str
    fund: str
    period_start_date: dt.date | None
    period_end_date: dt.date | None
    description: str
    opened_date: dt.date
    recovery_stage: str
    is_closed: bool
    balance: Decimal


class AccountPartyRow(NamedTuple):
    account: int
    party: int
    liability: str


class EntryRow(NamedTuple):
    account: int
    entry_type: str
    direction: str
    charge_kind: str
    amount: Decimal
    effective_date: dt.date
    rule: str
    reason: str
    method: str


class AllocationRow(NamedTuple):
    credit: int
    debit: int
    amount: Decimal
    rule: str


class CaseRow(NamedTuple):
    """A recovery case; `stream`, `stage`, `next_stage` and `court_session` are database ids."""

    account: int
    stream: int
    stage: int
    stage_date: dt.date
    next_stage: int | None
    next_due_date: dt.date | None
    due_date: dt.date
    original_amount: Decimal
    court_session: int | None
    hearing_date: dt.date | None
    opened_date: dt.date


class HoldRow(NamedTuple):
    account: int
    kind: str
    start_date: dt.date
    review_date: dt.date | None
    end_date: dt.date | None
    reason: str


@dataclass
class Chunk:
    """Every row generated for a slice of the data set, ready to load together."""

    parties: list[PartyRow] = field(default_factory=list)
    aliases: list[AliasRow] = field(default_factory=list)
    addresses: list[AddressRow] = field(default_factory=list)
    contacts: list[ContactRow] = field(default_factory=list)
    links: list[LinkRow] = field(default_factory=list)
    markers: list[MarkerRow] = field(default_factory=list)
    accounts: list[AccountRow] = field(default_factory=list)
    account_parties: list[AccountPartyRow] = field(default_factory=list)
    entries: list[EntryRow] = field(default_factory=list)
    allocations: list[AllocationRow] = field(default_factory=list)
    cases: list[CaseRow] = field(default_factory=list)
    holds: list[HoldRow] = field(default_factory=list)
