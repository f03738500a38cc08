"""
The shape of synthetic council debts: which kinds, how big, how old, how far recovery has gone.

Assumptions (also in docs/benchmarks.md, "How the data is shaped"):

- Mix by number of accounts in recovery: council tax 60%, parking PCNs 12%, sundry invoices 8%,
  business rates 6%, housing benefit overpayments 5%, social care contributions 3%, BID levy 3%,
  fixed penalty notices 3%. Council tax dominates every English council's arrears caseload.
- Council tax: Band D of £2,300 this year (a Surrey district's Band D is about that), 4% less
  for each year back, bands in the ratios of Local Government Finance Act 1992 s.5 and a
  25% single person discount on a third of bills; so annual bills run from about £1,150 to
  £4,600. Arrears are log-normal with a median of £450, clipped to £60-£2,000 and never more
  than the bill. Older years are rarer and further through recovery.
- Business rates: rateable values log-normal around £14,000 times the small business
  multiplier; arrears log-normal around £2,500. BID levy: 1.5% of rateable value.
- Court costs are per-council figures (RULES.md §2.4): £70 summons and £30 liability order for
  council tax, £95 and £40 for business rates and BID. A case with enforcement agents carries
  the £75 compliance fee (RULES.md §1.1). A PCN with a charge certificate is increased by 50%
  and an order for recovery adds the £10 TEC fee (RULES.md §3).
- About one account in ten has been cleared; the rest are part-paid or unpaid. Instalments are
  whole pounds with the first taking the difference (RULES.md §2.1).
"""

import datetime as dt
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from arrears.accounts.domain.debts import DebtType
from arrears.ledger.domain.entries import ChargeKind

DEBT_MIX: tuple[tuple[DebtType, int], ...] = (
    (DebtType.COUNCIL_TAX, 60),
    (DebtType.PARKING_PCN, 12),
    (DebtType.SUNDRY_INVOICE, 8),
    (DebtType.BUSINESS_RATES, 6),
    (DebtType.HOUSING_BENEFIT_OVERPAYMENT, 5),
    (DebtType.SOCIAL_CARE_CONTRIBUTION, 3),
    (DebtType.BID_LEVY, 3),
    (DebtType.FIXED_PENALTY_NOTICE, 3),
)
BUSINESS_DEBTS = frozenset({DebtType.BUSINESS_RATES, DebtType.BID_LEVY})

REFERENCE_PREFIX = {
    DebtType.COUNCIL_TAX: "CT",
    DebtType.BUSINESS_RATES: "NR",
    DebtType.BID_LEVY: "BID",
    DebtType.HOUSING_BENEFIT_OVERPAYMENT: "HBO",
    DebtType.SUNDRY_INVOICE: "INV",
    DebtType.SOCIAL_CARE_CONTRIBUTION: "ASC",
    DebtType.PARKING_PCN: "PCN",
    DebtType.FIXED_PENALTY_NOTICE: "FPN",
}

# Council tax band ratios to Band D, in ninths (LGFA 1992 s.5(1)), with the share of dwellings
# in each band in England (VOA Council Tax: stock of properties, 2024, rounded).
CT_BANDS: tuple[tuple[str, int, int], ...] = (
    ("A", 6, 24),
    ("B", 7, 20),
    ("C", 8, 22),
    ("D", 9, 15),
    ("E", 11, 10),
    ("F", 13, 5),
    ("G", 15, 3),
    ("H", 18, 1),
)
BAND_D_THIS_YEAR = Decimal("2300.00")

CT_SUMMONS_COSTS = Decimal("70.00")
CT_LIABILITY_ORDER_COSTS = Decimal("30.00")
NNDR_SUMMONS_COSTS = Decimal("95.00")
NNDR_LIABILITY_ORDER_COSTS = Decimal("40.00")
COMPLIANCE_FEE = Decimal("75.00")
TEC_FEE = Decimal("10.00")
LIABILITY_ORDER_COSTS_RULE = "RULES.md §2.4 liability order costs"

