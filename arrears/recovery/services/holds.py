"""
Holds an officer records on an account: a live arrangement, a dispute, an appeal or a
vulnerability under review (RULES.md §5.2, §6.2; ACCOUNT_HOLD_KINDS).

A hold stops the daily run taking the account's next step while it is in force (the one gate,
`domain.holds.decide_eligibility`). A start date may be in the past: what counts is the date
the hold began, not the day it was recorded, so a backdated hold also stops a run's steps that
are still waiting for approval. Holds are never deleted; ending one keeps its history.
"""

import datetime as dt

from django.db import transaction

from arrears.accounts.models import DebtAccount
from arrears.audit import services as audit
from arrears.recovery.domain.holds import ACCOUNT_HOLD_KINDS, HOLD_LABELS, HoldKind
from arrears.recovery.models import Hold

REASON_MAX_LENGTH = 300


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


class InvalidHold(ValueError):
    """A hold's details do not make sense; `field` names the detail to correct."""

    field = ""


class HoldKindNotForAccounts(InvalidHold):
    """Breathing Space, insolvency and death are recorded as markers on the party, not here."""

    field = "kind"


class HoldReasonMissing(InvalidHold):
    """A hold must say why it was recorded."""

    field = "reason"


class HoldEndsBeforeStart(InvalidHold):
    """A hold cannot end before the day it started."""

    field = "end_date"


class HoldReviewBeforeStart(InvalidHold):
    """A hold cannot be due for review before the day it started."""

    field = "review_date"


class HoldAlreadyEnds(InvalidHold):
    """The hold already ends on or before the end date asked for."""

    field = "end_date"


def _check(
    *,
    kind: HoldKind,
    start_date: dt.date,
    review_date: dt.date | None,
    end_date: dt.date | None,
    reason: str,
) -> None:
    if kind not in ACCOUNT_HOLD_KINDS:
        raise HoldKindNotForAccounts(
            f"A {HOLD_LABELS[kind]} hold comes from a marker on the liable party; "
            "record it on the party page"
        )
    if not reason.strip():
        raise HoldReasonMissing("Enter the reason for the hold")
    if len(reason) > REASON_MAX_LENGTH:
        raise HoldReasonMissing(f"Reason must be {REASON_MAX_LENGTH} characters or fewer")
    if end_date is not None and end_date < start_date:
        raise HoldEndsBeforeStart(
            f"End date must be the same as or after the start date, {_long_date(start_date)}"
        )
    if review_date is not None and review_date < start_date:
        raise HoldReviewBeforeStart(
            f"Review date must be the same as or after the start date, {_long_date(start_date)}"
        )


@transaction.atomic
def record_hold(
    *,
    account: DebtAccount,
    kind: HoldKind,
    start_date: dt.date,
    review_date: dt.date | None,
    end_date: dt.date | None,
    reason: str,
    actor: audit.Actor,
    recorded_at: dt.datetime,
) -> Hold:
    """
    Record a hold on `account` from `start_date` (which may be in the past) and audit it.

    `end_date` is inclusive and may be left open; `review_date` is when an officer should check
    the hold still applies (the work queue lists holds due for review).

    :raises HoldKindNotForAccounts: for a kind recorded as a party marker (Breathing Space,
        insolvency, deceased).
    :raises HoldReasonMissing: if `reason` is blank or too long.
    :raises HoldEndsBeforeStart: if `end_date` is before `start_date`.
    :raises HoldReviewBeforeStart: if `review_date` is before `start_date`.
    """
    reason = reason.strip()
    _check(
        kind=kind,
        start_date=start_date,
        review_date=review_date,
        end_date=end_date,
        reason=reason,
    )
    hold = Hold.objects.create(
        account=account,
        kind=kind.value,
        start_date=start_date,
        review_date=review_date,
        end_date=end_date,
        reason=reason,
        recorded_at=recorded_at,
        recorded_by_id=actor.officer_id,
    )
    audit.record_event(
        actor=actor,
        action="recovery.hold.recorded",
        authority_id=account.authority_id,
        object_type="hold",
        object_id=hold.pk,
        detail={
            "account": account.reference,
            "kind": kind.value,
            "start_date": start_date.isoformat(),
            "review_date": review_date.isoformat() if review_date else None,
            "end_date": end_date.isoformat() if end_date else None,
            "reason": reason,
        },
        occurred_at=recorded_at,
    )
    return hold


@transaction.atomic
def end_hold(*, hold: Hold, end_date: dt.date, actor: audit.Actor) -> Hold:
    """
    End `hold` on `end_date` (inclusive: the hold is in force that day) and audit it.

    A hold with a planned end may be ended earlier. Recovery resumes where it stood on the next
    run after the end date, with a fresh notice where the stream asks for one.

    :raises HoldEndsBeforeStart: if `end_date` is before the hold started.
    :raises HoldAlreadyEnds: if the hold already ends on or before `end_date`.
    """
    # Lock the hold so two officers ending it at once cannot both write an end date.
    locked = Hold.objects.select_for_update().select_related("account").get(pk=hold.pk)
    if locked.end_date is not None and locked.end_date <= end_date:
        raise HoldAlreadyEnds(f"This hold already ends on {_long_date(locked.end_date)}")
    if end_date < locked.start_date:
        raise HoldEndsBeforeStart(
            f"End date must be the same as or after the start date, {_long_date(locked.start_date)}"
        )
    previous_end = locked.end_date
    locked.end_date = end_date
    locked.save(update_fields=["end_date"])
    audit.record_event(
        actor=actor,
        action="recovery.hold.ended",
        authority_id=locked.account.authority_id,
        object_type="hold",
        object_id=locked.pk,
        detail={
            "account": locked.account.reference,
            "kind": locked.kind,
            "end_date": end_date.isoformat(),
            "previous_end_date": previous_end.isoformat() if previous_end else None,
        },
    )
    return locked
