"""
Importing parties, accounts, charges and payments from a revenues or finance system.

A file is all or nothing (docs/imports.md): every row is read and checked, first on its own
(`imports.domain.records`) and then against the database (references that must or must not
exist), and only a file with no error at all is written, in one transaction. The file's SHA-256
checksum is kept on its `ImportBatch`, so the same file is refused a second time.

The rows are written set-based by `imports.writers`, with the invariants and audit events that
`accounts.services` and `ledger.services` keep one row at a time. One more audit event,
`imports.batch.imported`, records the batch with its counts.
"""

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from arrears.audit import services as audit
from arrears.authorities.models import Authority
from arrears.imports import selectors, writers
from arrears.imports.domain.layouts import ImportKind
from arrears.imports.domain.records import (
    AccountRecord,
    ChargeRecord,
    PartyRecord,
    PaymentRecord,
    ReadFile,
    Record,
    RowError,
    read_file,
)
from arrears.imports.domain.tables import read_table
from arrears.imports.models import BatchStatus, ImportBatch
from arrears.ledger.domain.entries import EntryType

# Errors listed in a report; the counts still cover every row.
MAX_REPORTED_ERRORS = 500


class AlreadyImported(Exception):
    """This file (same checksum) has already been imported for the authority."""

    def __init__(self, batch: ImportBatch) -> None:
        super().__init__(f"file already imported as batch {batch.pk}")
        self.batch = batch


class FileRejected(Exception):
    """The file has at least one row error, so nothing in it was imported."""

    def __init__(self, report: "ImportReport") -> None:
        super().__init__(f"{report.rejected} of {report.rows} rows have errors")
        self.report = report


class BatchNotPending(Exception):
    """The uploaded batch has already been imported or discarded."""


@dataclass(frozen=True)
class ImportReport:
    """What checking a file found: counts, the errors (up to a cap) and its first rows."""

    kind: ImportKind
    checksum: str
    rows: int
    accepted: int
    rejected: int
    errors: tuple[RowError, ...]
    error_count: int
    columns: tuple[str, ...]
    samples: tuple[dict[str, str], ...]

    @property
    def is_valid(self) -> bool:
        return self.error_count == 0


@dataclass(frozen=True)
class ImportOutcome:
    report: ImportReport
    batch_id: int | None


def checksum_of(content: bytes) -> str:
    """Return the SHA-256 checksum of a file's bytes, in hex."""
    return hashlib.sha256(content).hexdigest()


# Checks against the database ---------------------------------------------------------------


def _taken_error(record: Record, field: str, value: str, what: str, code: str) -> RowError:
    return RowError(
        record.line, field, f"{what} with reference '{value}' already exists at {code}."
    )


def _check_parties(authority: Authority, records: Sequence[PartyRecord]) -> list[RowError]:
    taken = selectors.parties_taken(
        authority_id=authority.pk, references=[r.party_reference for r in records]
    )
    return [
        _taken_error(r, "party_reference", r.party_reference, "A party", authority.code)
        for r in records
        if r.party_reference in taken
    ]


def _check_accounts(authority: Authority, records: Sequence[AccountRecord]) -> list[RowError]:
    taken = selectors.accounts_taken(
        authority_id=authority.pk, references=[r.account_reference for r in records]
    )
    parties = selectors.parties_by_reference(
        authority_id=authority.pk, references=[p for r in records for p in r.party_references]
    )
    errors = []
    for record in records:
        if record.account_reference in taken:
            errors.append(
                _taken_error(
                    record,
                    "account_reference",
                    record.account_reference,
                    "An account",
                    authority.code,
                )
            )
        errors.extend(
            RowError(
                record.line,
                "party_references",
                f"No party with reference '{reference}' at {authority.code}; "
                "import it in a parties file first.",
            )
            for reference in record.party_references
            if reference not in parties
        )
    return errors