PAYMENT_METHODS: tuple[tuple[str, int], ...] = (
    ("DIRECT_DEBIT", 50),
    ("CARD", 25),
    ("BANK_TRANSFER", 15),
    ("PAYPOINT", 10),
)

Weights = tuple[tuple[str, int], ...]

STAGES_RATES_CURRENT: Weights = (
    ("REMINDER", 35),
    ("FINAL_NOTICE", 15),
    ("SUMMONS", 20),
    ("LIABILITY_ORDER", 15),
    ("ARRANGEMENT", 15),
)
STAGES_RATES_OLDER: Weights = (
    ("LIABILITY_ORDER", 30),
    ("ENFORCEMENT_AGENT", 35),
    ("ARRANGEMENT", 35),
)
STAGES_PCN: Weights = (
    ("NOTICE_TO_OWNER", 30),
    ("CHARGE_CERTIFICATE", 30),
    ("ORDER_FOR_RECOVERY", 20),
    ("ENFORCEMENT_AGENT", 20),
)
STAGES_SUNDRY: Weights = (
    ("REMINDER", 35),
    ("FINAL_NOTICE", 25),
    ("ARRANGEMENT", 25),
    ("LETTER_BEFORE_CLAIM", 15),
)
STAGES_HB: Weights = (
    ("REMINDER", 25),
    ("FINAL_NOTICE", 15),
    ("ARRANGEMENT", 45),
    ("BENEFIT_DEDUCTION", 15),
)
STAGES_CARE: Weights = (("REMINDER", 35), ("FINAL_NOTICE", 25), ("ARRANGEMENT", 40))
STAGES_FPN: Weights = (("REMINDER", 50), ("FINAL_NOTICE", 35), ("PROSECUTION", 15))

SUNDRY_DESCRIPTIONS = (
    "Trade waste collection",
    "Garden waste subscription",
    "Commercial property rent",
    "Premises licence fee",
    "Damage to council property",
    "Pest control treatment",
    "Hall hire",
)
PCN_CONTRAVENTIONS = (
    "01: parked in a restricted street during prescribed hours",
    "12: parked in a residents' parking place without a permit",
    "30: parked for longer than permitted",
    "40: parked in a disabled person's parking place without a badge",
    "83: parked in a car park without a valid ticket",
)
FPN_OFFENCES = (
    ("Littering (Environmental Protection Act 1990 s.88)", Decimal("100.00"), 60),
    ("Fly-tipping (Environmental Protection Act 1990 s.33ZA)", Decimal("400.00"), 25),
    ("Dog fouling (public spaces protection order)", Decimal("100.00"), 10),
    ("Graffiti (Anti-social Behaviour Act 2003 s.43)", Decimal("150.00"), 5),
)


@dataclass(frozen=True)
class PlannedCharge:
    charge_kind: ChargeKind
    amount: Decimal
    effective_date: dt.date
    rule: str
    reason: str


@dataclass(frozen=True)
class PlannedPayment:
    amount: Decimal
    received_date: dt.date
    method: str


@dataclass(frozen=True)
class DebtPlan:
    """One account's history: what was charged and paid, and where recovery has reached."""

    debt_type: DebtType
    period_start_date: dt.date
    period_end_date: dt.date
    description: str
    opened_date: dt.date
    recovery_stage: str
    is_closed: bool
    charges: tuple[PlannedCharge, ...]
    payments: tuple[PlannedPayment, ...]


def pounds(pence: int) -> Decimal:
    """Return whole pence as Decimal pounds with two places (1234 -> 12.34)."""
    return Decimal(pence).scaleb(-2)


