"""What an administrator may change in a stream, and the waits the law sets (issue 3, item 1)."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from arrears.accounts.domain.debts import DebtType
from arrears.recovery.domain.decisions import cost_in_force
from arrears.recovery.domain.periods import DayCount, earliest_step_date
from arrears.recovery.domain.stream_limits import (
    STATUTORY_WAITS,
    NewCost,
    Wait,
    cost_problems,
    default_stage,
    describe_wait,
    is_no_shorter,
    stage_change_problems,
    stage_values,
)
from arrears.recovery.domain.streams import DEFAULT_STREAMS, CostSpec, CountFrom, StageSpec

CT = DebtType.COUNCIL_TAX
PCN = DebtType.PARKING_PCN


def _stage(debt_type: DebtType, code: str) -> StageSpec:
    spec = default_stage(debt_type=debt_type, code=code)
    assert spec is not None
    return spec


def _problems(debt_type, code, *, has_hearing_before=True, **changes):
    spec = _stage(debt_type, code)
    proposed = replace(stage_values(spec), **changes)
    return stage_change_problems(
        debt_type=debt_type, spec=spec, proposed=proposed, has_hearing_before=has_hearing_before
    )


class TestDescribeWait:
    @pytest.mark.parametrize(
        ("wait", "words"),
        [
            (
                Wait(7, DayCount.BEGINNING_WITH, CountFrom.PREVIOUS_ISSUE),
                "7 days beginning with the day the previous stage was issued",
            ),
            (
                Wait(1, DayCount.AFTER, CountFrom.HEARING_DATE),
                "1 day after the day of the hearing",
            ),
            (
                Wait(0, DayCount.BEGINNING_WITH, CountFrom.DUE_DATE),
                "No wait: counted from the day the sum fell due",
            ),
        ],
    )
    def test_describe_wait_says_it_in_words(self, wait, words):
        assert describe_wait(wait) == words


class TestIsNoShorter:
    @pytest.mark.parametrize(
        ("proposed", "allowed"),
        [
            (Wait(7, DayCount.BEGINNING_WITH, CountFrom.PREVIOUS_ISSUE), True),
            (Wait(8, DayCount.BEGINNING_WITH, CountFrom.PREVIOUS_ISSUE), True),
            (Wait(6, DayCount.BEGINNING_WITH, CountFrom.PREVIOUS_ISSUE), False),
            # "6 days after" ends on the same day as "7 days beginning with".
            (Wait(6, DayCount.AFTER, CountFrom.PREVIOUS_ISSUE), True),
            (Wait(5, DayCount.AFTER, CountFrom.PREVIOUS_ISSUE), False),
            # Service is after issue, so counting from it only lengthens the wait.
            (Wait(7, DayCount.BEGINNING_WITH, CountFrom.PREVIOUS_SERVICE), True),
            (Wait(30, DayCount.BEGINNING_WITH, CountFrom.DUE_DATE), False),
            (Wait(7, DayCount.CLEAR_DAYS, CountFrom.PREVIOUS_ISSUE), True),
        ],
    )
    def test_is_no_shorter_than_seven_days_beginning_with_issue(self, proposed, allowed):
        floor = Wait(7, DayCount.BEGINNING_WITH, CountFrom.PREVIOUS_ISSUE)

        assert is_no_shorter(proposed, floor) is allowed

    @pytest.mark.parametrize("days", range(0, 12))
    @pytest.mark.parametrize("count", list(DayCount))
    def test_is_no_shorter_agrees_with_the_earliest_step_date(self, days, count):
        floor = Wait(7, DayCount.BEGINNING_WITH, CountFrom.PREVIOUS_ISSUE)
        start = dt.date(2026, 3, 2)

        allowed = is_no_shorter(Wait(days, count, CountFrom.PREVIOUS_ISSUE), floor)

        if allowed:
            assert earliest_step_date(
                start, days=days, count=count, holidays=set()
            ) >= earliest_step_date(start, days=7, count=DayCount.BEGINNING_WITH, holidays=set())

    def test_is_no_shorter_refuses_days_after_in_place_of_clear_days(self):
        floor = Wait(5, DayCount.CLEAR_DAYS, CountFrom.PREVIOUS_SERVICE)

        assert not is_no_shorter(Wait(5, DayCount.AFTER, CountFrom.PREVIOUS_SERVICE), floor)


class TestStageChangeProblems:
    def test_stage_change_problems_allows_a_longer_summons_wait(self):
        assert _problems(CT, "SUMMONS", wait_days=14) == []

    def test_stage_change_problems_refuses_a_shorter_summons_wait_citing_the_rule(self):
        problems = _problems(CT, "SUMMONS", wait_days=6)

        assert [p.field for p in problems] == ["wait_days"]
        assert "7 days beginning with the day the previous stage was issued" in problems[0].message
        assert "RULES.md §2.3" in problems[0].message
        assert "RULES.md §0.2 item 5" in problems[0].message

    def test_stage_change_problems_refuses_counting_the_summons_from_the_due_date(self):
        problems = _problems(CT, "SUMMONS", count_from=CountFrom.DUE_DATE, wait_days=60)

        assert [p.field for p in problems] == ["count_from"]

    @pytest.mark.parametrize(
        "code", ["NOTICE_TO_OWNER", "CHARGE_CERTIFICATE", "TEC_REGISTRATION", "WARRANT_OF_CONTROL"]
    )
    def test_stage_change_problems_keeps_every_parking_wait(self, code):
        spec = _stage(PCN, code)

        problems = _problems(PCN, code, wait_days=spec.wait_days - 1)

        assert problems
        assert "RULES.md §3" in problems[0].message

    def test_stage_change_problems_lets_a_council_policy_wait_shorten(self):
        assert _problems(DebtType.SUNDRY_INVOICE, "FINAL_NOTICE", wait_days=7) == []

    def test_stage_change_problems_names_a_statutory_wait_for_every_table_row(self):
        for debt_type, code in STATUTORY_WAITS:
            assert default_stage(debt_type=debt_type, code=code) is not None, (debt_type, code)

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"wait_days": -1}, "wait_days"),
            ({"wait_days": 366}, "wait_days"),
            ({"minimum_balance": Decimal("-0.01")}, "minimum_balance"),
            ({"minimum_balance": Decimal("5.001")}, "minimum_balance"),
            ({"letter": "PCN_NOTICE_TO_OWNER"}, "letter"),
            ({"letter": ""}, "letter"),
        ],
    )
    def test_stage_change_problems_refuses_values_out_of_range(self, changes, field):
        problems = _problems(CT, "REMINDER", **changes)

        assert [p.field for p in problems] == [field]

    def test_stage_change_problems_lets_a_reminder_send_another_letter_of_its_stream(self):
        assert _problems(CT, "REMINDER", letter="FINAL_NOTICE") == []

    def test_stage_change_problems_keeps_the_summons_letter(self):
        problems = _problems(CT, "SUMMONS", letter="FINAL_NOTICE")

        assert [p.field for p in problems] == ["letter"]

    def test_stage_change_problems_refuses_a_wait_on_an_officer_stage(self):
        problems = _problems(CT, "BANKRUPTCY", wait_days=10)

        assert [p.field for p in problems] == ["wait_days"]

    def test_stage_change_problems_refuses_counting_from_a_hearing_not_yet_had(self):
        problems = _problems(
            CT, "REMINDER", count_from=CountFrom.HEARING_DATE, has_hearing_before=False
        )

        assert [p.field for p in problems] == ["count_from"]


def _cost(**changes) -> NewCost:
    values = {
        "valid_from": dt.date(2027, 4, 1),
        "description": "Summons costs",
        "justification": "Staff time and court fee, 2027/28 costing",
        "amount": Decimal("70.00"),
    }
    values.update(changes)
    return NewCost(**values)


class TestCostProblems:
    def _problems(self, cost, *, code="SUMMONS", debt_type=CT, has_cases=False):
        return cost_problems(
            debt_type=debt_type,
            spec=_stage(debt_type, code),
            cost=cost,
            has_cases=has_cases,
            as_of=dt.date(2026, 6, 1),
        )

    def test_cost_problems_allows_a_new_summons_cost_from_a_date(self):
        assert self._problems(_cost()) == []

    @pytest.mark.parametrize(
        ("cost", "field"),
        [
            (_cost(amount=Decimal("0.00")), "amount"),
            (_cost(amount=Decimal("-1.00")), "amount"),
            (_cost(amount=Decimal("64.505")), "amount"),
            (_cost(amount=None), "amount"),
            (_cost(valid_from=dt.date(1999, 12, 31)), "valid_from"),
            (_cost(valid_from=dt.date(2014, 4, 1)), "valid_from"),  # the shipped cost's date
            (_cost(description=" "), "description"),
            (_cost(justification=""), "justification"),
        ],
    )
    def test_cost_problems_refuses_bad_figures(self, cost, field):
        assert [p.field for p in self._problems(cost)] == [field]

    @pytest.mark.parametrize(
        ("percent", "allowed"),
        [("50", True), ("100", True), ("0", False), ("100.01", False), ("12.345", False)],
    )
    def test_cost_problems_checks_a_percentage(self, percent, allowed):
        cost = _cost(amount=None, percent_of_original=Decimal(percent))

        problems = self._problems(cost, code="CHARGE_CERTIFICATE", debt_type=PCN)

        assert (problems == []) is allowed

    def test_cost_problems_refuses_a_cost_on_a_reminder(self):
        problems = self._problems(_cost(), code="REMINDER")

        assert [p.field for p in problems] == ["amount"]
        assert "Summons, Liability order" in problems[0].message

    def test_cost_problems_wants_a_future_date_on_a_version_with_cases(self):
        today = self._problems(_cost(valid_from=dt.date(2026, 6, 1)), has_cases=True)
        tomorrow = self._problems(_cost(valid_from=dt.date(2026, 6, 2)), has_cases=True)

        assert [p.field for p in today] == ["valid_from"]
        assert tomorrow == []


class TestCostInForce:
    def test_cost_in_force_picks_the_cost_by_the_date_of_the_action(self):
        shipped = _stage(CT, "SUMMONS")
        raised = CostSpec(
            valid_from=dt.date(2027, 4, 1),
            description="Summons costs",
            justification="2027/28 costing",
            amount=Decimal("70.00"),
        )
        stage = replace(shipped, costs=(*shipped.costs, raised))

        before = cost_in_force(stage, on=dt.date(2027, 3, 31), original_amount=Decimal("500"))
        after = cost_in_force(stage, on=dt.date(2027, 4, 1), original_amount=Decimal("500"))

        assert before is not None
        assert before[1] == Decimal("64.50")
        assert after is not None
        assert after[1] == Decimal("70.00")


def test_every_default_letter_stage_sends_a_letter():
    # A shipped stream must itself pass the rules an administrator's change is held to.
    for debt_type, stream in DEFAULT_STREAMS.items():
        for spec in stream.stages:
            assert (
                stage_change_problems(
                    debt_type=debt_type,
                    spec=spec,
                    proposed=stage_values(spec),
                    has_hearing_before=True,
                )
                == []
            ), (debt_type, spec.code)
