"""Reads for imports: which references already exist, and batches an officer may see."""

from collections.abc import Collection, Iterator, Sequence

from django.db.models import (
    Q,
)

from arrears.accounts.models import DebtAccount, Party
from arrears.authorities.models import Authority
from arrears.imports.domain.layouts import ImportKind
from arrears.imports.models import BatchStatus, ImportBatch
from arrears.ledger.domain.entries import EntryType
from arrears.ledger.models import Entry
from arrears.staff.models import Officer
from arrears.staff.selectors import visible_authority_ids

# Few enough parameters per query for every database (SQLite allows 32,766).
_CHUNK = 900


def _chunks(items: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(set(items))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def parties_by_reference(*, authority_id: int, references: Collection[str]) -> dict[str, Party]:
    """Return {reference: party} for the authority's parties with these references."""
    found: dict[str, Party] = {}
    for chunk in _chunks(references):
        rows = Party.objects.filter(authority_id=authority_id, reference__in=chunk).only(
            "id", "authority_id", "reference"
        )
        found.update((party.reference, party) for party in rows)
    return found


def parties_taken(*, authority_id: int, references: Collection[str]) -> set[str]:
    """Return which of `references` a party at the authority has as reference or source ref."""
    taken: set[str] = set()
    for chunk in _chunks(references):
        rows = Party.objects.filter(
            Q(reference__in=chunk) | Q(source_reference__in=chunk), authority_id=authority_id
        ).values_list("reference", "source_reference")
        for reference, source_reference in rows:
            taken.update({reference, source_reference or ""} & set(chunk))
    return taken


def account_ids_by_reference(*, authority_id: int, references: Collection[str]) -> dict[str, int]:
    """Return {reference: account id} for the authority's accounts with these references."""
    found: dict[str, int] = {}
    for chunk in _chunks(references):
        rows = DebtAccount.objects.filter(authority_id=authority_id, reference__in=chunk)
        found.update(rows.values_list("reference", "id"))
    return found


def accounts_taken(*, authority_id: int, references: Collection[str]) -> set[str]:
    """Return which of `references` an account at the authority has as reference or source ref."""
    taken: set[str] = set()
    for chunk in _chunks(references):
        rows = DebtAccount.objects.filter(
            Q(reference__in=chunk) | Q(source_reference__in=chunk), authority_id=authority_id
        ).values_list("reference", "source_reference")
        for reference, source_reference in rows:
            taken.update({reference, source_reference or ""} & set(chunk))
    return taken


def entry_source_references_taken(
    *, authority_id: int, entry_type: EntryType, references: Collection[str]
) -> set[str]:
    """Return which of `references` the authority's entries of `entry_type` already carry."""
    taken: set[str] = set()
    for chunk in _chunks(references):
        taken.update(
            Entry.objects.filter(
                authority_id=authority_id, entry_type=entry_type.value, source_reference__in=chunk
            ).values_list("source_reference", flat=True)
        )
    return taken


def imported_batch(*, authority_id: int, kind: ImportKind, checksum: str) -> ImportBatch | None:
    """Return the batch that imported this file at the authority, if one did."""
    return ImportBatch.objects.filter(
        authority_id=authority_id,
        kind=kind.value,
        checksum=checksum,
        status=BatchStatus.IMPORTED,
    ).first()


def batch_for_officer(*, officer: Officer, batch_id: int) -> ImportBatch:
    """
    Return the import batch if `officer` may see its authority.

    :raises ImportBatch.DoesNotExist: if there is no such batch or it is another authority's.
    """
    return ImportBatch.objects.select_related("authority").get(
        pk=batch_id, authority_id__in=visible_authority_ids(officer=officer)
    )


def recent_batches(*, authority_ids: Sequence[int], limit: int = 20) -> list[ImportBatch]:
    """Return the latest batches uploaded at these authorities, newest first, without content."""
    return list(
        ImportBatch.objects.filter(authority_id__in=list(authority_ids))
        .exclude(status=BatchStatus.DISCARDED)
        .defer("content")
        .select_related("authority")
        .order_by("-uploaded_at", "-id")[:limit]
    )


def authorities_for_officer(*, officer: Officer) -> list[Authority]:
    """Return the authorities whose data `officer` may see (and so import), by name."""
    return list(
        Authority.objects.filter(pk__in=visible_authority_ids(officer=officer)).order_by(
            "name", "id"
        )
    )