def _pick(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([name for name, _ in table], weights=[w for _, w in table])[0]


def _log_normal(
    rng: random.Random, *, median: float, sigma: float, low: float, high: float
) -> Decimal:
    value = min(max(rng.lognormvariate(math.log(median), sigma), low), max(low, high))
    return pounds(int(value * 100))


def financial_year_start(as_of: dt.date) -> dt.date:
    """Return 1 April of the financial year that contains `as_of`."""
    year = as_of.year if as_of >= dt.date(as_of.year, 4, 1) else as_of.year - 1
    return dt.date(year, 4, 1)


def _not_after(day: dt.date, as_of: dt.date) -> dt.date:
    return min(day, as_of)


def instalments(
    *, rng: random.Random, total: Decimal, first_date: dt.date, last_date: dt.date, most: int
) -> list[PlannedPayment]:
    """
    Return payments adding up exactly to `total`, at most `most`, between the two dates.

    Every instalment but the first is a whole number of pounds and the first takes the
    difference, as in the council tax instalment rule (RULES.md §2.1).
    """
    pence = int(total * 100)
    if pence <= 0:
        return []
    count = max(1, min(rng.randint(1, most), pence // 500))
    other = (pence // count) // 100 * 100
    if other == 0:
        count, other = 1, 0
    first = pence - (count - 1) * other
    last_date = max(first_date, last_date)
    step = min(31, (last_date - first_date).days // count) if count > 1 else 0
    method = _pick(rng, PAYMENT_METHODS)
    return [
        PlannedPayment(
            amount=pounds(first if i == 0 else other),
            received_date=first_date + dt.timedelta(days=i * step),
            method=method,
        )
        for i in range(count)
    ]


def _settle(
    *,
    rng: random.Random,
    charges: list[PlannedCharge],
    arrears: Decimal,
    is_cleared: bool,
    first_payment_date: dt.date,
    as_of: dt.date,
    most: int,
) -> tuple[PlannedPayment, ...]:
    """Return payments that leave `arrears` owing (nothing if cleared), never more than charged."""
    charged = sum((c.amount for c in charges), Decimal("0.00"))
    owing = Decimal("0.00") if is_cleared else min(arrears, charged)
    return tuple(
        instalments(
            rng=rng,
            total=charged - owing,
            first_date=_not_after(first_payment_date, as_of),
            last_date=as_of,
            most=most,
        )
    )


def _recovery_costs(
    *,
    stage: str,
    summons_date: dt.date,
    as_of: dt.date,
    summons_costs: Decimal,
    order_costs: Decimal,
    had_order: bool,
) -> list[PlannedCharge]:
    """Return the court costs and fees a rates or council tax case has incurred by `stage`."""
    costs: list[PlannedCharge] = []
    summoned = stage in {"SUMMONS", "LIABILITY_ORDER", "ENFORCEMENT_AGENT"} or had_order
    ordered = stage in {"LIABILITY_ORDER", "ENFORCEMENT_AGENT"} or had_order
    if summoned:
        costs.append(
            PlannedCharge(
                ChargeKind.COSTS,
                summons_costs,
                _not_after(summons_date, as_of),
                "RULES.md §2.4 summons costs",
                "Costs of issuing a summons to the magistrates' court",
            )
        )
    if ordered:
        costs.append(
            PlannedCharge(
                ChargeKind.COSTS,
                order_costs,
                _not_after(summons_date + dt.timedelta(days=21), as_of),
                LIABILITY_ORDER_COSTS_RULE,
                "Costs of obtaining a liability order",
            )
        )
    if stage == "ENFORCEMENT_AGENT":
        costs.append(
            PlannedCharge(
                ChargeKind.STATUTORY_FEE,
                COMPLIANCE_FEE,
                _not_after(summons_date + dt.timedelta(days=60), as_of),
                "RULES.md §1.1 compliance fee",
                "Compliance stage fee: case passed to enforcement agents",
            )
        )
    return costs


def plan_council_tax(*, rng: random.Random, as_of: dt.date) -> DebtPlan:
    """Plan one council tax year in recovery (see the module docstring for the shape)."""
    age = rng.choices([0, 1, 2, 3, 4, 5], weights=[50, 25, 12, 6, 4, 3])[0]
    this_year = financial_year_start(as_of)
    year_start = dt.date(this_year.year - age, 4, 1)
    band, ninths, _ = rng.choices(CT_BANDS, weights=[w for _, _, w in CT_BANDS])[0]
    band_d = BAND_D_THIS_YEAR * Decimal(1 - 0.04 * age).quantize(Decimal("0.0001"))
    liability = (band_d * ninths / 9).quantize(Decimal("0.01"))
    is_single = rng.random() < 0.33
    reason = f"Council tax {year_start.year}/{str(year_start.year + 1)[2:]}, band {band}"
    if is_single:
        liability = (liability * Decimal("0.75")).quantize(Decimal("0.01"))
        reason += ", 25% single person discount"
    charges = [
        PlannedCharge(
            ChargeKind.LIABILITY,
            liability,
            year_start,
            "LGFA 1992 s.1 annual liability",
            reason,
        )
    ]
    is_cleared = rng.random() < 0.08
    stage = _pick(rng, STAGES_RATES_CURRENT if age == 0 else STAGES_RATES_OLDER)
    summons_date = _not_after(year_start + dt.timedelta(days=150), as_of - dt.timedelta(days=30))
    summons_date = max(summons_date, year_start)
    charges += _recovery_costs(
        stage=stage,
        summons_date=summons_date,
        as_of=as_of,
        summons_costs=CT_SUMMONS_COSTS,
        order_costs=CT_LIABILITY_ORDER_COSTS,
        had_order=stage == "ARRANGEMENT" and rng.random() < 0.6,
    )
    arrears = _log_normal(rng, median=450, sigma=0.8, low=60, high=2000)
    payments = _settle(
        rng=rng,
        charges=charges,
        arrears=arrears,
        is_cleared=is_cleared,
        first_payment_date=year_start + dt.timedelta(days=14),
        as_of=as_of,
        most=10,
    )
    return DebtPlan(
        debt_type=DebtType.COUNCIL_TAX,
        period_start_date=year_start,
        period_end_date=dt.date(year_start.year + 1, 3, 31),
        description=reason,
        opened_date=year_start,
        recovery_stage="" if is_cleared else stage,
        is_closed=is_cleared,
        charges=tuple(charges),
        payments=payments,
    )


def plan_business_rates(*, rng: random.Random, as_of: dt.date, is_bid: bool) -> DebtPlan:
    """Plan one year of business rates (or the BID levy on the same hereditament)."""
    age = rng.choices([0, 1, 2, 3], weights=[55, 25, 12, 8])[0]
    year_start = dt.date(financial_year_start(as_of).year - age, 4, 1)
    rateable_value = _log_normal(rng, median=14000, sigma=0.9, low=12000, high=400000)
    if is_bid:
        debt_type, rule = DebtType.BID_LEVY, "BID (England) Regs 2004 levy"
        liability = max(
            Decimal("150.00"), (rateable_value * Decimal("0.015")).quantize(Decimal("0.01"))
        )
        reason = f"BID levy {year_start.year}/{str(year_start.year + 1)[2:]}: 1.5% of RV"
        arrears = liability * Decimal(rng.uniform(0.4, 1.0)).quantize(Decimal("0.01"))
    else:
        debt_type, rule = DebtType.BUSINESS_RATES, "LGFA 1988 s.43 non-domestic rates"
        # England 2025/26: small business multiplier 49.9p below £51,000 RV, standard 55.5p.
        multiplier = Decimal("0.499") if rateable_value < 51000 else Decimal("0.555")
        liability = (rateable_value * multiplier).quantize(Decimal("0.01"))
        reason = (
            f"Business rates {year_start.year}/{str(year_start.year + 1)[2:]}: "
            f"RV £{rateable_value:,.0f} x {multiplier}"
        )
        arrears = _log_normal(rng, median=2500, sigma=1.1, low=150, high=float(liability))
    charges = [PlannedCharge(ChargeKind.LIABILITY, liability, year_start, rule, reason)]
    stage = _pick(rng, STAGES_RATES_CURRENT if age == 0 else STAGES_RATES_OLDER)
    summons_date = max(
        year_start,
        _not_after(year_start + dt.timedelta(days=120), as_of - dt.timedelta(days=30)),
    )
    charges += _recovery_costs(
        stage=stage,
        summons_date=summons_date,
        as_of=as_of,
        summons_costs=NNDR_SUMMONS_COSTS,
        order_costs=NNDR_LIABILITY_ORDER_COSTS,
        had_order=stage == "ARRANGEMENT" and rng.random() < 0.6,
    )
    is_cleared = rng.random() < 0.08
    payments = _settle(
        rng=rng,
        charges=charges,
        arrears=arrears,
        is_cleared=is_cleared,
        first_payment_date=year_start + dt.timedelta(days=14),
        as_of=as_of,
        most=10,
    )
    return DebtPlan(
        debt_type=debt_type,
        period_start_date=year_start,
        period_end_date=dt.date(year_start.year + 1, 3, 31),
        description=reason,
        opened_date=year_start,
        recovery_stage="" if is_cleared else stage,
        is_closed=is_cleared,
        charges=tuple(charges),
        payments=payments,
    )


def plan_parking(*, rng: random.Random, as_of: dt.date) -> DebtPlan:
    """Plan one unpaid penalty charge notice through the TMA 2004 steps (RULES.md §3)."""
    issued = as_of - dt.timedelta(days=rng.randint(30, 900))
    penalty = Decimal("70.00") if rng.random() < 0.65 else Decimal("50.00")
    contravention = rng.choice(PCN_CONTRAVENTIONS)
    stage = _pick(rng, STAGES_PCN)
    charges = [
        PlannedCharge(
            ChargeKind.PENALTY,
            penalty,
            issued,
            "TMA 2004 Part 6 penalty charge",
            f"Penalty charge, contravention {contravention}",
        )
    ]
    if stage in {"CHARGE_CERTIFICATE", "ORDER_FOR_RECOVERY", "ENFORCEMENT_AGENT"}:
        charges.append(
            PlannedCharge(
                ChargeKind.PENALTY,
                (penalty / 2).quantize(Decimal("0.01")),
                _not_after(issued + dt.timedelta(days=60), as_of),
                "RULES.md §3 charge certificate",
                "Charge certificate: penalty increased by 50%",
            )
        )
    if stage in {"ORDER_FOR_RECOVERY", "ENFORCEMENT_AGENT"}:
        charges.append(
            PlannedCharge(
                ChargeKind.COSTS,
                TEC_FEE,
                _not_after(issued + dt.timedelta(days=80), as_of),
                "RULES.md §3 TEC registration fee",
                "Registered at the Traffic Enforcement Centre",
            )
        )
    if stage == "ENFORCEMENT_AGENT":
        charges.append(
            PlannedCharge(
                ChargeKind.STATUTORY_FEE,
                COMPLIANCE_FEE,
                _not_after(issued + dt.timedelta(days=130), as_of),
                "RULES.md §1.1 compliance fee",
                "Compliance stage fee: warrant of control passed to enforcement agents",
            )
        )
    is_cleared = rng.random() < 0.10
    arrears = sum((c.amount for c in charges), Decimal("0.00"))
    if not is_cleared and rng.random() < 0.05:
        arrears -= penalty / 2
    payments = _settle(
        rng=rng,
        charges=charges,
        arrears=arrears,
        is_cleared=is_cleared,
        first_payment_date=issued + dt.timedelta(days=10),
        as_of=as_of,
        most=2,
    )
    return DebtPlan(
        debt_type=DebtType.PARKING_PCN,
        period_start_date=issued,
        period_end_date=issued,
        description=f"PCN, contravention {contravention}",
        opened_date=issued,
        recovery_stage="" if is_cleared else stage,
        is_closed=is_cleared,
        charges=tuple(charges),
        payments=payments,
    )


def plan_invoice(*, rng: random.Random, as_of: dt.date, debt_type: DebtType) -> DebtPlan:
    """Plan a sundry invoice, housing benefit overpayment or social care contribution."""
    if debt_type is DebtType.HOUSING_BENEFIT_OVERPAYMENT:
        amount = _log_normal(rng, median=900, sigma=1.0, low=50, high=20000)
        raised = as_of - dt.timedelta(days=rng.randint(30, 2500))
        description = "Housing benefit overpaid (HB Regs 2006 reg 99-102)"
        rule, stages, paid_share, most = (
            "HB Regs 2006 reg 100 recoverable overpayment",
            (STAGES_HB),
            0.45,
            24,
        )
    elif debt_type is DebtType.SOCIAL_CARE_CONTRIBUTION:
        amount = _log_normal(rng, median=2000, sigma=1.1, low=100, high=60000)
        raised = as_of - dt.timedelta(days=rng.randint(30, 1500))
        description = "Assessed contribution to residential care (Care Act 2014 s.14)"
        rule, stages, paid_share, most = "Care Act 2014 s.14 charge", STAGES_CARE, 0.4, 12
    elif debt_type is DebtType.FIXED_PENALTY_NOTICE:
        offence, amount, _ = rng.choices(FPN_OFFENCES, weights=[w for _, _, w in FPN_OFFENCES])[0]
        raised = as_of - dt.timedelta(days=rng.randint(20, 400))
        description = f"Fixed penalty notice: {offence}"
        rule, stages, paid_share, most = "Fixed penalty notice", STAGES_FPN, 0.05, 1
    else:
        amount = _log_normal(rng, median=250, sigma=1.2, low=25, high=25000)
        raised = as_of - dt.timedelta(days=rng.randint(30, 1500))
        description = rng.choice(SUNDRY_DESCRIPTIONS)
        rule, stages, paid_share, most = "Sundry invoice", STAGES_SUNDRY, 0.3, 12
    kind = (
        ChargeKind.PENALTY if debt_type is DebtType.FIXED_PENALTY_NOTICE else ChargeKind.LIABILITY
    )
    charges = [PlannedCharge(kind, amount, raised, rule, description)]
    is_cleared = rng.random() < 0.08
    arrears = amount
    if rng.random() < paid_share:
        arrears = (amount * Decimal(rng.uniform(0.2, 0.95))).quantize(Decimal("0.01"))
    payments = _settle(
        rng=rng,
        charges=charges,
        arrears=arrears,
        is_cleared=is_cleared,
        first_payment_date=raised + dt.timedelta(days=28),
        as_of=as_of,
        most=most,
    )
    return DebtPlan(
        debt_type=debt_type,
        period_start_date=raised,
        period_end_date=raised,
        description=description,
        opened_date=raised,
        recovery_stage="" if is_cleared else _pick(rng, stages),
        is_closed=is_cleared,
        charges=tuple(charges),
        payments=payments,
    )


def plan_debt(*, rng: random.Random, as_of: dt.date, debt_type: DebtType) -> DebtPlan:
    """Plan one account of `debt_type` as it stands on `as_of`."""
    if debt_type is DebtType.COUNCIL_TAX:
        return plan_council_tax(rng=rng, as_of=as_of)
    if debt_type in BUSINESS_DEBTS:
        return plan_business_rates(rng=rng, as_of=as_of, is_bid=debt_type is DebtType.BID_LEVY)
    if debt_type is DebtType.PARKING_PCN:
        return plan_parking(rng=rng, as_of=as_of)
    return plan_invoice(rng=rng, as_of=as_of, debt_type=debt_type)