def _check_entries(
    authority: Authority,
    records: Sequence[ChargeRecord | PaymentRecord],
    entry_type: EntryType,
) -> list[RowError]:
    accounts = selectors.account_ids_by_reference(
        authority_id=authority.pk, references=[r.account_reference for r in records]
    )
    taken = selectors.entry_source_references_taken(
        authority_id=authority.pk,
        entry_type=entry_type,
        references=[r.source_reference for r in records],
    )
    what = entry_type.value.lower()
    errors = []
    for record in records:
        if record.account_reference not in accounts:
            errors.append(
                RowError(
                    record.line,
                    "account_reference",
                    f"No account with reference '{record.account_reference}' at "
                    f"{authority.code}; import it in an accounts file first.",
                )
            )
        if record.source_reference in taken:
            errors.append(
                RowError(
                    record.line,
                    "source_reference",
                    f"A {what} with source reference '{record.source_reference}' has already "
                    f"been imported at {authority.code}.",
                )
            )
    return errors


def _database_errors(authority: Authority, read: ReadFile) -> list[RowError]:
    records = read.records
    if read.kind is ImportKind.PARTIES:
        return _check_parties(authority, [r for r in records if isinstance(r, PartyRecord)])
    if read.kind is ImportKind.ACCOUNTS:
        return _check_accounts(authority, [r for r in records if isinstance(r, AccountRecord)])
    if read.kind is ImportKind.CHARGES:
        charges = [r for r in records if isinstance(r, ChargeRecord)]
        return _check_entries(authority, charges, EntryType.CHARGE)
    payments = [r for r in records if isinstance(r, PaymentRecord)]
    return _check_entries(authority, payments, EntryType.PAYMENT)


def _check(
    *, authority: Authority, kind: ImportKind, content: bytes, as_of: dt.date
) -> tuple[ImportReport, ReadFile]:
    read = read_file(kind=kind, table=read_table(content), as_of=as_of)
    errors = sorted([*read.errors, *_database_errors(authority, read)], key=lambda e: e.line)
    rejected = len({error.line for error in errors})
    report = ImportReport(
        kind=kind,
        checksum=checksum_of(content),
        rows=read.row_count,
        accepted=read.row_count - rejected,
        rejected=rejected,
        errors=tuple(errors[:MAX_REPORTED_ERRORS]),
        error_count=len(errors),
        columns=read.columns,
        samples=read.samples,
    )
    return report, read


def check_file(
    *, authority: Authority, kind: ImportKind, content: bytes, as_of: dt.date
) -> ImportReport:
    """
    Check every row of a file against the rules and the database; write nothing.

    :raises UnreadableFile: if the file is not a UTF-8 CSV file with a header row.
    :raises WrongColumns: if the header is wrong for `kind`.
    """
    report, _read = _check(authority=authority, kind=kind, content=content, as_of=as_of)
    return report


def _refuse_if_imported(*, authority: Authority, kind: ImportKind, checksum: str) -> None:
    earlier = selectors.imported_batch(authority_id=authority.pk, kind=kind, checksum=checksum)
    if earlier is not None:
        raise AlreadyImported(earlier)


# Use cases ----------------------------------------------------------------------------------


@transaction.atomic
def _import(
    *,
    authority: Authority,
    kind: ImportKind,
    content: bytes,
    as_of: dt.date,
    actor: audit.Actor,
    batch: ImportBatch,
) -> ImportOutcome:
    # One import per authority at a time, so two files cannot both pass the checks and clash.
    Authority.objects.select_for_update().filter(pk=authority.pk).values_list("id").first()
    _refuse_if_imported(authority=authority, kind=kind, checksum=batch.checksum)
    report, read = _check(authority=authority, kind=kind, content=content, as_of=as_of)
    if not report.is_valid:
        raise FileRejected(report)
    batch.status = BatchStatus.IMPORTED
    batch.row_count = report.rows
    batch.accepted_count = report.accepted
    batch.rejected_count = report.rejected
    batch.imported_at = timezone.now()
    batch.imported_by_id = actor.officer_id
    batch.save()
    writers.write_records(
        kind=kind, authority=authority, records=read.records, batch_id=batch.pk, actor=actor
    )
    audit.record_event(
        actor=actor,
        action="imports.batch.imported",
        authority_id=authority.pk,
        object_type="import_batch",
        object_id=batch.pk,
        detail={
            "kind": kind.value,
            "file_name": batch.file_name,
            "checksum": batch.checksum,
            "rows": report.rows,
            "accepted": report.accepted,
            "rejected": report.rejected,
        },
    )
    return ImportOutcome(report=report, batch_id=batch.pk)


