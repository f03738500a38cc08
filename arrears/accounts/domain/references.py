"""Normalising the things officers search by: names, postcodes and references."""

import re

_SPACES = re.compile(r"\s+")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")


def normalise_postcode(text: str) -> str:
    """Return a UK postcode upper-cased with one space before the inward code ("KT1 1EU")."""
    compact = _SPACES.sub("", text).upper()
    match = _POSTCODE.match(compact)
    if not match:
        return compact
    return f"{match.group(1)} {match.group(2)}"


def is_full_postcode(text: str) -> bool:
    """Return whether `text` is a whole UK postcode (outward and inward code)."""
    return bool(_POSTCODE.match(_SPACES.sub("", text).upper()))


def search_key(text: str) -> str:
    """Return `text` folded for case-insensitive search: lower case, single spaces."""
    return _SPACES.sub(" ", text).strip().lower()
