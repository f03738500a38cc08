"""
Where each seeded account stands in its recovery stream on `as_of`: its case, and its holds.

The snapshot is what the daily run (RULES.md §2-§5, ADR 0006) would have left behind had it
run every working day up to and including `as_of`:

- A case whose next step is automatic and not stopped by a hold is waiting out its statutory
  period: it was issued its current stage on a working day recent enough that the next step
  falls due after `as_of` (chosen evenly over that wait, so on each later working day about
  one case in "wait" falls due, as in a steady flow).
- A case whose next step a hold stops (a Breathing Space, insolvency, death, a vulnerability
  for court and enforcement steps, a dispute or an appeal, RULES.md §5.2) had its stage less
  than one wait before the hold began, so the next step usually fell due while held: the run
  counts it as held every day until the hold ends. An arrangement was made after the stage was
  issued and before the next step fell due, which is why that step was not taken: the case is
  timed like one free to move on, and is held when its day comes.
- A case whose next step is the court's waits without a due date: a summons is booked into
  the earliest court session with room at least the statutory minimum after service
  (RULES.md §2.4). A case at the end of its stream or at an officer's step (enforcement agents,
  a warrant of control, deductions from benefit, prosecution) waits for an officer.

The stage is the one the generator recorded on the account (`DebtAccount.recovery_stage`), with
three translations: a PCN passed to enforcement agents is at its warrant of control; a housing
benefit overpayment "BENEFIT_DEDUCTION" is at deduction from ongoing benefit; a stage the stream
does not have (a fixed penalty's "final notice") is at the stream's first stage. A step that
follows the previous one the next working day (the information request after a liability
order) has been taken when its day has come. An account in an arrangement keeps the stage it
had reached (the liability order where its ledger shows the order's costs, otherwise an
earlier letter) and gets an ARRANGEMENT hold.

Dates come from the recovery rules themselves (`recovery.domain.decisions.schedule_next`), so
every case's next due date is the one the run would have set.
"""

import datetime as dt
import random
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import NamedTuple, Protocol

from arrears.accounts.domain.debts import DebtType
from arrears.accounts.domain.markers import BreathingSpaceType, MarkerKind
from arrears.ledger.domain.entries import EntryType
from arrears.recovery.domain.decisions import earliest_hearing_date, schedule_next
from arrears.recovery.domain.holds import HoldKind, decide_eligibility
from arrears.recovery.domain.periods import is_working_day
from arrears.recovery.domain.streams import AUTOMATIC_KINDS, StageKind, StageSpec, stage_actions
from arrears.seeding.domain.debt_profiles import LIABILITY_ORDER_COSTS_RULE
from arrears.seeding.domain.rows import CaseRow, Chunk, HoldRow

ONE_DAY = dt.timedelta(days=1)

# Seeded stage labels that are named differently in a stream (see the module docstring).
STAGE_ALIASES: dict[DebtType, dict[str, str]] = {
    DebtType.PARKING_PCN: {"ENFORCEMENT_AGENT": "WARRANT_OF_CONTROL"},
    DebtType.HOUSING_BENEFIT_OVERPAYMENT: {"BENEFIT_DEDUCTION": "DEDUCTION_FROM_BENEFIT"},
}
ARRANGEMENT = "ARRANGEMENT"

# Markers on a liable party that hold recovery (as `recovery.selectors.holds` reads them).
MARKER_HOLDS = {
    MarkerKind.BREATHING_SPACE.value: HoldKind.BREATHING_SPACE,
    MarkerKind.INSOLVENCY.value: HoldKind.INSOLVENCY,
    MarkerKind.DECEASED.value: HoldKind.DECEASED,
    MarkerKind.VULNERABILITY.value: HoldKind.VULNERABILITY,
}

# Account holds other than arrangements, at low rates: a disputed invoice, a PCN under appeal.
DISPUTE_RATE = {
    DebtType.SUNDRY_INVOICE: 0.01,
    DebtType.SOCIAL_CARE_CONTRIBUTION: 0.01,
    DebtType.HOUSING_BENEFIT_OVERPAYMENT: 0.01,
}
APPEAL_RATE = {DebtType.PARKING_PCN: 0.02}

