"""
Money as `Decimal` pounds (ADR 0002, RULES.md §0.2 item 2).

Amounts are built from strings, rounded once where they become an entry, half up to the penny
unless a rule says otherwise (Python's `round()` rounds half to even, which is not what councils
or the courts expect).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")


class NotMoney(ValueError):
    """A value could not be read as an amount of money in pounds and pence."""


def round_to_penny(amount: Decimal, *, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Return `amount` rounded to the penny, half up unless `rounding` says otherwise."""
    return amount.quantize(PENNY, rounding=rounding)


def parse_money(text: str) -> Decimal:
    """
    Return the amount written in `text` ("1234.50", "£1,234.50", "12") as `Decimal` pounds.

    :raises NotMoney: if `text` is not an amount, has more than two decimal places, or is not
        finite.
    """
    cleaned = text.strip().replace("£", "").replace(",", "")
    if not cleaned:
        raise NotMoney("no amount given")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as error:
        raise NotMoney(f"{text!r} is not an amount of money") from error
    if not amount.is_finite():
        raise NotMoney(f"{text!r} is not an amount of money")
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise NotMoney(f"{text!r} has more than two decimal places")
    return amount.quantize(PENNY)


def format_pounds(amount: Decimal) -> str:
    """Return `amount` for people: `£1,234.50`, or `-£12.00` for a credit."""
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def to_json(amount: Decimal) -> str:
    """Return `amount` as the JSON contracts write money: a string with two decimals."""
    return f"{round_to_penny(amount):.2f}"
