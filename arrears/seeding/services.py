"""
Seeding: load a synthetic data set for demos and benchmarks, and the demo officers.

`seed_data` generates the data in chunks (`domain.generator`) and writes each chunk with
set-based writes (`loading`): COPY on PostgreSQL, multi-row INSERTs on SQLite, one transaction
per chunk. Seeding adds to what is there: authorities are reused by code, and party and account
reference numbers carry on after the rows each authority already has.
"""

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from arrears.accounts.models import (
    AccountParty,
    Address,
    ContactDetail,
    DebtAccount,
    Marker,
    Party,
    PartyAlias,
    PartyLink,
)
from arrears.audit import services as audit
from arrears.authorities import services as authority_services
from arrears.authorities.models import Authority
from arrears.ledger.models import Allocation, Entry
from arrears.seeding import loading, selectors
from arrears.seeding.domain import demo
from arrears.seeding.domain.generator import Generator
from arrears.seeding.domain.rows import Chunk
from arrears.staff import services as staff_services

CHUNK_ACCOUNTS = 10_000

Progress = Callable[[int], object]


@dataclass(frozen=True)
class SeedSummary:
    authorities: list[str]
    parties: int
    accounts: int
    elapsed_s: float


def ensure_seeded_authorities(*, count: int) -> list[Authority]:
    """Return the first `count` fictional councils of the seeded shared service, made if new."""
    codes = list(demo.SEEDED_AUTHORITIES)
    codes += [(f"SEEDED-{n}", f"Seeded Council {n}") for n in range(len(codes) + 1, count + 1)]
    return [
        authority_services.ensure_authority(
            code=code, name=name, shared_service_name=demo.SHARED_SERVICE
        )
        for code, name in codes[:count]
    ]


def seed_data(
    *,
    accounts: int,
    authorities: Sequence[Authority],
    seed: int,
    as_of: dt.date,
    generated_at: dt.datetime,
    actor: audit.Actor,
    progress: Progress | None = None,
    chunk_accounts: int = CHUNK_ACCOUNTS,
) -> SeedSummary:
    """
    Generate and load `accounts` synthetic accounts across `authorities`, as they stand on `as_of`.

    The same seed, date and starting data give the same rows. `generated_at` stamps the rows'
    created/posted times (an audit stamp, not a business date).
    """
    started = time.perf_counter()
    authority_ids = [a.pk for a in authorities]
    party_numbers, account_numbers = selectors.next_reference_numbers(authority_ids=authority_ids)
    generator = Generator(
        seed=seed, as_of=as_of, party_numbers=party_numbers, account_numbers=account_numbers
    )
    parties = made = 0
    while made < accounts:
        chunk = generator.chunk(accounts=min(chunk_accounts, accounts - made))
        with transaction.atomic():
            loading.skip_trigger_checks_in_transaction()
            _load(chunk, authority_ids=authority_ids, moment=generated_at)
        made += len(chunk.accounts)
        parties += len(chunk.parties)
        if progress is not None:
            progress(len(chunk.accounts))
    loading.analyse(
        models=[Party, Address, PartyAlias, DebtAccount, AccountParty, Entry, Allocation]
    )
    summary = SeedSummary(
        authorities=[a.code for a in authorities],
        parties=parties,
        accounts=made,
        elapsed_s=round(time.perf_counter() - started, 3),
    )
    audit.record_event(
        actor=actor,
        action="seeding.data.generated",
        object_type="seed",
        object_id=seed,
        detail={
            "seed": seed,
            "as_of": as_of.isoformat(),
            "authorities": summary.authorities,
            "parties": parties,
            "accounts": made,
            "database": connection.vendor,
        },
    )
    return summary


