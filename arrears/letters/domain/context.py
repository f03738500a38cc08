"""What a letter's wording needs to know beyond its facts: whose debt, of what kind, where."""

import datetime as dt
from dataclasses import dataclass

from arrears.accounts.domain.debts import DebtType

# Authority.nation values (authorities.models.Nation), repeated here as plain strings because
# rules are plain Python.
ENGLAND = "ENG"
WALES = "WLS"

# Debts collected under the non-domestic rating rules: no attachment of earnings, no deductions
# from benefits (RULES.md §2.12); business debt advice applies.
BUSINESS_DEBTS = frozenset({DebtType.BUSINESS_RATES, DebtType.BID_LEVY})


@dataclass(frozen=True)
class LetterContext:
    authority_name: str
    account_reference: str
    debt_type: str
    nation: str
    debtor_name: str
    issue_date: dt.date

    @property
    def is_business_debt(self) -> bool:
        return self.debt_type in BUSINESS_DEBTS

    @property
    def is_wales(self) -> bool:
        return self.nation == WALES


def lower_first(label: str) -> str:
    """Return "Council tax 2026/27" as "council tax 2026/27" for the middle of a sentence.

    Leaves "BID levy" alone: only a capital followed by a lower-case letter is lowered.
    """
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label
