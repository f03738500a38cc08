"""Reads of authorities."""

from collections.abc import Sequence

from arrears.authorities.models import Authority


def authorities_by_code(*, codes: Sequence[str] | None = None) -> list[Authority]:
    """Return the authorities with these codes (every authority when `codes` is None), by code."""
    rows = Authority.objects.all()
    if codes is not None:
        rows = rows.filter(code__in=list(codes))
    return list(rows.order_by("code", "id"))


def authority_by_code(*, code: str) -> Authority | None:
    """Return the authority with this code, or None."""
    return Authority.objects.filter(code=code).first()