SUMMONS_ISSUED_WITHIN_DAYS = 28  # summonses waiting for their hearing were issued this recently
WAITING_AGE_DAYS = 365  # cases waiting for an officer reached their stage up to this long ago
IN_MOTION_LOOKBACK_DAYS = 120  # no automatic wait in the default streams is longer


class Stages(Protocol):
    """One stream version's stages (`recovery.selectors.streams.StreamStages` is one)."""

    @property
    def stream_id(self) -> int: ...

    @property
    def postal_days(self) -> int: ...

    @property
    def stage_ids(self) -> tuple[int, ...]: ...

    @property
    def specs(self) -> tuple[StageSpec, ...]: ...

    def spec(self, stage_id: int) -> StageSpec: ...

    def following(self, stage_id: int | None) -> int | None: ...


@dataclass
class CourtRoom:
    """A court session the seeded summonses may be booked into, and the places left."""

    session_id: int
    hearing_date: dt.date
    room: int


class Placement(NamedTuple):
    stage: int
    stage_date: dt.date
    next_stage: int | None
    next_due_date: dt.date | None
    hearing_date: dt.date | None


def _previous_working_day(day: dt.date, holidays: Container[dt.date]) -> dt.date:
    while not is_working_day(day, holidays=holidays):
        day -= ONE_DAY
    return day


class _Stream:
    """One stream's stages with the placements the rules allow, worked out once."""

    def __init__(
        self, stages: Stages, *, as_of: dt.date, holidays: Container[dt.date], debt_type: DebtType
    ) -> None:
        self.stages = stages
        self.as_of = as_of
        self.holidays = holidays
        self.index = {
            spec.code: sid for sid, spec in zip(stages.stage_ids, stages.specs, strict=True)
        }
        self.aliases = STAGE_ALIASES.get(debt_type, {})
        self.dispute_rate = DISPUTE_RATE.get(debt_type, 0.0)
        self.appeal_rate = APPEAL_RATE.get(debt_type, 0.0)
        self._walks: dict[tuple[int, dt.date, dt.date | None, bool], Placement] = {}
        self._in_motion: dict[int, list[Placement]] = {}
        self._next_steps: dict[int, StageSpec | None] = {}
        court = next(
            (p for p, spec in enumerate(stages.specs) if spec.kind is StageKind.COURT_OUTCOME),
            None,
        )
        self.after_court = frozenset(stages.stage_ids[court:]) if court is not None else frozenset()
        first_court = next(
            (p for p, spec in enumerate(stages.specs) if spec.kind is not StageKind.NOTICE),
            len(stages.specs),
        )
        self.early_letters = (
            tuple(
                sid
                for sid, spec in zip(
                    stages.stage_ids[:first_court], stages.specs[:first_court], strict=True
                )
            )
            or stages.stage_ids[:1]
        )

    def stage_for(self, code: str) -> int:
        """Return the stage an account labelled `code` is at (the first stage if unknown)."""
        code = self.aliases.get(code, code)
        return self.index.get(code, self.stages.stage_ids[0])

    def next_step(self, stage_id: int) -> StageSpec | None:
        """Return the step the run would take next from `stage_id`, or None if it waits."""
        if stage_id not in self._next_steps:
            self._next_steps[stage_id] = self._next_step(stage_id)
        return self._next_steps[stage_id]

    def _next_step(self, stage_id: int) -> StageSpec | None:
        if self.stages.spec(stage_id).kind is StageKind.OFFICER:
            return None  # an officer's remedy is running; the officer chooses what follows
        following = self.stages.following(stage_id)
        if following is None:
            return None
        spec = self.stages.spec(following)
        return spec if spec.kind in AUTOMATIC_KINDS else None

    def walk(
        self, stage_id: int, issued: dt.date, *, hearing: dt.date | None, take_next_day: bool
    ) -> Placement:
        """
        Return the case at `stage_id` issued on `issued`, with its next step scheduled.

        With `take_next_day`, a following step due the next working day and already due by
        `as_of` is taken on its day (a liability order's information request).
        """
        key = (stage_id, issued, hearing, take_next_day)
        found = self._walks.get(key)
        if found is None:
            found = self._walk(stage_id, issued, hearing=hearing, take_next_day=take_next_day)
            self._walks[key] = found
        return found

    def _walk(
        self, stage_id: int, issued: dt.date, *, hearing: dt.date | None, take_next_day: bool
    ) -> Placement:
        stages = self.stages
        if stages.spec(stage_id).kind is StageKind.COURT_OUTCOME:
            hearing = issued
        while True:
            following = None if self.next_step(stage_id) is None else stages.following(stage_id)
            due, _ = schedule_next(
                following=stages.spec(following) if following is not None else None,
                issued=issued,
                due_date=issued,  # placed stages never count from the account's due date
                hearing_date=hearing,
                postal_days=stages.postal_days,
                holidays=self.holidays,
            )
            if following is None or due is None:
                return Placement(stage_id, issued, following, None, hearing)
            spec = stages.spec(following)
            if take_next_day and spec.wait_days <= 1 and due <= self.as_of:
                stage_id, issued = following, due
                continue
            return Placement(stage_id, issued, following, due, hearing)

    def in_motion(self, stage_id: int) -> list[Placement]:
        """Return every placement at `stage_id` whose next step falls due after `as_of`."""
        found = self._in_motion.get(stage_id)
        if found is None:
            found = []
            for back in range(IN_MOTION_LOOKBACK_DAYS):
                issued = self.as_of - dt.timedelta(days=back)
                if not is_working_day(issued, holidays=self.holidays):
                    continue
                placement = self.walk(stage_id, issued, hearing=None, take_next_day=True)
                if placement.next_due_date is not None and placement.next_due_date > self.as_of:
                    found.append(placement)
            self._in_motion[stage_id] = found
        return found


