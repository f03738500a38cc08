"""Reads about officers: what they may see and do."""

from arrears.staff.domain import policy
from arrears.staff.models import Officer, OfficerAuthority


def visible_authority_ids(*, officer: Officer) -> frozenset[int]:
    """Return the ids of the authorities whose data `officer` may see (none if inactive)."""
    if not officer.is_authenticated or not officer.is_active:
        return frozenset()
    cached: frozenset[int] | None = getattr(officer, "_visible_authority_ids", None)
    if cached is None:
        cached = frozenset(
            OfficerAuthority.objects.filter(officer=officer).values_list("authority_id", flat=True)
        )
        officer._visible_authority_ids = cached  # type: ignore[attr-defined]
    return cached


def officer_can(*, officer: Officer, permission: policy.Permission) -> bool:
    """Return whether `officer` (active, signed in) holds `permission` through their role."""
    if not officer.is_authenticated or not officer.is_active:
        return False
    return policy.can(role=officer.role, permission=permission)
