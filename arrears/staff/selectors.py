"""Reads about officers: what they may see and do, and the staff an administrator manages."""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from axes import helpers as axes_helpers
from axes.models import AccessAttempt
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Sum

from arrears.authorities.models import Authority
from arrears.staff.domain import policy
from arrears.staff.domain.policy import ROLE_LABELS
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


# --- Staff administration (issue 2, item 3) -----------------------------------------------------
# An administrator manages the officers who share at least one council with them. An officer who
# sees only other councils is treated exactly like one who does not exist (ADR 0004).


@dataclass(frozen=True)
class StaffMember:
    """One officer as the staff pages show them to an administrator."""

    officer_id: int
    username: str
    full_name: str
    email: str
    role: str
    role_label: str
    is_active: bool
    is_locked_out: bool
    last_login_at: dt.datetime | None
    write_off_limit: Decimal
    # Only the councils the administrator sees are named; the others are only counted.
    authority_ids: frozenset[int]
    council_names: list[str]
    other_council_count: int


def visible_authorities(*, officer: Officer) -> list[Authority]:
    """Return the authorities `officer` may see (and, as an administrator, grant), by name."""
    return list(
        Authority.objects.filter(pk__in=visible_authority_ids(officer=officer)).order_by(
            "name", "id"
        )
    )


def _managed(*, administrator: Officer) -> QuerySet[Officer]:
    shares_a_council = OfficerAuthority.objects.filter(
        officer_id=OuterRef("pk"),
        authority_id__in=list(visible_authority_ids(officer=administrator)),
    )
    return Officer.objects.filter(Exists(shares_a_council)).prefetch_related(
        Prefetch(
            "officerauthority_set", queryset=OfficerAuthority.objects.select_related("authority")
        )
    )


def officer_for_administrator(*, administrator: Officer, officer_id: int) -> Officer:
    """
    Return the officer `officer_id` if they share at least one council with `administrator`.

    :raises Officer.DoesNotExist: if there is no such officer or they see only other councils.
    """
    return _managed(administrator=administrator).get(pk=officer_id)


def locked_out_usernames(*, usernames: Collection[str], checked_at: dt.datetime) -> frozenset[str]:
    """
    Return which of `usernames` django-axes is holding locked out at `checked_at`.

    Counts the failures axes recorded for each username within the cool-off period
    (settings.AXES_COOLOFF_TIME), as its database handler does when `AXES_LOCKOUT_PARAMETERS`
    is the username alone, and compares them with `AXES_FAILURE_LIMIT`.
    """
    if not usernames:
        return frozenset()
    attempts = AccessAttempt.objects.filter(username__in=list(usernames))
    cool_off = axes_helpers.get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=checked_at - cool_off)
    limit = axes_helpers.get_failure_limit(None, None)
    failures = attempts.values("username").annotate(failures=Sum("failures_since_start"))
    return frozenset(row["username"] for row in failures if row["failures"] >= limit)


def _member(
    officer: Officer, *, managed_ids: frozenset[int], locked_out: frozenset[str]
) -> StaffMember:
    links = sorted(officer.officerauthority_set.all(), key=lambda link: link.authority.name)
    return StaffMember(
        officer_id=officer.pk,
        username=officer.username,
        full_name=officer.get_full_name() or officer.username,
        email=officer.email,
        role=officer.role,
        role_label=ROLE_LABELS[policy.Role(officer.role)],
        is_active=officer.is_active,
        is_locked_out=officer.username in locked_out,
        last_login_at=officer.last_login,
        write_off_limit=officer.write_off_limit,
        authority_ids=frozenset(
            link.authority_id for link in links if link.authority_id in managed_ids
        ),
        council_names=[link.authority.name for link in links if link.authority_id in managed_ids],
        other_council_count=sum(1 for link in links if link.authority_id not in managed_ids),
    )


def staff_members(*, administrator: Officer, checked_at: dt.datetime) -> list[StaffMember]:
    """Return the officers who share a council with `administrator`, by surname and name."""
    officers = list(
        _managed(administrator=administrator).order_by("last_name", "first_name", "username", "id")
    )
    locked_out = locked_out_usernames(
        usernames=[officer.username for officer in officers], checked_at=checked_at
    )
    managed_ids = visible_authority_ids(officer=administrator)
    return [_member(o, managed_ids=managed_ids, locked_out=locked_out) for o in officers]


def staff_member(
    *, administrator: Officer, officer: Officer, checked_at: dt.datetime
) -> StaffMember:
    """Return `officer` (from `officer_for_administrator`) as the staff pages show them."""
    locked_out = locked_out_usernames(usernames=[officer.username], checked_at=checked_at)
    return _member(
        officer,
        managed_ids=visible_authority_ids(officer=administrator),
        locked_out=locked_out,
    )