class RecoveryPlanner:
    """Places each account of a chunk in its stream, from one seeded random generator."""

    def __init__(
        self,
        *,
        seed: int,
        as_of: dt.date,
        streams: Mapping[tuple[int, str], Stages],
        holidays: Mapping[int, Container[dt.date]],
        court_rooms: Mapping[int, Sequence[CourtRoom]],
    ) -> None:
        """
        Start a planner.

        `streams` maps (authority position, debt type) to that authority's current stream;
        `holidays` and `court_rooms` are by authority position. Booking a summons takes a
        place from `court_rooms`, across chunks.
        """
        self._rng = random.Random(f"{seed}:recovery")
        self._as_of = as_of
        self._holidays = holidays
        self._streams = {
            key: _Stream(stages, as_of=as_of, holidays=holidays[key[0]], debt_type=DebtType(key[1]))
            for key, stages in streams.items()
        }
        self._rooms = {
            authority: sorted(rooms, key=lambda r: (r.hearing_date, r.session_id))
            for authority, rooms in court_rooms.items()
        }
        self._room_dates = {
            authority: [r.hearing_date for r in rooms] for authority, rooms in self._rooms.items()
        }

    def plan(self, chunk: Chunk) -> None:
        """Add a case for every account of `chunk` in debit, and its holds, to the chunk."""
        original, ordered = _ledger_facts(chunk)
        marker_holds = _marker_holds(chunk, as_of=self._as_of)
        streams = self._streams
        for index, account in enumerate(chunk.accounts):
            if account.is_closed or account.balance <= 0:
                continue
            stream = streams.get((account.authority, account.debt_type))
            if stream is None:
                continue
            holds = marker_holds.get(index) or {}
            code = account.recovery_stage
            is_arranged = code == ARRANGEMENT
            if is_arranged:
                stage_id = self._stage_before_arrangement(stream, is_ordered=index in ordered)
            else:
                stage_id = stream.stage_for(code)
                holds = self._dispute_or_appeal(chunk, index, stream, stage_id, holds)
            placement, session_id = self._place(
                account.authority, stream, stage_id, due_date=account.opened_date, holds=holds
            )
            if is_arranged:
                self._arrangement(chunk, index, since=placement.stage_date)
            chunk.cases.append(
                CaseRow(
                    account=index,
                    stream=stream.stages.stream_id,
                    stage=placement.stage,
                    stage_date=placement.stage_date,
                    next_stage=placement.next_stage,
                    next_due_date=placement.next_due_date,
                    due_date=account.opened_date,
                    original_amount=original.get(index, account.balance),
                    court_session=session_id,
                    hearing_date=placement.hearing_date,
                    opened_date=min(account.opened_date, placement.stage_date),
                )
            )

    # Holds ------------------------------------------------------------------------------------

    def _stage_before_arrangement(self, stream: _Stream, *, is_ordered: bool) -> int:
        """Return the stage an account had reached when its arrangement was made."""
        if is_ordered and "LIABILITY_ORDER" in stream.index:
            return stream.index["LIABILITY_ORDER"]
        return self._rng.choice(stream.early_letters)

    def _arrangement(self, chunk: Chunk, index: int, *, since: dt.date) -> None:
        """
        Add a live arrangement, made after the stage was issued and before the next step fell
        due (which is why that step was not taken).
        """
        rng = self._rng
        as_of = self._as_of
        balance = chunk.accounts[index].balance
        start = since + dt.timedelta(days=rng.randint(0, max(0, (as_of - since).days)))
        monthly = (balance / rng.randint(3, 12)).quantize(Decimal("1"), rounding=ROUND_CEILING)
        chunk.holds.append(
            HoldRow(
                account=index,
                kind=HoldKind.ARRANGEMENT.value,
                start_date=start,
                review_date=start + dt.timedelta(days=rng.choice((28, 56, 91))),
                end_date=None,
                reason=f"Paying £{monthly:,} a month until the balance is cleared.",
            )
        )

    def _dispute_or_appeal(
        self,
        chunk: Chunk,
        index: int,
        stream: _Stream,
        stage_id: int,
        holds: dict[HoldKind, dt.date],
    ) -> dict[HoldKind, dt.date]:
        """Perhaps add a dispute or an appeal hold; return the account's holds."""
        if stream.next_step(stage_id) is None:
            return holds
        roll = self._rng.random()
        if roll < stream.dispute_rate:
            kind, reason = HoldKind.DISPUTE, "The debtor says the sum was never owed."
        elif roll < stream.appeal_rate:
            kind, reason = HoldKind.APPEAL, "Appeal to the Traffic Penalty Tribunal."
        else:
            return holds
        start = self._as_of - dt.timedelta(days=self._rng.randint(0, 60))
        review = start + dt.timedelta(days=56)
        chunk.holds.append(HoldRow(index, kind.value, start, review, None, reason))
        return {**holds, kind: start}

    # Placing a case ---------------------------------------------------------------------------

    def _place(
        self,
        authority: int,
        stream: _Stream,
        stage_id: int,
        *,
        due_date: dt.date,
        holds: Mapping[HoldKind, dt.date],
    ) -> tuple[Placement, int | None]:
        rng = self._rng
        holidays = self._holidays[authority]
        step = stream.next_step(stage_id)
        earliest = due_date + ONE_DAY
        if step is None:
            spec = stream.stages.spec(stage_id)
            if spec.needs_hearing:
                return self._summons(authority, stream, stage_id, holidays)
            back = rng.randint(1, WAITING_AGE_DAYS)
            issued = self._as_of - dt.timedelta(days=back)
            issued = _previous_working_day(max(earliest, issued), holidays)
            hearing = None
            if stage_id in stream.after_court and spec.kind is not StageKind.COURT_OUTCOME:
                hearing = issued - dt.timedelta(days=rng.randint(15, 60))
            return stream.walk(stage_id, issued, hearing=hearing, take_next_day=False), None
        held_since = _held_since(holds, step) if holds else None
        choices = stream.in_motion(stage_id)
        if held_since is None and choices:
            placement = rng.choice(choices)
            if placement.stage_date < earliest:
                placement = choices[0]
            return placement, None
        # Held: the stage was issued less than one wait before the hold began, so the next
        # step fell due while held (or will, if the hold began lately).
        began = min(held_since or self._as_of, self._as_of)
        began = _previous_working_day(max(earliest, began), holidays)
        first = stream.walk(stage_id, began, hearing=None, take_next_day=False)
        wait = ((first.next_due_date or began) - began).days
        issued = began - dt.timedelta(days=rng.randint(0, max(0, wait - 1)))
        issued = _previous_working_day(max(earliest, issued), holidays)
        return stream.walk(stage_id, issued, hearing=None, take_next_day=False), None

    def _summons(
        self, authority: int, stream: _Stream, stage_id: int, holidays: Container[dt.date]
    ) -> tuple[Placement, int | None]:
        """A summons issued lately, booked into the earliest session with room (RULES.md §2.4)."""
        back = self._rng.randint(1, SUMMONS_ISSUED_WITHIN_DAYS)
        issued = _previous_working_day(self._as_of - dt.timedelta(days=back), holidays)
        earliest = earliest_hearing_date(
            issued=issued, postal_days=stream.stages.postal_days, holidays=holidays
        )
        rooms = self._rooms.get(authority, [])
        start = bisect_left(self._room_dates.get(authority, []), earliest)
        for room in rooms[start:]:
            if room.room > 0:
                room.room -= 1
                placement = Placement(
                    stage_id, issued, stream.stages.following(stage_id), None, room.hearing_date
                )
                return placement, room.session_id
        return Placement(stage_id, issued, stream.stages.following(stage_id), None, None), None


