"""
Work queues: what an officer must do today, read set-based from the data that says so.

Each kind of task is derived from rows that already exist, never stored: a Breathing Space
marker gives the search for other debts, the creditor review deadline, the midway review window
and the day recovery may resume (RULES.md §5.3–§5.4); a hold or marker whose review date has come
gives a review; court sessions give hearings and outcomes still to record; recovery runs give
approvals and the cases the run skipped. Enforcement returns wait for the enforcement context
(issue 5).

`work_queue` runs a fixed number of queries (at most ten) whatever the number of accounts, and
shows an officer only their own councils' tasks, approvals only if their role may approve, and
court tasks only if it may see the court pages.
"""

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from django.db.models import Count, OuterRef, Q, Subquery

from arrears.accounts.domain.markers import (
    BreathingSpaceType,
    MarkerKind,
    category_label,
)
from arrears.accounts.models import AccountParty, Marker
from arrears.authorities.models import Authority
from arrears.kernel import clock
from arrears.recovery.domain.decisions import SKIP_REASONS, Skip
from arrears.recovery.domain.holds import HOLD_LABELS, HoldKind
from arrears.recovery.domain.streams import StageKind
from arrears.recovery.models import CourtSession, Hold, RecoveryCase, RecoveryRun, RunStatus
from arrears.staff import selectors as staff_selectors
from arrears.staff.domain.policy import Permission
from arrears.staff.models import Officer

# --- What a task is ----------------------------------------------------------------------------


class TaskGroup(StrEnum):
    """The kinds of task an officer filters by."""

    BREATHING_SPACE = "BREATHING_SPACE"
    HOLD_REVIEW = "HOLD_REVIEW"
    COURT = "COURT"
    APPROVAL = "APPROVAL"
    RUN_SKIPPED = "RUN_SKIPPED"


TASK_GROUP_LABELS = {
    TaskGroup.BREATHING_SPACE: "Breathing Space",
    TaskGroup.HOLD_REVIEW: "Holds due for review",
    TaskGroup.COURT: "Court",
    TaskGroup.APPROVAL: "Approvals",
    TaskGroup.RUN_SKIPPED: "Skipped by the recovery run",
}

# A group an officer sees only if their role holds the permission, as its tasks are done on
# pages that need it; the others need only the work queue itself.
GROUP_PERMISSIONS = {
    TaskGroup.APPROVAL: Permission.APPROVE,
    TaskGroup.COURT: Permission.VIEW_COURT,
}


class TaskKind(StrEnum):
    BREATHING_SPACE_SEARCH = "BREATHING_SPACE_SEARCH"
    BREATHING_SPACE_REVIEW_DEADLINE = "BREATHING_SPACE_REVIEW_DEADLINE"
    BREATHING_SPACE_MIDWAY_REVIEW = "BREATHING_SPACE_MIDWAY_REVIEW"
    BREATHING_SPACE_ENDS = "BREATHING_SPACE_ENDS"
    HOLD_REVIEW = "HOLD_REVIEW"
    MARKER_REVIEW = "MARKER_REVIEW"
    COURT_HEARING = "COURT_HEARING"
    COURT_OUTCOMES = "COURT_OUTCOMES"
    RUN_APPROVAL = "RUN_APPROVAL"
    RUN_SKIPPED = "RUN_SKIPPED"


TASK_GROUPS = {
    TaskKind.BREATHING_SPACE_SEARCH: TaskGroup.BREATHING_SPACE,
    TaskKind.BREATHING_SPACE_REVIEW_DEADLINE: TaskGroup.BREATHING_SPACE,
    TaskKind.BREATHING_SPACE_MIDWAY_REVIEW: TaskGroup.BREATHING_SPACE,
    TaskKind.BREATHING_SPACE_ENDS: TaskGroup.BREATHING_SPACE,
    TaskKind.HOLD_REVIEW: TaskGroup.HOLD_REVIEW,
    TaskKind.MARKER_REVIEW: TaskGroup.HOLD_REVIEW,
    TaskKind.COURT_HEARING: TaskGroup.COURT,
    TaskKind.COURT_OUTCOMES: TaskGroup.COURT,
    TaskKind.RUN_APPROVAL: TaskGroup.APPROVAL,
    TaskKind.RUN_SKIPPED: TaskGroup.RUN_SKIPPED,
}


