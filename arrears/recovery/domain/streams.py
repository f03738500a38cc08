"""
Recovery streams: the ordered stages each debt type goes through, as data.

These are the England defaults shipped with Arrears. Each authority gets its own copy, versioned,
which its administrators edit; an account stays on the version it started on. Waits, costs and
letters are here so that every action can say which rule, date and figure it used.

Costs for court stages are each council's own (there is no national figure, RULES.md §2.4); the
defaults are the example figures RULES.md cites and must be confirmed by each council, with its
justification, before use.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from arrears.accounts.domain.debts import DebtType
from arrears.recovery.domain.holds import ActionKind
from arrears.recovery.domain.periods import DayCount


class StageKind(StrEnum):
    NOTICE = "NOTICE"  # the run sends a letter
    COURT = "COURT"  # the run takes a court step (summons, claim, registration)
    ENFORCEMENT = "ENFORCEMENT"  # the run refers the debt for enforcement
    COURT_OUTCOME = "COURT_OUTCOME"  # reached when an officer records the court's decision
    OFFICER = "OFFICER"  # an officer chooses it; the system checks its preconditions


STAGE_KIND_LABELS = {
    StageKind.NOTICE: "Letter",
    StageKind.COURT: "Court step",
    StageKind.ENFORCEMENT: "Enforcement",
    StageKind.COURT_OUTCOME: "Court decision",
    StageKind.OFFICER: "Officer's choice",
}

# The kinds of step the run takes on its own; the others wait for a person or the court.
AUTOMATIC_KINDS = frozenset({StageKind.NOTICE, StageKind.COURT, StageKind.ENFORCEMENT})


class CountFrom(StrEnum):
    DUE_DATE = "DUE_DATE"  # the day the sum fell due (instalment, invoice, penalty)
    PREVIOUS_ISSUE = "PREVIOUS_ISSUE"  # the day the previous stage was issued
    PREVIOUS_SERVICE = "PREVIOUS_SERVICE"  # the day the previous notice is deemed served
    HEARING_DATE = "HEARING_DATE"  # the day of the court hearing


COUNT_FROM_LABELS = {
    CountFrom.DUE_DATE: "the day the sum fell due",
    CountFrom.PREVIOUS_ISSUE: "the day the previous stage was issued",
    CountFrom.PREVIOUS_SERVICE: "the day the previous notice was served",
    CountFrom.HEARING_DATE: "the day of the hearing",
}


def stage_actions(kind: StageKind, *, has_cost: bool) -> frozenset[ActionKind]:
    """Return what a stage of `kind` does to the debtor, for the eligibility gate."""
    actions = {
        StageKind.NOTICE: {ActionKind.NOTICE},
        StageKind.COURT: {ActionKind.NOTICE, ActionKind.COURT},
        StageKind.COURT_OUTCOME: {ActionKind.COURT},
        StageKind.ENFORCEMENT: {ActionKind.NOTICE, ActionKind.ENFORCEMENT},
        StageKind.OFFICER: {ActionKind.ENFORCEMENT},
    }[kind]
    if has_cost:
        actions.add(ActionKind.COST)
    return frozenset(actions)


@dataclass(frozen=True)
class CostSpec:
    """A cost a stage adds, effective from `valid_from` (RULES.md §0.2 item 1)."""

    valid_from: dt.date
    description: str
    justification: str
    amount: Decimal | None = None
    percent_of_original: Decimal | None = None  # e.g. 50 for a PCN charge certificate


@dataclass(frozen=True)
class StageSpec:
    code: str
    name: str
    kind: StageKind
    rule: str
    wait_days: int = 0
    count_from: CountFrom = CountFrom.PREVIOUS_ISSUE
    day_count: DayCount = DayCount.BEGINNING_WITH
    letter: str = ""
    minimum_balance: Decimal = Decimal("0.01")
    costs: tuple[CostSpec, ...] = ()
    needs_hearing: bool = False
    fresh_notice_after_hold: bool = False
    deadline_months: int | None = None  # may not be taken later than this after the due date
    available_after: str = ""  # OFFICER stages: the stage the case must have reached


@dataclass(frozen=True)
class StreamSpec:
    debt_type: DebtType
    name: str
    stages: tuple[StageSpec, ...]
    postal_days: int = 2
    description: str = ""
    extra: dict[str, str] = field(default_factory=dict)


_FROM_2014 = dt.date(2014, 4, 1)
_D = Decimal

_CT_SUMMONS_COSTS = CostSpec(
    valid_from=_FROM_2014,
    amount=_D("64.50"),
    description="Summons costs",
    justification=(
        "Example figure from one council (RULES.md §2.4 [S67b]); each council must set its own "
        "reasonably incurred costs and keep its justification (R (Nicolson) v Tottenham "
        "Magistrates [2015] EWHC 1252 (Admin))."
    ),
)
_CT_ORDER_COSTS = CostSpec(
    valid_from=_FROM_2014,
    amount=_D("29.00"),
    description="Liability order costs",
    justification="Example figure from one council (RULES.md §2.4 [S67b]); confirm locally.",
)


def _reminder(letter: str = "REMINDER", *, wait: int = 7, rule: str) -> StageSpec:
    return StageSpec(
        code="REMINDER",
        name="Reminder",
        kind=StageKind.NOTICE,
        rule=rule,
        wait_days=wait,
        count_from=CountFrom.DUE_DATE,
        day_count=DayCount.AFTER,
        letter=letter,
        minimum_balance=_D("5.00"),
    )


def _after_order(*, with_aeo: bool, committal: bool) -> tuple[StageSpec, ...]:
    officer = [
        StageSpec(
            code="ATTACHMENT_OF_EARNINGS",
            name="Attachment of earnings",
            kind=StageKind.OFFICER,
            rule="RULES.md §2.6 (CT Regs regs 37-42, Sch 4)",
            letter="AEO_EMPLOYER_ORDER",
            available_after="LIABILITY_ORDER",
        ),
        StageSpec(
            code="BENEFIT_DEDUCTION",
            name="Deduction from benefits",
            kind=StageKind.OFFICER,
            rule="RULES.md §2.7",
            available_after="LIABILITY_ORDER",
        ),
        StageSpec(
            code="CHARGING_ORDER",
            name="Charging order",
            kind=StageKind.OFFICER,
            rule="RULES.md §2.9 (CT Regs reg 50)",
            available_after="LIABILITY_ORDER",
        ),
    ]
    if not with_aeo:
        officer = []
    officer.append(
        StageSpec(
            code="BANKRUPTCY",
            name="Bankruptcy petition",
            kind=StageKind.OFFICER,
            rule="RULES.md §2.10 (Insolvency Act 1986 s267(4))",
            available_after="LIABILITY_ORDER",
        )
    )
    if committal:
        officer.append(
            StageSpec(
                code="COMMITTAL",
                name="Committal to prison",
                kind=StageKind.OFFICER,
                rule="RULES.md §2.11 (CT Regs reg 47; NNDR regs 16-17), England only",
                available_after="ENFORCEMENT_AGENT",
            )
        )
    return tuple(officer)


def _court_route(*, debt_rule: str, costs: bool) -> tuple[StageSpec, ...]:
    return (
        StageSpec(
            code="SUMMONS",
            name="Summons",
            kind=StageKind.COURT,
            rule=f"RULES.md §2.3-§2.4 ({debt_rule}: 7 days beginning with the final notice)",
            wait_days=7,
            letter="SUMMONS",
            minimum_balance=_D("10.00"),
            costs=(_CT_SUMMONS_COSTS,) if costs else (),
            needs_hearing=True,
            fresh_notice_after_hold=True,
        ),
        StageSpec(
            code="LIABILITY_ORDER",
            name="Liability order",
            kind=StageKind.COURT_OUTCOME,
            rule="RULES.md §2.4 (made at the hearing, at least 14 days after service)",
            count_from=CountFrom.HEARING_DATE,
            letter="LIABILITY_ORDER_NOTICE",
            costs=(_CT_ORDER_COSTS,) if costs else (),
        ),
    )


COUNCIL_TAX = StreamSpec(
    debt_type=DebtType.COUNCIL_TAX,
    name="Council tax (England)",
    description="Council Tax (Administration and Enforcement) Regulations 1992, RULES.md §2.",
    stages=(
        _reminder(rule="RULES.md §2.2 (CT Regs reg 23(1)): a missed instalment"),
        StageSpec(
            code="SECOND_REMINDER",
            name="Second reminder",
            kind=StageKind.NOTICE,
            rule=(
                "RULES.md §2.2 (CT Regs reg 23(3)): not paid within 7 days beginning with the "
                "reminder, so the right to instalments is lost"
            ),
            wait_days=7,
            letter="SECOND_REMINDER",
            minimum_balance=_D("5.00"),
        ),
        StageSpec(
            code="FINAL_NOTICE",
            name="Final notice",
            kind=StageKind.NOTICE,
            rule=(
                "RULES.md §2.2-§2.3: the whole balance is payable at the end of a further 7 days "
                "beginning with the failure"
            ),
            wait_days=7,
            letter="FINAL_NOTICE",
            minimum_balance=_D("5.00"),
        ),
        *_court_route(debt_rule="CT Regs reg 33-34", costs=True),
        StageSpec(
            code="INFORMATION_REQUEST",
            name="Information request",
            kind=StageKind.NOTICE,
            rule="RULES.md §2.5 (CT Regs reg 36): the debtor has 14 days to reply",
            wait_days=1,
            count_from=CountFrom.HEARING_DATE,
            letter="INFORMATION_REQUEST",
        ),
        StageSpec(
            code="ENFORCEMENT_AGENT",
            name="Referral to enforcement agents",
            kind=StageKind.ENFORCEMENT,
            rule=(
                "RULES.md §2.8 (CT Regs reg 45): after the 14 days to answer the information "
                "request, with a week more to consider attachment (council policy)"
            ),
            wait_days=21,
            letter="ENFORCEMENT_REFERRAL_NOTICE",
            minimum_balance=_D("10.00"),
            fresh_notice_after_hold=True,
        ),
        *_after_order(with_aeo=True, committal=True),
    ),
)


def _rates(debt_type: DebtType, name: str, description: str) -> StreamSpec:
    return StreamSpec(
        debt_type=debt_type,
        name=name,
        description=description,
        stages=(
            _reminder(rule="RULES.md §2.12 (NNDR Regs 1989 reg 7): a missed instalment"),
            StageSpec(
                code="FINAL_NOTICE",
                name="Final notice",
                kind=StageKind.NOTICE,
                rule="RULES.md §2.12: the whole balance is payable",
                wait_days=14,
                letter="FINAL_NOTICE",
                minimum_balance=_D("5.00"),
            ),
            *_court_route(debt_rule="NNDR Regs 1989 reg 12", costs=True),
            StageSpec(
                code="ENFORCEMENT_AGENT",
                name="Referral to enforcement agents",
                kind=StageKind.ENFORCEMENT,
                rule="RULES.md §2.12 (NNDR Regs 1989 reg 14)",
                wait_days=14,
                count_from=CountFrom.HEARING_DATE,
                letter="ENFORCEMENT_REFERRAL_NOTICE",
                minimum_balance=_D("10.00"),
                fresh_notice_after_hold=True,
            ),
            *_after_order(with_aeo=False, committal=True),
        ),
    )


BUSINESS_RATES = _rates(
    DebtType.BUSINESS_RATES,
    "Business rates (England)",
    "Non-Domestic Rating (Collection and Enforcement) (Local Lists) Regulations 1989, §2.12. "
    "No attachment of earnings, benefit deductions or charging orders.",
)
BID_LEVY = _rates(
    DebtType.BID_LEVY,
    "BID levy (England)",
    "Business Improvement Districts (England) Regulations 2004: recovered like business rates "
    "(RULES.md §2.13, unverified [U]: confirm before use).",
)


def _sundry(debt_type: DebtType, name: str, *, letter: str, description: str) -> StreamSpec:
    return StreamSpec(
        debt_type=debt_type,
        name=name,
        description=description,
        stages=(
            _reminder(letter, wait=14, rule="Council policy: invoice unpaid 14 days after due"),
            StageSpec(
                code="FINAL_NOTICE",
                name="Final reminder",
                kind=StageKind.NOTICE,
                rule="Council policy",
                wait_days=14,
                letter=letter,
                minimum_balance=_D("5.00"),
            ),
            *(
                (
                    StageSpec(
                        code="DEDUCTION_FROM_BENEFIT",
                        name="Deduction from ongoing housing benefit",
                        kind=StageKind.OFFICER,
                        rule="RULES.md §4.1 (HB Regs 2006 reg 102)",
                        available_after="REMINDER",
                    ),
                    StageSpec(
                        code="DIRECT_EARNINGS_ATTACHMENT",
                        name="Direct Earnings Attachment",
                        kind=StageKind.OFFICER,
                        rule="RULES.md §4.2 (SS (Overpayments and Recovery) Regs 2013)",
                        letter="DEA_EMPLOYER_NOTICE",
                        available_after="FINAL_NOTICE",
                    ),
                )
                if debt_type is DebtType.HOUSING_BENEFIT_OVERPAYMENT
                else ()
            ),
            StageSpec(
                code="LETTER_BEFORE_CLAIM",
                name="Letter before claim",
                kind=StageKind.NOTICE,
                rule="RULES.md §8.1 (Pre-Action Protocol for Debt Claims)",
                wait_days=14,
                letter="LETTER_BEFORE_CLAIM",
                minimum_balance=_D("25.00"),
            ),
            StageSpec(
                code="COUNTY_COURT_CLAIM",
                name="County court claim",
                kind=StageKind.COURT,
                rule="RULES.md §8.1: not before 30 days after the letter of claim",
                wait_days=30,
                day_count=DayCount.AFTER,
                minimum_balance=_D("25.00"),
                fresh_notice_after_hold=True,
                deadline_months=72,
            ),
        ),
    )


SUNDRY_INVOICE = _sundry(
    DebtType.SUNDRY_INVOICE,
    "Sundry debt (England)",
    letter="INVOICE_REMINDER",
    description="Invoice, reminder, final notice, letter before claim, county court claim.",
)
SOCIAL_CARE_CONTRIBUTION = _sundry(
    DebtType.SOCIAL_CARE_CONTRIBUTION,
    "Social care contributions (England)",
    letter="INVOICE_REMINDER",
    description="Care Act 2014 s69: recoverable as a debt within 6 years (RULES.md §8.1).",
)
HOUSING_BENEFIT_OVERPAYMENT = _sundry(
    DebtType.HOUSING_BENEFIT_OVERPAYMENT,
    "Housing benefit overpayment (England)",
    letter="HB_OVERPAYMENT_REMINDER",
    description="Invoice, reminders, deduction from benefit or earnings, then the sundry route.",
)

PARKING_PCN = StreamSpec(
    debt_type=DebtType.PARKING_PCN,
    name="Parking penalty charge notice (England)",
    description="Traffic Management Act 2004 Part 6 and SI 2022/71 (RULES.md §3, §10.6).",
    stages=(
        StageSpec(
            code="NOTICE_TO_OWNER",
            name="Notice to owner",
            kind=StageKind.NOTICE,
            rule="RULES.md §3: unpaid when the 28 days beginning with service of the PCN end",
            wait_days=28,
            count_from=CountFrom.DUE_DATE,
            letter="PCN_NOTICE_TO_OWNER",
            deadline_months=6,
        ),
        StageSpec(
            code="CHARGE_CERTIFICATE",
            name="Charge certificate",
            kind=StageKind.NOTICE,
            rule="RULES.md §3: 28 days beginning with service of the notice to owner; +50%",
            wait_days=28,
            count_from=CountFrom.PREVIOUS_SERVICE,
            letter="PCN_CHARGE_CERTIFICATE",
            costs=(
                CostSpec(
                    valid_from=dt.date(2022, 5, 31),
                    percent_of_original=_D("50"),
                    description="Charge certificate: penalty increased by 50%",
                    justification="RULES.md §3 (SI 2022/71; [V2])",
                ),
            ),
        ),
        StageSpec(
            code="TEC_REGISTRATION",
            name="Registration at the Traffic Enforcement Centre",
            kind=StageKind.COURT,
            rule="RULES.md §3: unpaid 14 days beginning with service of the charge certificate",
            wait_days=14,
            count_from=CountFrom.PREVIOUS_SERVICE,
            costs=(
                CostSpec(
                    valid_from=dt.date(2022, 5, 31),
                    amount=_D("10.00"),
                    description="Traffic Enforcement Centre registration fee",
                    justification="RULES.md §3 ([V2] from a current council page; verify)",
                ),
            ),
            fresh_notice_after_hold=True,
        ),
        StageSpec(
            code="ORDER_FOR_RECOVERY",
            name="Order for recovery",
            kind=StageKind.NOTICE,
            rule="RULES.md §3: sent after registration; 21 days to pay or file a statement",
            wait_days=1,
            letter="PCN_ORDER_FOR_RECOVERY",
        ),
        StageSpec(
            code="WARRANT_OF_CONTROL",
            name="Warrant of control",
            kind=StageKind.ENFORCEMENT,
            rule="RULES.md §3: still unpaid 21 days after service of the order for recovery",
            wait_days=21,
            count_from=CountFrom.PREVIOUS_SERVICE,
            fresh_notice_after_hold=True,
        ),
    ),
)

FIXED_PENALTY_NOTICE = StreamSpec(
    debt_type=DebtType.FIXED_PENALTY_NOTICE,
    name="Fixed penalty notice (England)",
    description=(
        "Unpaid fixed penalties are prosecuted, not enforced through TEC (RULES.md §3, [U])."
    ),
    stages=(
        _reminder("INVOICE_REMINDER", wait=14, rule="Council policy: unpaid 14 days after issue"),
        StageSpec(
            code="PROSECUTION",
            name="Prosecution",
            kind=StageKind.OFFICER,
            rule="RULES.md §3 (fixed penalties; [U])",
            available_after="REMINDER",
        ),
    ),
)

DEFAULT_STREAMS: dict[DebtType, StreamSpec] = {
    spec.debt_type: spec
    for spec in (
        COUNCIL_TAX,
        BUSINESS_RATES,
        BID_LEVY,
        SUNDRY_INVOICE,
        SOCIAL_CARE_CONTRIBUTION,
        HOUSING_BENEFIT_OVERPAYMENT,
        PARKING_PCN,
        FIXED_PENALTY_NOTICE,
    )
}
