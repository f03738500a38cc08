"""
A letter as plain data: what it says, in which order, independent of the engine that prints it.

Both engines (Typst and WeasyPrint, `letters.rendering`) print the same `LetterDocument`, so the
benchmark compares like with like and a letter's wording lives in one place.
"""

from dataclasses import dataclass
from enum import StrEnum


class BlockKind(StrEnum):
    HEADING = "h"
    PARAGRAPH = "p"
    BULLETS = "b"
    FIGURES = "f"  # label and value rows: the amounts and dates a letter asks for
    CALLOUT = "c"  # the one thing the reader must do, in a box


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""
    items: tuple[str, ...] = ()
    rows: tuple[tuple[str, str], ...] = ()


def heading(text: str) -> Block:
    return Block(BlockKind.HEADING, text=text)


def para(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text=text)


def bullets(*items: str) -> Block:
    return Block(BlockKind.BULLETS, items=tuple(items))


def figures(*rows: tuple[str, str]) -> Block:
    return Block(BlockKind.FIGURES, rows=tuple(rows))


def callout(text: str) -> Block:
    return Block(BlockKind.CALLOUT, text=text)


@dataclass(frozen=True)
class Section:
    """One language's part of a letter: English, or the Welsh part of a bilingual letter."""

    language: str  # "en" or "cy" (BCP 47, used by the engines for the PDF's language tags)
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class LetterDocument:
    """Everything printed on one letter."""

    letter_number: str  # printed in the footer so the print room can match pages to letters
    sender_name: str
    sender_lines: tuple[str, ...]
    recipient_name: str
    address_lines: tuple[str, ...]
    # (label, value) rows beside the address: date, reference, ...; bilingual labels in Welsh.
    reference_rows: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    legal_basis: str
    is_confidential_address: bool = False


@dataclass(frozen=True)
class CoverSheet:
    """A page printed between parts of a print batch (the start of the confidential stream)."""

    title: str
    lines: tuple[str, ...]
