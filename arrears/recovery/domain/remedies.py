"""
What a council may do after a liability order, by debt type (RULES.md §2.6–§2.13).

Council tax (Council Tax (Administration and Enforcement) Regulations 1992): attachment of
earnings, deductions from benefits, enforcement agents, charging order, bankruptcy, and committal
to prison in England. Business rates (Non-Domestic Rating (Collection and Enforcement) (Local
Lists) Regulations 1989) and BID levies: enforcement agents, committal in England, insolvency;
no attachment of earnings, benefit deductions or charging order (RULES.md §2.12, §2.13).

Each decision carries its reasons in plain English, each naming the RULES.md section, so an
officer sees why a remedy is not offered. Notes are conditions the officer must still check.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from arrears.accounts.domain.debts import DEBT_TYPE_LABELS, DebtType
from arrears.kernel.calendars import Nation
from arrears.kernel.money import ZERO, format_pounds


class Remedy(StrEnum):
    ATTACHMENT_OF_EARNINGS = "ATTACHMENT_OF_EARNINGS"
    DEDUCTION_FROM_BENEFITS = "DEDUCTION_FROM_BENEFITS"
    ENFORCEMENT_AGENTS = "ENFORCEMENT_AGENTS"
    CHARGING_ORDER = "CHARGING_ORDER"
    INSOLVENCY = "INSOLVENCY"
    COMMITTAL = "COMMITTAL"


REMEDY_LABELS = {
    Remedy.ATTACHMENT_OF_EARNINGS: "Attachment of earnings",
    Remedy.DEDUCTION_FROM_BENEFITS: "Deductions from benefits",
    Remedy.ENFORCEMENT_AGENTS: "Enforcement agents",
    Remedy.CHARGING_ORDER: "Charging order",
    Remedy.INSOLVENCY: "Bankruptcy or winding up",
    Remedy.COMMITTAL: "Committal to prison",
}

# Council tax may be recovered by each remedy; business rates and BID levies only by these.
_RATES_REMEDIES = frozenset({Remedy.ENFORCEMENT_AGENTS, Remedy.INSOLVENCY, Remedy.COMMITTAL})
_LIABILITY_ORDER_DEBTS = frozenset(
    {DebtType.COUNCIL_TAX, DebtType.BUSINESS_RATES, DebtType.BID_LEVY}
)

MAXIMUM_ATTACHMENT_ORDERS = 2  # RULES.md §2.6 (1998 amendment) [V1]
MAXIMUM_BENEFIT_DEDUCTIONS = 1  # RULES.md §2.7 [V2]
CHARGING_ORDER_MINIMUM = Decimal("1000.00")  # CT Regs reg 50, RULES.md §2.9 [V1]
WALES_COMMITTAL_ABOLISHED_DATE = dt.date(2019, 4, 1)  # RULES.md §2.11, §2.14 [V2]


@dataclass(frozen=True)
class BankruptcyLevel:
    """The least a creditor's bankruptcy petition may be for, from `valid_from`."""

    valid_from: dt.date
    minimum: Decimal


# Insolvency Act 1986 s267(4) as amended by SI 2015/922 (RULES.md §2.10, [V2]). The level before
# 1 October 2015 is not held.
BANKRUPTCY_LEVELS = (BankruptcyLevel(valid_from=dt.date(2015, 10, 1), minimum=Decimal("5000.00")),)


@dataclass(frozen=True)
class Reason:
    """Why a remedy is not available: the RULES.md section and a sentence for officers."""

    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.text.rstrip('.')} ({self.rule})."