def _load(chunk: Chunk, *, authority_ids: Sequence[int], moment: dt.datetime) -> None:
    """Write one chunk: reserve ids for rows others point at, then write every table."""
    party_ids = loading.reserve_ids(model=Party, count=len(chunk.parties))
    account_ids = loading.reserve_ids(model=DebtAccount, count=len(chunk.accounts))
    entry_ids = loading.reserve_ids(model=Entry, count=len(chunk.entries))
    loading.write_rows(
        model=Party,
        fields=[
            "id",
            "authority",
            "reference",
            "kind",
            "title",
            "forenames",
            "surname",
            "organisation_name",
            "company_number",
            "date_of_birth",
            "display_name",
            "search_name",
            "created_at",
        ],
        rows=(
            (party_ids[i], authority_ids[p.authority], *p[1:], moment)
            for i, p in enumerate(chunk.parties)
        ),
    )
    loading.write_rows(
        model=PartyAlias,
        fields=["party", "name", "search_name"],
        rows=((party_ids[a.party], a.name, a.search_name) for a in chunk.aliases),
    )
    loading.write_rows(
        model=Address,
        fields=[
            "party",
            "kind",
            "line_1",
            "line_2",
            "line_3",
            "town",
            "postcode",
            "uprn",
            "latitude",
            "longitude",
            "from_date",
            "to_date",
        ],
        rows=((party_ids[a.party], *a[1:]) for a in chunk.addresses),
    )
    loading.write_rows(
        model=ContactDetail,
        fields=["party", "kind", "value", "is_preferred"],
        rows=((party_ids[c.party], *c[1:]) for c in chunk.contacts),
    )
    loading.write_rows(
        model=PartyLink,
        fields=["from_party", "to_party", "kind"],
        rows=((party_ids[k.from_party], party_ids[k.to_party], k.kind) for k in chunk.links),
    )
    loading.write_rows(
        model=Marker,
        fields=[
            "party",
            "kind",
            "category",
            "detail",
            "source",
            "practitioner",
            "start_date",
            "end_date",
            "review_date",
            "recorded_at",
        ],
        rows=((party_ids[m.party], *m[1:], moment) for m in chunk.markers),
    )
    loading.write_rows(
        model=DebtAccount,
        fields=[
            "id",
            "authority",
            "reference",
            "debt_type",
            "fund",
            "period_start_date",
            "period_end_date",
            "description",
            "opened_date",
            "recovery_stage",
            "is_closed",
            "balance",
        ],
        rows=(
            (account_ids[i], authority_ids[a.authority], *a[1:])
            for i, a in enumerate(chunk.accounts)
        ),
    )
    loading.write_rows(
        model=AccountParty,
        fields=["account", "party", "liability"],
        rows=(
            (account_ids[x.account], party_ids[x.party], x.liability) for x in chunk.account_parties
        ),
    )
    account_authority = [authority_ids[a.authority] for a in chunk.accounts]
    loading.write_rows(
        model=Entry,
        fields=[
            "id",
            "authority",
            "account",
            "entry_type",
            "direction",
            "charge_kind",
            "amount",
            "effective_date",
            "rule",
            "reason",
            "method",
            "posted_at",
            "meta",
        ],
        rows=(
            (
                entry_ids[i],
                account_authority[e.account],
                account_ids[e.account],
                *e[1:],
                moment,
                "{}",
            )
            for i, e in enumerate(chunk.entries)
        ),
    )
    loading.write_rows(
        model=Allocation,
        fields=["credit", "debit", "amount", "rule", "allocated_at"],
        rows=(
            (entry_ids[a.credit], entry_ids[a.debit], a.amount, a.rule, moment)
            for a in chunk.allocations
        ),
    )


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    authorities: list[str]
    password: str


@dataclass(frozen=True)
class DemoResult:
    is_loaded: bool
    logins: list[DemoLogin]
    summary: SeedSummary | None


def load_demo(
    *,
    accounts: int,
    seed: int,
    as_of: dt.date,
    generated_at: dt.datetime,
    actor: audit.Actor,
    progress: Progress | None = None,
) -> DemoResult:
    """
    Load the demo councils, officers and data set once; later calls load nothing more.

    Officers missing from an earlier load are still created, so every role can log in.
    """
    authorities = {a.code: a for a in ensure_seeded_authorities(count=2)}
    taken = selectors.existing_usernames(usernames=[o.username for o in demo.DEMO_OFFICERS])
    for officer in demo.DEMO_OFFICERS:
        if officer.username in taken:
            continue
        staff_services.create_officer(
            username=officer.username,
            password=demo.DEMO_PASSWORD,
            role=officer.role,
            authorities=[authorities[code] for code in officer.authority_codes],
            first_name=officer.first_name,
            last_name=officer.last_name,
            write_off_limit=Decimal(officer.write_off_limit),
        )
    summary = None
    if not selectors.has_accounts(authority=authorities[demo.KINGSMEAD[0]]):
        summary = seed_data(
            accounts=accounts,
            authorities=list(authorities.values()),
            seed=seed,
            as_of=as_of,
            generated_at=generated_at,
            actor=actor,
            progress=progress,
        )
    logins = [
        DemoLogin(
            username=o.username,
            role=o.role.value,
            authorities=list(o.authority_codes),
            password=demo.DEMO_PASSWORD,
        )
        for o in demo.DEMO_OFFICERS
    ]
    return DemoResult(is_loaded=summary is not None, logins=logins, summary=summary)
