"""
Reading one value from an import file: dates, money, coordinates, postcodes, contacts.

Each reader takes the text of one cell (already trimmed and not blank) and returns the value,
or raises `BadValue` with a plain-English message that is shown to the officer beside the line
number and column name.
"""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

from arrears.accounts.domain.references import is_full_postcode, normalise_postcode
from arrears.kernel.money import ZERO, NotMoney, parse_money

# The largest amount a ledger column holds: DecimalField(max_digits=12, decimal_places=2).
LARGEST_AMOUNT = Decimal("9999999999.99")
EARLIEST_DATE = dt.date(1900, 1, 1)

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/._-]*$")
_COMPANY_NUMBER = re.compile(r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$")
_UPRN = re.compile(r"^[0-9]{1,12}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()-]+$")
_COORDINATE_PLACES = Decimal("0.000001")

E = TypeVar("E", bound=StrEnum)


class BadValue(ValueError):
    """A cell's text cannot be read as the value its column needs."""


def read_date(text: str) -> dt.date:
    """
    Return the date written as YYYY-MM-DD or DD/MM/YYYY (the order UK exports use).

    :raises BadValue: if `text` is in neither form or is not a real date.
    """
    iso = _ISO_DATE.match(text)
    uk = _UK_DATE.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif uk:
        day, month, year = (int(part) for part in uk.groups())
    else:
        raise BadValue(f"'{text}' is not a date; write it as YYYY-MM-DD or DD/MM/YYYY.")
    try:
        value = dt.date(year, month, day)
    except ValueError as error:
        raise BadValue(f"'{text}' is not a real date.") from error
    if value < EARLIEST_DATE:
        raise BadValue(f"'{text}' is before {EARLIEST_DATE:%d/%m/%Y}.")
    return value


def read_amount(text: str) -> Decimal:
    """
    Return a positive amount of money in pounds ("1234.50", "£1,234.50"); never via float.

    :raises BadValue: if `text` is not money, has more than two decimal places, or is not more
        than £0.00 or above the largest amount the ledger holds.
    """
    try:
        amount = parse_money(text)
    except NotMoney as error:
        raise BadValue(f"{error}; write pounds and pence, such as 1234.50.") from error
    if amount <= ZERO:
        raise BadValue(f"The amount must be more than 0.00 (it is {amount}).")
    if amount > LARGEST_AMOUNT:
        raise BadValue(f"The amount must be no more than {LARGEST_AMOUNT}.")
    return amount


def read_coordinate(text: str, *, limit: int) -> Decimal:
    """
    Return a latitude (`limit` 90) or longitude (`limit` 180), rounded half up to 6 places.

    :raises BadValue: if `text` is not a number between -`limit` and `limit`.
    """
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise BadValue(f"'{text}' is not a number in decimal degrees.") from error
    if not value.is_finite() or not -limit <= value <= limit:
        raise BadValue(f"'{text}' must be between -{limit} and {limit}.")
    return value.quantize(_COORDINATE_PLACES, rounding=ROUND_HALF_UP)


def read_choice(text: str, *, choices: type[E], what: str) -> E:
    """
    Return the member of `choices` named by `text`, ignoring case and reading spaces as '_'.

    :raises BadValue: if `text` names none of them.
    """
    name = re.sub(r"[\s-]+", "_", text.strip()).upper()
    try:
        return choices(name)
    except ValueError as error:
        allowed = ", ".join(member.value for member in choices)
        raise BadValue(f"'{text}' is not a {what}; use one of {allowed}.") from error


def read_reference(text: str, *, max_length: int) -> str:
    """
    Return a reference: letters, digits and / . _ - only, starting with a letter or digit.

    :raises BadValue: if `text` is too long or holds other characters.
    """
    if len(text) > max_length:
        raise BadValue(f"A reference can be at most {max_length} characters; this is {len(text)}.")
    if not _REFERENCE.match(text):
        raise BadValue(
            f"'{text}' is not a reference: use letters, digits and / . _ - only, no spaces."
        )
    return text


def read_postcode(text: str) -> str:
    """
    Return a full UK postcode normalised to 'KT1 1EU'.

    :raises BadValue: if `text` is not a whole UK postcode.
    """
    if not is_full_postcode(text):
        raise BadValue(f"'{text}' is not a full UK postcode, such as KT1 1EU.")
    return normalise_postcode(text)


def read_company_number(text: str) -> str:
    """
    Return a Companies House number: 8 digits, or 2 letters and 6 digits ('SC123456').

    Numbers exported without their leading zeros ('123456') are padded back to 8 digits.

    :raises BadValue: if `text` is not in either form.
    """
    compact = text.replace(" ", "").upper()
    if compact.isdigit() and len(compact) < 8:
        compact = compact.zfill(8)
    if not _COMPANY_NUMBER.match(compact):
        raise BadValue(f"'{text}' is not a company number: 8 digits, or 2 letters and 6 digits.")
    return compact


def read_uprn(text: str) -> str:
    """
    Return a Unique Property Reference Number: up to 12 digits.

    :raises BadValue: if `text` is not 1 to 12 digits.
    """
    if not _UPRN.match(text):
        raise BadValue(f"'{text}' is not a UPRN: up to 12 digits.")
    return text


def read_phone(text: str) -> str:
    """
    Return a telephone number: 10 or 11 digits in the UK, or '+' and 8 to 15 digits.

    :raises BadValue: if `text` has other characters or the wrong number of digits.
    """
    digits = re.sub(r"\D", "", text)
    is_international = text.startswith("+")
    fits = 8 <= len(digits) <= 15 if is_international else len(digits) in {10, 11}
    if not _PHONE_CHARACTERS.match(text) or not fits:
        raise BadValue(f"'{text}' is not a telephone number.")
    return text


def is_mobile_number(text: str) -> bool:
    """Return whether a UK telephone number is a mobile (07..., or +44 7...)."""
    digits = re.sub(r"\D", "", text)
    return digits.startswith("07") or digits.startswith("447")


def read_email(text: str) -> str:
    """
    Return an e-mail address (one '@', a dot in the domain, no spaces).

    :raises BadValue: if `text` does not look like an e-mail address.
    """
    if len(text) > 200 or not _EMAIL.match(text):
        raise BadValue(f"'{text}' is not an e-mail address.")
    return text
