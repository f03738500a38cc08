"""
Plain data for the party and account pages, built from one selector call per kind of record.

The party page merges two histories into one timeline (the MOJ timeline pattern): the changes
the audit trail recorded against the party, and the postings on its accounts. Views hand these
dataclasses to templates; no template reads a QuerySet.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from arrears.accounts import selectors as accounts_selectors
from arrears.accounts.domain.debts import stage_label
from arrears.accounts.models import DebtAccount
from arrears.audit.models import AuditEvent
from arrears.kernel.clock import to_london
from arrears.kernel.money import ZERO, format_pounds
from arrears.ledger import selectors as ledger_selectors
from arrears.ledger.domain.entries import (
    CHARGE_KIND_LABELS,
    ENTRY_TYPE_LABELS,
    ChargeKind,
    Direction,
    EntryType,
    signed,
)
from arrears.ledger.models import Entry
from arrears.staff import selectors as staff_selectors
from arrears.staff.domain.policy import Permission
from arrears.staff.models import Officer

# A party page shows at most this many postings; an account page shows all of its own.
PARTY_ENTRY_LIMIT = 1000

ACTION_LABELS = {
    "accounts.party.created": "Record created",
    "accounts.party.corrected": "Name or date of birth corrected",
    "accounts.alias.added": "Alias added",
    "accounts.address.added": "Address added",
    "accounts.contact.added": "Contact details added",
    "accounts.link.added": "Linked to another party",
    "accounts.marker.recorded": "Marker recorded",
    "accounts.marker.ended": "Marker ended",
    "accounts.account.opened": "Account opened",
}


@dataclass(frozen=True)
class EntryView:
    """One ledger posting, as a row of an account's ledger table."""

    entry_id: int
    account_id: int
    account_reference: str
    effective_date: dt.date
    posted_at: dt.datetime
    posted_by: str
    type_label: str
    charge_kind_label: str
    direction_label: str
    rule: str
    reason: str
    amount: Decimal
    signed_amount: Decimal
    reverses_id: int | None
    method: str


@dataclass(frozen=True)
class TimelineItem:
    """One thing that happened to the party, newest first on the page."""

    occurred_at: dt.datetime
    title: str
    byline: str
    description: str
    rule: str = ""


@dataclass(frozen=True)
class AccountLedger:
    account: accounts_selectors.AccountView
    entries: list[EntryView] = field(default_factory=list)


@dataclass(frozen=True)
class PartyPage:
    summary: accounts_selectors.PartySummary
    ledgers: list[AccountLedger]
    timeline: list[TimelineItem]
    is_entry_list_cut: bool


def _officer_name(officer: Officer | None) -> str:
    if officer is None:
        return "System"
    return officer.get_full_name() or officer.username


def entry_views(entries: list[Entry], *, references: dict[int, str]) -> list[EntryView]:
    """Return ledger postings as plain rows; `references` maps account id to its reference."""
    return [
        EntryView(
            entry_id=entry.pk,
            account_id=entry.account_id,
            account_reference=references.get(entry.account_id, ""),
            effective_date=entry.effective_date,
            posted_at=entry.posted_at,
            posted_by=_officer_name(entry.posted_by),
            type_label=ENTRY_TYPE_LABELS[EntryType(entry.entry_type)],
            charge_kind_label=(
                CHARGE_KIND_LABELS[ChargeKind(entry.charge_kind)] if entry.charge_kind else ""
            ),
            direction_label=Direction(entry.direction).value.title(),
            rule=entry.rule,
            reason=entry.reason,
            amount=entry.amount,
            signed_amount=signed(amount=entry.amount, direction=Direction(entry.direction)),
            reverses_id=entry.reverses_id,
            method=entry.method,
        )
        for entry in entries
    ]


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _describe_detail(detail: dict[str, object]) -> str:
    return "; ".join(f"{key.replace('_', ' ')}: {value}" for key, value in detail.items() if value)


def timeline(
    *, events: list[accounts_selectors.EventView], entries: list[EntryView]
) -> list[TimelineItem]:
    """Return audit events and ledger postings as one history, newest first."""
    items = [
        TimelineItem(
            occurred_at=to_london(event.occurred_at),
            title=ACTION_LABELS.get(event.action, event.action),
            byline=event.officer_name,
            description=_describe_detail(event.detail),
        )
        # Postings are shown from the ledger itself, with their account; skip their audit twin.
        for event in events
        if event.object_type != "entry"
    ]
    items.extend(
        TimelineItem(
            occurred_at=to_london(entry.posted_at),
            title=(
                f"{entry.charge_kind_label or entry.type_label} of {format_pounds(entry.amount)}"
                f" on {entry.account_reference}"
            ),
            byline=entry.posted_by,
            description=f"{entry.reason} (effective {_long_date(entry.effective_date)})",
            rule=entry.rule,
        )
        for entry in entries
    )
    return sorted(items, key=lambda item: item.occurred_at, reverse=True)


