"""`arrears seed`: load a realistic synthetic data set (shared/INTERFACES.md)."""

import argparse
import datetime as dt
from typing import Any

from tqdm import tqdm

from arrears.audit.services import Actor
from arrears.interfaces.cli.errors import BadInput
from arrears.kernel import clock
from arrears.seeding import services


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "seed", help="Generate a synthetic data set of N accounts (repeatable for a seed)."
    )
    parser.add_argument("--accounts", required=True, type=int, help="How many debt accounts.")
    parser.add_argument(
        "--authorities", type=int, default=2, help="How many councils in the shared service."
    )
    parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        help="The date the data describes (default: today in London).",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    if args.accounts < 1:
        raise BadInput("bad-accounts", "--accounts must be at least 1.")
    if args.authorities < 1:
        raise BadInput("bad-authorities", "--authorities must be at least 1.")
    authorities = services.ensure_seeded_authorities(count=args.authorities)
    with tqdm(total=args.accounts, unit="account", desc="Seeding", unit_scale=True) as bar:
        summary = services.seed_data(
            accounts=args.accounts,
            authorities=authorities,
            seed=args.seed,
            as_of=args.as_of or clock.today(),
            generated_at=clock.now(),
            actor=Actor(officer_id=None, channel="cli"),
            progress=bar.update,
        )
    return {
        "authorities": summary.authorities,
        "parties": summary.parties,
        "accounts": summary.accounts,
        "elapsed_s": summary.elapsed_s,
    }