class Priority(IntEnum):
    """Lower sorts first among tasks due on the same day."""

    URGENT = 1
    NORMAL = 2
    INFORMATION = 3


PRIORITY_LABELS = {
    Priority.URGENT: "Urgent",
    Priority.NORMAL: "Normal",
    Priority.INFORMATION: "For information",
}


class TargetKind(StrEnum):
    """Where a task is done; the interface turns a target into a link."""

    PARTY = "PARTY"
    ACCOUNT = "ACCOUNT"
    COURT_SESSION = "COURT_SESSION"
    COURT_SESSIONS = "COURT_SESSIONS"  # the authority's sessions, to book one
    RECOVERY_RUN = "RECOVERY_RUN"


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    object_id: int


class DueBand(StrEnum):
    OVERDUE = "OVERDUE"
    TODAY = "TODAY"
    WEEK = "WEEK"  # after today, within the next 7 days
    LATER = "LATER"


DUE_BAND_LABELS = {
    DueBand.OVERDUE: "Overdue",
    DueBand.TODAY: "Due today",
    DueBand.WEEK: "Due in the next 7 days",
    DueBand.LATER: "Due later",
}

WEEK_DAYS = 7


def due_band(*, due_date: dt.date, today: dt.date) -> DueBand:
    """Return whether a task due on `due_date` is overdue, due today, this week or later."""
    if due_date < today:
        return DueBand.OVERDUE
    if due_date == today:
        return DueBand.TODAY
    if due_date <= today + dt.timedelta(days=WEEK_DAYS):
        return DueBand.WEEK
    return DueBand.LATER


@dataclass(frozen=True)
class Task:
    """One thing an officer must do (or expect), with where to do it and why it is due."""

    kind: TaskKind
    due_date: dt.date
    authority_id: int
    authority_name: str
    title: str  # what to do, in plain English
    detail: str  # who or what it concerns
    why: str  # why it is due now, with the rule
    priority: Priority
    target: Target
    band: DueBand
    party_id: int | None = None
    party_name: str = ""
    account_id: int | None = None
    account_reference: str = ""

    @property
    def group(self) -> TaskGroup:
        return TASK_GROUPS[self.kind]

    @property
    def is_overdue(self) -> bool:
        return self.band is DueBand.OVERDUE

    @property
    def sort_key(self) -> tuple[dt.date, int, str, str, str, int]:
        return (
            self.due_date,
            self.priority,
            self.authority_name,
            self.kind.value,
            self.title,
            self.target.object_id,
        )


def long_date(day: dt.date) -> str:
    """Return a date as GOV.UK writes it: 2 November 2026."""
    return f"{day.day} {day:%B %Y}"


# --- Breathing Space dates (RULES.md §5.3–§5.4) ------------------------------------------------

# "N days beginning with the start day" (RULES.md §0.2 item 4): the start day is day 1.
CREDITOR_REVIEW_DAYS = 20  # DRS Regs reg 17: a creditor may ask for a review within 20 days
MIDWAY_FIRST_DAY = 26  # reg 27: the midway review is not within the first 25 days...
MIDWAY_LAST_DAY = 35  # ...and is completed before the end of 35 days
# The search for other debts is shown for as long as a creditor could ask for a review, counted
# from when the council was told (a backdated start still gets its search).
SEARCH_SHOWN_DAYS = CREDITOR_REVIEW_DAYS
# The end of a Breathing Space is shown a week ahead, up to the day recovery may resume.
ENDS_NOTICE_DAYS = WEEK_DAYS
# Court hearings are shown two weeks ahead.
COURT_NOTICE_DAYS = 14


def _day(start: dt.date, number: int) -> dt.date:
    """Return day `number` of a period beginning with `start` (day 1 is `start`)."""
    return start + dt.timedelta(days=number - 1)


@dataclass(frozen=True)
class BreathingSpaceDates:
    """The dates a creditor acts on during one Breathing Space (all inclusive)."""

    search_due_date: dt.date
    search_shown_until: dt.date
    review_request_deadline: dt.date
    midway_review_from: dt.date | None  # standard Breathing Space only
    midway_review_until: dt.date | None
    resume_date: dt.date | None  # the day after it ends; None while open-ended


