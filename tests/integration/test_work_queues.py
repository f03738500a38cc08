"""
The work queue's reads on a real database: each task appears on its day and not before or after.

A standard Breathing Space starting Monday 2 November 2026 runs to Thursday 31 December 2026
(60 days beginning with the start day, RULES.md §5.1): the creditor review deadline is day 20,
Saturday 21 November; the midway review window is day 26–35, Friday 27 November to Sunday
6 December; recovery may resume on Friday 1 January 2027.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from arrears.audit.services import SYSTEM
from arrears.kernel.clock import LONDON
from arrears.recovery.models import (
    CourtSession,
    Hold,
    RecoveryCase,
    RecoveryRun,
    RunStatus,
    Stage,
)
from arrears.recovery.selectors import queues
from arrears.recovery.selectors.queues import (
    DueBand,
    Priority,
    QueueFilter,
    Target,
    TargetKind,
    TaskGroup,
    TaskKind,
)
from arrears.recovery.services.streams import install_default_streams
from arrears.staff.domain.policy import Role
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date
START = D(2026, 11, 2)
END = D(2026, 12, 31)  # 60 days beginning with START


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=LONDON)


def _breathing_space(party, *, start=START, end=END, category="STANDARD", told=None):
    return factories.MarkerFactory(
        party=party,
        kind="BREATHING_SPACE",
        category=category,
        start_date=start,
        end_date=end,
        recorded_at=_at(told or start),
    )


def _tasks(officer, today, **filters):
    return queues.work_queue(officer=officer, today=today, filters=QueueFilter(**filters)).tasks


def _kinds(officer, today, **filters):
    return sorted(t.kind.value for t in _tasks(officer, today, **filters))


def _officer(authorities, role=Role.DEBT_MANAGEMENT_OFFICER):
    return factories.OfficerFactory(role=role.value, authorities=authorities)


@pytest.fixture
def party_a(authority_a):
    return factories.PartyFactory(authority=authority_a, surname="Abernethy")


@pytest.fixture
def dmo_a(authority_a):
    return _officer([authority_a])


class TestBreathingSpaceDates:
    def test_breathing_space_dates_for_a_standard_breathing_space(self):
        dates = queues.breathing_space_dates(
            start_date=START, end_date=D(2026, 12, 31), category="STANDARD", told_date=START
        )

        assert dates == queues.BreathingSpaceDates(
            search_due_date=START,
            search_shown_until=D(2026, 11, 21),
            review_request_deadline=D(2026, 11, 21),
            midway_review_from=D(2026, 11, 27),
            midway_review_until=D(2026, 12, 6),
            resume_date=D(2027, 1, 1),
        )

    def test_breathing_space_dates_for_a_mental_health_crisis_have_no_midway_review(self):
        dates = queues.breathing_space_dates(
            start_date=START, end_date=None, category="MENTAL_HEALTH_CRISIS", told_date=START
        )

        assert (dates.midway_review_from, dates.midway_review_until, dates.resume_date) == (
            None,
            None,
            None,
        )
        assert dates.review_request_deadline == D(2026, 11, 21)

    def test_breathing_space_dates_search_from_the_day_a_backdated_one_was_told(self):
        dates = queues.breathing_space_dates(
            start_date=D(2026, 10, 1), end_date=None, category="STANDARD", told_date=START
        )

        assert (dates.search_due_date, dates.search_shown_until) == (START, D(2026, 11, 21))
        assert dates.review_request_deadline == D(2026, 10, 20)


class TestBreathingSpaceTasks:
    @pytest.mark.parametrize(
        ("today", "expected"),
        [
            (D(2026, 11, 1), []),
            (D(2026, 11, 2), ["BREATHING_SPACE_REVIEW_DEADLINE", "BREATHING_SPACE_SEARCH"]),
            (D(2026, 11, 21), ["BREATHING_SPACE_REVIEW_DEADLINE", "BREATHING_SPACE_SEARCH"]),
            (D(2026, 11, 22), []),
            (D(2026, 11, 26), []),
            (D(2026, 11, 27), ["BREATHING_SPACE_MIDWAY_REVIEW"]),
            (D(2026, 12, 6), ["BREATHING_SPACE_MIDWAY_REVIEW"]),
            (D(2026, 12, 7), []),
            (D(2026, 12, 24), []),
            (D(2026, 12, 25), ["BREATHING_SPACE_ENDS"]),
            (D(2027, 1, 1), ["BREATHING_SPACE_ENDS"]),
            (D(2027, 1, 2), []),
        ],
    )
    def test_work_queue_shows_each_standard_breathing_space_task_on_its_days(
        self, dmo_a, party_a, today, expected
    ):
        _breathing_space(party_a)

        kinds = _kinds(dmo_a, today)

        assert kinds == expected

    def test_work_queue_marks_the_search_overdue_after_the_start_day(self, dmo_a, party_a):
        _breathing_space(party_a)

        on_start = {t.kind: t for t in _tasks(dmo_a, START)}
        next_day = {t.kind: t for t in _tasks(dmo_a, START + dt.timedelta(days=1))}

        search = next_day[TaskKind.BREATHING_SPACE_SEARCH]
        assert on_start[TaskKind.BREATHING_SPACE_SEARCH].band is DueBand.TODAY
        assert search.is_overdue
        assert search.priority is Priority.URGENT
        assert search.due_date == START
        assert search.target == Target(TargetKind.PARTY, party_a.pk)
        assert search.party_name == party_a.display_name
        assert search.title == "Search for the debtor's other debts and report them"
        assert "regs 14–15" in search.why
        assert not next_day[TaskKind.BREATHING_SPACE_REVIEW_DEADLINE].is_overdue

    @pytest.mark.parametrize(
        ("today", "expected"),
        [
            (D(2026, 11, 2), ["BREATHING_SPACE_REVIEW_DEADLINE", "BREATHING_SPACE_SEARCH"]),
            (D(2026, 11, 21), ["BREATHING_SPACE_REVIEW_DEADLINE", "BREATHING_SPACE_SEARCH"]),
            (D(2026, 11, 22), []),
            (D(2026, 11, 30), []),  # no midway review for a crisis Breathing Space
            (D(2027, 3, 1), []),  # open-ended: no end to expect
        ],
    )
    def test_work_queue_shows_a_mental_health_crisis_breathing_space_without_midway_or_end(
        self, dmo_a, party_a, today, expected
    ):
        _breathing_space(party_a, end=None, category="MENTAL_HEALTH_CRISIS")

        kinds = _kinds(dmo_a, today)

        assert kinds == expected

    def test_work_queue_shows_the_end_of_a_crisis_breathing_space_once_it_is_ended(
        self, dmo_a, party_a
    ):
        _breathing_space(party_a, end=D(2027, 2, 14), category="MENTAL_HEALTH_CRISIS")

        before = _kinds(dmo_a, D(2027, 2, 7))
        first = _kinds(dmo_a, D(2027, 2, 8))
        resume = _tasks(dmo_a, D(2027, 2, 15))

        assert before == []
        assert first == ["BREATHING_SPACE_ENDS"]
        assert [(t.kind, t.due_date, t.band) for t in resume] == [
            (TaskKind.BREATHING_SPACE_ENDS, D(2027, 2, 15), DueBand.TODAY)
        ]

    def test_work_queue_gives_a_backdated_breathing_space_its_search_from_the_day_told(
        self, dmo_a, party_a
    ):
        _breathing_space(party_a, start=D(2026, 10, 1), end=D(2026, 11, 29), told=START)

        on_told = _tasks(dmo_a, START)
        day_before = _kinds(dmo_a, START - dt.timedelta(days=1))

        # The review deadline (20 October) had passed before the council was told; the midway
        # window (26 October to 4 November) is still open.
        assert sorted((t.kind.value, t.due_date) for t in on_told) == [
            ("BREATHING_SPACE_MIDWAY_REVIEW", D(2026, 11, 4)),
            ("BREATHING_SPACE_SEARCH", START),
        ]
        assert day_before == ["BREATHING_SPACE_MIDWAY_REVIEW"]

    def test_work_queue_drops_the_duties_of_a_breathing_space_cancelled_early(self, dmo_a, party_a):
        _breathing_space(party_a, end=D(2026, 11, 10))

        on_last_day = _kinds(dmo_a, D(2026, 11, 10))
        after = _kinds(dmo_a, D(2026, 11, 11))

        assert on_last_day == [
            "BREATHING_SPACE_ENDS",
            "BREATHING_SPACE_REVIEW_DEADLINE",
            "BREATHING_SPACE_SEARCH",
        ]
        assert after == ["BREATHING_SPACE_ENDS"]


class TestHoldReviewTasks:
    def _hold(self, account, **fields):
        values = {
            "kind": "DISPUTE",
            "start_date": D(2026, 10, 1),
            "review_date": D(2026, 11, 10),
            "reason": "Says the bill was for the wrong band",
            "recorded_at": timezone.now(),
        }
        return Hold.objects.create(account=account, **(values | fields))

    @pytest.mark.parametrize(
        ("today", "expected"),
        [(D(2026, 11, 9), None), (D(2026, 11, 10), DueBand.TODAY), (D(2026, 11, 11), "OVERDUE")],
    )
    def test_work_queue_shows_a_hold_from_its_review_date(
        self, dmo_a, authority_a, party_a, today, expected
    ):
        account = factories.DebtAccountFactory(authority=authority_a, parties=[party_a])
        self._hold(account)

        tasks = _tasks(dmo_a, today)

        assert [t.band for t in tasks] == ([expected] if expected else [])
        if expected:
            task = tasks[0]
            assert task.kind is TaskKind.HOLD_REVIEW
            assert task.target == Target(TargetKind.ACCOUNT, account.pk)
            assert (task.account_reference, task.party_id) == (account.reference, party_a.pk)
            assert task.title == "Review the dispute hold"

    def test_work_queue_leaves_out_holds_ended_or_without_a_review_date(
        self, dmo_a, authority_a, party_a
    ):
        account = factories.DebtAccountFactory(authority=authority_a, parties=[party_a])
        self._hold(account, end_date=D(2026, 11, 10))
        self._hold(account, kind="APPEAL", review_date=None)

        tasks = _tasks(dmo_a, D(2026, 11, 11))

        assert tasks == []

    @pytest.mark.parametrize("kind", ["VULNERABILITY", "INSOLVENCY", "DECEASED"])
    def test_work_queue_shows_a_marker_from_its_review_date(self, dmo_a, party_a, kind):
        factories.MarkerFactory(party=party_a, kind=kind, category="", review_date=D(2026, 11, 10))

        before = _tasks(dmo_a, D(2026, 11, 9))
        on_day = _tasks(dmo_a, D(2026, 11, 10))

        assert before == []
        assert [(t.kind, t.target) for t in on_day] == [
            (TaskKind.MARKER_REVIEW, Target(TargetKind.PARTY, party_a.pk))
        ]

    def test_work_queue_leaves_out_ended_and_other_markers(self, dmo_a, party_a):
        review = D(2026, 11, 10)
        factories.MarkerFactory(party=party_a, review_date=review, end_date=D(2026, 11, 10))
        factories.MarkerFactory(party=party_a, kind="RISK", category="", review_date=review)

        tasks = _tasks(dmo_a, D(2026, 11, 11))

        assert tasks == []


@pytest.fixture
def liability_order_stage(authority_a):
    install_default_streams(authority_id=authority_a.pk, actor=SYSTEM, at=timezone.now())
    return Stage.objects.get(
        stream__authority=authority_a, stream__debt_type="COUNCIL_TAX", code="LIABILITY_ORDER"
    )


def _session(authority, hearing: dt.date, *, court="Kingston Magistrates' Court"):
    return CourtSession.objects.create(
        authority=authority,
        court_name=court,
        hearing_date=hearing,
        hearing_time=dt.time(10, 0),
        capacity=200,
        created_at=timezone.now(),
    )


def _case(account, session, next_stage, *, is_closed=False):
    return RecoveryCase.objects.create(
        account=account,
        authority_id=account.authority_id,
        stream=next_stage.stream,
        next_stage=next_stage,
        due_date=D(2026, 4, 1),
        original_amount=Decimal("731.19"),
        court_session=session,
        hearing_date=session.hearing_date,
        opened_date=D(2026, 4, 1),
        is_closed=is_closed,
    )


class TestCourtTasks:
    HEARING = D(2026, 11, 20)

    @pytest.mark.parametrize(
        ("today", "expected"),
        [
            (D(2026, 11, 5), []),
            (D(2026, 11, 6), ["COURT_HEARING"]),
            (D(2026, 11, 20), ["COURT_HEARING"]),
            (D(2026, 11, 21), ["COURT_OUTCOMES"]),
            (D(2027, 1, 4), ["COURT_OUTCOMES"]),
        ],
    )
    def test_work_queue_shows_a_hearing_two_weeks_ahead_then_its_outcomes(
        self, dmo_a, authority_a, liability_order_stage, today, expected
    ):
        session = _session(authority_a, self.HEARING)
        _case(factories.DebtAccountFactory(authority=authority_a), session, liability_order_stage)

        kinds = _kinds(dmo_a, today)

        assert kinds == expected

    def test_work_queue_counts_the_cases_listed_and_awaiting_outcomes(
        self, dmo_a, authority_a, liability_order_stage
    ):
        session = _session(authority_a, self.HEARING)
        for _ in range(3):
            account = factories.DebtAccountFactory(authority=authority_a)
            _case(account, session, liability_order_stage)
        closed = factories.DebtAccountFactory(authority=authority_a)
        _case(closed, session, liability_order_stage, is_closed=True)

        [hearing] = _tasks(dmo_a, self.HEARING)
        [outcomes] = _tasks(dmo_a, self.HEARING + dt.timedelta(days=2))

        assert hearing.detail == "3 summonses listed, 200 places"
        assert hearing.target == Target(TargetKind.COURT_SESSION, session.pk)
        assert outcomes.detail == "3 cases with no outcome recorded"
        assert outcomes.due_date == self.HEARING + dt.timedelta(days=1)
        assert outcomes.is_overdue
        assert outcomes.target == Target(TargetKind.COURT_SESSION, session.pk)

    def test_work_queue_shows_court_tasks_only_to_those_who_may_see_the_court_pages(
        self, authority_a, liability_order_stage
    ):
        session = _session(authority_a, self.HEARING)
        _case(factories.DebtAccountFactory(authority=authority_a), session, liability_order_stage)
        agent = _officer([authority_a], Role.ENFORCEMENT_AGENT)

        tasks = _tasks(agent, self.HEARING) + _tasks(agent, self.HEARING + dt.timedelta(days=1))

        assert tasks == []
        assert TaskGroup.COURT not in queues.officer_task_groups(officer=agent)

    def test_work_queue_has_no_outcome_task_once_every_outcome_is_recorded(
        self, dmo_a, authority_a, liability_order_stage
    ):
        session = _session(authority_a, self.HEARING)
        following = Stage.objects.get(
            stream=liability_order_stage.stream, position=liability_order_stage.position + 1
        )
        _case(factories.DebtAccountFactory(authority=authority_a), session, following)

        tasks = _tasks(dmo_a, self.HEARING + dt.timedelta(days=1))

        assert tasks == []


def _run(authority, run_date, *, status=RunStatus.RELEASED, is_dry_run=False, skipped=None):
    return RecoveryRun.objects.create(
        authority=authority,
        run_date=run_date,
        is_dry_run=is_dry_run,
        status=status,
        evaluated=10,
        actions={"REMINDER": 4, "SUMMONS": 2},
        held={"BREATHING_SPACE": 1},
        skipped=skipped or {},
        started_at=timezone.now(),
    )


class TestRunTasks:
    def test_work_queue_shows_runs_awaiting_approval_only_to_those_who_may_approve(
        self, authority_a, dmo_a
    ):
        run = _run(authority_a, START, status=RunStatus.AWAITING_APPROVAL)
        _run(authority_a, START - dt.timedelta(days=1))
        leader = _officer([authority_a], Role.TEAM_LEADER)

        leaders = _tasks(leader, START)
        officers = _tasks(dmo_a, START)

        assert [(t.kind, t.target, t.detail) for t in leaders] == [
            (
                TaskKind.RUN_APPROVAL,
                Target(TargetKind.RECOVERY_RUN, run.pk),
                "6 actions, 1 account held",
            )
        ]
        assert officers == []
        assert TaskGroup.APPROVAL not in queues.officer_task_groups(officer=dmo_a)

    def test_work_queue_turns_the_latest_runs_skips_into_tasks(self, authority_a, dmo_a):
        _run(authority_a, START - dt.timedelta(days=1), skipped={"past-time-limit": 9})
        run = _run(
            authority_a,
            START,
            status=RunStatus.AWAITING_APPROVAL,
            skipped={"no-court-session": 3, "paid": 5, "past-time-limit": 1},
        )
        _run(
            authority_a,
            START,
            is_dry_run=True,
            status=RunStatus.PREVIEW,
            skipped={"no-court-session": 40},
        )

        tasks = _tasks(dmo_a, START)

        assert [(t.title, t.target, t.priority) for t in tasks] == [
            (
                "Book a court session: 3 cases waiting for a summons",
                Target(TargetKind.COURT_SESSIONS, authority_a.pk),
                Priority.URGENT,
            ),
            (
                "Review 1 case past a time limit",
                Target(TargetKind.RECOVERY_RUN, run.pk),
                Priority.URGENT,
            ),
        ]

    def test_work_queue_ignores_runs_dated_after_today(self, authority_a, dmo_a):
        _run(authority_a, START + dt.timedelta(days=1), skipped={"no-court-session": 3})

        tasks = _tasks(dmo_a, START)

        assert tasks == []


def _one_of_each(authority, party, lo_stage, *, on=START):
    """Make data that gives one task of every kind on `on` (approval needs APPROVE)."""
    _breathing_space(party, start=on)
    account = factories.DebtAccountFactory(authority=authority, parties=[party])
    Hold.objects.create(
        account=account,
        kind="APPEAL",
        start_date=on,
        review_date=on,
        reason="Valuation tribunal appeal",
        recorded_at=timezone.now(),
    )
    factories.MarkerFactory(party=party, review_date=on)
    _session(authority, on + dt.timedelta(days=3))
    past = _session(authority, on - dt.timedelta(days=3))
    _case(factories.DebtAccountFactory(authority=authority), past, lo_stage)
    _run(authority, on, status=RunStatus.AWAITING_APPROVAL, skipped={"no-court-session": 2})


class TestWorkQueue:
    def test_work_queue_never_shows_another_councils_tasks(
        self, authority_a, authority_b, party_a, liability_order_stage
    ):
        install_default_streams(authority_id=authority_b.pk, actor=SYSTEM, at=timezone.now())
        lo_b = Stage.objects.get(
            stream__authority=authority_b, stream__debt_type="COUNCIL_TAX", code="LIABILITY_ORDER"
        )
        _one_of_each(authority_a, party_a, liability_order_stage)
        _one_of_each(authority_b, factories.PartyFactory(authority=authority_b), lo_b)
        leader_a = _officer([authority_a], Role.TEAM_LEADER)
        leader_both = _officer([authority_a, authority_b], Role.TEAM_LEADER)

        mine = _tasks(leader_a, START)
        shared = _tasks(leader_both, START)
        asked_for_b = _tasks(leader_a, START, authority_ids=frozenset({authority_b.pk}))

        assert {t.authority_id for t in mine} == {authority_a.pk}
        later = {TaskKind.BREATHING_SPACE_MIDWAY_REVIEW, TaskKind.BREATHING_SPACE_ENDS}
        assert {t.kind for t in mine} == set(TaskKind) - later
        assert {t.authority_id for t in shared} == {authority_a.pk, authority_b.pk}
        assert len(shared) == 2 * len(mine)
        assert asked_for_b == []  # asking for a council the officer does not see finds nothing

    def test_work_queue_filters_by_kind_council_and_when_due(
        self, authority_a, authority_b, party_a, liability_order_stage
    ):
        _one_of_each(authority_a, party_a, liability_order_stage)
        _breathing_space(factories.PartyFactory(authority=authority_b))
        officer = _officer([authority_a, authority_b], Role.TEAM_LEADER)

        court = _kinds(officer, START, groups=frozenset({TaskGroup.COURT}))
        council_b = _tasks(officer, START, authority_ids=frozenset({authority_b.pk}))
        overdue = _kinds(officer, START, bands=frozenset({DueBand.OVERDUE}))
        week = _kinds(officer, START, bands=frozenset({DueBand.WEEK}))
        holds_today = _kinds(
            officer,
            START,
            groups=frozenset({TaskGroup.HOLD_REVIEW}),
            bands=frozenset({DueBand.TODAY}),
        )

        assert court == ["COURT_HEARING", "COURT_OUTCOMES"]
        assert {t.authority_id for t in council_b} == {authority_b.pk}
        assert overdue == ["COURT_OUTCOMES"]
        assert week == ["COURT_HEARING"]
        assert holds_today == ["HOLD_REVIEW", "MARKER_REVIEW"]

    def test_work_queue_counts_each_group_under_the_other_filters(
        self, authority_a, party_a, liability_order_stage
    ):
        _one_of_each(authority_a, party_a, liability_order_stage)
        leader = _officer([authority_a], Role.TEAM_LEADER)

        queue = queues.work_queue(
            officer=leader,
            today=START,
            filters=QueueFilter(groups=frozenset({TaskGroup.COURT})),
        )

        assert {c.group: (c.count, c.overdue) for c in queue.counts} == {
            TaskGroup.BREATHING_SPACE: (2, 0),
            TaskGroup.HOLD_REVIEW: (2, 0),
            TaskGroup.COURT: (2, 1),
            TaskGroup.APPROVAL: (1, 0),
            TaskGroup.RUN_SKIPPED: (1, 0),
        }
        assert len(queue.tasks) == 2

    def test_work_queue_puts_overdue_tasks_first_then_by_due_date_and_priority(
        self, authority_a, party_a, liability_order_stage
    ):
        _one_of_each(authority_a, party_a, liability_order_stage)
        leader = _officer([authority_a], Role.TEAM_LEADER)

        tasks = _tasks(leader, START)

        assert tasks[0].is_overdue
        assert [t.due_date for t in tasks] == sorted(t.due_date for t in tasks)
        today = [t for t in tasks if t.band is DueBand.TODAY]
        assert [t.priority for t in today] == sorted(t.priority for t in today)
        assert tasks[-1].kind is TaskKind.BREATHING_SPACE_REVIEW_DEADLINE

    def test_work_queue_reads_in_a_fixed_number_of_queries(
        self, authority_a, authority_b, liability_order_stage, django_assert_max_num_queries
    ):
        install_default_streams(authority_id=authority_b.pk, actor=SYSTEM, at=timezone.now())
        lo_b = Stage.objects.get(
            stream__authority=authority_b, stream__debt_type="COUNCIL_TAX", code="LIABILITY_ORDER"
        )
        for _ in range(5):
            _one_of_each(
                authority_a, factories.PartyFactory(authority=authority_a), liability_order_stage
            )
            _one_of_each(authority_b, factories.PartyFactory(authority=authority_b), lo_b)
        leader = _officer([authority_a, authority_b], Role.TEAM_LEADER)

        with django_assert_max_num_queries(10):
            tasks = _tasks(leader, START)

        # Per council: 7 tasks for each of the 5 sets, and the skips of its latest run once.
        assert len(tasks) == 2 * (5 * 7 + 1)
