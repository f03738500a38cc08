"""Opening recovery cases for accounts in debit, set-based."""

import datetime as dt
from collections.abc import Container
from functools import lru_cache

from django.db import transaction

from arrears.accounts.models import DebtAccount
from arrears.audit import services as audit
from arrears.authorities.models import Authority
from arrears.kernel.calendars import Nation, bank_holidays
from arrears.recovery.domain.decisions import schedule_next
from arrears.recovery.models import RecoveryCase
from arrears.recovery.selectors import streams as stream_selectors

CHUNK = 5000


@lru_cache(maxsize=32)
def _holidays(nation: Nation, year: int) -> frozenset[dt.date]:
    return frozenset(bank_holidays(years=range(year - 1, year + 3), nation=nation))


def authority_holidays(*, authority: Authority, around: dt.date) -> frozenset[dt.date]:
    """Return the bank holidays of the authority's nation from the year before to 2 years after."""
    nation = Nation.WALES if authority.nation == "WLS" else Nation.ENGLAND
    return _holidays(nation, around.year)


def _first_due(
    *,
    stages: stream_selectors.StreamStages,
    due_date: dt.date,
    holidays: Container[dt.date],
) -> tuple[int | None, dt.date | None]:
    first = stages.following(None)
    if first is None:
        return None, None
    due, _ = schedule_next(
        following=stages.spec(first),
        issued=due_date,
        due_date=due_date,
        hearing_date=None,
        postal_days=stages.postal_days,
        holidays=holidays,
    )
    return first, due


@transaction.atomic
def open_cases(*, authority: Authority, as_of: dt.date, actor: audit.Actor) -> int:
    """
    Open a recovery case for every account of the authority in debit that has none.

    Each case starts on the current stream version for its debt type, counting from the day the
    account opened (the demand, invoice or penalty date), and first falls due no earlier than
    the day after `as_of`, so that a second run for the same date does nothing. Closed cases
    (settled earlier) whose account is in debit again are reopened where they stood. Returns
    the number opened or reopened.
    """
    streams = stream_selectors.current_streams(authority_id=authority.pk)
    stages = stream_selectors.stream_stages(stream_ids=[s.pk for s in streams.values()])
    holidays = authority_holidays(authority=authority, around=as_of)
    reopened = RecoveryCase.objects.filter(
        authority=authority, is_closed=True, account__balance__gt=0, account__is_closed=False
    ).update(is_closed=False, closed_reason="", next_due_date=as_of + dt.timedelta(days=1))
    candidates = (
        DebtAccount.objects.filter(
            authority=authority,
            is_closed=False,
            balance__gt=0,
            recovery_case__isnull=True,
            debt_type__in=list(streams),
        )
        .order_by("id")
        .values_list("id", "debt_type", "opened_date", "balance")
    )
    batch: list[RecoveryCase] = []
    opened = 0
    for account_id, debt_type, opened_date, balance in candidates.iterator(chunk_size=CHUNK):
        stream = streams[debt_type]
        next_stage_id, next_due = _first_due(
            stages=stages[stream.pk], due_date=opened_date, holidays=holidays
        )
        if next_due is not None and next_due <= as_of:
            next_due = as_of + dt.timedelta(days=1)
        batch.append(
            RecoveryCase(
                account_id=account_id,
                authority_id=authority.pk,
                stream_id=stream.pk,
                next_stage_id=next_stage_id,
                next_due_date=next_due,
                due_date=opened_date,
                original_amount=balance,
                opened_date=as_of,
            )
        )
        if len(batch) >= CHUNK:
            RecoveryCase.objects.bulk_create(batch)
            opened += len(batch)
            batch = []
    if batch:
        RecoveryCase.objects.bulk_create(batch)
        opened += len(batch)
    if opened or reopened:
        audit.record_event(
            actor=actor,
            action="recovery.cases.opened",
            authority_id=authority.pk,
            detail={"opened": opened, "reopened": reopened, "as_of": as_of.isoformat()},
        )
    return opened + reopened
