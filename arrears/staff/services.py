"""Writes of officers."""

from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from arrears.authorities.models import Authority
from arrears.staff.domain.policy import Role
from arrears.staff.models import Officer, OfficerAuthority


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
) -> Officer:
    """
    Create an officer with `role` who may see `authorities`.

    :raises django.core.exceptions.ValidationError: if the password breaks the password policy.
    """
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
    return officer
