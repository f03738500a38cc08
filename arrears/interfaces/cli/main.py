"""
The `arrears` console script (also `python -m arrears`).

Each sub-command is a module with `add_parser(subparsers)` and `run(args) -> dict`; `main` writes
the one JSON document to stdout, or `{"error", "message"}` to stderr with exit 2 for bad input
(shared/INTERFACES.md). `arrears manage ...` passes through to Django's management commands.
"""

import argparse
import datetime as dt
import importlib
import json
import os
import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NoReturn

from arrears.interfaces.cli.errors import BadInput

# Sub-command modules, in the order `arrears --help` lists them.
SUBCOMMANDS = [
    "arrears.interfaces.cli.create_officer",
    "arrears.interfaces.cli.check_ledger",
    "arrears.interfaces.cli.seed",
    "arrears.interfaces.cli.demo",
    "arrears.interfaces.cli.import_file",
    "arrears.interfaces.cli.aeo",
    "arrears.interfaces.cli.recovery_run",
]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are bad input (exit 2 with JSON), not usage text."""

    def error(self, message: str) -> NoReturn:
        raise BadInput("bad-arguments", message, usage=self.format_usage().strip())


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.config.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="arrears", description="Arrears: council debt recovery.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    manage = subparsers.add_parser("manage", help="Run a Django management command.")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    for name in SUBCOMMANDS:
        importlib.import_module(name).add_parser(subparsers)
    return parser


def _manage(argv: Sequence[str]) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["arrears manage", *argv])
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run one sub-command and return the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["manage"]:
        _setup_django()
        return _manage(args_list[1:])
    _setup_django()
    try:
        args = build_parser().parse_args(args_list)
        result = args.handler(args)
    except BadInput as error:
        payload = {"error": error.code, "message": error.message, **error.extra}
        sys.stderr.write(json.dumps(payload, default=_json_default) + "\n")
        return 2
    sys.stdout.write(json.dumps(result, default=_json_default, indent=2) + "\n")
    return 0
