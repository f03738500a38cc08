"""
Council tax attachment of earnings: the deduction table for a pay period (RULES.md §2.6, §10.4).

Council Tax (Administration and Enforcement) Regulations 1992 (SI 1992/613) regs 37–42 and
Sch 4. The tables are dated data, one per nation, looked up by the date the attachment of
earnings order was made: each amending SI says it does not affect orders made before it came
into force (RULES.md §0.2 item 1, §2.6). When the law changes, add a table; never edit a past one.

How a table works (RULES.md §2.6): find the band the *whole* net earnings fall in ("not
exceeding" the band's upper limit, so £355.00 a week is still 12%) and apply that percentage to
the whole net earnings. It is not marginal, so each boundary is a cliff edge: £355.01 a week
costs the debtor £17.75 more than £355.00 (RULES.md §10.4 A5). The top band is the exception:
17% of the top threshold plus 50% of everything above it.

Business rates have no attachment of earnings (RULES.md §2.12); nothing here applies to them.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from arrears.kernel.calendars import Nation
from arrears.kernel.money import PENNY, ZERO, round_to_penny

HUNDRED = Decimal("100")


class PayPeriod(StrEnum):
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    DAILY = "DAILY"


@dataclass(frozen=True)
class Band:
    """
    One row of a deduction table: net earnings over `above` and not exceeding `up_to`.

    The top band has `up_to=None`; its deduction is `percentage` of `above` plus
    `excess_percentage` of the earnings over `above`.
    """

    above: Decimal
    up_to: Decimal | None
    percentage: Decimal
    excess_percentage: Decimal | None = None

    @property
    def is_top(self) -> bool:
        return self.up_to is None

    def holds(self, net_earnings: Decimal) -> bool:
        """Return whether `net_earnings` fall in this band (over `above`, not over `up_to`)."""
        if self.up_to is None:
            return net_earnings > self.above
        if self.above == ZERO:
            return ZERO <= net_earnings <= self.up_to
        return self.above < net_earnings <= self.up_to


@dataclass(frozen=True)
class Schedule:
    """The bands for one pay period, lowest first, with how far the figures are verified."""

    bands: tuple[Band, ...]
    verification: str  # RULES.md §0.1 mark: "V1" legislation, "V2" secondary sources


@dataclass(frozen=True)
class AttachmentTable:
    """
    A council tax attachment of earnings table for one nation, for orders made on or after
    `valid_from` (until a later table for the same nation starts).

    `schedules` holds only the pay periods whose figures are verified ([V1] or [V2]); a period
    missing here is one whose figures are unverified ([U]) and must not be used.
    """

    nation: Nation
    valid_from: dt.date
    source: str
    rules_section: str
    schedules: dict[PayPeriod, Schedule]
    # Employers may add £1 for their costs each time they make a deduction (RULES.md §2.6, [V2]:
    # councils' pages agree [S59][S61]; the regulation text was not read).
    employer_admin_charge: Decimal
    employer_admin_charge_verification: str


@dataclass(frozen=True)
class AttachmentDeduction:
    """The deduction for one pay period, with the table and band that produced it."""

    table: AttachmentTable
    period: PayPeriod
    net_earnings: Decimal
    band: Band
    deduction: Decimal


class NoTableInForce(LookupError):
    """No attachment of earnings table is held for orders made in this nation on this date."""


class PeriodNotVerified(LookupError):
    """The table in force has no verified figures for this pay period (RULES.md §2.6 [U])."""


def _bands(
    *, limits: tuple[str, ...], percentages: tuple[str, ...], excess_percentage: str
) -> tuple[Band, ...]:
    """Return bands built from the upper limits and their percentages, plus the top band."""
    bands: list[Band] = []
    above = ZERO
    for limit, percentage in zip(limits, percentages, strict=True):
        bands.append(Band(above=above, up_to=Decimal(limit), percentage=Decimal(percentage)))
        above = Decimal(limit)
    bands.append(
        Band(
            above=above,
            up_to=None,
            percentage=bands[-1].percentage,
            excess_percentage=Decimal(excess_percentage),
        )
    )
    return tuple(bands)


_PERCENTAGES = ("0", "3", "5", "7", "12", "17")

# England weekly and monthly figures: SI 1992/613 Sch 4 as substituted from 1 April 2007
# (consolidated text [S55]); the amending SI as made printed the weekly 12%/17% boundary as £335,
# treated as a misprint (RULES.md §2.6 caution). The daily table is [V2]: four councils agree [S59].
_ENGLAND_2007_WEEKLY = _bands(
    limits=("75", "135", "185", "225", "355", "505"),
    percentages=_PERCENTAGES,
    excess_percentage="50",
)
_ENGLAND_2007_MONTHLY = _bands(
    limits=("300", "550", "740", "900", "1420", "2020"),
    percentages=_PERCENTAGES,
    excess_percentage="50",
)
_ENGLAND_2007_DAILY = _bands(
    limits=("11", "20", "27", "33", "52", "72"), percentages=_PERCENTAGES, excess_percentage="50"
)

TABLES: tuple[AttachmentTable, ...] = (
    AttachmentTable(
        nation=Nation.ENGLAND,
        valid_from=dt.date(2007, 4, 1),
        source="Council Tax (Administration and Enforcement) Regulations 1992 Sch 4, England table",
        rules_section="RULES.md §2.6",
        schedules={
            PayPeriod.WEEKLY: Schedule(bands=_ENGLAND_2007_WEEKLY, verification="V1"),
            PayPeriod.MONTHLY: Schedule(bands=_ENGLAND_2007_MONTHLY, verification="V1"),
            PayPeriod.DAILY: Schedule(bands=_ENGLAND_2007_DAILY, verification="V2"),
        },
        employer_admin_charge=Decimal("1.00"),
        employer_admin_charge_verification="V2",
    ),
    # Wales 2007 (SI 2007/582 (W.54), in force 1 April 2007): the same weekly and monthly figures
    # as England [S56]. Its daily figures are not in RULES.md, so daily is refused.
    AttachmentTable(
        nation=Nation.WALES,
        valid_from=dt.date(2007, 4, 1),
        source=(
            "Council Tax (Administration and Enforcement) Regulations 1992 Sch 4, "
            "Wales table (SI 2007/582)"
        ),
        rules_section="RULES.md §2.6",
        schedules={
            PayPeriod.WEEKLY: Schedule(bands=_ENGLAND_2007_WEEKLY, verification="V1"),
            PayPeriod.MONTHLY: Schedule(bands=_ENGLAND_2007_MONTHLY, verification="V1"),
        },
        employer_admin_charge=Decimal("1.00"),
        employer_admin_charge_verification="V2",
    ),
    # Wales 2022 (SI 2022/107, orders made on or after 1 April 2022) [S57]. Only the first daily
    # band ("up to £16 = 0%") has been seen; the rest is [U], so daily is refused.
    AttachmentTable(
        nation=Nation.WALES,
        valid_from=dt.date(2022, 4, 1),
        source=(
            "Council Tax (Administration and Enforcement) Regulations 1992 Sch 4, "
            "Wales table (SI 2022/107)"
        ),
        rules_section="RULES.md §2.6",
        schedules={
            PayPeriod.WEEKLY: Schedule(
                bands=_bands(
                    limits=("105", "190", "260", "320", "505", "715"),
                    percentages=_PERCENTAGES,
                    excess_percentage="50",
                ),
                verification="V1",
            ),
            PayPeriod.MONTHLY: Schedule(
                bands=_bands(
                    limits=("430", "780", "1050", "1280", "2010", "2860"),
                    percentages=_PERCENTAGES,
                    excess_percentage="50",
                ),
                verification="V1",
            ),
        },
        employer_admin_charge=Decimal("1.00"),
        employer_admin_charge_verification="V2",
    ),
)

_NATION_NAMES = {Nation.ENGLAND: "England", Nation.WALES: "Wales"}


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def attachment_table(*, nation: Nation, order_date: dt.date) -> AttachmentTable:
    """
    Return the table in force in `nation` for an attachment of earnings order made on `order_date`.

    :raises NoTableInForce: if the order was made before the earliest table held for `nation`.
    """
    in_force = [
        table for table in TABLES if table.nation == nation and table.valid_from <= order_date
    ]
    if not in_force:
        earliest = min(table.valid_from for table in TABLES if table.nation == nation)
        raise NoTableInForce(
            f"No attachment of earnings table is held for orders made in {_NATION_NAMES[nation]} "
            f"before {_long_date(earliest)} (RULES.md §2.6)."
        )
    return max(in_force, key=lambda table: table.valid_from)


def schedule_for(*, table: AttachmentTable, period: PayPeriod) -> Schedule:
    """
    Return the bands `table` gives for `period`.

    :raises PeriodNotVerified: if the figures for `period` are unverified, as the Welsh daily
        tables are (RULES.md §2.6, §11 item 7).
    """
    try:
        return table.schedules[period]
    except KeyError:
        raise PeriodNotVerified(
            f"The {period.lower()} attachment of earnings figures for "
            f"{_NATION_NAMES[table.nation]} (orders made from {_long_date(table.valid_from)}) are "
            "not verified, so Arrears will not calculate them (RULES.md §2.6). Use the weekly or "
            "monthly table, or the figures the council has confirmed from the regulations."
        ) from None


def band_for(*, schedule: Schedule, net_earnings: Decimal) -> Band:
    """Return the band the whole of `net_earnings` fall in."""
    for band in schedule.bands:
        if band.holds(net_earnings):
            return band
    raise ValueError(f"no band holds {net_earnings}")  # only reachable for negative earnings


def band_deduction(*, band: Band, net_earnings: Decimal) -> Decimal:
    """
    Return the deduction `band` takes from `net_earnings`, rounded half up to the penny.

    The percentage applies to the whole net earnings; in the top band it is the band's
    percentage of the threshold plus the excess percentage of the rest (RULES.md §2.6).
    Rounding half up to the penny is a policy choice, not law: the regulations are silent
    (RULES.md §0.2 item 2).
    """
    if band.excess_percentage is None:
        return round_to_penny(net_earnings * band.percentage / HUNDRED)
    excess = net_earnings - band.above
    return round_to_penny(
        band.above * band.percentage / HUNDRED + excess * band.excess_percentage / HUNDRED
    )


def attachment_deduction(
    *, net_earnings: Decimal, period: PayPeriod, nation: Nation, order_date: dt.date
) -> AttachmentDeduction:
    """
    Return the council tax attachment of earnings deduction from one pay period's net earnings
    (after income tax, Class 1 National Insurance and pension contributions), using the table in
    force in `nation` when the order was made (RULES.md §2.6, worked examples §10.4).

    The deduction is rounded half up to the penny: a policy choice, not law (RULES.md §0.2 item 2).

    :raises ValueError: if `net_earnings` is negative.
    :raises NoTableInForce: if no table is held for orders made on `order_date`.
    :raises PeriodNotVerified: if the table's figures for `period` are unverified.
    """
    if net_earnings < ZERO:
        raise ValueError("net earnings cannot be negative")
    table = attachment_table(nation=nation, order_date=order_date)
    schedule = schedule_for(table=table, period=period)
    band = band_for(schedule=schedule, net_earnings=net_earnings)
    return AttachmentDeduction(
        table=table,
        period=period,
        net_earnings=net_earnings,
        band=band,
        deduction=band_deduction(band=band, net_earnings=net_earnings),
    )


def lowest_in_band(band: Band) -> Decimal:
    """Return the lowest amount in pounds and pence that falls in `band` (£0.00 for the first)."""
    return band.above if band.above == ZERO else band.above + PENNY
