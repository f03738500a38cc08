"""`arrears import`: import a parties, accounts, charges or payments file (docs/imports.md)."""

import argparse
from pathlib import Path
from typing import Any

from arrears.audit.services import Actor
from arrears.authorities import selectors as authority_selectors
from arrears.authorities.models import Authority
from arrears.imports import services
from arrears.imports.domain.layouts import IMPORT_KIND_LABELS, ImportKind, WrongColumns
from arrears.imports.domain.records import RowError
from arrears.imports.domain.tables import UnreadableFile
from arrears.interfaces.cli.errors import BadInput
from arrears.kernel import clock

KINDS = [kind.value.lower() for kind in ImportKind]


def add_parser(subparsers: Any) -> None:
    kinds = ", ".join(KINDS)
    parser = subparsers.add_parser(
        "import",
        help="Import a CSV file from a revenues or finance system, all or nothing.",
        description="Import a CSV file, all or nothing. Kinds: "
        + "; ".join(f"{kind.value.lower()} ({IMPORT_KIND_LABELS[kind]})" for kind in ImportKind)
        + ". Every column is described in docs/imports.md.",
    )
    parser.add_argument("file", metavar="FILE", help="The CSV file (UTF-8, header row first).")
    parser.add_argument(
        "--kind", required=True, metavar="KIND", help=f"What the file holds: {kinds}."
    )
    parser.add_argument(
        "--authority", help="Authority code; needed when there is more than one authority."
    )
    parser.add_argument("--dry-run", action="store_true", help="Check and report; save nothing.")
    parser.set_defaults(handler=run)


def _kind(text: str) -> ImportKind:
    try:
        return ImportKind(text.strip().upper())
    except ValueError as error:
        raise BadInput(
            "unknown-kind", f"No import kind {text!r}; use one of {', '.join(KINDS)}.", kinds=KINDS
        ) from error


def _authority(code: str | None) -> Authority:
    if code:
        authority = authority_selectors.authority_by_code(code=code)
        if authority is None:
            raise BadInput("unknown-authority", f"No authority {code!r}.")
        return authority
    authorities = authority_selectors.authorities_by_code()
    if len(authorities) != 1:
        codes = [a.code for a in authorities]
        raise BadInput(
            "authority-required",
            "Say which authority the file is for with --authority CODE"
            + (f" (one of {', '.join(codes)})." if codes else "; there are no authorities yet."),
            authorities=codes,
        )
    return authorities[0]


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise BadInput("unreadable-file", f"Cannot read {path}: {error.strerror}.") from error


def _errors(errors: tuple[RowError, ...]) -> list[dict[str, Any]]:
    return [{"line": e.line, "field": e.field, "message": e.message} for e in errors]


def _summary(kind: str, report: services.ImportReport, batch_id: int | None) -> dict[str, Any]:
    return {
        "kind": kind,
        "rows": report.rows,
        "accepted": report.accepted,
        "rejected": report.rejected,
        "errors": _errors(report.errors),
        "batch_id": batch_id,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    kind = _kind(args.kind)
    authority = _authority(args.authority)
    content = _read(args.file)
    try:
        outcome = services.import_file(
            authority=authority,
            kind=kind,
            file_name=Path(args.file).name,
            content=content,
            as_of=clock.today(),
            actor=Actor(officer_id=None, channel="cli"),
            is_dry_run=args.dry_run,
        )
    except UnreadableFile as error:
        raise BadInput("unreadable-file", str(error)) from error
    except WrongColumns as error:
        raise BadInput(
            "wrong-columns", str(error), missing=error.missing, unexpected=error.unexpected
        ) from error
    except services.AlreadyImported as error:
        raise BadInput(
            "already-imported",
            f"This file was imported before, as batch {error.batch.pk} on "
            f"{clock.to_london(error.batch.imported_at or error.batch.uploaded_at):%d/%m/%Y}; "
            "nothing was imported this time.",
            batch_id=error.batch.pk,
        ) from error
    except services.FileRejected as error:
        report = error.report
        raise BadInput(
            "invalid-rows",
            f"{report.rejected} of {report.rows} rows have errors, so nothing was imported.",
            error_count=report.error_count,
            **_summary(kind.value.lower(), report, None),
        ) from error
    return _summary(kind.value.lower(), outcome.report, outcome.batch_id)
