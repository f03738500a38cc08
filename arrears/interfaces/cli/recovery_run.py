"""`arrears recovery-run --date DATE [--dry-run] [--authority CODE]` (INTERFACES.md)."""

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from typing import Any

from tqdm import tqdm

from arrears.audit.services import Actor
from arrears.authorities.models import Authority
from arrears.interfaces.cli.errors import BadInput
from arrears.recovery.selectors import cases as case_selectors
from arrears.recovery.services import run as recovery_run


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"--date {text!r} is not a date like 2026-12-01"
        ) from error


def _advance(bar: "tqdm[Any]") -> Callable[[int], None]:
    def advance(done: int) -> None:
        bar.update(done)

    return advance


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "recovery-run",
        help="Run the daily recovery rules for a date.",
        description=(
            "Take every recovery stage due by DATE: letters, costs, court and enforcement steps, "
            "for accounts that no hold protects. Letters wait for a team leader's approval."
        ),
    )
    parser.add_argument("--date", required=True, type=_date, help="The run date (ISO 8601).")
    parser.add_argument("--dry-run", action="store_true", help="Decide and report; save nothing.")
    parser.add_argument("--authority", help="Authority code; every authority when left out.")
    parser.add_argument("--quiet", action="store_true", help="No progress bar on stderr.")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> dict[str, Any]:
    authorities = list(Authority.objects.order_by("code"))
    if args.authority:
        authorities = [a for a in authorities if a.code == args.authority]
        if not authorities:
            raise BadInput(
                "unknown-authority", f"There is no authority with code {args.authority!r}."
            )
    total = sum(
        len(case_selectors.due_case_ids(authority_id=a.pk, as_of=args.date)) for a in authorities
    )
    started = time.perf_counter()
    bar = tqdm(
        total=total,
        unit="case",
        desc="recovery-run",
        file=sys.stderr,
        disable=args.quiet or not sys.stderr.isatty(),
    )
    try:
        summary = recovery_run.run_daily_recovery(
            authorities=authorities,
            as_of=args.date,
            dry_run=args.dry_run,
            actor=Actor(officer_id=None, channel="cli"),
            progress=_advance(bar),
        )
    except recovery_run.RunInProgress as error:
        raise BadInput("run-in-progress", str(error)) from error
    finally:
        bar.close()
    return {
        "date": args.date,
        "dry_run": args.dry_run,
        "evaluated": summary.evaluated,
        "actions": dict(sorted(summary.actions.items())),
        "held": dict(sorted(summary.held.items())),
        "skipped": dict(sorted(summary.skipped.items())),
        "failed": summary.failed,
        "opened": summary.opened,
        "runs": summary.run_ids,
        "elapsed_s": round(time.perf_counter() - started, 3),
    }
