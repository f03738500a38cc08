"""
Cells of a spreadsheet export (CSV) that an officer opens in Excel or LibreOffice.

A spreadsheet runs any cell that starts with `=`, `+`, `-` or `@` as a formula, and some also
after a leading tab or carriage return, so a party's name or a posting's reason typed as
`=HYPERLINK(...)` could run on an officer's machine ("CSV injection", OWASP). Text cells that
start with one of those characters are written with a leading single quote, which the
spreadsheet shows as text. Amounts and dates are written by this module itself from `Decimal`
and `date` values (`-12.50`, `2026-04-01`), never from what someone typed, so they are left as
numbers the spreadsheet can add up.
"""

import datetime as dt
from decimal import Decimal

# OWASP "CSV Injection": the characters that make a cell a formula in a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | Decimal | dt.date | int | None


def guarded_text(text: str) -> str:
    """Return `text` as a spreadsheet shows it literally: with a leading `'` if it could be
    read as a formula, unchanged otherwise."""
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def spreadsheet_cell(value: Cell) -> str:
    """
    Return `value` as the text of one cell.

    Money (`Decimal` pounds) is written with two decimals and its sign (`-12.50` for a credit);
    dates as ISO 8601; whole numbers as digits; `None` as an empty cell; any other text through
    `guarded_text`, since only text can carry what someone typed.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("write a yes/no cell as text")
    if isinstance(value, Decimal):
        # `+ 0` turns a negative zero (a credit reversed in full) into "0.00".
        return f"{value + 0:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return guarded_text(value)


def spreadsheet_row(values: list[Cell]) -> list[str]:
    """Return one row of cells, each through `spreadsheet_cell`."""
    return [spreadsheet_cell(value) for value in values]
