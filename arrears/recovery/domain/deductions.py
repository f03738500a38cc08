"""
Deductions the council does not need a court for, or does not set itself (RULES.md §2.7, §4).

- Housing benefit overpayments recovered from ongoing housing benefit: the maximum weekly
  deduction (Housing Benefit Regulations 2006 reg 102; RULES.md §4.1; examples §10.5 D1, D2).
- Direct Earnings Attachment (DEA) for housing benefit overpayments: the standard table and the
  40% protected-earnings cap (Social Security (Overpayments and Recovery) Regulations 2013;
  RULES.md §4.2; examples §10.5 D3, D4). [V2] throughout.
- Council tax deductions from benefits: DWP sets the amount, so the figures here are forecasts
  only, to be replaced by what DWP notifies (RULES.md §2.7; example §10.5 D5).

Benefit rates change every April, so each year's figure is a row with its own dates; a date in
a year whose figures are not held is refused rather than given last year's figure. The rows run
from 1 April to 31 March; DWP uprating takes effect in the first week of April, so a deduction
in the first days of April may still use the previous year's figure.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

from arrears.kernel.money import ZERO, round_to_penny

HUNDRED = Decimal("100")
FIVE_PENCE = Decimal("0.05")


class RateNotHeld(LookupError):
    """The benefit rate or table needed for this date is not held (not verified, RULES.md §0.1)."""


@dataclass(frozen=True)
class BenefitYear:
    """
    Weekly and monthly benefit rates for one benefit year, 1 April to 31 March inclusive.

    `personal_allowance` is the weekly personal allowance for a single claimant aged 25 or over
    (income-based JSA / income support); `universal_credit_standard_allowance` the monthly
    standard allowance for a single claimant aged 25 or over, when held.
    """

    valid_from: dt.date
    valid_to: dt.date
    personal_allowance: Decimal
    universal_credit_standard_allowance: Decimal | None
    verification: str  # RULES.md §0.1 mark for the figures of this year


BENEFIT_YEARS: tuple[BenefitYear, ...] = (
    # [V2]: the maxima derived from these match published council figures [S92].
    BenefitYear(
        valid_from=dt.date(2022, 4, 1),
        valid_to=dt.date(2023, 3, 31),
        personal_allowance=Decimal("77.00"),
        universal_credit_standard_allowance=None,
        verification="V2",
    ),
    BenefitYear(
        valid_from=dt.date(2023, 4, 1),
        valid_to=dt.date(2024, 3, 31),
        personal_allowance=Decimal("84.80"),
        universal_credit_standard_allowance=None,
        verification="V2",
    ),
    # [D]: derived, and the £4.55 legacy-benefit deduction matches CPAG [S74].
    BenefitYear(
        valid_from=dt.date(2024, 4, 1),
        valid_to=dt.date(2025, 3, 31),
        personal_allowance=Decimal("90.50"),
        universal_credit_standard_allowance=None,
        verification="D",
    ),
    # [D] from press reports of the 2025/26 uprating [S95].
    BenefitYear(
        valid_from=dt.date(2025, 4, 1),
        valid_to=dt.date(2026, 3, 31),
        personal_allowance=Decimal("92.05"),
        universal_credit_standard_allowance=Decimal("400.14"),
        verification="D",
    ),
)


def benefit_year(*, as_of: dt.date) -> BenefitYear:
    """
    Return the benefit rates for the year holding `as_of`.

    :raises RateNotHeld: if that year's rates are not held (for example 2026/27, RULES.md §4.1).
    """
    for year in BENEFIT_YEARS:
        if year.valid_from <= as_of <= year.valid_to:
            return year
    raise RateNotHeld(
        f"Benefit rates for the year holding {as_of.isoformat()} are not held; they must be "
        "verified and added before deductions for that year can be worked out (RULES.md §4.1)."
    )


def five_percent_of_personal_allowance(*, personal_allowance: Decimal) -> Decimal:
    """
    Return 5% of `personal_allowance` rounded up to the next multiple of 5p, as the Housing
    Benefit Regulations 2006 reg 102 and the council tax deduction rules require (RULES.md §2.7,
    §4.1): 5% of £92.05 is £4.6025, which becomes £4.65.
    """
    five_percent = personal_allowance * Decimal("5") / HUNDRED
    return (five_percent / FIVE_PENCE).to_integral_value(rounding=ROUND_CEILING) * FIVE_PENCE


# --- Housing benefit overpayments: recovery from ongoing housing benefit (RULES.md §4.1) -------

# Multiples of the rounded 5% (reg 102, [V1] [S90]); the fraud multiple was raised from 4 to 5 in
# 2012 (SI 2012/645 [S91]), before the earliest benefit year held here.
STANDARD_MULTIPLE = 3
FRAUD_MULTIPLE = 5
# Councils add half of any earned-income disregard in the claimant's assessment ([V2] [S92]).
EARNINGS_DISREGARD_SHARE = Decimal("0.5")


@dataclass(frozen=True)
class OverpaymentDeductionLimit:
    """The maximum weekly deduction from ongoing housing benefit, with its working."""

    year: BenefitYear
    five_percent: Decimal
    multiple: int
    from_earnings_disregard: Decimal
    maximum_weekly: Decimal


def overpayment_deduction_limit(
    *, as_of: dt.date, is_fraud: bool, earnings_disregard: Decimal = ZERO
) -> OverpaymentDeductionLimit:
    """
    Return the maximum weekly deduction from ongoing housing benefit to recover an overpayment
    (RULES.md §4.1; examples §10.5 D1, D2).

    `is_fraud` means the claimant was convicted, admitted fraud after caution or agreed to pay an
    administrative penalty for the overpayment. `earnings_disregard` is the weekly earned-income
    disregard applied in the claimant's assessment (for example £25 for a lone parent); half of
    it is added, rounded half up to the penny (a policy choice; halves of whole pounds are exact).
    The claimant may ask for less on hardship (RULES.md §4.1, §6).

    :raises ValueError: if `earnings_disregard` is negative.
    :raises RateNotHeld: if the personal allowance for `as_of` is not held.
    """
    if earnings_disregard < ZERO:
        raise ValueError("the earnings disregard cannot be negative")
    year = benefit_year(as_of=as_of)
    five_percent = five_percent_of_personal_allowance(personal_allowance=year.personal_allowance)
    multiple = FRAUD_MULTIPLE if is_fraud else STANDARD_MULTIPLE
    from_disregard = round_to_penny(earnings_disregard * EARNINGS_DISREGARD_SHARE)
    return OverpaymentDeductionLimit(
        year=year,
        five_percent=five_percent,
        multiple=multiple,
        from_earnings_disregard=from_disregard,
        maximum_weekly=round_to_penny(five_percent * multiple + from_disregard),
    )


# --- Direct Earnings Attachment (RULES.md §4.2) ----------------------------------------------


class DeaPeriod(StrEnum):
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"


@dataclass(frozen=True)
class DeaBand:
    """Net earnings over `above` and not over `up_to` (None for the top band) pay `percentage`."""

    above: Decimal
    up_to: Decimal | None
    percentage: Decimal

    def holds(self, net_earnings: Decimal) -> bool:
        """Return whether `net_earnings` fall in this band."""
        if self.above == ZERO and net_earnings <= ZERO:
            return True
        over = net_earnings > self.above
        return over and (self.up_to is None or net_earnings <= self.up_to)


@dataclass(frozen=True)
class DeaTable:
    """A DEA rate table in force from `valid_from`, with the protected-earnings cap."""

    name: str
    valid_from: dt.date
    bands: dict[DeaPeriod, tuple[DeaBand, ...]]
    # Total deductions (DEA plus earlier priority orders) may not pass this share of net
    # earnings, so 60% is protected ([V2] [S93][S94]).
    maximum_share: Decimal
    # Employers may deduct up to £1 each time for their costs ([V2] [S93]); employers with
    # fewer than 10 employees need not operate a DEA.
    employer_admin_charge: Decimal
    verification: str


def _dea_bands(limits: tuple[str, ...]) -> tuple[DeaBand, ...]:
    percentages = ("0", "3", "5", "7", "11", "15", "20")
    uppers: tuple[Decimal | None, ...] = (*(Decimal(limit) for limit in limits), None)
    lowers = (ZERO, *(Decimal(limit) for limit in limits))
    return tuple(
        DeaBand(above=above, up_to=up_to, percentage=Decimal(percentage))
        for above, up_to, percentage in zip(lowers, uppers, percentages, strict=True)
    )


# The standard rates as three councils and an employer guide publish them ([V2] [S93][S94]);
# in force for councils since April 2013 (RULES.md §4.2). The higher-rate table is [U] and not
# held.
DEA_STANDARD_TABLES: tuple[DeaTable, ...] = (
    DeaTable(
        name="Direct Earnings Attachment standard rates",
        valid_from=dt.date(2013, 4, 1),
        bands={
            DeaPeriod.WEEKLY: _dea_bands(("100", "160", "220", "270", "375", "520")),
            DeaPeriod.MONTHLY: _dea_bands(("430", "690", "950", "1160", "1615", "2240")),
        },
        maximum_share=Decimal("0.40"),
        employer_admin_charge=Decimal("1.00"),
        verification="V2",
    ),
)


@dataclass(frozen=True)
class DeaDeduction:
    """A DEA deduction for one pay period, with its working."""

    table: DeaTable
    band: DeaBand
    earnings_after_priority_orders: Decimal
    table_deduction: Decimal
    cap: Decimal
    deduction: Decimal

    @property
    def is_capped(self) -> bool:
        return self.deduction < self.table_deduction


def dea_table(*, as_of: dt.date) -> DeaTable:
    """
    Return the DEA standard table in force on `as_of`.

    :raises RateNotHeld: if `as_of` is before the earliest table held.
    """
    in_force = [table for table in DEA_STANDARD_TABLES if table.valid_from <= as_of]
    if not in_force:
        raise RateNotHeld(
            f"No Direct Earnings Attachment table is held for {as_of.isoformat()} (RULES.md §4.2)."
        )
    return max(in_force, key=lambda table: table.valid_from)


def dea_deduction(
    *,
    net_earnings: Decimal,
    period: DeaPeriod,
    as_of: dt.date,
    priority_orders: Decimal = ZERO,
) -> DeaDeduction:
    """
    Return the standard-rate DEA deduction for one pay period (RULES.md §4.2; §10.5 D3, D4).

    Where earlier priority orders take `priority_orders` from the same pay, the table percentage
    applies to the whole of the net earnings left after them; the result is then capped so that
    all deductions together take no more than 40% of the net earnings. The table amount is rounded
    half up to the penny, a policy choice: the rounding rule was not found in the sources.

    :raises ValueError: if `net_earnings` or `priority_orders` is negative.
    :raises RateNotHeld: if no table is held for `as_of`.
    """
    if net_earnings < ZERO or priority_orders < ZERO:
        raise ValueError("net earnings and priority orders cannot be negative")
    table = dea_table(as_of=as_of)
    remaining = max(net_earnings - priority_orders, ZERO)
    band = next(band for band in table.bands[period] if band.holds(remaining))
    table_deduction = round_to_penny(remaining * band.percentage / HUNDRED)
    cap = max(round_to_penny(net_earnings * table.maximum_share) - priority_orders, ZERO)
    return DeaDeduction(
        table=table,
        band=band,
        earnings_after_priority_orders=remaining,
        table_deduction=table_deduction,
        cap=cap,
        deduction=min(table_deduction, cap),
    )


# --- Council tax deductions from benefits: forecasts only (RULES.md §2.7) --------------------


def legacy_benefit_deduction_forecast(*, as_of: dt.date) -> Decimal:
    """
    Return the expected weekly council tax deduction from a legacy means-tested benefit (income
    support, income-based JSA, income-related ESA, pension credit): 5% of the single 25-and-over
    personal allowance rounded up to the next 5p (RULES.md §2.7; £4.55 in 2024/25, £4.65 in
    2025/26).

    DWP sets the real amount; record what DWP notifies and use this only to forecast.

    :raises RateNotHeld: if the personal allowance for `as_of` is not held.
    """
    year = benefit_year(as_of=as_of)
    return five_percent_of_personal_allowance(personal_allowance=year.personal_allowance)


def universal_credit_deduction_forecast(*, as_of: dt.date) -> Decimal:
    """
    Return the expected monthly council tax deduction from universal credit for a single claimant
    aged 25 or over: 5% of the standard allowance, rounded half up to the penny as a forecast
    (RULES.md §2.7; about £20.01 in 2025/26, §10.5 D5). DWP sets the real amount.

    :raises RateNotHeld: if the standard allowance for `as_of` is not held.
    """
    year = benefit_year(as_of=as_of)
    if year.universal_credit_standard_allowance is None:
        raise RateNotHeld(
            f"The universal credit standard allowance for the year holding {as_of.isoformat()} "
            "is not held (RULES.md §2.7)."
        )
    return round_to_penny(year.universal_credit_standard_allowance * Decimal("5") / HUNDRED)