def import_file(
    *,
    authority: Authority,
    kind: ImportKind,
    file_name: str,
    content: bytes,
    as_of: dt.date,
    actor: audit.Actor,
    is_dry_run: bool = False,
) -> ImportOutcome:
    """
    Import a whole file, or nothing of it; with `is_dry_run`, check it and write nothing.

    `as_of` is the business date: dates of birth, opened and received dates after it are errors.

    :raises UnreadableFile: if the file is not a UTF-8 CSV file with a header row.
    :raises WrongColumns: if the header is wrong for `kind`.
    :raises AlreadyImported: if this file was imported for the authority before.
    :raises FileRejected: if any row has an error; its report lists them.
    """
    checksum = checksum_of(content)
    if is_dry_run:
        _refuse_if_imported(authority=authority, kind=kind, checksum=checksum)
        report = check_file(authority=authority, kind=kind, content=content, as_of=as_of)
        if not report.is_valid:
            raise FileRejected(report)
        return ImportOutcome(report=report, batch_id=None)
    batch = ImportBatch(
        authority=authority,
        kind=kind.value,
        file_name=file_name[:255],
        checksum=checksum,
        content=content,
        uploaded_at=timezone.now(),
        uploaded_by_id=actor.officer_id,
        channel=actor.channel,
    )
    return _import(
        authority=authority, kind=kind, content=content, as_of=as_of, actor=actor, batch=batch
    )


def stage_upload(
    *,
    authority: Authority,
    kind: ImportKind,
    file_name: str,
    content: bytes,
    actor: audit.Actor,
) -> ImportBatch:
    """Keep an uploaded file as a pending batch until an officer confirms it (nothing else)."""
    return ImportBatch.objects.create(
        authority=authority,
        kind=kind.value,
        file_name=file_name[:255],
        checksum=checksum_of(content),
        status=BatchStatus.PENDING,
        content=content,
        uploaded_at=timezone.now(),
        uploaded_by_id=actor.officer_id,
        channel=actor.channel,
    )


def check_staged(*, batch: ImportBatch, as_of: dt.date) -> ImportReport:
    """
    Check a pending batch's file as it would be imported now; write nothing.

    :raises UnreadableFile: if the file is not a UTF-8 CSV file with a header row.
    :raises WrongColumns: if the header is wrong for the batch's kind.
    :raises AlreadyImported: if the same file has been imported for the authority since.
    """
    kind = ImportKind(batch.kind)
    _refuse_if_imported(authority=batch.authority, kind=kind, checksum=batch.checksum)
    return check_file(
        authority=batch.authority, kind=kind, content=bytes(batch.content), as_of=as_of
    )


def import_staged(*, batch: ImportBatch, as_of: dt.date, actor: audit.Actor) -> ImportOutcome:
    """
    Import a pending batch's file after checking it again, all or nothing.

    :raises BatchNotPending: if the batch has already been imported or discarded.
    :raises UnreadableFile, WrongColumns, AlreadyImported, FileRejected: as `import_file`.
    """
    with transaction.atomic():
        locked = (
            ImportBatch.objects.select_for_update().select_related("authority").get(pk=batch.pk)
        )
        if locked.status != BatchStatus.PENDING:
            raise BatchNotPending(f"batch {batch.pk} is {locked.status}")
        return _import(
            authority=locked.authority,
            kind=ImportKind(locked.kind),
            content=bytes(locked.content),
            as_of=as_of,
            actor=actor,
            batch=locked,
        )


def discard_staged(*, batch: ImportBatch, actor: audit.Actor) -> ImportBatch:
    """
    Discard a pending batch: its content is dropped and it can no longer be imported.

    :raises BatchNotPending: if the batch has already been imported or discarded.
    """
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.PENDING:
            raise BatchNotPending(f"batch {batch.pk} is {locked.status}")
        locked.status = BatchStatus.DISCARDED
        locked.content = b""
        locked.save(update_fields=["status", "content"])
    return locked
