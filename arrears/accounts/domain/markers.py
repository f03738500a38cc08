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


# Plain-English labels for the officer UI's radios (issue 2, item 4).
VULNERABILITY_CATEGORY_LABELS = {
    VulnerabilityCategory.HEALTH: "Health",
    VulnerabilityCategory.LIFE_EVENT: "Life event",
    VulnerabilityCategory.RESILIENCE: "Resilience",
    VulnerabilityCategory.CAPABILITY: "Capability",
}

VULNERABILITY_CATEGORY_HINTS = {
    VulnerabilityCategory.HEALTH: "A physical or mental health condition or illness",
    VulnerabilityCategory.LIFE_EVENT: "For example bereavement, job loss or a relationship ending",
    VulnerabilityCategory.RESILIENCE: "Little ability to withstand a financial or emotional shock",
    VulnerabilityCategory.CAPABILITY: "Difficulty with reading, language, money or digital skills",
}

INSOLVENCY_TYPE_LABELS = {
    InsolvencyType.BANKRUPTCY: "Bankruptcy",
    InsolvencyType.IVA: "Individual voluntary arrangement (IVA)",
    InsolvencyType.DRO: "Debt relief order (DRO)",
    InsolvencyType.LIQUIDATION: "Liquidation",
    InsolvencyType.ADMINISTRATION: "Administration",
    InsolvencyType.CVA: "Company voluntary arrangement (CVA)",
}

BREATHING_SPACE_TYPE_LABELS = {
    BreathingSpaceType.STANDARD: "Standard breathing space",
    BreathingSpaceType.MENTAL_HEALTH_CRISIS: "Mental health crisis breathing space",
}

# RULES.md §5.1: a standard breathing space lasts 60 days (DRS Regs reg 26), from the day the
# scheme came into force. Effective-dated (RULES.md §0.2 item 1): add a row, never edit one.
STANDARD_BREATHING_SPACE_DAYS: tuple[tuple[dt.date, int], ...] = ((dt.date(2021, 5, 4), 60),)


class NoBreathingSpaceScheme(ValueError):
    """No Breathing Space scheme was in force on the start date (before 4 May 2021)."""


def breathing_space_end_date(
    *, breathing_space_type: BreathingSpaceType, start_date: dt.date
) -> dt.date | None:
    """
    Return the expected last day (inclusive) of a Breathing Space starting on `start_date`.

    A standard breathing space lasts 60 days (RULES.md §5.1). The Breathing Space regulations
    count "N days beginning with day X" (RULES.md §0.2 item 4): the start day is day 1, so the
    last day is the start date plus 59 days (start 2 November 2026, end 31 December 2026).
    A mental health crisis breathing space lasts while crisis treatment continues plus 30 days,
    which nobody knows at the start, so it has no end date (None) until it is ended.

    :raises NoBreathingSpaceScheme: if `start_date` is before the scheme came into force
        (4 May 2021).
    """
    if breathing_space_type == BreathingSpaceType.MENTAL_HEALTH_CRISIS:
        return None
    in_force = [
        days for valid_from, days in STANDARD_BREATHING_SPACE_DAYS if valid_from <= start_date
    ]
    if not in_force:
        raise NoBreathingSpaceScheme(
            f"no Breathing Space scheme was in force on {start_date.isoformat()}"
        )
    return start_date + dt.timedelta(days=in_force[-1] - 1)


_CATEGORY_LABELS: dict[str, str] = {
    **{category.value: label for category, label in VULNERABILITY_CATEGORY_LABELS.items()},
    **{category.value: label for category, label in INSOLVENCY_TYPE_LABELS.items()},
    **{category.value: label for category, label in BREATHING_SPACE_TYPE_LABELS.items()},
}


def category_label(category: str) -> str:
    """Return a marker category for people ("Debt relief order (DRO)", not "DRO")."""
    if category in _CATEGORY_LABELS:
        return _CATEGORY_LABELS[category]
    return category.replace("_", " ").capitalize()
