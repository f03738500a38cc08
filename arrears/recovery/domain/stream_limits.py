"""
What an administrator may change in a recovery stream, and the floors the law sets.

An authority edits its own copy of a stream (issue 3, item 1): a stage's wait, how the wait is
counted, its minimum balance and letter, and the costs it adds from a date. Some waits are set
by law: the summons may not be sought until 7 days beginning with the day the final notice was
issued (RULES.md §2.3), a parking charge certificate not until 28 days beginning with service of
the notice to owner (RULES.md §3). For those stages the shipped default (`DEFAULT_STREAMS`) is the
shortest wait allowed; a longer wait is always lawful (RULES.md §0.2 item 5).

Costs are effective-dated (RULES.md §0.2 item 1): a figure is never edited, a new one is added
from a date, and each action uses the cost in force on its own date (`decisions.cost_in_force`).
Only the stages that ship with a cost may carry one: a council may charge the costs the law lets
it recover (the summons and liability order costs, RULES.md §2.4; the parking charge increase and
court fee, RULES.md §3), not a fee for a reminder.

Each check returns `Problem`s (the field it is about and a plain-English message) so that a page
can show every problem at once, beside the field it concerns.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from arrears.accounts.domain.debts import DebtType
from arrears.recovery.domain.periods import DAY_COUNT_LABELS, DayCount
from arrears.recovery.domain.streams import (
    AUTOMATIC_KINDS,
    COUNT_FROM_LABELS,
    DEFAULT_STREAMS,
    CountFrom,
    StageKind,
    StageSpec,
)

LONGEST_WAIT_DAYS = 365
EARLIEST_COST_DATE = dt.date(2000, 1, 1)
LARGEST_AMOUNT = Decimal("10000000000")  # DecimalField(max_digits=12, decimal_places=2)
HUNDRED = Decimal(100)

_LOCAL_TAX_SUMMONS = (
    "7 days beginning with the day the final notice was issued must pass before the council "
    "may ask for a summons"
)
_PRE_ACTION = (
    "RULES.md §8.1 (Pre-Action Protocol for Debt Claims): the debtor has 30 days to reply to "
    "the letter of claim before a claim is issued"
)

# Stages whose wait the law sets, by debt type and stage code, with the rule that sets it. The
# shipped default of each is the shortest wait an authority may give it.
STATUTORY_WAITS: dict[tuple[DebtType, str], str] = {
    (DebtType.COUNCIL_TAX, "SECOND_REMINDER"): (
        "RULES.md §2.2 (CT Regs reg 23(3)): the debtor has 7 days beginning with the day the "
        "reminder was issued to pay before losing the right to instalments"
    ),
    (DebtType.COUNCIL_TAX, "FINAL_NOTICE"): (
        "RULES.md §2.2 (CT Regs reg 23(3)): the whole balance becomes payable only at the end "
        "of a further 7 days"
    ),
    (DebtType.COUNCIL_TAX, "SUMMONS"): f"RULES.md §2.3 (CT Regs regs 33-34): {_LOCAL_TAX_SUMMONS}",
    (DebtType.COUNCIL_TAX, "ENFORCEMENT_AGENT"): (
        "RULES.md §2.5 (CT Regs reg 36): the debtor has 14 days to answer the information "
        "request, and the shipped wait leaves time for the answer to arrive and be read"
    ),
    (DebtType.BUSINESS_RATES, "FINAL_NOTICE"): (
        "RULES.md §2.12 (NNDR Regs 1989 reg 7): the whole balance becomes payable only when the "
        "reminder's time has run"
    ),
    (DebtType.BUSINESS_RATES, "SUMMONS"): (
        f"RULES.md §2.3, §2.12 (NNDR Regs 1989 reg 12): {_LOCAL_TAX_SUMMONS}"
    ),
    (DebtType.BID_LEVY, "FINAL_NOTICE"): (
        "RULES.md §2.12-§2.13: a BID levy is recovered like business rates; the whole balance "
        "becomes payable only when the reminder's time has run"
    ),
    (DebtType.BID_LEVY, "SUMMONS"): (
        f"RULES.md §2.12-§2.13: recovered like business rates; {_LOCAL_TAX_SUMMONS}"
    ),
    (DebtType.SUNDRY_INVOICE, "COUNTY_COURT_CLAIM"): _PRE_ACTION,
    (DebtType.SOCIAL_CARE_CONTRIBUTION, "COUNTY_COURT_CLAIM"): _PRE_ACTION,
    (DebtType.HOUSING_BENEFIT_OVERPAYMENT, "COUNTY_COURT_CLAIM"): _PRE_ACTION,
    (DebtType.PARKING_PCN, "NOTICE_TO_OWNER"): (
        "RULES.md §3 (SI 2022/71): a notice to owner only once the 28 days beginning with "
        "service of the penalty charge notice have ended"
    ),
    (DebtType.PARKING_PCN, "CHARGE_CERTIFICATE"): (
        "RULES.md §3 (SI 2022/71): the owner has 28 days beginning with service of the notice "
        "to owner to pay or make representations"
    ),
    (DebtType.PARKING_PCN, "TEC_REGISTRATION"): (
        "RULES.md §3 (SI 2022/71): registration only once the increased charge is unpaid 14 "
        "days beginning with service of the charge certificate"
    ),
    (DebtType.PARKING_PCN, "WARRANT_OF_CONTROL"): (
        "RULES.md §3 (CPR Practice Direction 75): the debtor has 21 days after service of the "
        "order for recovery to pay or file a statement"
    ),
}

# A later starting point only lengthens a wait: a notice is served after it is issued.
_NO_EARLIER_START = {
    CountFrom.DUE_DATE: frozenset({CountFrom.DUE_DATE}),
    CountFrom.PREVIOUS_ISSUE: frozenset({CountFrom.PREVIOUS_ISSUE, CountFrom.PREVIOUS_SERVICE}),
    CountFrom.PREVIOUS_SERVICE: frozenset({CountFrom.PREVIOUS_SERVICE}),
    CountFrom.HEARING_DATE: frozenset({CountFrom.HEARING_DATE}),
}


@dataclass(frozen=True)
class Problem:
    """Why a change cannot be made: the field it is about and a plain-English message."""

    field: str
    message: str


@dataclass(frozen=True)
class Wait:
    """How long a stage waits: a number of days, counted one way, from one day."""

    days: int
    day_count: DayCount
    count_from: CountFrom


@dataclass(frozen=True)
class StageValues:
    """What an administrator may change on a stage."""

    wait_days: int
    day_count: DayCount
    count_from: CountFrom
    minimum_balance: Decimal
    letter: str

    @property
    def wait(self) -> Wait:
        return Wait(days=self.wait_days, day_count=self.day_count, count_from=self.count_from)


def stage_values(spec: StageSpec) -> StageValues:
    """Return the values of `spec` an administrator may change."""
    return StageValues(
        wait_days=spec.wait_days,
        day_count=spec.day_count,
        count_from=spec.count_from,
        minimum_balance=spec.minimum_balance,
        letter=spec.letter,
    )


def describe_wait(wait: Wait) -> str:
    """Return a wait in words: "7 days beginning with the day the previous stage was issued"."""
    start = COUNT_FROM_LABELS[wait.count_from]
    if wait.days <= 0:
        return f"No wait: counted from {start}"
    count = DAY_COUNT_LABELS[wait.day_count]
    if wait.days == 1:
        count = count.replace("days", "day", 1)
    return f"{wait.days} {count} {start}"


def default_stage(*, debt_type: DebtType, code: str) -> StageSpec | None:
    """Return the stage with `code` in the shipped default stream for `debt_type`, if any."""
    for spec in DEFAULT_STREAMS[debt_type].stages:
        if spec.code == code:
            return spec
    return None


def statutory_floor(*, debt_type: DebtType, code: str) -> tuple[Wait, str] | None:
    """Return the shortest lawful wait for a stage and the rule that sets it, if the law does."""
    rule = STATUTORY_WAITS.get((debt_type, code))
    spec = default_stage(debt_type=debt_type, code=code)
    if rule is None or spec is None:
        return None
    return stage_values(spec).wait, rule


def _earliest_offset(wait: Wait) -> int:
    """Return the fewest days from the start to the earliest step (`periods.earliest_step_date`)."""
    if wait.days <= 0:
        return 0
    return wait.days if wait.day_count is DayCount.BEGINNING_WITH else wait.days + 1


def is_no_shorter(proposed: Wait, floor: Wait) -> bool:
    """Return whether `proposed` ends on or after `floor` wherever the two are counted from."""
    if proposed.count_from not in _NO_EARLIER_START[floor.count_from]:
        return False
    if floor.day_count is DayCount.CLEAR_DAYS and proposed.day_count is not DayCount.CLEAR_DAYS:
        return False  # clear days also skip Sundays and bank holidays
    return _earliest_offset(proposed) >= _earliest_offset(floor)


def letters_for(debt_type: DebtType) -> tuple[str, ...]:
    """Return the letters a stage of a `debt_type` stream may send, in the stream's order."""
    letters: list[str] = []
    for spec in DEFAULT_STREAMS[debt_type].stages:
        if spec.letter and spec.letter not in letters:
            letters.append(spec.letter)
    return tuple(letters)


