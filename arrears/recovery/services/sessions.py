"""
Magistrates' court sessions: booking them, and recording what the court decided at one
(RULES.md §2.4, CT Regs regs 34-35).

The daily run books each summons into the earliest session with room whose date is at least
14 days after service; officers book the sessions the court has given the council, and after
the hearing record each case's outcome (one at a time, or "all the rest were granted"). The
outcome itself, with its costs, is `court.record_hearing_outcome`; this module checks that the
cases and the session agree first, so that a whole list is recorded or none of it is.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from arrears.audit import services as audit
from arrears.authorities.models import Authority
from arrears.letters import services as letters
from arrears.recovery.domain.streams import StageKind
from arrears.recovery.models import CourtSession, RecoveryCase
from arrears.recovery.services import court
from arrears.recovery.services.court import HearingOutcome, OutcomeResult

COURT_NAME_MAX_LENGTH = 120  # CourtSession.court_name


class HearingDateInPast(Exception):
    """A court session cannot be booked for a day that has gone."""


class NoCapacity(Exception):
    """A court session must have room for at least one summons."""


class DuplicateSession(Exception):
    """The council already has a session at that court at that date and time."""


class CaseNotAwaiting(Exception):
    """A case is not (or no longer) waiting for this session's hearing."""

    def __init__(self, message: str, *, case_id: int) -> None:
        super().__init__(message)
        self.case_id = case_id


class HearingNotYetHeld(Exception):
    """Granted or adjourned cannot be recorded before the day of the hearing."""


class AdjournmentNeedsSession(Exception):
    """An adjourned hearing needs the later session it is adjourned to."""


class NotALaterSession(Exception):
    """The session chosen for an adjournment is not a later one of the same council."""


class SessionFull(Exception):
    """The session chosen for an adjournment has no room left."""


class NoAddressForNotice(Exception):
    """A liability order notice cannot be posted: a defendant has no address to send it to."""


@transaction.atomic
def create_court_session(
    *,
    authority: Authority,
    court_name: str,
    hearing_date: dt.date,
    hearing_time: dt.time,
    capacity: int,
    as_of: dt.date,
    actor: audit.Actor,
) -> CourtSession:
    """
    Book a magistrates' court session for the authority's liability order hearings.

    :raises HearingDateInPast: if `hearing_date` is before `as_of`.
    :raises NoCapacity: if `capacity` is less than one.
    :raises DuplicateSession: if the authority has a session at that court, date and time.
    :raises ValueError: if `court_name` is blank or too long.
    """
    name = " ".join(court_name.split())
    if not name or len(name) > COURT_NAME_MAX_LENGTH:
        raise ValueError(f"The court name must be 1 to {COURT_NAME_MAX_LENGTH} characters.")
    if hearing_date < as_of:
        raise HearingDateInPast(
            f"The hearing date {hearing_date:%-d %B %Y} has passed. Book a session for today "
            "or a later day."
        )
    if capacity < 1:
        raise NoCapacity("The court must be able to hear at least 1 summons at the session.")
    # Lock the authority's row so that two officers booking the same sitting make one session.
    Authority.objects.select_for_update().get(pk=authority.pk)
    if CourtSession.objects.filter(
        authority=authority,
        court_name__iexact=name,
        hearing_date=hearing_date,
        hearing_time=hearing_time,
    ).exists():
        raise DuplicateSession(
            f"{authority.name} already has a session at {name} on {hearing_date:%-d %B %Y} at "
            f"{hearing_time:%H:%M}."
        )
    session = CourtSession.objects.create(
        authority=authority,
        court_name=name,
        hearing_date=hearing_date,
        hearing_time=hearing_time,
        capacity=capacity,
        created_at=timezone.now(),  # an audit stamp, not a business date
    )
    audit.record_event(
        actor=actor,
        action="recovery.court_session.created",
        authority_id=authority.pk,
        object_type="court_session",
        object_id=session.pk,
        detail={
            "court_name": name,
            "hearing_date": hearing_date.isoformat(),
            "hearing_time": hearing_time.strftime("%H:%M"),
            "capacity": capacity,
        },
    )
    return session


@dataclass(frozen=True)
class OutcomeDecision:
    """What the court decided for one case of a session."""

    case_id: int
    outcome: HearingOutcome
    adjourned_to_id: int | None = None
    note: str = ""


# The outcomes that can only follow the hearing itself; the council may withdraw, and the
# debtor may pay, before it (reg 34(5)).
_AT_THE_HEARING = frozenset({HearingOutcome.GRANTED, HearingOutcome.ADJOURNED})