def breathing_space_dates(
    *,
    start_date: dt.date,
    end_date: dt.date | None,
    category: str,
    told_date: dt.date,
) -> BreathingSpaceDates:
    """
    Return the creditor's dates for a Breathing Space from `start_date` to `end_date`.

    RULES.md §5.3: search for the debtor's other debts on being told (regs 14–15), so from the
    start or, for a backdated start, the day the council was told (`told_date`); a creditor may
    ask for a review within 20 days beginning with the start day, so the last day is start + 19
    (reg 17). RULES.md §5.4: a standard Breathing Space has its midway review on day 26–35
    (start + 25 to start + 34, reg 27); a mental health crisis one has none. Recovery may resume
    the day after the last day (`end_date`, inclusive), charging nothing for the period.
    """
    search_due = max(start_date, told_date)
    is_standard = category != BreathingSpaceType.MENTAL_HEALTH_CRISIS
    return BreathingSpaceDates(
        search_due_date=search_due,
        search_shown_until=_day(search_due, SEARCH_SHOWN_DAYS),
        review_request_deadline=_day(start_date, CREDITOR_REVIEW_DAYS),
        midway_review_from=_day(start_date, MIDWAY_FIRST_DAY) if is_standard else None,
        midway_review_until=_day(start_date, MIDWAY_LAST_DAY) if is_standard else None,
        resume_date=end_date + dt.timedelta(days=1) if end_date else None,
    )


# --- Reading the tasks -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    today: dt.date
    authority_names: dict[int, str]

    def task(
        self,
        *,
        kind: TaskKind,
        due_date: dt.date,
        authority_id: int,
        title: str,
        detail: str,
        why: str,
        priority: Priority,
        target: Target,
        party_id: int | None = None,
        party_name: str = "",
        account_id: int | None = None,
        account_reference: str = "",
    ) -> Task:
        return Task(
            kind=kind,
            due_date=due_date,
            authority_id=authority_id,
            authority_name=self.authority_names[authority_id],
            title=title,
            detail=detail,
            why=why,
            priority=priority,
            target=target,
            band=due_band(due_date=due_date, today=self.today),
            party_id=party_id,
            party_name=party_name,
            account_id=account_id,
            account_reference=account_reference,
        )


@dataclass(frozen=True)
class _Debtor:
    """The party a Breathing Space protects, as every one of its tasks shows them."""

    authority_id: int
    party_id: int
    party_name: str
    detail: str


_BS_LABELS = {
    BreathingSpaceType.STANDARD.value: "standard Breathing Space",
    BreathingSpaceType.MENTAL_HEALTH_CRISIS.value: "mental health crisis Breathing Space",
}


def _breathing_space_tasks(ctx: _Context, authority_ids: Collection[int]) -> Iterator[Task]:
    """Yield the Breathing Space tasks due now (one query)."""
    today = ctx.today
    told_since = dt.datetime.combine(
        today - dt.timedelta(days=SEARCH_SHOWN_DAYS - 1), dt.time.min, tzinfo=clock.LONDON
    )
    markers = (
        Marker.objects.filter(
            kind=MarkerKind.BREATHING_SPACE,
            party__authority_id__in=authority_ids,
            start_date__lte=today,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today - dt.timedelta(days=1)))
        .filter(
            Q(start_date__gte=today - dt.timedelta(days=MIDWAY_LAST_DAY - 1))
            | Q(recorded_at__gte=told_since)
            | Q(end_date__lte=today + dt.timedelta(days=ENDS_NOTICE_DAYS))
        )
        .order_by("id")
        .values_list(
            "party_id",
            "party__display_name",
            "party__authority_id",
            "category",
            "start_date",
            "end_date",
            "recorded_at",
        )
    )
    for party_id, name, authority_id, category, start, end, recorded_at in markers:
        dates = breathing_space_dates(
            start_date=start,
            end_date=end,
            category=category,
            told_date=clock.to_london(recorded_at).date(),
        )
        label = _BS_LABELS.get(category, "Breathing Space")
        until = f" to {long_date(end)}" if end else ", no end date yet"
        debtor = _Debtor(
            authority_id=authority_id,
            party_id=party_id,
            party_name=name,
            detail=f"{label[0].upper()}{label[1:]} from {long_date(start)}{until}",
        )
        yield from _breathing_space_date_tasks(
            ctx, dates, debtor=debtor, is_in_force=end is None or ctx.today <= end
        )


