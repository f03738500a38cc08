"""`arrears demo`: load the demo councils, officers and data once, and print the demo logins."""

import argparse
import sys
from typing import Any

from tqdm import tqdm

from arrears.audit.services import Actor
from arrears.kernel import clock
from arrears.seeding import services
from arrears.staff.domain.policy import ROLE_LABELS, Role


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo", help="Load the demo data set once and print the demo logins."
    )
    parser.add_argument("--accounts", type=int, default=3000, help="Accounts to seed (first run).")
    parser.add_argument("--seed", type=int, default=2026)
    parser.set_defaults(handler=run)


def _login_table(logins: list[services.DemoLogin]) -> str:
    rows = [("Username", "Role", "Councils", "Password")] + [
        (x.username, ROLE_LABELS[Role(x.role)], ", ".join(x.authorities), x.password)
        for x in logins
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> dict[str, Any]:
    with tqdm(total=args.accounts, unit="account", desc="Demo data", leave=False) as bar:
        result = services.load_demo(
            accounts=args.accounts,
            seed=args.seed,
            as_of=clock.today(),
            generated_at=clock.now(),
            actor=Actor(officer_id=None, channel="cli"),
            progress=bar.update,
        )
    if result.is_loaded:
        heading = f"Demo data loaded: {args.accounts} accounts in two councils."
    else:
        heading = "Demo data was already loaded; nothing more loaded."
    sys.stderr.write(
        f"\n{heading}\nDemo logins (demo password, for this demo only):\n\n"
        f"{_login_table(result.logins)}\n\n"
    )
    return {
        "loaded": result.is_loaded,
        "logins": [
            {
                "username": x.username,
                "role": x.role,
                "authorities": x.authorities,
                "password": x.password,
            }
            for x in result.logins
        ],
    }
