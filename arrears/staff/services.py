"""Writes of officers: creating them, and the staff administration of issue 2, item 3."""

from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

from axes import utils as axes_utils
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from arrears.audit import services as audit
from arrears.authorities.models import Authority
from arrears.kernel.money import to_json
from arrears.staff import selectors
from arrears.staff.domain import policy
from arrears.staff.domain.policy import Role
from arrears.staff.models import Officer, OfficerAuthority


class UsernameTaken(Exception):
    """Another officer already has this username (compared without regard to case)."""


@transaction.atomic
def create_officer(
    *,
    username: str,
    password: str,
    role: Role,
    authorities: Sequence[Authority],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    write_off_limit: Decimal = Decimal("0.00"),
    check_password: bool = True,
    actor: audit.Actor | None = None,
) -> Officer:
    """
    Create an officer with `role` who may see `authorities`; with an `actor` (an administrator
    in the web UI), record `staff.officer.created` for each of those authorities.

    :raises UsernameTaken: if another officer has `username`.
    :raises django.core.exceptions.ValidationError: if the password breaks the password policy.
    """
    if Officer.objects.filter(username__iexact=username).exists():
        raise UsernameTaken(username)
    officer = Officer(
        username=username,
        role=role.value,
        first_name=first_name,
        last_name=last_name,
        email=email,
        write_off_limit=write_off_limit,
    )
    if check_password:
        validate_password(password, user=officer)
    officer.set_password(password)
    officer.save()
    OfficerAuthority.objects.bulk_create(
        OfficerAuthority(officer=officer, authority=authority) for authority in authorities
    )
    if actor is not None:
        _record(
            actor=actor,
            action="staff.officer.created",
            officer=officer,
            authority_ids={authority.pk for authority in authorities},
            detail=_access_of(officer),
        )
    return officer


# --- Staff administration -----------------------------------------------------------------------
# Each change is recorded once for every council it concerns, so each council's auditors see the
# changes to the officers who work on their data (issue 2, items 3 and 8).


class AuthorityNotManaged(Exception):
    """An administrator tried to grant a council they do not see themselves."""


class NoAuthorities(Exception):
    """The change would leave the officer seeing no council at all."""


class CannotReduceOwnAccess(Exception):
    """An administrator cannot take away their own role or councils (another must do it)."""


class CannotDeactivateSelf(Exception):
    """An administrator cannot deactivate their own account."""


class AlreadyInactive(Exception):
    """The officer is already deactivated."""


class AlreadyActive(Exception):
    """The officer is already active."""


class NotLockedOut(Exception):
    """django-axes holds no failed sign-ins for this officer's username."""


class WrongPassword(Exception):
    """The current password given is not the officer's password."""


class SamePassword(Exception):
    """The new password is the same as the current one."""


def _access_of(officer: Officer) -> dict[str, Any]:
    """Return what an officer may do and see, as the audit trail records it."""
    codes = Authority.objects.filter(officerauthority__officer=officer).values_list(
        "code", flat=True
    )
    return {
        "role": officer.role,
        "authorities": sorted(codes),
        "write_off_limit": to_json(officer.write_off_limit),
        "is_active": officer.is_active,
    }


def _authority_ids_of(officer: Officer) -> set[int]:
    return set(
        OfficerAuthority.objects.filter(officer=officer).values_list("authority_id", flat=True)
    )


def _record(
    *,
    actor: audit.Actor,
    action: str,
    officer: Officer,
    authority_ids: Collection[int],
    detail: dict[str, Any],
) -> None:
    """Record `action` on `officer` once per council in `authority_ids` (once with none)."""
    councils: list[int | None] = [*sorted(authority_ids)] or [None]
    events = [
        audit.NewEvent(
            action=action,
            authority_id=authority_id,
            object_type="officer",
            object_id=officer.pk,
            detail={"username": officer.username, **detail},
        )
        for authority_id in councils
    ]
    audit.record_events(actor=actor, events=events)


def _locked(officer: Officer) -> Officer:
    # Lock the officer's row so two administrators' changes cannot interleave.
    return Officer.objects.select_for_update().get(pk=officer.pk)


