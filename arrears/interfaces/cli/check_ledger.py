"""`arrears check-ledger`: list accounts whose stored balance differs from their entries."""

import argparse
from typing import Any

from arrears.authorities import selectors as authority_selectors
from arrears.interfaces.cli.errors import BadInput
from arrears.ledger import selectors


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check-ledger", help="Check every stored balance against the sum of its entries."
    )
    parser.add_argument("--authority", help="Authority code; every authority when left out.")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    authority_ids = None
    if args.authority:
        authorities = authority_selectors.authorities_by_code(codes=[args.authority])
        if not authorities:
            raise BadInput("unknown-authority", f"No authority {args.authority!r}.")
        authority_ids = [a.pk for a in authorities]
    mismatches = selectors.balance_mismatches(authority_ids=authority_ids)
    return {
        "is_balanced": not mismatches,
        "mismatches": [
            {"account_id": m.account_id, "stored": m.stored, "from_entries": m.from_entries}
            for m in mismatches[:100]
        ],
        "mismatch_count": len(mismatches),
    }