def _debtor_task(
    ctx: _Context,
    debtor: _Debtor,
    *,
    kind: TaskKind,
    due_date: dt.date,
    title: str,
    why: str,
    priority: Priority,
) -> Task:
    return ctx.task(
        kind=kind,
        due_date=due_date,
        authority_id=debtor.authority_id,
        title=title,
        detail=debtor.detail,
        why=why,
        priority=priority,
        target=Target(TargetKind.PARTY, debtor.party_id),
        party_id=debtor.party_id,
        party_name=debtor.party_name,
    )


def _breathing_space_date_tasks(
    ctx: _Context, dates: BreathingSpaceDates, *, debtor: _Debtor, is_in_force: bool
) -> Iterator[Task]:
    """Yield the tasks one Breathing Space gives on `ctx.today` (RULES.md §5.3–§5.4)."""
    today = ctx.today
    if is_in_force and dates.search_due_date <= today <= dates.search_shown_until:
        yield _debtor_task(
            ctx,
            debtor,
            kind=TaskKind.BREATHING_SPACE_SEARCH,
            due_date=dates.search_due_date,
            title="Search for the debtor's other debts and report them",
            why=(
                "A creditor told of a Breathing Space must search its records for the debtor's "
                "other debts so they can be added (DRS Regs regs 14–15; RULES.md §5.3)."
            ),
            priority=Priority.URGENT,
        )
    review_from = dates.review_request_deadline - dt.timedelta(days=CREDITOR_REVIEW_DAYS - 1)
    if is_in_force and review_from <= today <= dates.review_request_deadline:
        yield _debtor_task(
            ctx,
            debtor,
            kind=TaskKind.BREATHING_SPACE_REVIEW_DEADLINE,
            due_date=dates.review_request_deadline,
            title="Last day to ask the debt adviser for a review, if there are grounds",
            why=(
                "A creditor may ask for a review within 20 days beginning with the day the "
                "Breathing Space started, if it unfairly prejudices the council or the debtor "
                "was not eligible (DRS Regs reg 17; RULES.md §5.3)."
            ),
            priority=Priority.NORMAL,
        )
    midway_from, midway_until = dates.midway_review_from, dates.midway_review_until
    if is_in_force and midway_from and midway_until and midway_from <= today <= midway_until:
        yield _debtor_task(
            ctx,
            debtor,
            kind=TaskKind.BREATHING_SPACE_MIDWAY_REVIEW,
            due_date=midway_until,
            title="Expect the debt adviser's midway review",
            why=(
                f"The adviser reviews a standard Breathing Space between day 26 and day 35 "
                f"({long_date(midway_from)} to {long_date(midway_until)}) and may cancel it "
                f"(DRS Regs reg 27; RULES.md §5.4). Nothing to do unless the adviser asks."
            ),
            priority=Priority.INFORMATION,
        )
    resume = dates.resume_date
    if resume is not None and resume - dt.timedelta(days=ENDS_NOTICE_DAYS) <= today <= resume:
        yield _debtor_task(
            ctx,
            debtor,
            kind=TaskKind.BREATHING_SPACE_ENDS,
            due_date=resume,
            title="Breathing Space ends: recovery may resume",
            why=(
                f"The Breathing Space's last day is {long_date(resume - dt.timedelta(days=1))}; "
                "from the next day recovery resumes where it stood, charging nothing for the "
                "Breathing Space period (RULES.md §5.4 step 6)."
            ),
            priority=Priority.NORMAL,
        )


_MARKER_REVIEW_KINDS = (MarkerKind.VULNERABILITY, MarkerKind.INSOLVENCY, MarkerKind.DECEASED)
_MARKER_REVIEW_LABELS = {
    MarkerKind.VULNERABILITY: "vulnerability",
    MarkerKind.INSOLVENCY: "insolvency",
    MarkerKind.DECEASED: "deceased",
}


def _not_ended(today: dt.date) -> Q:
    return Q(end_date__isnull=True) | Q(end_date__gte=today)


