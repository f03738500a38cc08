"""`arrears create-officer`: add a member of staff with a role and the authorities they see."""

import argparse
import os
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from arrears.authorities import selectors as authority_selectors
from arrears.interfaces.cli.errors import BadInput
from arrears.staff import services
from arrears.staff.domain.policy import Role


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("create-officer", help="Add a member of staff.")
    parser.add_argument("--username", required=True)
    parser.add_argument("--role", required=True, choices=[role.value for role in Role])
    parser.add_argument(
        "--authority",
        action="append",
        required=True,
        help="Authority code; repeat for a shared-service officer.",
    )
    parser.add_argument(
        "--password-env",
        default="ARREARS_NEW_PASSWORD",
        help="Environment variable holding the password (never an argument).",
    )
    parser.add_argument("--write-off-limit", default="0.00")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    authorities = authority_selectors.authorities_by_code(codes=args.authority)
    missing = set(args.authority) - {a.code for a in authorities}
    if missing:
        raise BadInput("unknown-authority", f"No authority {sorted(missing)[0]!r}.")
    password = os.environ.get(args.password_env, "")
    if not password:
        raise BadInput("no-password", f"Set the password in ${args.password_env}.")
    try:
        officer = services.create_officer(
            username=args.username,
            password=password,
            role=Role(args.role),
            authorities=authorities,
            write_off_limit=Decimal(args.write_off_limit),
        )
    except ValidationError as error:
        raise BadInput("weak-password", " ".join(error.messages)) from error
    return {
        "username": officer.username,
        "role": officer.role,
        "authorities": [a.code for a in authorities],
    }