@dataclass(frozen=True)
class RemedyDecision:
    remedy: Remedy
    reasons: tuple[Reason, ...]  # why not; empty when the remedy is available
    notes: tuple[str, ...] = ()  # what the officer must still check before using it

    @property
    def is_allowed(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class RecoveryFacts:
    """What the remedies depend on, as at `as_of`."""

    debt_type: DebtType
    nation: Nation
    as_of: dt.date
    outstanding: Decimal  # still owed under the liability order(s)
    attachment_orders_in_force: int
    has_benefit_deduction_in_force: bool
    has_insufficient_goods_report: bool
    is_company: bool


def decide_remedies(
    *,
    debt_type: DebtType,
    nation: Nation,
    as_of: dt.date,
    outstanding_under_liability_orders: Decimal,
    attachment_orders_in_force: int,
    has_benefit_deduction_in_force: bool,
    has_insufficient_goods_report: bool,
    is_company: bool = False,
) -> tuple[RemedyDecision, ...]:
    """
    Decide, for each remedy, whether it is available after a liability order, and if not why not
    (RULES.md §2.6–§2.13).

    `has_insufficient_goods_report` means an enforcement agent has reported that goods could not
    be found to cover the debt. `is_company` is for a debtor that is a company, not a person.

    :raises ValueError: if a count or the outstanding amount is negative.
    """
    if outstanding_under_liability_orders < ZERO or attachment_orders_in_force < 0:
        raise ValueError("the outstanding amount and the number of orders cannot be negative")
    facts = RecoveryFacts(
        debt_type=debt_type,
        nation=nation,
        as_of=as_of,
        outstanding=outstanding_under_liability_orders,
        attachment_orders_in_force=attachment_orders_in_force,
        has_benefit_deduction_in_force=has_benefit_deduction_in_force,
        has_insufficient_goods_report=has_insufficient_goods_report,
        is_company=is_company,
    )
    return tuple(_decide(remedy, facts) for remedy in Remedy)


def _decide(remedy: Remedy, facts: RecoveryFacts) -> RemedyDecision:
    """Return one remedy's decision: the debt type first, then the amount, then its own rule."""
    not_for_debt_type = _debt_type_reason(remedy, facts)
    if not_for_debt_type is not None:
        return RemedyDecision(remedy=remedy, reasons=(not_for_debt_type,))
    if facts.outstanding == ZERO:
        nothing_owed = Reason("RULES.md §2.8", "Nothing is outstanding under the liability order.")
        return RemedyDecision(remedy=remedy, reasons=(nothing_owed,))
    reasons, notes = _RULES[remedy](facts)
    return RemedyDecision(remedy=remedy, reasons=tuple(reasons), notes=() if reasons else notes)


def _debt_type_reason(remedy: Remedy, facts: RecoveryFacts) -> Reason | None:
    """Return why the debt type rules `remedy` out, or None if the debt type allows it."""
    label = DEBT_TYPE_LABELS[facts.debt_type]
    if facts.debt_type not in _LIABILITY_ORDER_DEBTS:
        return Reason(
            "RULES.md §2.8–§2.13",
            f"{label} is not recovered through a liability order, so these remedies do not apply.",
        )
    if facts.debt_type != DebtType.COUNCIL_TAX and remedy not in _RATES_REMEDIES:
        return Reason(
            "RULES.md §2.12" + (", §2.13" if facts.debt_type == DebtType.BID_LEVY else ""),
            f"{label} cannot be recovered by {REMEDY_LABELS[remedy].lower()}: the business "
            "rates regulations do not provide for it.",
        )
    return None


_Rule = Callable[[RecoveryFacts], tuple[list[Reason], tuple[str, ...]]]


def _attachment_of_earnings(facts: RecoveryFacts) -> tuple[list[Reason], tuple[str, ...]]:
    reasons = []
    if facts.is_company:
        reasons.append(Reason("RULES.md §2.6", "A company has no earnings to attach."))
    if facts.attachment_orders_in_force >= MAXIMUM_ATTACHMENT_ORDERS:
        reasons.append(
            Reason(
                "RULES.md §2.6",
                f"{facts.attachment_orders_in_force} council tax attachment of earnings orders "
                f"are already in force; no more than {MAXIMUM_ATTACHMENT_ORDERS} are allowed.",
            )
        )
    notes = ("The debtor must be employed; ask for employer and earnings details (§2.5).",)
    return reasons, notes


def _deduction_from_benefits(facts: RecoveryFacts) -> tuple[list[Reason], tuple[str, ...]]:
    reasons = []
    if facts.is_company:
        reasons.append(Reason("RULES.md §2.7", "A company does not receive benefits."))
    if facts.has_benefit_deduction_in_force:
        reasons.append(
            Reason(
                "RULES.md §2.7",
                "A council tax deduction from benefits is already in force; only one is "
                "allowed at a time.",
            )
        )
    notes = ("The debtor must receive a qualifying benefit; DWP sets the amount (§2.7).",)
    return reasons, notes


def _enforcement_agents(facts: RecoveryFacts) -> tuple[list[Reason], tuple[str, ...]]:
    notes: tuple[str, ...] = ()
    if facts.debt_type == DebtType.BID_LEVY:
        notes = ("BID levy enforcement following business rates is unverified (§2.13).",)
    return [], notes


def _charging_order(facts: RecoveryFacts) -> tuple[list[Reason], tuple[str, ...]]:
    reasons = []
    if facts.outstanding < CHARGING_ORDER_MINIMUM:
        reasons.append(
            Reason(
                "RULES.md §2.9",
                f"A charging order needs at least {format_pounds(CHARGING_ORDER_MINIMUM)} "
                f"outstanding under the liability order(s); {format_pounds(facts.outstanding)} "
                "is outstanding.",
            )
        )
    notes: tuple[str, ...] = (
        "It charges the debtor's interest in the dwelling the council tax was for (§2.9).",
    )
    if facts.nation == Nation.WALES:
        notes = (*notes, "The £1,000 minimum is not verified for Wales (§2.14).")
    return reasons, notes


def _insolvency(facts: RecoveryFacts) -> tuple[list[Reason], tuple[str, ...]]:
    if facts.is_company:
        return [], ("Winding-up petition rules are not in RULES.md; take legal advice (§2.12).",)
    in_force = [level for level in BANKRUPTCY_LEVELS if level.valid_from <= facts.as_of]
    if not in_force:
        return [
            Reason("RULES.md §2.10", "The bankruptcy level before 1 October 2015 is not held.")
        ], ()
    minimum = max(in_force, key=lambda level: level.valid_from).minimum
    if facts.outstanding < minimum:
        return [
            Reason(
                "RULES.md §2.10",
                f"A bankruptcy petition needs a debt of at least {format_pounds(minimum)}; "
                f"{format_pounds(facts.outstanding)} is outstanding.",
            )
        ], ()
    return [], ()


def _committal(facts: RecoveryFacts) -> tuple[list[Reason], tuple[str, ...]]:
    reasons = []
    if facts.is_company:
        reasons.append(Reason("RULES.md §2.12", "A company cannot be committed to prison."))
    if facts.nation == Nation.WALES and facts.debt_type == DebtType.COUNCIL_TAX:
        if facts.as_of >= WALES_COMMITTAL_ABOLISHED_DATE:
            reasons.append(
                Reason(
                    "RULES.md §2.11",
                    "Committal to prison for council tax was abolished in Wales from 1 April 2019.",
                )
            )
    elif facts.nation == Nation.WALES:
        reasons.append(
            Reason(
                "RULES.md §2.12",
                "Committal for business rates and BID levies is provided for in England only.",
            )
        )
    if not facts.has_insufficient_goods_report:
        reasons.append(
            Reason(
                "RULES.md §2.11",
                "Committal needs an enforcement agent's report that there were insufficient goods.",
            )
        )
    notes = ("The court must find wilful refusal or culpable neglect to pay (§2.11).",)
    return reasons, notes


_RULES: dict[Remedy, _Rule] = {
    Remedy.ATTACHMENT_OF_EARNINGS: _attachment_of_earnings,
    Remedy.DEDUCTION_FROM_BENEFITS: _deduction_from_benefits,
    Remedy.ENFORCEMENT_AGENTS: _enforcement_agents,
    Remedy.CHARGING_ORDER: _charging_order,
    Remedy.INSOLVENCY: _insolvency,
    Remedy.COMMITTAL: _committal,
}