def _marker_review_tasks(ctx: _Context, authority_ids: Collection[int]) -> Iterator[Task]:
    """Yield a review for each open vulnerability, insolvency or deceased marker (one query)."""
    markers = (
        Marker.objects.filter(
            _not_ended(ctx.today),
            kind__in=list(_MARKER_REVIEW_KINDS),
            party__authority_id__in=authority_ids,
            review_date__lte=ctx.today,
        )
        .order_by("id")
        .values_list(
            "party_id",
            "party__display_name",
            "party__authority_id",
            "kind",
            "category",
            "start_date",
            "review_date",
        )
    )
    for party_id, name, authority_id, kind, category, start, review in markers:
        assert review is not None  # filtered on review_date
        label = _MARKER_REVIEW_LABELS[MarkerKind(kind)]
        yield ctx.task(
            kind=TaskKind.MARKER_REVIEW,
            due_date=review,
            title=f"Review the {label} marker",
            detail=(f"{category_label(category)}, " if category else "")
            + f"recorded from {long_date(start)}",
            why=(
                f"The marker's review date is {long_date(review)}: check it still applies, "
                "then end it or set the next review date. Recovery stays held while it is open."
            ),
            priority=Priority.NORMAL,
            target=Target(TargetKind.PARTY, party_id),
            authority_id=authority_id,
            party_id=party_id,
            party_name=name,
        )


def _hold_review_tasks(ctx: _Context, authority_ids: Collection[int]) -> Iterator[Task]:
    """Yield a review for each open account hold whose review date has come (two queries)."""
    holds = list(
        Hold.objects.filter(
            _not_ended(ctx.today),
            account__authority_id__in=authority_ids,
            review_date__lte=ctx.today,
        )
        .order_by("id")
        .values_list(
            "account_id",
            "account__reference",
            "account__authority_id",
            "kind",
            "start_date",
            "review_date",
            "reason",
        )
    )
    names = _first_party_names(account_ids={row[0] for row in holds}) if holds else {}
    for account_id, reference, authority_id, kind, start, review, reason in holds:
        assert review is not None  # filtered on review_date
        party_id, name = names.get(account_id, (None, ""))
        yield ctx.task(
            kind=TaskKind.HOLD_REVIEW,
            due_date=review,
            title=f"Review the {HOLD_LABELS[HoldKind(kind)].lower()} hold",
            detail=f"Held from {long_date(start)}: {reason}",
            why=(
                f"The hold's review date is {long_date(review)}: end it so recovery resumes, "
                "or keep it and set the next review date."
            ),
            priority=Priority.NORMAL,
            target=Target(TargetKind.ACCOUNT, account_id),
            authority_id=authority_id,
            account_id=account_id,
            account_reference=reference,
            party_id=party_id,
            party_name=name,
        )


def _first_party_names(*, account_ids: Collection[int]) -> dict[int, tuple[int, str]]:
    """Return each account's first liable party (id, name), by account (one query)."""
    found: dict[int, tuple[int, str]] = {}
    for account_id, party_id, name in (
        AccountParty.objects.filter(account_id__in=account_ids)
        .order_by("account_id", "id")
        .values_list("account_id", "party_id", "party__display_name")
    ):
        found.setdefault(account_id, (party_id, name))
    return found


def _plural(count: int, singular: str, plural: str = "") -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def _court_hearing_tasks(ctx: _Context, authority_ids: Collection[int]) -> Iterator[Task]:
    """Yield each court session in the next 14 days, with its open cases counted (one query)."""
    sessions = (
        CourtSession.objects.filter(
            authority_id__in=authority_ids,
            hearing_date__gte=ctx.today,
            hearing_date__lte=ctx.today + dt.timedelta(days=COURT_NOTICE_DAYS),
        )
        .annotate(listed=Count("cases", filter=Q(cases__is_closed=False)))
        .order_by("hearing_date", "hearing_time", "id")
        .values_list(
            "pk", "authority_id", "court_name", "hearing_date", "hearing_time", "capacity", "listed"
        )
    )
    for pk, authority_id, court, hearing, time, capacity, listed in sessions:
        yield ctx.task(
            kind=TaskKind.COURT_HEARING,
            due_date=hearing,
            title=f"Liability order hearing at {court}, {time:%H:%M}",
            detail=f"{_plural(listed, 'summons', 'summonses')} listed, {capacity} places",
            why=(
                "Send the complaint list to the court before the hearing and attend to ask for "
                "the liability orders (RULES.md §2.4)."
            ),
            priority=Priority.NORMAL,
            target=Target(TargetKind.COURT_SESSION, pk),
            authority_id=authority_id,
        )


