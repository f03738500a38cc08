"""The pure recovery rules: day counts, the eligibility gate, scheduling and decisions."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arrears.accounts.domain.debts import DebtType
from arrears.kernel.calendars import Nation, bank_holidays
from arrears.recovery.domain.decisions import (
    CaseFacts,
    Skip,
    add_months,
    cost_in_force,
    decide_step,
    earliest_hearing_date,
    schedule_next,
)
from arrears.recovery.domain.holds import ActionKind, HoldKind, decide_eligibility
from arrears.recovery.domain.periods import (
    DayCount,
    deemed_service_date,
    earliest_step_date,
    next_working_day,
)
from arrears.recovery.domain.streams import DEFAULT_STREAMS, StageKind

HOLIDAYS = frozenset(bank_holidays(years=[2025, 2026, 2027], nation=Nation.ENGLAND))
D = dt.date


def test_beginning_with_counts_the_first_day() -> None:
    # 7 days beginning with Mon 2 Mar are 2-8 Mar; the next step may be taken on 9 Mar.
    assert earliest_step_date(
        D(2026, 3, 2), days=7, count=DayCount.BEGINNING_WITH, holidays=HOLIDAYS
    ) == D(2026, 3, 9)


def test_after_is_read_generously() -> None:
    assert earliest_step_date(D(2026, 3, 2), days=7, count=DayCount.AFTER, holidays=HOLIDAYS) == D(
        2026, 3, 10
    )


def test_clear_days_reproduce_rules_worked_examples() -> None:
    # RULES.md §10.3 N1-N3.
    count = DayCount.CLEAR_DAYS
    assert earliest_step_date(D(2026, 3, 2), days=7, count=count, holidays=HOLIDAYS) == D(
        2026, 3, 11
    )
    assert earliest_step_date(D(2026, 4, 1), days=7, count=count, holidays=HOLIDAYS) == D(
        2026, 4, 12
    )
    assert earliest_step_date(D(2026, 12, 21), days=7, count=count, holidays=HOLIDAYS) == D(
        2027, 1, 3
    )


def test_next_working_day_skips_easter() -> None:
    assert next_working_day(D(2026, 4, 3), holidays=HOLIDAYS) == D(2026, 4, 7)
    assert next_working_day(D(2026, 4, 8), holidays=HOLIDAYS) == D(2026, 4, 8)


def test_deemed_service_is_the_second_working_day_after_posting() -> None:
    assert deemed_service_date(D(2026, 4, 2), postal_days=2, holidays=HOLIDAYS) == D(2026, 4, 8)
    assert deemed_service_date(D(2026, 3, 2), postal_days=2, holidays=HOLIDAYS) == D(2026, 3, 4)


def test_summons_hearing_is_at_least_fourteen_clear_days_after_service() -> None:
    # Posted Tue 21 Apr 2026, served Thu 23 Apr; 14 whole days (24 Apr - 7 May) lie between.
    assert earliest_hearing_date(issued=D(2026, 4, 21), postal_days=2, holidays=HOLIDAYS) == D(
        2026, 5, 8
    )


def test_add_months_keeps_month_ends() -> None:
    assert add_months(D(2026, 6, 1), 6) == D(2026, 12, 1)
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)


@pytest.mark.parametrize("kind", list(HoldKind))
def test_every_hold_stops_court_and_enforcement(kind: HoldKind) -> None:
    gate = decide_eligibility(holds=[kind], actions=[ActionKind.COURT])
    assert not gate.is_allowed
    assert gate.main_hold is kind
    assert gate.reasons


def test_vulnerability_lets_reminders_through_but_breathing_space_does_not() -> None:
    assert decide_eligibility(
        holds=[HoldKind.VULNERABILITY], actions=[ActionKind.NOTICE]
    ).is_allowed
    gate = decide_eligibility(holds=[HoldKind.BREATHING_SPACE], actions=[ActionKind.NOTICE])
    assert not gate.is_allowed
    assert "§5.2" in gate.reasons[0]


def test_breathing_space_is_reported_before_an_arrangement() -> None:
    gate = decide_eligibility(
        holds=[HoldKind.ARRANGEMENT, HoldKind.BREATHING_SPACE], actions=[ActionKind.NOTICE]
    )
    assert gate.blocking == (HoldKind.BREATHING_SPACE, HoldKind.ARRANGEMENT)


def test_every_debt_type_has_a_default_stream_with_an_automatic_first_stage() -> None:
    assert set(DEFAULT_STREAMS) == set(DebtType)
    for spec in DEFAULT_STREAMS.values():
        codes = [stage.code for stage in spec.stages]
        assert len(codes) == len(set(codes)), spec.name
        assert spec.stages[0].kind is StageKind.NOTICE
        for stage in spec.stages:
            assert stage.rule
            if stage.available_after:
                assert stage.available_after in codes


def test_business_rates_offer_no_attachment_of_earnings() -> None:
    # RULES.md §2.12: the remedies menu is driven by debt type.
    codes = {stage.code for stage in DEFAULT_STREAMS[DebtType.BUSINESS_RATES].stages}
    assert "ATTACHMENT_OF_EARNINGS" not in codes
    assert "CHARGING_ORDER" not in codes
    assert "ATTACHMENT_OF_EARNINGS" in {
        s.code for s in DEFAULT_STREAMS[DebtType.COUNCIL_TAX].stages
    }


def test_charge_certificate_adds_half_the_penalty() -> None:
    stage = next(
        s for s in DEFAULT_STREAMS[DebtType.PARKING_PCN].stages if s.code == "CHARGE_CERTIFICATE"
    )
    found = cost_in_force(stage, on=D(2026, 8, 1), original_amount=Decimal("70.00"))
    assert found is not None
    assert found[1] == Decimal("35.00")  # £70 becomes £105 (RULES.md §10.6)
    assert cost_in_force(stage, on=D(2022, 5, 30), original_amount=Decimal("70.00")) is None


def _ct(code: str):  # type: ignore[no-untyped-def]
    return next(s for s in DEFAULT_STREAMS[DebtType.COUNCIL_TAX].stages if s.code == code)


def _facts(**changes):  # type: ignore[no-untyped-def]
    base = dict(
        case_id=1,
        account_id=1,
        balance=Decimal("500.00"),
        original_amount=Decimal("500.00"),
        due_date=D(2026, 3, 21),
        stage_code="FINAL_NOTICE",
        stage_date=D(2026, 4, 14),
        next_stage=_ct("SUMMONS"),
        next_due_date=D(2026, 4, 21),
        hearing_date=None,
        holds=frozenset(),
        was_held_since_stage=False,
    )
    base.update(changes)
    return CaseFacts(**base)


def test_summons_is_taken_with_its_costs_and_explains_them() -> None:
    decision = decide_step(facts=_facts(), as_of=D(2026, 4, 21))
    assert decision.is_taken
    assert not decision.is_fresh_notice
    assert decision.cost == Decimal("64.50")
    assert decision.explanation["cost"]["valid_from"] == "2014-04-01"
    assert "§2.3" in decision.explanation["rule"]


def test_paid_and_small_balances_are_skipped() -> None:
    assert decide_step(facts=_facts(balance=Decimal("0")), as_of=D(2026, 4, 21)).skip is Skip.PAID
    small = decide_step(facts=_facts(balance=Decimal("9.99")), as_of=D(2026, 4, 21))
    assert small.skip is Skip.BELOW_MINIMUM


def test_a_hold_since_the_last_notice_earns_a_fresh_notice_before_court() -> None:
    decision = decide_step(facts=_facts(was_held_since_stage=True), as_of=D(2026, 6, 1))
    assert decision.is_fresh_notice
    assert decision.cost is None


def test_held_cases_say_why() -> None:
    decision = decide_step(
        facts=_facts(holds=frozenset({HoldKind.MENTAL_HEALTH_CRISIS})), as_of=D(2026, 4, 21)
    )
    assert decision.hold is HoldKind.MENTAL_HEALTH_CRISIS
    assert "crisis" in decision.explanation["reasons"][0]


def test_notice_to_owner_cannot_go_after_six_months() -> None:
    stage = DEFAULT_STREAMS[DebtType.PARKING_PCN].stages[0]
    facts = _facts(next_stage=stage, due_date=D(2026, 6, 1), stage_code="", stage_date=None)
    assert decide_step(facts=facts, as_of=D(2026, 11, 30)).is_taken
    assert decide_step(facts=facts, as_of=D(2026, 12, 1)).skip is Skip.TOO_LATE


def test_pcn_timeline_matches_rules_worked_example() -> None:
    # RULES.md §10.6: PCN served Mon 1 Jun 2026; notice to owner from Mon 29 Jun.
    stage = DEFAULT_STREAMS[DebtType.PARKING_PCN].stages[0]
    due, working = schedule_next(
        following=stage,
        issued=D(2026, 6, 1),
        due_date=D(2026, 6, 1),
        hearing_date=None,
        postal_days=2,
        holidays=HOLIDAYS,
    )
    assert due == D(2026, 6, 29)
    assert working["wait"] == "28 days beginning with"


@given(
    start=st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 6, 30)),
    days=st.integers(min_value=1, max_value=60),
)
def test_due_dates_are_working_days_after_the_issue(start: dt.date, days: int) -> None:
    stage = _ct("SECOND_REMINDER")
    stage = type(stage)(**{**stage.__dict__, "wait_days": days})
    due, _ = schedule_next(
        following=stage,
        issued=start,
        due_date=start,
        hearing_date=None,
        postal_days=2,
        holidays=HOLIDAYS,
    )
    assert due is not None
    assert due >= start + dt.timedelta(days=days)
    assert due.weekday() < 5
    assert due not in HOLIDAYS


def test_officer_stages_are_never_scheduled() -> None:
    due, _ = schedule_next(
        following=_ct("CHARGING_ORDER"),
        issued=D(2026, 6, 1),
        due_date=D(2026, 6, 1),
        hearing_date=None,
        postal_days=2,
        holidays=HOLIDAYS,
    )
    assert due is None


def test_every_stage_letter_exists_and_suits_the_debt_type() -> None:
    from arrears.letters.domain.catalogue import LETTER_TEMPLATES

    for debt_type, spec in DEFAULT_STREAMS.items():
        for stage in spec.stages:
            if not stage.letter:
                continue
            template = LETTER_TEMPLATES[stage.letter]
            assert template.debt_types is None or debt_type in template.debt_types, (
                f"{spec.name}: {stage.code} sends {stage.letter}"
            )
