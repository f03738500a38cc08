"""
Seeding: load a synthetic data set for demos and benchmarks, and the demo officers.

`seed_data` generates the data in chunks (`domain.generator`) and writes each chunk with
set-based writes (`loading`): COPY on PostgreSQL, multi-row INSERTs on SQLite, one transaction
per chunk. Seeding adds to what is there: authorities are reused by code, and party and account
reference numbers carry on after the rows each authority already has.
"""

import datetime as dt
import math
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
from arrears.recovery.models import CourtSession, Hold, RecoveryCase
from arrears.recovery.selectors import cases as case_selectors
from arrears.recovery.selectors import streams as stream_selectors
from arrears.recovery.services import cases as case_services
from arrears.recovery.services import streams as stream_services
from arrears.seeding import loading, selectors
from arrears.seeding.domain import demo
from arrears.seeding.domain.generator import Generator
from arrears.seeding.domain.places import COURTS
from arrears.seeding.domain.recovery import CourtRoom, RecoveryPlanner, Stages
from arrears.seeding.domain.rows import Chunk
from arrears.staff import services as staff_services

CHUNK_ACCOUNTS = 10_000
# Seeded court sessions: one a week per council, from six weeks back to sixteen weeks ahead,
# each with room for this share of the council's seeded accounts (a summons list of thousands
# is usual for a large council; the seeded councils are large).
COURT_WEEKS_BACK, COURT_WEEKS_AHEAD = 6, 16
COURT_SESSION_SHARE = 0.03
COURT_SESSION_MINIMUM = 20

Progress = Callable[[int], object]


@dataclass(frozen=True)
class SeedSummary:
    authorities: list[str]
    parties: int
    accounts: int
    elapsed_s: float
    cases: int = 0
    holds: int = 0


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
    planner = _recovery_planner(
        authorities=authorities,
        accounts=accounts,
        seed=seed,
        as_of=as_of,
        at=generated_at,
        actor=actor,
    )
    parties = made = cases = holds = 0
    while made < accounts:
        chunk = generator.chunk(accounts=min(chunk_accounts, accounts - made))
        planner.plan(chunk)
        with transaction.atomic():
            loading.skip_trigger_checks_in_transaction()
            _load(chunk, authority_ids=authority_ids, moment=generated_at)
        made += len(chunk.accounts)
        parties += len(chunk.parties)
        cases += len(chunk.cases)
        holds += len(chunk.holds)
        if progress is not None:
            progress(len(chunk.accounts))
    # Every table written: the daily run's hold query is planned from the markers' statistics
    # (without them PostgreSQL expects a few dozen markers and probes all of them per chunk).
    loading.analyse(
        models=[
            Party,
            PartyAlias,
            Address,
            ContactDetail,
            PartyLink,
            Marker,
            DebtAccount,
            AccountParty,
            Entry,
            Allocation,
            RecoveryCase,
            Hold,
        ]
    )
    summary = SeedSummary(
        authorities=[a.code for a in authorities],
        parties=parties,
        accounts=made,
        elapsed_s=round(time.perf_counter() - started, 3),
        cases=cases,
        holds=holds,
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
            "recovery_cases": cases,
            "holds": holds,
            "database": connection.vendor,
        },
    )
    return summary


def _recovery_planner(
    *,
    authorities: Sequence[Authority],
    accounts: int,
    seed: int,
    as_of: dt.date,
    at: dt.datetime,
    actor: audit.Actor,
) -> RecoveryPlanner:
    """
    Give each authority the default streams (if it has none) and court sessions around `as_of`,
    and return a planner that places seeded accounts in their authority's current streams.
    """
    streams: dict[tuple[int, str], Stages] = {}
    holidays: dict[int, frozenset[dt.date]] = {}
    rooms: dict[int, list[CourtRoom]] = {}
    capacity = max(
        COURT_SESSION_MINIMUM, math.ceil(accounts / len(authorities) * COURT_SESSION_SHARE)
    )
    for position, authority in enumerate(authorities):
        stream_services.install_default_streams(authority_id=authority.pk, actor=actor, at=at)
        current = stream_selectors.current_streams(authority_id=authority.pk)
        stages = stream_selectors.stream_stages(stream_ids=[s.pk for s in current.values()])
        for debt_type, stream in current.items():
            streams[(position, debt_type)] = stages[stream.pk]
        holidays[position] = case_services.authority_holidays(authority=authority, around=as_of)
        rooms[position] = _court_rooms(
            authority=authority,
            position=position,
            as_of=as_of,
            capacity=capacity,
            holidays=holidays[position],
            at=at,
        )
    return RecoveryPlanner(
        seed=seed, as_of=as_of, streams=streams, holidays=holidays, court_rooms=rooms
    )


def _court_rooms(
    *,
    authority: Authority,
    position: int,
    as_of: dt.date,
    capacity: int,
    holidays: frozenset[dt.date],
    at: dt.datetime,
) -> list[CourtRoom]:
    """
    Book a weekly magistrates' court session for the authority (past ones included, for the
    summonses already waiting), unless one is booked that day; return the room left in each.
    """
    court = COURTS[position % len(COURTS)]
    weekday = (1 + position) % 5  # Tuesdays for the first council, Wednesdays for the next...
    first = as_of - dt.timedelta(days=as_of.weekday() - weekday + 7 * COURT_WEEKS_BACK)
    days = [
        first + dt.timedelta(weeks=week) for week in range(COURT_WEEKS_BACK + COURT_WEEKS_AHEAD)
    ]
    booked = set(
        CourtSession.objects.filter(authority=authority, hearing_date__in=days).values_list(
            "hearing_date", flat=True
        )
    )
    CourtSession.objects.bulk_create(
        CourtSession(
            authority=authority,
            court_name=court,
            hearing_date=day,
            hearing_time=dt.time(10, 0),
            capacity=capacity,
            created_at=at,
        )
        for day in days
        if day not in booked and day not in holidays
    )
    return [
        CourtRoom(session_id=room.session_id, hearing_date=room.hearing_date, room=room.room)
        for room in case_selectors.court_sessions_with_room(
            authority_id=authority.pk, from_date=first
        )
    ]


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
    _load_recovery(
        chunk, account_ids=account_ids, account_authority=account_authority, moment=moment
    )


def _load_recovery(
    chunk: Chunk,
    *,
    account_ids: Sequence[int],
    account_authority: Sequence[int],
    moment: dt.datetime,
) -> None:
    """Write the chunk's recovery cases and account holds."""
    loading.write_rows(
        model=RecoveryCase,
        fields=[
            "account",
            "authority",
            "stream",
            "stage",
            "stage_date",
            "next_stage",
            "next_due_date",
            "due_date",
            "original_amount",
            "court_session",
            "hearing_date",
            "opened_date",
            "is_closed",
            "closed_reason",
        ],
        rows=(
            (account_ids[c.account], account_authority[c.account], *c[1:], False, "")
            for c in chunk.cases
        ),
    )
    loading.write_rows(
        model=Hold,
        fields=[
            "account",
            "kind",
            "start_date",
            "review_date",
            "end_date",
            "reason",
            "recorded_at",
        ],
        rows=((account_ids[h.account], *h[1:], moment) for h in chunk.holds),
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
