"""
The order of a print batch: standard letters first, then a cover sheet and the letters to
confidential addresses, so the print room posts those in a sealed stream (docs/letters.md).
"""

from collections.abc import Sequence

from arrears.letters.domain.documents import CoverSheet, LetterDocument


def confidential_cover(*, count: int) -> CoverSheet:
    """Return the sheet that starts the confidential stream of a print batch."""
    return CoverSheet(
        title="Confidential address stream",
        lines=(
            f"The {count} letter{'s' if count != 1 else ''} after this sheet go to people whose "
            "address must not be disclosed.",
            "Post each one in a sealed envelope. Do not copy the address to any other list, "
            "system or envelope label.",
            "Return spoilt copies for secure destruction.",
        ),
    )


def batch_order(documents: Sequence[LetterDocument]) -> list[LetterDocument | CoverSheet]:
    """Return a batch's letters in print order, keeping their order within each stream."""
    standard = [d for d in documents if not d.is_confidential_address]
    confidential = [d for d in documents if d.is_confidential_address]
    items: list[LetterDocument | CoverSheet] = list(standard)
    if confidential:
        items.append(confidential_cover(count=len(confidential)))
        items.extend(confidential)
    return items
