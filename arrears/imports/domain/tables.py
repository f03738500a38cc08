"""
Reading an uploaded CSV file into rows that remember the physical line they started on.

Revenues systems export UTF-8 with or without a byte-order mark, with CRLF or LF line endings,
and quote fields that hold commas or line breaks; the `csv` module reads all of these. Line
numbers count physical lines of the file with the header as line 1, so an officer can find a
reported row in a text editor even when an earlier field spanned several lines.
"""

import csv
import io
from dataclasses import dataclass


class UnreadableFile(ValueError):
    """The file is not a UTF-8 CSV file with a header row."""


@dataclass(frozen=True)
class Row:
    """One data row: the physical line it starts on and its values in file order."""

    line: int
    values: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A CSV file's header (column names, trimmed) and its non-blank data rows."""

    header: tuple[str, ...]
    rows: tuple[Row, ...]


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read). "
            "Export it again as CSV UTF-8."
        ) from error


def read_table(content: bytes) -> Table:
    """
    Return the header and data rows of a CSV file; blank lines are skipped.

    :raises UnreadableFile: if the file is empty, not UTF-8, not CSV, or has no header row.
    """
    text = _decode(content)
    if not text.strip():
        raise UnreadableFile("The file is empty.")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: tuple[str, ...] | None = None
    rows: list[Row] = []
    started_on = 1
    try:
        for values in reader:
            if any(value.strip() for value in values):
                if header is None:
                    header = tuple(value.strip() for value in values)
                else:
                    rows.append(Row(line=started_on, values=tuple(values)))
            started_on = reader.line_num + 1
    except csv.Error as error:
        raise UnreadableFile(
            f"Line {reader.line_num} cannot be read as CSV: {error}. "
            "Check that quotation marks are paired."
        ) from error
    if header is None:
        raise UnreadableFile("The file has no header row.")
    return Table(header=header, rows=tuple(rows))