def _money_problem(field: str, label: str, amount: Decimal, *, positive: bool) -> Problem | None:
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return Problem(field, f"{label} must be in pounds and pence, like 64.50")
    if positive and amount <= 0:
        return Problem(field, f"{label} must be more than £0.00")
    if amount < 0:
        return Problem(field, f"{label} must be £0.00 or more")
    if amount >= LARGEST_AMOUNT:
        return Problem(field, f"{label} must be less than £10,000,000,000")
    return None


def _wait_problems(
    *, debt_type: DebtType, spec: StageSpec, proposed: StageValues, has_hearing_before: bool
) -> list[Problem]:
    if not 0 <= proposed.wait_days <= LONGEST_WAIT_DAYS:
        return [Problem("wait_days", f"Enter a wait of between 0 and {LONGEST_WAIT_DAYS} days")]
    if proposed.wait == stage_values(spec).wait:
        return []
    if spec.kind not in AUTOMATIC_KINDS:
        return [
            Problem(
                "wait_days",
                f"{spec.name} waits for an officer or the court, so it has no wait to change",
            )
        ]
    if proposed.count_from is CountFrom.HEARING_DATE and not has_hearing_before:
        return [
            Problem(
                "count_from",
                f"{spec.name} comes before any court hearing in this stream, so it cannot be "
                "counted from the day of the hearing",
            )
        ]
    floor = statutory_floor(debt_type=debt_type, code=spec.code)
    if floor is not None and not is_no_shorter(proposed.wait, floor[0]):
        wait, rule = floor
        is_same_start = proposed.count_from in _NO_EARLIER_START[wait.count_from]
        field = "wait_days" if is_same_start else "count_from"
        return [
            Problem(
                field,
                f"{spec.name} must wait at least {describe_wait(wait)}. {rule}. A longer wait "
                "is always lawful (RULES.md §0.2 item 5)",
            )
        ]
    return []


