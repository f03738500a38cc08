"""
Holds, and the one eligibility gate every recovery action passes (RULES.md §5.2, §6.2).

A hold stops some or all recovery on an account for a period. Some come from markers on a
liable party (Breathing Space, insolvency, deceased, vulnerability); others are recorded on the
account (arrangement, dispute, appeal, or an officer's vulnerability hold). The gate decides,
for one kind of action, whether it may happen, and says why not in plain words.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class HoldKind(StrEnum):
    BREATHING_SPACE = "BREATHING_SPACE"
    MENTAL_HEALTH_CRISIS = "MENTAL_HEALTH_CRISIS"
    INSOLVENCY = "INSOLVENCY"
    DECEASED = "DECEASED"
    VULNERABILITY = "VULNERABILITY"
    DISPUTE = "DISPUTE"
    APPEAL = "APPEAL"
    ARRANGEMENT = "ARRANGEMENT"


HOLD_LABELS = {
    HoldKind.BREATHING_SPACE: "Breathing Space",
    HoldKind.MENTAL_HEALTH_CRISIS: "Mental health crisis Breathing Space",
    HoldKind.INSOLVENCY: "Insolvency",
    HoldKind.DECEASED: "Deceased",
    HoldKind.VULNERABILITY: "Vulnerability",
    HoldKind.DISPUTE: "Dispute",
    HoldKind.APPEAL: "Appeal",
    HoldKind.ARRANGEMENT: "Live arrangement",
}

# Holds an officer records on an account (the others come from party markers).
ACCOUNT_HOLD_KINDS = (
    HoldKind.ARRANGEMENT,
    HoldKind.DISPUTE,
    HoldKind.APPEAL,
    HoldKind.VULNERABILITY,
)


class ActionKind(StrEnum):
    """What a recovery step does to the debtor, which decides which holds stop it."""

    NOTICE = "NOTICE"  # a letter demanding or about payment of the debt
    COST = "COST"  # adding costs, fees or charges to the debt
    COURT = "COURT"  # summons, liability order, county court claim, TEC registration
    ENFORCEMENT = "ENFORCEMENT"  # enforcement agents, attachment, deductions, charging orders


HOLD_REASONS = {
    HoldKind.BREATHING_SPACE: (
        "A Breathing Space is in force: no enforcement, fees, charges or contact about the debt "
        "(Debt Respite Scheme Regulations 2020 regs 7 and 11; RULES.md §5.2)."
    ),
    HoldKind.MENTAL_HEALTH_CRISIS: (
        "A mental health crisis Breathing Space is in force: no enforcement, fees, charges or "
        "contact about the debt until 30 days after the crisis treatment ends "
        "(RULES.md §5.1, §5.2)."
    ),
    HoldKind.INSOLVENCY: (
        "A liable party is insolvent: recovery stops and the debt is claimed through the "
        "insolvency practitioner."
    ),
    HoldKind.DECEASED: (
        "A liable party has died: recovery stops; the debt is claimed from the estate."
    ),
    HoldKind.VULNERABILITY: (
        "A vulnerability is recorded: no court or enforcement action until an officer has "
        "reviewed the case (RULES.md §6.2)."
    ),
    HoldKind.DISPUTE: "The debt is disputed: recovery waits until the dispute is decided.",
    HoldKind.APPEAL: "An appeal is under way: recovery waits until it is decided.",
    HoldKind.ARRANGEMENT: "A payment arrangement is live: recovery waits while it is kept.",
}

# Which kinds of action each hold stops. Vulnerability pauses court and enforcement but not
# reminders, which is how people are usually prompted to get in touch.
_STOPS: dict[HoldKind, frozenset[ActionKind]] = {
    HoldKind.BREATHING_SPACE: frozenset(ActionKind),
    HoldKind.MENTAL_HEALTH_CRISIS: frozenset(ActionKind),
    HoldKind.INSOLVENCY: frozenset(ActionKind),
    HoldKind.DECEASED: frozenset(ActionKind),
    HoldKind.VULNERABILITY: frozenset({ActionKind.COURT, ActionKind.ENFORCEMENT}),
    HoldKind.DISPUTE: frozenset(ActionKind),
    HoldKind.APPEAL: frozenset(ActionKind),
    HoldKind.ARRANGEMENT: frozenset(ActionKind),
}

# The order reasons are reported in, and the one a held account is counted under: the
# statutory protections first.
HOLD_PRIORITY = (
    HoldKind.BREATHING_SPACE,
    HoldKind.MENTAL_HEALTH_CRISIS,
    HoldKind.INSOLVENCY,
    HoldKind.DECEASED,
    HoldKind.APPEAL,
    HoldKind.DISPUTE,
    HoldKind.VULNERABILITY,
    HoldKind.ARRANGEMENT,
)


@dataclass(frozen=True)
class Eligibility:
    is_allowed: bool
    blocking: tuple[HoldKind, ...]
    reasons: tuple[str, ...]

    @property
    def main_hold(self) -> HoldKind | None:
        return self.blocking[0] if self.blocking else None


def decide_eligibility(*, holds: Iterable[HoldKind], actions: Iterable[ActionKind]) -> Eligibility:
    """
    Decide whether a step made of `actions` may happen to an account with `holds` in force.

    The one gate for letters, costs, court and enforcement (RULES.md §5.2): a step is allowed
    only if no hold in force stops any of its actions.
    """
    wanted = frozenset(actions)
    present = frozenset(holds)
    blocking = tuple(kind for kind in HOLD_PRIORITY if kind in present and _STOPS[kind] & wanted)
    return Eligibility(
        is_allowed=not blocking,
        blocking=blocking,
        reasons=tuple(HOLD_REASONS[kind] for kind in blocking),
    )
