"""The kinds of debt Arrears recovers and the fund each is paid into."""

import datetime as dt
from enum import StrEnum


class DebtType(StrEnum):
    COUNCIL_TAX = "COUNCIL_TAX"
    BUSINESS_RATES = "BUSINESS_RATES"
    BID_LEVY = "BID_LEVY"
    HOUSING_BENEFIT_OVERPAYMENT = "HOUSING_BENEFIT_OVERPAYMENT"
    SUNDRY_INVOICE = "SUNDRY_INVOICE"
    SOCIAL_CARE_CONTRIBUTION = "SOCIAL_CARE_CONTRIBUTION"
    PARKING_PCN = "PARKING_PCN"
    FIXED_PENALTY_NOTICE = "FIXED_PENALTY_NOTICE"


DEBT_TYPE_LABELS = {
    DebtType.COUNCIL_TAX: "Council tax",
    DebtType.BUSINESS_RATES: "Business rates",
    DebtType.BID_LEVY: "BID levy",
    DebtType.HOUSING_BENEFIT_OVERPAYMENT: "Housing benefit overpayment",
    DebtType.SUNDRY_INVOICE: "Sundry invoice",
    DebtType.SOCIAL_CARE_CONTRIBUTION: "Social care contribution",
    DebtType.PARKING_PCN: "Parking penalty charge notice",
    DebtType.FIXED_PENALTY_NOTICE: "Fixed penalty notice",
}


class Fund(StrEnum):
    COLLECTION_FUND = "COLLECTION_FUND"
    GENERAL_FUND = "GENERAL_FUND"


FUND_LABELS = {Fund.COLLECTION_FUND: "Collection fund", Fund.GENERAL_FUND: "General fund"}


def default_fund(debt_type: DebtType) -> Fund:
    """
    Return the fund a debt type is paid into by default.

    Council tax and business rates (and a BID levy, which the billing authority collects with
    rates) go to the collection fund (Local Government Finance Act 1988 s.89); everything else
    to the general fund.
    """
    if debt_type in {DebtType.COUNCIL_TAX, DebtType.BUSINESS_RATES}:
        return Fund.COLLECTION_FUND
    return Fund.GENERAL_FUND


def stage_label(stage: str) -> str:
    """
    Return a recovery stage code for people: "LIABILITY_ORDER" becomes "Liability order".

    Stages are recorded as codes by imports and (later) the recovery engine; an empty stage
    means recovery has not started.
    """
    if not stage:
        return "Not started"
    return stage.replace("_", " ").strip().capitalize()


def debt_label(
    debt_type: str, *, period_start: dt.date | None = None, period_end: dt.date | None = None
) -> str:
    """Return a debt's name for letters: "Council tax 2026/27", or just "Sundry invoice"."""
    label = (
        DEBT_TYPE_LABELS[DebtType(debt_type)] if debt_type in DebtType.__members__ else debt_type
    )
    if period_start and period_end and period_end.year == period_start.year + 1:
        return f"{label} {period_start.year}/{str(period_end.year)[-2:]}"
    return label