def _court_outcome_tasks(ctx: _Context, authority_ids: Collection[int]) -> Iterator[Task]:
    """Yield each past session with cases whose outcome is not recorded (one query)."""
    sessions = (
        RecoveryCase.objects.filter(
            authority_id__in=authority_ids,
            is_closed=False,
            court_session__hearing_date__lt=ctx.today,
            next_stage__kind=StageKind.COURT_OUTCOME,
        )
        .values(
            "court_session_id",
            "authority_id",
            "court_session__court_name",
            "court_session__hearing_date",
        )
        .annotate(waiting=Count("id"))
        .order_by("court_session__hearing_date", "court_session_id")
        .values_list(
            "court_session_id",
            "authority_id",
            "court_session__court_name",
            "court_session__hearing_date",
            "waiting",
        )
    )
    for session_id, authority_id, court, hearing, waiting in sessions:
        yield ctx.task(
            kind=TaskKind.COURT_OUTCOMES,
            due_date=hearing + dt.timedelta(days=1),
            title=f"Record the court's decisions from {court} on {long_date(hearing)}",
            detail=f"{_plural(waiting, 'case')} with no outcome recorded",
            why=(
                "Until the outcome (granted, withdrawn, adjourned or paid before the hearing) is "
                "recorded, the case cannot move on and its costs are not settled (RULES.md §2.4)."
            ),
            priority=Priority.URGENT,
            target=Target(TargetKind.COURT_SESSION, session_id),
            authority_id=authority_id,
        )


def _approval_tasks(ctx: _Context, authority_ids: Collection[int]) -> Iterator[Task]:
    """Yield each recovery run whose letters wait for approval (one query)."""
    runs = (
        RecoveryRun.objects.filter(
            authority_id__in=authority_ids, status=RunStatus.AWAITING_APPROVAL
        )
        .order_by("run_date", "id")
        .values_list("pk", "authority_id", "run_date", "actions", "held")
    )
    for pk, authority_id, run_date, actions, held in runs:
        taken = sum(int(count) for count in (actions or {}).values())
        kept = sum(int(count) for count in (held or {}).values())
        yield ctx.task(
            kind=TaskKind.RUN_APPROVAL,
            due_date=run_date,
            title=f"Approve the letters from the recovery run of {long_date(run_date)}",
            detail=f"{_plural(taken, 'action')}, {_plural(kept, 'account')} held",
            why=(
                "The run's letters are not released until a team leader or manager approves "
                "them; check the counts per stage and per hold first."
            ),
            priority=Priority.URGENT,
            target=Target(TargetKind.RECOVERY_RUN, pk),
            authority_id=authority_id,
        )


@dataclass(frozen=True)
class _SkipTask:
    title: str
    priority: Priority
    target_kind: TargetKind


# What an officer does about the cases each kind of skip leaves; paid accounts and balances
# below a stage's minimum need nothing.
_SKIP_TASKS = {
    Skip.NO_COURT_SESSION: _SkipTask(
        "Book a court session: {cases} waiting for a summons",
        Priority.URGENT,
        TargetKind.COURT_SESSIONS,
    ),
    Skip.TOO_LATE: _SkipTask(
        "Review {cases} past a time limit", Priority.URGENT, TargetKind.RECOVERY_RUN
    ),
    Skip.NOT_AUTOMATIC: _SkipTask(
        "Choose the next step for {cases} waiting for an officer",
        Priority.NORMAL,
        TargetKind.RECOVERY_RUN,
    ),
}
_NOTHING_TO_DO = frozenset({Skip.PAID.value, Skip.BELOW_MINIMUM.value})


def _run_skipped_tasks(ctx: _Context, authority_ids: Collection[int]) -> Iterator[Task]:
    """Yield a task per reason the latest real run of each authority skipped cases (one query)."""
    real_runs = RecoveryRun.objects.filter(is_dry_run=False, run_date__lte=ctx.today)
    latest = real_runs.filter(authority_id=OuterRef("authority_id")).order_by("-run_date", "-id")
    runs = (
        real_runs.filter(authority_id__in=authority_ids, pk=Subquery(latest.values("pk")[:1]))
        .order_by("authority_id")
        .values_list("pk", "authority_id", "run_date", "skipped")
    )
    for pk, authority_id, run_date, skipped in runs:
        for reason, count in sorted((skipped or {}).items()):
            if reason in _NOTHING_TO_DO or not int(count):
                continue
            yield _skipped_task(
                ctx,
                run_id=pk,
                authority_id=authority_id,
                run_date=run_date,
                reason=reason,
                count=int(count),
            )


