"""
Where a letter to a debtor is posted, and whether its address must be withheld from staff lists.

The address is the party's correspondence address if one is in use on the issue date, otherwise
their current address; the latest recorded wins within a kind.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

CORRESPONDENCE = "CORRESPONDENCE"
CURRENT = "CURRENT"
_PREFERENCE = (CORRESPONDENCE, CURRENT)

CONFIDENTIAL_ADDRESS_LABEL = "Confidential address"


@dataclass(frozen=True)
class AddressOption:
    address_id: int
    kind: str
    from_date: dt.date | None
    to_date: dt.date | None
    lines: tuple[str, ...]


def _in_use(option: AddressOption, as_of: dt.date) -> bool:
    starts = option.from_date is None or option.from_date <= as_of
    ends = option.to_date is None or as_of <= option.to_date
    return starts and ends and bool(option.lines)


def postal_address(*, options: Iterable[AddressOption], as_of: dt.date) -> AddressOption | None:
    """Return the address to post a letter to on `as_of`, or None if the party has none."""
    usable = [o for o in options if o.kind in _PREFERENCE and _in_use(o, as_of)]
    if not usable:
        return None
    return min(
        usable,
        key=lambda o: (
            _PREFERENCE.index(o.kind),
            -(o.from_date or dt.date.min).toordinal(),
            -o.address_id,
        ),
    )


def is_withheld(*, marker_end_dates: Iterable[dt.date | None], as_of: dt.date) -> bool:
    """
    Return whether a confidential-address marker withholds the address of a letter issued on
    `as_of`: any such marker not ended before that day.

    A marker that starts after `as_of` withholds it too, as `ledger.statements` does: erring
    towards not showing an address is the safe side of a mistake.
    """
    return any(end is None or end >= as_of for end in marker_end_dates)
