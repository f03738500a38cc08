"""Markers on a party: facts officers must see before acting (vulnerability, risk, ...)."""

import datetime as dt
from enum import StrEnum


class MarkerKind(StrEnum):
    VULNERABILITY = "VULNERABILITY"
    RISK = "RISK"
    DECEASED = "DECEASED"
    GONE_AWAY = "GONE_AWAY"
    INSOLVENCY = "INSOLVENCY"
    BREATHING_SPACE = "BREATHING_SPACE"
    CONFIDENTIAL_ADDRESS = "CONFIDENTIAL_ADDRESS"


MARKER_LABELS = {
    MarkerKind.VULNERABILITY: "Vulnerable",
    MarkerKind.RISK: "Risk: caution before contact",
    MarkerKind.DECEASED: "Deceased",
    MarkerKind.GONE_AWAY: "Gone away",
    MarkerKind.INSOLVENCY: "Insolvency",
    MarkerKind.BREATHING_SPACE: "Breathing Space",
    MarkerKind.CONFIDENTIAL_ADDRESS: "Confidential address",
}

# MOJ badge colours: red for what stops or endangers contact, blue for information.
MARKER_BADGE = {
    MarkerKind.VULNERABILITY: "moj-badge--purple",
    MarkerKind.RISK: "moj-badge--red",
    MarkerKind.DECEASED: "moj-badge--grey",
    MarkerKind.GONE_AWAY: "moj-badge--grey",
    MarkerKind.INSOLVENCY: "moj-badge--orange",
    MarkerKind.BREATHING_SPACE: "moj-badge--red",
    MarkerKind.CONFIDENTIAL_ADDRESS: "moj-badge--blue",
}


class BreathingSpaceType(StrEnum):
    """RULES.md §5.1: the two kinds of moratorium."""

    STANDARD = "STANDARD"
    MENTAL_HEALTH_CRISIS = "MENTAL_HEALTH_CRISIS"


class InsolvencyType(StrEnum):
    BANKRUPTCY = "BANKRUPTCY"
    IVA = "IVA"
    DRO = "DRO"
    LIQUIDATION = "LIQUIDATION"
    ADMINISTRATION = "ADMINISTRATION"
    CVA = "CVA"


class VulnerabilityCategory(StrEnum):
    """Drivers of vulnerability (FCA FG21/1): health, life events, resilience, capability."""

    HEALTH = "HEALTH"
    LIFE_EVENT = "LIFE_EVENT"
    RESILIENCE = "RESILIENCE"
    CAPABILITY = "CAPABILITY"


def is_active(*, start_date: dt.date, end_date: dt.date | None, as_of: dt.date) -> bool:
    """Return whether a marker running from `start_date` to `end_date` (inclusive) applies."""
    return start_date <= as_of and (end_date is None or as_of <= end_date)