def _skipped_task(
    ctx: _Context, *, run_id: int, authority_id: int, run_date: dt.date, reason: str, count: int
) -> Task:
    cases = _plural(count, "case")
    skip = next((s for s in Skip if s.value == reason), None)
    spec = _SKIP_TASKS.get(skip) if skip else None
    if spec is None:
        title, priority, target = (
            f"Check why the run skipped {cases}",
            Priority.NORMAL,
            Target(TargetKind.RECOVERY_RUN, run_id),
        )
    else:
        is_booking = spec.target_kind is TargetKind.COURT_SESSIONS
        title, priority, target = (
            spec.title.format(cases=cases),
            spec.priority,
            Target(spec.target_kind, authority_id if is_booking else run_id),
        )
    return ctx.task(
        kind=TaskKind.RUN_SKIPPED,
        due_date=run_date,
        title=title,
        detail=f"Skipped by the recovery run of {long_date(run_date)}",
        why=SKIP_REASONS[skip] if skip else f"The run gave the reason {reason!r}.",
        priority=priority,
        target=target,
        authority_id=authority_id,
    )


_READERS = {
    TaskGroup.BREATHING_SPACE: (_breathing_space_tasks,),
    TaskGroup.HOLD_REVIEW: (_marker_review_tasks, _hold_review_tasks),
    TaskGroup.COURT: (_court_hearing_tasks, _court_outcome_tasks),
    TaskGroup.APPROVAL: (_approval_tasks,),
    TaskGroup.RUN_SKIPPED: (_run_skipped_tasks,),
}


def officer_task_groups(*, officer: Officer) -> list[TaskGroup]:
    """Return the kinds of task `officer`'s role lets them see (the queue itself aside)."""
    return [
        group
        for group in TaskGroup
        if group not in GROUP_PERMISSIONS
        or staff_selectors.officer_can(officer=officer, permission=GROUP_PERMISSIONS[group])
    ]


# --- The queue ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilter:
    """What the officer asked to see; empty means everything."""

    groups: frozenset[TaskGroup] = frozenset()
    authority_ids: frozenset[int] = frozenset()
    bands: frozenset[DueBand] = frozenset()


@dataclass(frozen=True)
class GroupCount:
    group: TaskGroup
    label: str
    count: int
    overdue: int


@dataclass(frozen=True)
class WorkQueue:
    tasks: list[Task]  # filtered, soonest due first
    counts: list[GroupCount]  # per group the officer may see, under the council and due filters
    groups: list[TaskGroup]  # the groups the officer may see
    authorities: list[tuple[int, str]]  # the councils the officer may see, by name
    today: dt.date


def work_queue(*, officer: Officer, today: dt.date, filters: QueueFilter) -> WorkQueue:
    """
    Return the tasks `officer` must do on `today` at their councils, filtered and counted.

    Only the officer's councils are read (`staff.selectors.visible_authority_ids`); a council
    they do not see in `filters` finds nothing. Groups their role may not see
    (`GROUP_PERMISSIONS`: approvals need APPROVE, court tasks VIEW_COURT) are not read at all.
    At most ten queries whatever the data.
    """
    visible = staff_selectors.visible_authority_ids(officer=officer)
    authorities = sorted(
        Authority.objects.filter(pk__in=visible).values_list("pk", "name"),
        key=lambda row: (row[1], row[0]),
    )
    groups = officer_task_groups(officer=officer)
    wanted_ids = (visible & filters.authority_ids) if filters.authority_ids else visible
    ctx = _Context(today=today, authority_names=dict(authorities))
    tasks = _read(ctx, groups=groups, authority_ids=wanted_ids) if wanted_ids else []
    in_band = [t for t in tasks if not filters.bands or t.band in filters.bands]
    counts = Counter(t.group for t in in_band)
    overdue = Counter(t.group for t in in_band if t.is_overdue)
    shown = sorted(
        (t for t in in_band if not filters.groups or t.group in filters.groups),
        key=lambda t: t.sort_key,
    )
    return WorkQueue(
        tasks=shown,
        counts=[
            GroupCount(
                group=group,
                label=TASK_GROUP_LABELS[group],
                count=counts[group],
                overdue=overdue[group],
            )
            for group in groups
        ],
        groups=groups,
        authorities=authorities,
        today=today,
    )


def _read(
    ctx: _Context, *, groups: Iterable[TaskGroup], authority_ids: frozenset[int]
) -> list[Task]:
    tasks: list[Task] = []
    for group in groups:
        for reader in _READERS[group]:
            tasks.extend(reader(ctx, authority_ids))
    return tasks
