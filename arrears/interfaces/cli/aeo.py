"""
`arrears aeo`: the council tax attachment of earnings deduction for one pay period
(shared/INTERFACES.md; RULES.md §2.6, worked examples §10.4).

Business rates have no attachment of earnings (RULES.md §2.12), so `--regime business-rates` is
refused with the error `not-available`.
"""

import argparse
import datetime as dt
from decimal import Decimal
from typing import Any

from arrears.interfaces.cli.errors import BadInput
from arrears.kernel import clock
from arrears.kernel.calendars import Nation
from arrears.kernel.money import NotMoney, format_pounds, parse_money
from arrears.recovery.domain import attachment

_NATIONS = {"england": Nation.ENGLAND, "wales": Nation.WALES}
_PERIODS = {
    "weekly": attachment.PayPeriod.WEEKLY,
    "monthly": attachment.PayPeriod.MONTHLY,
    "daily": attachment.PayPeriod.DAILY,
}


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "aeo", help="Work out a council tax attachment of earnings deduction for one pay period."
    )
    parser.add_argument(
        "--regime",
        required=True,
        choices=["council-tax", "business-rates"],
        help="The debt the order is for; only council tax has attachment of earnings.",
    )
    parser.add_argument(
        "--net-earnings",
        required=True,
        help="Net earnings for the pay period in pounds, e.g. 355.01 (after tax, NI, pension).",
    )
    parser.add_argument("--period", required=True, choices=sorted(_PERIODS), help="The pay period.")
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        help="The date the order was made, which picks the table (default: today in London).",
    )
    parser.add_argument(
        "--nation", choices=sorted(_NATIONS), default="england", help="Default: england."
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    if args.regime == "business-rates":
        raise BadInput(
            "not-available",
            "Business rates have no attachment of earnings: after a liability order the "
            "business rates regulations allow enforcement agents, committal to prison, "
            "insolvency and civil proceedings, but not an attachment of earnings order "
            "(RULES.md §2.12).",
        )
    net_earnings = _net_earnings(args.net_earnings)
    order_date = args.as_of or clock.today()
    try:
        result = attachment.attachment_deduction(
            net_earnings=net_earnings,
            period=_PERIODS[args.period],
            nation=_NATIONS[args.nation],
            order_date=order_date,
        )
    except attachment.NoTableInForce as error:
        raise BadInput("no-table", str(error)) from error
    except attachment.PeriodNotVerified as error:
        raise BadInput("unverified-table", str(error)) from error
    table = result.table
    return {
        "regime": args.regime,
        "nation": args.nation,
        "as_of": order_date,
        "period": args.period,
        "net_earnings": net_earnings,
        "rate_band": _band_label(result.band),
        "percentage": _percent(result.band.percentage),
        "excess_percentage": (
            None
            if result.band.excess_percentage is None
            else _percent(result.band.excess_percentage)
        ),
        "deduction": result.deduction,
        "employer_admin_charge": table.employer_admin_charge,
        "rules": {
            "aeo": table.source,
            "valid_from": table.valid_from,
            "section": table.rules_section,
            "verification": table.schedules[result.period].verification,
            "employer_admin_charge_verification": table.employer_admin_charge_verification,
            "rounding": "half up to the penny (policy: the regulations are silent)",
        },
    }


def _net_earnings(text: str) -> Decimal:
    try:
        amount = parse_money(text)
    except NotMoney as error:
        raise BadInput(
            "bad-net-earnings",
            f"--net-earnings must be an amount in pounds and pence, such as 355.01: {error}.",
        ) from error
    if amount < 0:
        raise BadInput("bad-net-earnings", "--net-earnings cannot be negative.")
    return amount


def _percent(value: Decimal) -> str:
    return f"{value:f}"


def _band_label(band: attachment.Band) -> str:
    """Return a band as officers read it: "£225.01 to £355.00: 12%"."""
    if band.excess_percentage is not None:
        return (
            f"over {format_pounds(band.above)}: {_percent(band.percentage)}% of "
            f"{format_pounds(band.above)} plus {_percent(band.excess_percentage)}% of the excess"
        )
    assert band.up_to is not None  # only the top band is open-ended
    if band.above == 0:
        return f"up to {format_pounds(band.up_to)}: {_percent(band.percentage)}%"
    lowest = attachment.lowest_in_band(band)
    return f"{format_pounds(lowest)} to {format_pounds(band.up_to)}: {_percent(band.percentage)}%"