def _held_since(holds: Mapping[HoldKind, dt.date], step: StageSpec) -> dt.date | None:
    """Return when the earliest hold that stops `step` began, or None if none stops it."""
    gate = decide_eligibility(
        holds=holds, actions=stage_actions(step.kind, has_cost=bool(step.costs))
    )
    if gate.is_allowed:
        return None
    return min(holds[kind] for kind in gate.blocking)


def _ledger_facts(chunk: Chunk) -> tuple[dict[int, Decimal], set[int]]:
    """Return each account's original debt (its first charge) and which have liability orders."""
    original: dict[int, Decimal] = {}
    ordered: set[int] = set()
    charge = EntryType.CHARGE.value
    for entry in chunk.entries:
        if entry.entry_type == charge and entry.account not in original:
            original[entry.account] = entry.amount
        if entry.rule == LIABILITY_ORDER_COSTS_RULE:
            ordered.add(entry.account)
    return original, ordered


def _marker_holds(chunk: Chunk, *, as_of: dt.date) -> dict[int, dict[HoldKind, dt.date]]:
    """Return, by account position, the holds its parties' markers put in force on `as_of`."""
    by_party: dict[int, dict[HoldKind, dt.date]] = defaultdict(dict)
    for marker in chunk.markers:
        kind = MARKER_HOLDS.get(marker.kind)
        if kind is None or marker.start_date > as_of:
            continue
        if marker.end_date is not None and marker.end_date < as_of:
            continue
        if kind is HoldKind.BREATHING_SPACE and (
            marker.category == BreathingSpaceType.MENTAL_HEALTH_CRISIS.value
        ):
            kind = HoldKind.MENTAL_HEALTH_CRISIS
        held = by_party[marker.party]
        held[kind] = min(held.get(kind, marker.start_date), marker.start_date)
    found: dict[int, dict[HoldKind, dt.date]] = {}
    if not by_party:
        return found
    for link in chunk.account_parties:
        party_holds = by_party.get(link.party)
        if party_holds:
            target = found.setdefault(link.account, {})
            for kind, start in party_holds.items():
                target[kind] = min(target.get(kind, start), start)
    return found