def _letter_problems(*, debt_type: DebtType, spec: StageSpec, letter: str) -> list[Problem]:
    if letter == spec.letter:
        return []
    if (debt_type, spec.code) in STATUTORY_WAITS:
        shipped = default_stage(debt_type=debt_type, code=spec.code)
        if shipped is not None and letter != shipped.letter:
            return [
                Problem(
                    "letter",
                    f"{spec.name} must send the letter written for it, because the law says "
                    f"what it must contain ({STATUTORY_WAITS[(debt_type, spec.code)]})",
                )
            ]
    if not letter and spec.kind is StageKind.NOTICE:
        return [Problem("letter", f"{spec.name} is a letter stage: choose the letter it sends")]
    if letter and letter not in letters_for(debt_type):
        return [Problem("letter", "Choose a letter from the list")]
    return []


def stage_change_problems(
    *,
    debt_type: DebtType,
    spec: StageSpec,
    proposed: StageValues,
    has_hearing_before: bool,
) -> list[Problem]:
    """
    Return why `proposed` cannot replace the values of the stage `spec` (none if it can).

    `has_hearing_before` says whether a stage before this one in the stream goes to a hearing,
    without which a wait counted from the hearing would never start.
    """
    problems = _wait_problems(
        debt_type=debt_type, spec=spec, proposed=proposed, has_hearing_before=has_hearing_before
    )
    money = _money_problem(
        "minimum_balance", "The minimum balance", proposed.minimum_balance, positive=False
    )
    if money is not None:
        problems.append(money)
    problems += _letter_problems(debt_type=debt_type, spec=spec, letter=proposed.letter)
    return problems


