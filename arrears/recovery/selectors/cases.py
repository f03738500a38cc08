"""Cases due for their next stage, read set-based for the daily run, and one case's story."""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from arrears.accounts.models import AccountParty, Liability
from arrears.recovery.models import CourtSession, RecoveryAction, RecoveryCase


def due_case_ids(*, authority_id: int, as_of: dt.date) -> list[int]:
    """
    Return the ids of the authority's open cases whose next stage is due by `as_of`.

    One indexed query (`case_due_idx`: authority, next_due_date, open cases only).
    """
    return list(
        RecoveryCase.objects.filter(
            authority_id=authority_id, is_closed=False, next_due_date__lte=as_of
        )
        .order_by("next_due_date", "id")
        .values_list("id", flat=True)
    )


@dataclass(frozen=True)
class CaseRow:
    case_id: int
    account_id: int
    account_reference: str
    debt_type: str
    period_start_date: dt.date | None
    period_end_date: dt.date | None
    balance: Decimal
    original_amount: Decimal
    due_date: dt.date
    stream_id: int
    stage_id: int | None
    stage_date: dt.date | None
    next_stage_id: int | None
    next_due_date: dt.date | None
    hearing_date: dt.date | None


_ROW_FIELDS = (
    "id",
    "account_id",
    "account__reference",
    "account__debt_type",
    "account__period_start_date",
    "account__period_end_date",
    "account__balance",
    "original_amount",
    "due_date",
    "stream_id",
    "stage_id",
    "stage_date",
    "next_stage_id",
    "next_due_date",
    "hearing_date",
)


def case_rows(*, case_ids: Collection[int]) -> list[CaseRow]:
    """Return the facts the run needs for these cases (one query), in the order given."""
    rows = {
        row[0]: CaseRow(*row)
        for row in RecoveryCase.objects.filter(pk__in=case_ids).values_list(*_ROW_FIELDS)
    }
    return [rows[case_id] for case_id in case_ids if case_id in rows]


def liable_parties(*, account_ids: Collection[int]) -> dict[int, list[int]]:
    """
    Return the ids of the parties liable for each account, by account (one query).

    Directors named as contacts for a company are not liable, so get no demand.
    """
    found: dict[int, list[int]] = {}
    for account_id, party_id in (
        AccountParty.objects.filter(
            account_id__in=account_ids,
            liability__in=[Liability.SOLE, Liability.JOINT_AND_SEVERAL],
        )
        .order_by("account_id", "id")
        .values_list("account_id", "party_id")
    ):
        found.setdefault(account_id, []).append(party_id)
    return found


def action_cycles(*, case_ids: Collection[int]) -> dict[tuple[int, int, str], int]:
    """
    Return the latest cycle of each (case, stage, kind) among these cases' actions.

    A step is taken again in a new cycle after a fresh notice, or after a step was withdrawn
    because a hold began before its letters were released.
    """
    found: dict[tuple[int, int, str], int] = {}
    for case_id, stage_id, kind, cycle in RecoveryAction.objects.filter(
        case_id__in=case_ids
    ).values_list("case_id", "stage_id", "kind", "cycle"):
        key = (case_id, stage_id, kind)
        found[key] = max(cycle, found.get(key, 0))
    return found


@dataclass
class SessionRoom:
    session_id: int
    hearing_date: dt.date
    hearing_time: dt.time
    court_name: str
    room: int


def court_sessions_with_room(*, authority_id: int, from_date: dt.date) -> list[SessionRoom]:
    """Return the authority's court sessions on or after `from_date` with places left, by date."""
    sessions = CourtSession.objects.filter(
        authority_id=authority_id, hearing_date__gte=from_date
    ).order_by("hearing_date", "hearing_time", "id")
    used: dict[int, int] = {}
    for session_id in RecoveryCase.objects.filter(
        court_session__in=sessions, hearing_date__isnull=False
    ).values_list("court_session_id", flat=True):
        used[session_id] = used.get(session_id, 0) + 1
    return [
        SessionRoom(
            session_id=session.pk,
            hearing_date=session.hearing_date,
            hearing_time=session.hearing_time,
            court_name=session.court_name,
            room=session.capacity - used.get(session.pk, 0),
        )
        for session in sessions
        if session.capacity - used.get(session.pk, 0) > 0
    ]