def party_page(*, officer: Officer, party_id: int, as_of: dt.date) -> PartyPage:
    """
    Return the party page for a party `officer` may see.

    :raises Party.DoesNotExist: if there is no such party or it is another authority's.
    """
    summary = accounts_selectors.party_summary(officer=officer, party_id=party_id, as_of=as_of)
    references = {a.account_id: a.reference for a in summary.accounts}
    entries = list(
        ledger_selectors.entries_for_accounts(account_ids=summary.account_ids)[
            : PARTY_ENTRY_LIMIT + 1
        ]
    )
    rows = entry_views(entries[:PARTY_ENTRY_LIMIT], references=references)
    by_account: dict[int, list[EntryView]] = {}
    for row in rows:
        by_account.setdefault(row.account_id, []).append(row)
    return PartyPage(
        summary=summary,
        ledgers=[
            AccountLedger(account=a, entries=by_account.get(a.account_id, []))
            for a in summary.accounts
        ],
        timeline=timeline(events=summary.events, entries=rows),
        is_entry_list_cut=len(entries) > PARTY_ENTRY_LIMIT,
    )


@dataclass(frozen=True)
class AllocationView:
    allocation_id: int
    credit_id: int
    debit_id: int
    amount: Decimal
    allocated_at: dt.datetime
    rule: str


@dataclass(frozen=True)
class PartyRef:
    party_id: int
    reference: str
    display_name: str


@dataclass(frozen=True)
class AccountPage:
    account_id: int
    reference: str
    authority_name: str
    debt_type_label: str
    description: str
    fund_label: str
    period_start_date: dt.date | None
    period_end_date: dt.date | None
    opened_date: dt.date
    stage: str
    balance: Decimal
    is_closed: bool
    parties: list[PartyRef]
    entries: list[EntryView]
    allocations: list[AllocationView]
    # The ledger actions the officer may take here (arrears/interfaces/web/ledger_actions/):
    # a refund only while the account is in credit, a write-off only while it owes.
    can_record_payment: bool = False
    can_post_charge: bool = False
    can_write_off: bool = False
    can_refund: bool = False
    reversible_entry_ids: frozenset[int] = frozenset()


def account_page(*, officer: Officer, account_id: int) -> AccountPage:
    """
    Return the account page for an account `officer` may see, with its postings and allocations.

    :raises DebtAccount.DoesNotExist: if there is no such account or it is another authority's.
    """
    account: DebtAccount = accounts_selectors.account_for_officer(
        officer=officer, account_id=account_id
    )
    entries = list(ledger_selectors.entries_for_accounts(account_ids=[account.pk]))
    allocations = (
        ledger_selectors.live_allocations()
        .filter(credit__account_id=account.pk)
        .order_by("allocated_at", "id")
    )
    parties = account.parties.filter(authority_id=account.authority_id).order_by("id")
    return AccountPage(
        account_id=account.pk,
        reference=account.reference,
        authority_name=account.authority.name,
        debt_type_label=account.get_debt_type_display(),
        description=account.description,
        fund_label=account.get_fund_display(),
        period_start_date=account.period_start_date,
        period_end_date=account.period_end_date,
        opened_date=account.opened_date,
        stage=stage_label(account.recovery_stage),
        balance=account.balance,
        is_closed=account.is_closed,
        parties=[
            PartyRef(party_id=p.pk, reference=p.reference, display_name=p.display_name)
            for p in parties
        ],
        entries=entry_views(entries, references={account.pk: account.reference}),
        allocations=[
            AllocationView(
                allocation_id=a.pk,
                credit_id=a.credit_id,
                debit_id=a.debit_id,
                amount=a.amount,
                allocated_at=a.allocated_at,
                rule=a.rule,
            )
            for a in allocations
        ],
        can_record_payment=_can(officer, Permission.RECORD_PAYMENT),
        can_post_charge=_can(officer, Permission.POST_CHARGE),
        can_write_off=account.balance > ZERO and _can(officer, Permission.WRITE_OFF),
        can_refund=account.balance < ZERO and _can(officer, Permission.APPROVE_REFUND),
        reversible_entry_ids=(
            reversible_entry_ids(entries)
            if _can(officer, Permission.REVERSE_ENTRY)
            else frozenset()
        ),
    )


def _can(officer: Officer, permission: Permission) -> bool:
    return staff_selectors.officer_can(officer=officer, permission=permission)


def reversible_entry_ids(entries: list[Entry]) -> frozenset[int]:
    """Return the entries of a whole account that may be reversed: not reversals, not reversed."""
    reversed_ids = {entry.reverses_id for entry in entries if entry.reverses_id}
    return frozenset(
        entry.pk
        for entry in entries
        if entry.entry_type != EntryType.REVERSAL.value and entry.pk not in reversed_ids
    )


@dataclass(frozen=True)
class AuditRow:
    event_id: int
    occurred_at: dt.datetime
    action: str
    officer_name: str
    authority_name: str
    ip_address: str
    channel: str
    object_type: str
    object_id: str
    party_id: int | None
    detail: str


def audit_rows(events: list[AuditEvent]) -> list[AuditRow]:
    """Return audit events as plain rows for the audit trail table."""
    return [
        AuditRow(
            event_id=event.pk,
            occurred_at=to_london(event.occurred_at),
            action=event.action,
            officer_name=_officer_name(event.officer),
            authority_name=event.authority.name if event.authority else "All councils",
            ip_address=event.ip_address or "",
            channel=event.channel,
            object_type=event.object_type,
            object_id=event.object_id,
            party_id=event.party_id,
            detail=_describe_detail(dict(event.detail or {})),
        )
        for event in events
    ]