@dataclass(frozen=True)
class NewCost:
    """A cost an administrator adds to a stage from `valid_from`: an amount or a percentage."""

    valid_from: dt.date
    description: str
    justification: str
    amount: Decimal | None = None
    percent_of_original: Decimal | None = None


def costs_by_percentage(*, debt_type: DebtType, code: str) -> bool | None:
    """Return whether a stage's cost is a percentage of the original sum, or None if the stage
    may carry no cost at all (it ships with none)."""
    shipped = default_stage(debt_type=debt_type, code=code)
    if shipped is None or not shipped.costs:
        return None
    return shipped.costs[-1].percent_of_original is not None


def _cost_figure_problems(cost: NewCost, *, by_percentage: bool) -> list[Problem]:
    if by_percentage:
        percent = cost.percent_of_original
        if percent is None or cost.amount is not None:
            return [Problem("amount", "Enter the percentage of the original sum, like 50")]
        exponent = percent.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            return [Problem("amount", "The percentage can have at most 2 decimal places")]
        if not 0 < percent <= HUNDRED:
            return [Problem("amount", "The percentage must be more than 0 and at most 100")]
        return []
    if cost.amount is None or cost.percent_of_original is not None:
        return [Problem("amount", "Enter the amount in pounds and pence, like 64.50")]
    money = _money_problem("amount", "The amount", cost.amount, positive=True)
    return [money] if money is not None else []


def cost_problems(
    *,
    debt_type: DebtType,
    spec: StageSpec,
    cost: NewCost,
    has_cases: bool,
    as_of: dt.date,
) -> list[Problem]:
    """
    Return why `cost` cannot be added to the stage `spec` (none if it can).

    A stream version that cases are on takes a new cost only from a day after `as_of`, so that
    nothing already done, or due today, is charged differently from what the case was told.
    """
    by_percentage = costs_by_percentage(debt_type=debt_type, code=spec.code)
    if by_percentage is None:
        chargeable = [s.name for s in DEFAULT_STREAMS[debt_type].stages if s.costs]
        allowed = (
            f"In this stream only these stages may carry one: {', '.join(chargeable)}"
            if chargeable
            else "No stage of this stream may carry one"
        )
        return [
            Problem(
                "amount",
                f"{spec.name} cannot carry a cost: a council may charge only the costs the law "
                f"lets it recover (RULES.md §2.4, §3). {allowed}",
            )
        ]
    problems = _cost_figure_problems(cost, by_percentage=by_percentage)
    if cost.valid_from < EARLIEST_COST_DATE:
        problems.append(Problem("valid_from", "The date it applies from must be in 2000 or later"))
    elif has_cases and cost.valid_from <= as_of:
        problems.append(
            Problem(
                "valid_from",
                "Cases are already on this version, so a new cost must start after today. To "
                "change a cost from an earlier date, make a new version for new cases",
            )
        )
    elif any(existing.valid_from == cost.valid_from for existing in spec.costs):
        problems.append(
            Problem(
                "valid_from",
                f"{spec.name} already has a cost from {_long_date(cost.valid_from)}: choose "
                "another date",
            )
        )
    if not cost.description.strip():
        problems.append(Problem("description", "Enter what the cost is for"))
    if not cost.justification.strip():
        problems.append(
            Problem(
                "justification",
                "Enter how the cost was worked out: the court can ask the council to justify it "
                "(RULES.md §2.4)",
            )
        )
    return problems


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
