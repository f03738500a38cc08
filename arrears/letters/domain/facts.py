"""
The figures a letter quotes ("facts"), how each is checked and how it is written for people.

The recovery engine passes facts as strings: money as "123.45", dates as ISO "2026-12-01",
times as "10:00" (24-hour). A letter never shows a blank figure: a letter whose template needs a
fact that is missing or blank is refused (`MissingFact`), and one that cannot be read is refused
(`BadFact`), each naming the letter and the fact.
"""

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from arrears.kernel.money import NotMoney, format_pounds, parse_money


class FactKind(StrEnum):
    MONEY = "MONEY"
    DATE = "DATE"
    TIME = "TIME"
    TEXT = "TEXT"
    LINES = "LINES"  # several lines, separated by new lines (an address)


# Every fact a template may use. The first block is what the recovery engine supplies; the
# `contact_*` facts describe how to reach the council (a letter without them says where to look);
# the rest fill statutory wording that only some letters carry.
FACT_KINDS: dict[str, FactKind] = {
    "authority_name": FactKind.TEXT,
    "account_reference": FactKind.TEXT,
    "debt_label": FactKind.TEXT,
    "balance": FactKind.MONEY,
    "amount_due": FactKind.MONEY,
    "pay_by_date": FactKind.DATE,
    "costs": FactKind.MONEY,
    "hearing_date": FactKind.DATE,
    "hearing_time": FactKind.TIME,
    "court_name": FactKind.TEXT,
    "stage_name": FactKind.TEXT,
    "penalty_amount": FactKind.MONEY,
    "increased_amount": FactKind.MONEY,
    "employer_name": FactKind.TEXT,
    "period": FactKind.TEXT,
    # Where an employer letter is sent (the recipient is the employer, not the debtor).
    "employer_address": FactKind.LINES,
    # How to reach the council.
    "contact_phone": FactKind.TEXT,
    "contact_email": FactKind.TEXT,
    "contact_website": FactKind.TEXT,
    "contact_address": FactKind.LINES,
    # Parking: what the penalty charge notice was for.
    "vehicle_registration": FactKind.TEXT,
    "contravention": FactKind.TEXT,
    "contravention_date": FactKind.DATE,
    # Letter before claim (Pre-Action Protocol, RULES.md §8.1): statements the council makes.
    "interest_statement": FactKind.TEXT,
    "agreement_statement": FactKind.TEXT,
    "instalments_statement": FactKind.TEXT,
}

# Amounts a letter asks someone to pay: nothing to pay is not a letter.
POSITIVE_MONEY = frozenset({"amount_due", "penalty_amount", "increased_amount"})

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

MONTHS_EN = (
    "January February March April May June July August September October November December"
).split()
# Welsh month names (draft: to be checked by a Welsh translator, docs/letters.md).
MONTHS_CY = (
    "Ionawr Chwefror Mawrth Ebrill Mai Mehefin Gorffennaf Awst Medi Hydref Tachwedd Rhagfyr"
).split()


class LetterFactError(ValueError):
    """A fact a letter needs is missing or cannot be read."""

    def __init__(self, *, template: str, fact: str, message: str) -> None:
        super().__init__(message)
        self.template = template
        self.fact = fact


class MissingFact(LetterFactError):
    """The letter's template needs a fact that was not given (or was blank)."""


class BadFact(LetterFactError):
    """A fact was given but is not a valid amount, date or time, or breaks a timing rule."""


def _read(*, template: str, name: str, value: str) -> str:
    """Return `value` normalised for its kind, or raise `BadFact`."""
    kind = FACT_KINDS.get(name, FactKind.TEXT)
    text = value.strip()
    if kind == FactKind.MONEY:
        try:
            amount = parse_money(text)
        except NotMoney as error:
            raise BadFact(
                template=template,
                fact=name,
                message=f"The {template} letter cannot use {name} {value!r}: {error}.",
            ) from error
        if amount < 0 or (name in POSITIVE_MONEY and amount == 0):
            raise BadFact(
                template=template,
                fact=name,
                message=f"The {template} letter cannot use {name} {value!r}: the amount must be "
                f"{'more than' if name in POSITIVE_MONEY else 'at least'} £0.00.",
            )
        return f"{amount:.2f}"
    if kind == FactKind.DATE:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError as error:
            raise BadFact(
                template=template,
                fact=name,
                message=f"The {template} letter cannot use {name} {value!r}: "
                "write dates as YYYY-MM-DD.",
            ) from error
    if kind == FactKind.TIME:
        match = _TIME.match(text)
        if not match:
            raise BadFact(
                template=template,
                fact=name,
                message=f"The {template} letter cannot use {name} {value!r}: "
                "write times as HH:MM (24-hour).",
            )
        return f"{int(match.group(1)):02d}:{match.group(2)}"
    if kind == FactKind.LINES:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return "\n".join(lines)
    return " ".join(text.split())


def read_facts(
    *, template: str, required: tuple[str, ...], facts: Mapping[str, str]
) -> dict[str, str]:
    """
    Return the facts normalised (blank ones left out), checking every required one is there.

    Facts the template does not use are kept as given, so the letter's record shows what the
    caller sent.

    :raises MissingFact: if a required fact is missing or blank.
    :raises BadFact: if a fact is not a valid amount, date or time.
    """
    cleaned: dict[str, str] = {}
    for name, value in facts.items():
        if value is None or not str(value).strip():
            continue
        cleaned[name] = _read(template=template, name=name, value=str(value))
    for name in required:
        if name not in cleaned:
            raise MissingFact(
                template=template,
                fact=name,
                message=f"The {template} letter needs {name}, which was not given. "
                "A letter is never sent with a blank figure.",
            )
    return cleaned


@dataclass(frozen=True)
class Figures:
    """Read-only access to checked facts, written for people in English or Welsh."""

    facts: Mapping[str, str]

    def has(self, name: str) -> bool:
        return bool(self.facts.get(name))

    def text(self, name: str) -> str:
        return self.facts[name]

    def lines(self, name: str) -> tuple[str, ...]:
        return tuple(self.facts[name].splitlines())

    def amount(self, name: str) -> Decimal:
        return Decimal(self.facts[name])

    def money(self, name: str) -> str:
        """Return an amount as `£1,234.50`."""
        return format_pounds(self.amount(name))

    def date(self, name: str) -> dt.date:
        return dt.date.fromisoformat(self.facts[name])

    def date_en(self, name: str) -> str:
        return date_en(self.date(name))

    def date_cy(self, name: str) -> str:
        return date_cy(self.date(name))

    def time_en(self, name: str) -> str:
        return time_en(self.facts[name])


def date_en(day: dt.date) -> str:
    """Return a date as GOV.UK style writes it: `8 December 2026`."""
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def date_cy(day: dt.date) -> str:
    """Return a date in Welsh: `8 Rhagfyr 2026` (draft wording, docs/letters.md)."""
    return f"{day.day} {MONTHS_CY[day.month - 1]} {day.year}"


def time_en(text: str) -> str:
    """Return "10:00" as `10am` and "14:30" as `2:30pm` (GOV.UK style)."""
    hours, minutes = (int(part) for part in text.split(":"))
    suffix = "am" if hours < 12 else "pm"
    hour = hours % 12 or 12
    if hours == 12 and minutes == 0:
        return "midday"
    return f"{hour}{suffix}" if minutes == 0 else f"{hour}:{minutes:02d}{suffix}"
