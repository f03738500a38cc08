"""
Reads of the document register, always through the councils an officer may see.

`letter_for_officer` and `batch_for_officer` are the only ways one letter or print batch reaches
an officer: another council's is treated exactly like one that does not exist (ADR 0004). Every
list for staff shows "Confidential address" in place of a withheld address (docs/letters.md).
"""

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, QuerySet

from arrears.letters.domain.addressing import CONFIDENTIAL_ADDRESS_LABEL
from arrears.letters.domain.catalogue import LETTER_TEMPLATES
from arrears.letters.models import Letter, LetterStatus, PrintBatch
from arrears.staff.models import Officer
from arrears.staff.selectors import visible_authority_ids


def letter_for_officer(*, officer: Officer, letter_id: int) -> Letter:
    """
    Return the letter if `officer` may see it.

    :raises Letter.DoesNotExist: if there is no such letter or it is another council's.
    """
    return Letter.objects.select_related("account", "print_batch").get(
        pk=letter_id, authority_id__in=visible_authority_ids(officer=officer)
    )


def batch_for_officer(*, officer: Officer, batch_id: int) -> PrintBatch:
    """
    Return the print batch if `officer` may see it.

    :raises PrintBatch.DoesNotExist: if there is no such batch or it is another council's.
    """
    return PrintBatch.objects.select_related("authority", "released_by", "printed_by").get(
        pk=batch_id, authority_id__in=visible_authority_ids(officer=officer)
    )


def register(
    *,
    authority_ids: Collection[int],
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    template: str = "",
    status: str = "",
    batch_key: str = "",
    print_batch_id: int | None = None,
) -> QuerySet[Letter]:
    """Return the letters of these councils, newest issue date first; date range inclusive."""
    letters = Letter.objects.filter(authority_id__in=list(authority_ids))
    if date_from:
        letters = letters.filter(issue_date__gte=date_from)
    if date_to:
        letters = letters.filter(issue_date__lte=date_to)
    if template:
        letters = letters.filter(template=template)
    if status:
        letters = letters.filter(status=status)
    if batch_key:
        letters = letters.filter(batch_key=batch_key)
    if print_batch_id is not None:
        letters = letters.filter(print_batch_id=print_batch_id)
    return letters.select_related("account").order_by("-issue_date", "-id")


@dataclass(frozen=True)
class RegisterRow:
    """One letter as the register and batch pages show it to staff."""

    letter_id: int
    issue_date: dt.date
    template: str
    template_title: str
    status: str
    status_label: str
    language: str
    recipient_name: str
    address: str  # "Confidential address" when withheld
    is_confidential_address: bool
    account_id: int
    account_reference: str
    party_id: int
    batch_key: str
    print_batch_id: int | None
    withdrawn_reason: str


def shown_address(letter: Letter) -> str:
    """Return the letter's address for staff, or "Confidential address" when withheld."""
    if letter.is_confidential_address:
        return CONFIDENTIAL_ADDRESS_LABEL
    return ", ".join(letter.address_lines)


def register_rows(letters: Iterable[Letter]) -> list[RegisterRow]:
    """Return letters (fetched with their account) as plain rows for a table."""
    return [
        RegisterRow(
            letter_id=letter.pk,
            issue_date=letter.issue_date,
            template=letter.template,
            template_title=LETTER_TEMPLATES[letter.template].title,
            status=letter.status,
            status_label=LetterStatus(letter.status).label,
            language=letter.language,
            recipient_name=letter.recipient_name,
            address=shown_address(letter),
            is_confidential_address=letter.is_confidential_address,
            account_id=letter.account_id,
            account_reference=letter.account.reference,
            party_id=letter.party_id,
            batch_key=letter.batch_key,
            print_batch_id=letter.print_batch_id,
            withdrawn_reason=letter.withdrawn_reason,
        )
        for letter in letters
    ]


@dataclass(frozen=True)
class AwaitingRelease:
    """Letters created under one batch key and not yet released."""

    authority_id: int
    authority_name: str
    batch_key: str
    letter_count: int
    confidential_count: int
    earliest_issue_date: dt.date
    latest_issue_date: dt.date


def awaiting_release(*, authority_ids: Collection[int]) -> list[AwaitingRelease]:
    """Return the batch keys with letters awaiting release, oldest issue date first."""
    rows = (
        Letter.objects.filter(
            authority_id__in=list(authority_ids), status=LetterStatus.AWAITING_RELEASE
        )
        .values("authority_id", "authority__name", "batch_key")
        .annotate(
            letters=Count("id"),
            confidential=Count("id", filter=Q(is_confidential_address=True)),
            earliest=Min("issue_date"),
            latest=Max("issue_date"),
        )
        .order_by("earliest", "batch_key")
    )
    return [
        AwaitingRelease(
            authority_id=row["authority_id"],
            authority_name=row["authority__name"],
            batch_key=row["batch_key"],
            letter_count=row["letters"],
            confidential_count=row["confidential"],
            earliest_issue_date=row["earliest"],
            latest_issue_date=row["latest"],
        )
        for row in rows
    ]


def batch_key_is_visible(*, officer: Officer, batch_key: str) -> bool:
    """Return whether `batch_key` has letters awaiting release at a council `officer` sees."""
    return Letter.objects.filter(
        batch_key=batch_key,
        status=LetterStatus.AWAITING_RELEASE,
        authority_id__in=visible_authority_ids(officer=officer),
    ).exists()


def recent_batches(*, authority_ids: Collection[int], limit: int = 20) -> list[PrintBatch]:
    """Return the latest print batches of these councils, newest first."""
    return list(
        PrintBatch.objects.filter(authority_id__in=list(authority_ids))
        .select_related("authority")
        .order_by("-created_at", "-id")[:limit]
    )
