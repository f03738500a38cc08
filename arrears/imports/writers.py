"""
Writing the records of a checked import file, set-based, with the invariants the services keep.

Called only by `imports.services`, inside its transaction, once every row has passed its checks.

* Parties, addresses, contacts, accounts, liable parties and links are inserted in bulk, with
  the same derived values (`display_name`, `search_name`, normalised postcode, default fund) and
  the same audit events (`accounts.party.created`, `accounts.address.added`,
  `accounts.contact.added`, `accounts.account.opened`, `accounts.link.added`) that
  `accounts.services` writes one row at a time, so the party page's timeline reads the same.
* Charges and payments are inserted in bulk as `ledger.services` would post them: each account
  is locked, its cached balance moves by exactly the sum of its new entries, and credits are
  allocated to the oldest open debits first (`ledger.domain.allocation`). Every entry carries
  the batch id and the file line.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db.models import Case, DecimalField, F, Value, When
from django.utils import timezone

from arrears.accounts.domain.debts import DebtType, default_fund
from arrears.accounts.domain.references import search_key
from arrears.accounts.models import (
    AccountParty,
    Address,
    AddressKind,
    ContactDetail,
    ContactKind,
    DebtAccount,
    Liability,
    LinkKind,
    Party,
    PartyLink,
)
from arrears.accounts.services import display_name_for
from arrears.audit import services as audit
from arrears.authorities.models import Authority
from arrears.imports import selectors
from arrears.imports.domain.layouts import ImportKind
from arrears.imports.domain.records import (
    AccountRecord,
    ChargeRecord,
    PartyRecord,
    PaymentRecord,
    Record,
)
from arrears.imports.domain.values import is_mobile_number
from arrears.kernel.money import ZERO
from arrears.ledger import selectors as ledger_selectors
from arrears.ledger.domain.allocation import OpenCharge, allocate_oldest_first
from arrears.ledger.domain.entries import Direction, EntryType, signed
from arrears.ledger.models import Allocation, Entry

ALLOCATION_RULE = "ledger.allocation.oldest-first"
_BATCH_SIZE = 500


class _Events:
    """Audit events gathered while writing, recorded together at the end."""

    def __init__(self, *, authority: Authority, actor: audit.Actor) -> None:
        self.authority = authority
        self.actor = actor
        self.events: list[audit.NewEvent] = []

    def add(
        self,
        action: str,
        *,
        object_type: str,
        object_id: int,
        party_id: int | None,
        detail: dict[str, Any],
    ) -> None:
        self.events.append(
            audit.NewEvent(
                action=action,
                authority_id=self.authority.pk,
                object_type=object_type,
                object_id=object_id,
                party_id=party_id,
                detail=detail,
            )
        )

    def save(self) -> None:
        audit.record_events(actor=self.actor, events=self.events)


def _party(authority: Authority, record: PartyRecord, created_at: dt.datetime) -> Party:
    name = display_name_for(
        kind=record.party_kind.value,
        title=record.title,
        forenames=record.forenames,
        surname=record.surname,
        organisation_name=record.organisation_name,
    )
    return Party(
        authority=authority,
        reference=record.party_reference,
        kind=record.party_kind.value,
        title=record.title,
        forenames=record.forenames,
        surname=record.surname,
        organisation_name=record.organisation_name,
        company_number=record.company_number,
        date_of_birth=record.date_of_birth,
        display_name=name or record.party_reference,
        search_name=search_key(name or record.party_reference),
        source_reference=record.party_reference,
        created_at=created_at,
    )


def _address(party: Party, record: PartyRecord) -> Address:
    return Address(
        party=party,
        kind=AddressKind.CURRENT,
        line_1=record.address_lines[0],
        line_2=record.address_lines[1],
        line_3=record.address_lines[2],
        town=record.town,
        postcode=record.postcode,
        uprn=record.uprn,
        latitude=record.latitude,
        longitude=record.longitude,
    )


def _contacts(party: Party, record: PartyRecord) -> list[ContactDetail]:
    contacts = []
    if record.phone:
        kind = ContactKind.MOBILE if is_mobile_number(record.phone) else ContactKind.PHONE
        contacts.append(
            ContactDetail(party=party, kind=kind, value=record.phone, is_preferred=True)
        )
    if record.email:
        contacts.append(ContactDetail(party=party, kind=ContactKind.EMAIL, value=record.email))
    return contacts


def _write_parties(*, records: Sequence[PartyRecord], events: _Events) -> None:
    now = timezone.now()
    parties = [_party(events.authority, record, now) for record in records]
    Party.objects.bulk_create(parties, batch_size=_BATCH_SIZE)
    addresses = [_address(p, r) for p, r in zip(parties, records, strict=True) if r.has_address]
    contacts = [c for p, r in zip(parties, records, strict=True) for c in _contacts(p, r)]
    Address.objects.bulk_create(addresses, batch_size=_BATCH_SIZE)
    ContactDetail.objects.bulk_create(contacts, batch_size=_BATCH_SIZE)
    for party in parties:
        events.add(
            "accounts.party.created",
            object_type="party",
            object_id=party.pk,
            party_id=party.pk,
            detail={"reference": party.reference, "name": party.display_name},
        )
    for address in addresses:
        events.add(
            "accounts.address.added",
            object_type="address",
            object_id=address.pk,
            party_id=address.party_id,
            detail={"kind": address.kind, "address": str(address)},
        )
    for contact in contacts:
        events.add(
            "accounts.contact.added",
            object_type="contact",
            object_id=contact.pk,
            party_id=contact.party_id,
            detail={"kind": contact.kind},
        )


def _account(authority: Authority, record: AccountRecord) -> DebtAccount:
    return DebtAccount(
        authority=authority,
        reference=record.account_reference,
        source_reference=record.account_reference,
        debt_type=record.debt_type.value,
        fund=(record.fund or default_fund(DebtType(record.debt_type))).value,
        period_start_date=record.period_start_date,
        period_end_date=record.period_end_date,
        description=record.description,
        opened_date=record.opened_date,
        recovery_stage=record.recovery_stage,
    )


def _write_accounts(*, records: Sequence[AccountRecord], events: _Events) -> None:
    parties = selectors.parties_by_reference(
        authority_id=events.authority.pk,
        references=[p for record in records for p in record.party_references],
    )
    accounts = [_account(events.authority, record) for record in records]
    DebtAccount.objects.bulk_create(accounts, batch_size=_BATCH_SIZE)
    liable: list[AccountParty] = []
    links: dict[tuple[int, int], PartyLink] = {}
    for account, record in zip(accounts, records, strict=True):
        party_ids = [parties[reference].pk for reference in record.party_references]
        liability = Liability.JOINT_AND_SEVERAL if len(party_ids) > 1 else Liability.SOLE
        liable.extend(
            AccountParty(account=account, party_id=party_id, liability=liability)
            for party_id in party_ids
        )
        for other in party_ids[1:]:
            links.setdefault(
                (party_ids[0], other),
                PartyLink(
                    from_party_id=party_ids[0], to_party_id=other, kind=LinkKind.JOINT_AND_SEVERAL
                ),
            )
        for party_id in party_ids:
            events.add(
                "accounts.account.opened",
                object_type="account",
                object_id=account.pk,
                party_id=party_id,
                detail={"reference": account.reference, "debt_type": account.debt_type},
            )
    AccountParty.objects.bulk_create(liable, batch_size=_BATCH_SIZE)
    # A link made by an earlier file stays as it is (accounts.services.link_parties gets or
    # creates it too).
    PartyLink.objects.bulk_create(links.values(), batch_size=_BATCH_SIZE, ignore_conflicts=True)
    for from_party_id, to_party_id in links:
        events.add(
            "accounts.link.added",
            object_type="party",
            object_id=from_party_id,
            party_id=from_party_id,
            detail={"kind": LinkKind.JOINT_AND_SEVERAL, "to_party": to_party_id},
        )


def _still_open(debits: list[OpenCharge], paid: dict[int, Decimal]) -> list[OpenCharge]:
    left = [replace(d, outstanding=d.outstanding - paid.get(d.charge_id, ZERO)) for d in debits]
    return [debit for debit in left if debit.outstanding > ZERO]


def _allocations(*, account_ids: list[int], allocated_at: dt.datetime) -> list[Allocation]:
    """
    Plan each account's waiting credits against its open debits, oldest first.

    The same plan `ledger.services` makes one account at a time, made here for many accounts
    from two set-based reads.
    """
    debits_by_account = ledger_selectors.open_debits_by_account(account_ids=account_ids)
    credits_by_account = ledger_selectors.unallocated_credits_by_account(account_ids=account_ids)
    allocations: list[Allocation] = []
    for account_id in account_ids:
        debits = debits_by_account.get(account_id, [])
        for credit_id, remaining in credits_by_account.get(account_id, []):
            if not debits:
                break
            plan = allocate_oldest_first(amount=remaining, open_charges=debits)
            allocations.extend(
                Allocation(
                    credit_id=credit_id,
                    debit_id=share.charge_id,
                    amount=share.amount,
                    allocated_at=allocated_at,
                    rule=ALLOCATION_RULE,
                )
                for share in plan.shares
            )
            debits = _still_open(debits, {share.charge_id: share.amount for share in plan.shares})
    return allocations


def _post_in_bulk(entries: list[Entry]) -> None:
    """Insert entries, move each account's cached balance by them, and allocate credits."""
    movement: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        movement[entry.account_id] += signed(
            amount=entry.amount, direction=Direction(entry.direction)
        )
    account_ids = sorted(movement)
    # Lock the accounts, as ledger.services does, so no payment allocates against them meanwhile.
    for chunk in _chunks(account_ids):
        list(DebtAccount.objects.select_for_update().filter(pk__in=chunk).values_list("id"))
    Entry.objects.bulk_create(entries, batch_size=_BATCH_SIZE)
    for chunk in _chunks(account_ids):
        DebtAccount.objects.filter(pk__in=chunk).update(
            balance=F("balance")
            + Case(
                *(When(pk=account_id, then=Value(movement[account_id])) for account_id in chunk),
                output_field=DecimalField(max_digits=12, decimal_places=2),
            )
        )
    allocations = _allocations(account_ids=account_ids, allocated_at=timezone.now())
    Allocation.objects.bulk_create(allocations, batch_size=_BATCH_SIZE)


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def _entry(
    *, authority: Authority, account_id: int, batch_id: int, actor: audit.Actor, line: int
) -> Entry:
    return Entry(
        authority_id=authority.pk,
        account_id=account_id,
        posted_at=timezone.now(),
        posted_by_id=actor.officer_id,
        import_batch_id=batch_id,
        meta={"import_line": line},
    )