def _awaiting_cases(*, session: CourtSession, case_ids: Sequence[int]) -> dict[int, RecoveryCase]:
    """Lock and return the cases, checking each still waits for this session's hearing."""
    cases = {
        case.pk: case
        for case in RecoveryCase.objects.select_for_update(of=("self",))
        .select_related("account", "next_stage")
        .filter(pk__in=case_ids)
        .order_by("id")
    }
    for case_id in case_ids:
        case = cases.get(case_id)
        if case is None or case.court_session_id != session.pk:
            raise CaseNotAwaiting(
                "That case is not booked into this court session.", case_id=case_id
            )
        if (
            case.is_closed
            or case.next_stage is None
            or case.next_stage.kind != StageKind.COURT_OUTCOME.value
        ):
            raise CaseNotAwaiting(
                f"The outcome for account {case.account.reference} has already been recorded. "
                "Check the session's list again.",
                case_id=case_id,
            )
    return cases


def _adjournment_targets(
    *, session: CourtSession, decisions: Sequence[OutcomeDecision]
) -> dict[int, CourtSession]:
    """Lock and return the sessions cases are adjourned to, checking each has room for them."""
    wanted: dict[int, int] = {}
    for decision in decisions:
        if decision.outcome is not HearingOutcome.ADJOURNED:
            continue
        if decision.adjourned_to_id is None:
            raise AdjournmentNeedsSession("Select the court session the hearing is adjourned to.")
        wanted[decision.adjourned_to_id] = wanted.get(decision.adjourned_to_id, 0) + 1
    targets = {
        target.pk: target
        for target in CourtSession.objects.select_for_update().filter(
            pk__in=list(wanted), authority_id=session.authority_id
        )
    }
    for target_id, count in wanted.items():
        target = targets.get(target_id)
        if target is None or target.hearing_date <= session.hearing_date:
            raise NotALaterSession(
                "Select a later session of the same council: the hearing can only be adjourned "
                f"to a day after {session.hearing_date:%-d %B %Y}."
            )
        # Counted as `selectors.cases.court_sessions_with_room` counts for the daily run.
        booked = RecoveryCase.objects.filter(
            court_session=target, hearing_date__isnull=False
        ).count()
        if booked + count > target.capacity:
            raise SessionFull(
                f"The session at {target.court_name} on {target.hearing_date:%-d %B %Y} has "
                f"room for {max(target.capacity - booked, 0)} more. Choose another session or "
                "book a new one."
            )
    return targets


@transaction.atomic
def record_outcomes(
    *,
    session: CourtSession,
    decisions: Sequence[OutcomeDecision],
    as_of: dt.date,
    actor: audit.Actor,
) -> list[OutcomeResult]:
    """
    Record the court's decisions for cases of `session`: all of them, or none if one is wrong.

    Each outcome is dated the hearing day, or `as_of` when the case was withdrawn or paid
    before the hearing. Granted adds the liability order costs; withdrawn reverses the summons
    costs; adjourned moves the case to a later session with room; paid before the hearing
    closes the case (`court.record_hearing_outcome`).

    :raises HearingNotYetHeld: if a case is granted or adjourned before the hearing date.
    :raises CaseNotAwaiting: if a case is not booked here or its outcome is already recorded.
    :raises AdjournmentNeedsSession: if a case is adjourned without a session to go to.
    :raises NotALaterSession: if that session is another council's, or not after this one.
    :raises SessionFull: if that session has no room for the cases adjourned to it.
    :raises NoAddressForNotice: if a granted order's notice has no address to go to.
    """
    session = CourtSession.objects.select_for_update().get(pk=session.pk)
    if as_of < session.hearing_date and any(d.outcome in _AT_THE_HEARING for d in decisions):
        raise HearingNotYetHeld(
            f"The hearing is on {session.hearing_date:%-d %B %Y}. Record a liability order or "
            "an adjournment on or after that day."
        )
    case_ids = [decision.case_id for decision in decisions]
    if len(set(case_ids)) != len(case_ids):
        raise ValueError("Each case can have one outcome.")
    cases = _awaiting_cases(session=session, case_ids=case_ids)
    targets = _adjournment_targets(session=session, decisions=decisions)
    on = min(as_of, session.hearing_date)
    results = []
    for decision in decisions:
        case = cases[decision.case_id]
        try:
            results.append(
                court.record_hearing_outcome(
                    case=case,
                    outcome=decision.outcome,
                    on=on,
                    actor=actor,
                    adjourned_to=(
                        targets[decision.adjourned_to_id]
                        if decision.outcome is HearingOutcome.ADJOURNED and decision.adjourned_to_id
                        else None
                    ),
                    note=decision.note,
                )
            )
        except letters.NoPostalAddress as error:
            raise NoAddressForNotice(
                f"A defendant on account {case.account.reference} has no current or "
                "correspondence address, so the liability order notice cannot be posted. "
                "Record their address, then record the outcome."
            ) from error
    return results