@transaction.atomic
def change_officer(
    *,
    officer: Officer,
    administrator: Officer,
    role: Role,
    authorities: Sequence[Authority],
    write_off_limit: Decimal,
    actor: audit.Actor,
) -> Officer:
    """
    Change `officer`'s role, write-off limit and the councils among `administrator`'s that they
    see; councils `administrator` does not see are kept as they are. Record
    `staff.officer.changed` with the access before and after, for each council concerned.

    :raises AuthorityNotManaged: if `authorities` holds a council `administrator` does not see.
    :raises NoAuthorities: if the officer would be left seeing no council.
    :raises CannotReduceOwnAccess: if `administrator` would lose their own role or councils.
    """
    managed_ids = selectors.visible_authority_ids(officer=administrator)
    chosen_ids = {authority.pk for authority in authorities}
    if not chosen_ids <= managed_ids:
        raise AuthorityNotManaged(sorted(chosen_ids - managed_ids))
    officer = _locked(officer)
    before_ids = _authority_ids_of(officer)
    after_ids = (before_ids - managed_ids) | chosen_ids
    if not after_ids:
        raise NoAuthorities(officer.username)
    if officer.pk == administrator.pk and (
        not before_ids <= after_ids
        or not policy.can(role=role, permission=policy.Permission.MANAGE_STAFF)
    ):
        raise CannotReduceOwnAccess(officer.username)

    before = _access_of(officer)
    officer.role = role.value
    officer.write_off_limit = write_off_limit
    officer.save(update_fields=["role", "write_off_limit"])
    OfficerAuthority.objects.filter(
        officer=officer, authority_id__in=before_ids - after_ids
    ).delete()
    OfficerAuthority.objects.bulk_create(
        OfficerAuthority(officer=officer, authority_id=authority_id)
        for authority_id in sorted(after_ids - before_ids)
    )
    after = _access_of(officer)
    if after != before:
        _record(
            actor=actor,
            action="staff.officer.changed",
            officer=officer,
            authority_ids=before_ids | after_ids,
            detail={"before": before, "after": after},
        )
    return officer


@transaction.atomic
def deactivate_officer(*, officer: Officer, actor: audit.Actor) -> Officer:
    """
    Switch `officer`'s account off: they can no longer sign in or use an API token, and a
    session they hold stops working at its next request. Record `staff.officer.deactivated`.

    :raises CannotDeactivateSelf: if `actor` is `officer`.
    :raises AlreadyInactive: if the account is already switched off.
    """
    if actor.officer_id == officer.pk:
        raise CannotDeactivateSelf(officer.username)
    officer = _locked(officer)
    if not officer.is_active:
        raise AlreadyInactive(officer.username)
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    _record(
        actor=actor,
        action="staff.officer.deactivated",
        officer=officer,
        authority_ids=_authority_ids_of(officer),
        detail={},
    )
    return officer


@transaction.atomic
def reactivate_officer(*, officer: Officer, actor: audit.Actor) -> Officer:
    """
    Switch `officer`'s account back on. Record `staff.officer.reactivated`.

    :raises AlreadyActive: if the account is already on.
    """
    officer = _locked(officer)
    if officer.is_active:
        raise AlreadyActive(officer.username)
    officer.is_active = True
    officer.save(update_fields=["is_active"])
    _record(
        actor=actor,
        action="staff.officer.reactivated",
        officer=officer,
        authority_ids=_authority_ids_of(officer),
        detail={},
    )
    return officer


@transaction.atomic
def unlock_officer(*, officer: Officer, actor: audit.Actor) -> int:
    """
    Lift a sign-in lockout by clearing the failed sign-ins django-axes holds for `officer`'s
    username (`axes.utils.reset`, as `arrears manage axes_reset_username` does). Record
    `staff.officer.unlocked`; return how many axes records were cleared.

    :raises NotLockedOut: if axes holds no failed sign-ins for the username.
    """
    cleared = int(axes_utils.reset(username=officer.username))
    if cleared == 0:
        raise NotLockedOut(officer.username)
    _record(
        actor=actor,
        action="staff.officer.unlocked",
        officer=officer,
        authority_ids=_authority_ids_of(officer),
        detail={"attempt_records_cleared": cleared},
    )
    return cleared


@transaction.atomic
def change_password(
    *, officer: Officer, current_password: str, new_password: str, actor: audit.Actor
) -> Officer:
    """
    Change `officer`'s own password, under the strong password policy
    (settings.AUTH_PASSWORD_VALIDATORS). Record `staff.password.changed` (never the password).
    The caller keeps the officer's session valid (`update_session_auth_hash`).

    :raises WrongPassword: if `current_password` is not the officer's password.
    :raises SamePassword: if `new_password` is the current password.
    :raises django.core.exceptions.ValidationError: if `new_password` breaks the policy.
    """
    if not officer.check_password(current_password):
        raise WrongPassword(officer.username)
    if new_password == current_password:
        raise SamePassword(officer.username)
    validate_password(new_password, user=officer)
    officer.set_password(new_password)
    officer.save(update_fields=["password"])
    _record(
        actor=actor,
        action="staff.password.changed",
        officer=officer,
        authority_ids=_authority_ids_of(officer),
        detail={},
    )
    return officer