def _write_charges(
    *, authority: Authority, records: Sequence[Record], batch_id: int, actor: audit.Actor
) -> None:
    charges = [r for r in records if isinstance(r, ChargeRecord)]
    accounts = selectors.account_ids_by_reference(
        authority_id=authority.pk, references=[r.account_reference for r in charges]
    )
    entries = []
    for record in charges:
        entry = _entry(
            authority=authority,
            account_id=accounts[record.account_reference],
            batch_id=batch_id,
            actor=actor,
            line=record.line,
        )
        entry.entry_type = EntryType.CHARGE.value
        entry.direction = Direction.DEBIT.value
        entry.charge_kind = record.charge_kind.value
        entry.amount = record.amount
        entry.effective_date = record.effective_date
        entry.rule = record.rule
        entry.reason = record.reason
        entry.source_reference = record.source_reference
        entries.append(entry)
    _post_in_bulk(entries)


def _write_payments(
    *, authority: Authority, records: Sequence[Record], batch_id: int, actor: audit.Actor
) -> None:
    payments = [r for r in records if isinstance(r, PaymentRecord)]
    accounts = selectors.account_ids_by_reference(
        authority_id=authority.pk, references=[r.account_reference for r in payments]
    )
    entries = []
    for record in payments:
        entry = _entry(
            authority=authority,
            account_id=accounts[record.account_reference],
            batch_id=batch_id,
            actor=actor,
            line=record.line,
        )
        entry.entry_type = EntryType.PAYMENT.value
        entry.direction = Direction.CREDIT.value
        entry.amount = record.amount
        entry.effective_date = record.received_date
        entry.rule = ALLOCATION_RULE
        entry.reason = "Payment received"
        entry.source_reference = record.source_reference
        entry.method = record.method
        entries.append(entry)
    _post_in_bulk(entries)


def write_records(
    *,
    kind: ImportKind,
    authority: Authority,
    records: Sequence[Record],
    batch_id: int,
    actor: audit.Actor,
) -> None:
    """Write every record of a checked file; the caller owns the transaction."""
    events = _Events(authority=authority, actor=actor)
    if kind is ImportKind.PARTIES:
        _write_parties(records=[r for r in records if isinstance(r, PartyRecord)], events=events)
    elif kind is ImportKind.ACCOUNTS:
        _write_accounts(records=[r for r in records if isinstance(r, AccountRecord)], events=events)
    elif kind is ImportKind.CHARGES:
        _write_charges(authority=authority, records=records, batch_id=batch_id, actor=actor)
    else:
        _write_payments(authority=authority, records=records, batch_id=batch_id, actor=actor)
    events.save()
