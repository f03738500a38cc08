"""
Writes to the document register: creating letters, releasing them into print batches,
withdrawing them, printing batches to PDF and marking them printed (docs/letters.md).

The recovery engine calls `create_letters` with the letters of a run under one batch key, in
bulk: the number of queries does not grow with the number of letters (beyond Django's insert
chunks). A team leader or manager then releases the batch key (`release_letters`).
"""

import datetime as dt
import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from arrears.accounts.domain.markers import MarkerKind, is_active
from arrears.accounts.models import AccountParty, Address, DebtAccount, Marker, Party
from arrears.audit.services import Actor, NewEvent, record_event, record_events
from arrears.letters import rendering
from arrears.letters.domain import addressing, composition, print_streams
from arrears.letters.domain.catalogue import Recipient
from arrears.letters.domain.context import LetterContext
from arrears.letters.domain.documents import CoverSheet, LetterDocument
from arrears.letters.domain.engines import DEFAULT_ENGINE, Engine
from arrears.letters.models import BatchStatus, Letter, LetterStatus, PrintBatch, PrintFile

logger = logging.getLogger(__name__)

BREATHING_SPACE_WITHDRAWAL = (
    "Breathing Space in force when the letter was released: no contact about the debt "
    "(RULES.md §5.2)"
)


@dataclass(frozen=True)
class LetterRequest:
    authority_id: int
    account_id: int
    party_id: int
    template: str  # a letter code from LETTER_TEMPLATES, e.g. "REMINDER"
    issue_date: dt.date
    facts: Mapping[str, str]  # money as "123.45", dates ISO "2026-12-01"
    source: str  # what caused it, e.g. "recovery-action:123"


class LetterRecordsNotFound(ValueError):
    """The authority, account or party of a request do not belong together, or do not exist."""


class NoPostalAddress(ValueError):
    """The party has no correspondence or current address in use on the issue date."""


class ContactNotAllowed(ValueError):
    """The party is in a Breathing Space: no letter about the debt may be sent (RULES.md §5.2)."""


class BatchKeyInUse(ValueError):
    """The batch key already holds another council's letters: a batch belongs to one council."""


class ReasonRequired(ValueError):
    """A withdrawal needs a reason in words."""


class BatchNotRendered(ValueError):
    """A print batch cannot be marked printed before its PDF has been produced."""


class BatchAlreadyPrinted(ValueError):
    """A print batch that has been printed cannot be printed again or changed."""


# --- Creating letters --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Recipients:
    """What `create_letters` reads for a set of requests, in a fixed number of queries."""

    accounts: dict[int, DebtAccount]
    links: set[tuple[int, int]]
    parties: dict[int, Party]
    addresses: dict[int, list[addressing.AddressOption]]
    confidential_ends: dict[int, list[dt.date | None]]
    breathing_spaces: dict[int, list[tuple[dt.date, dt.date | None]]]


def _read_recipients(requests: Sequence[LetterRequest]) -> _Recipients:
    account_ids = {r.account_id for r in requests}
    party_ids = {r.party_id for r in requests}
    accounts = {
        a.pk: a for a in DebtAccount.objects.filter(pk__in=account_ids).select_related("authority")
    }
    links = set(
        AccountParty.objects.filter(account_id__in=account_ids, party_id__in=party_ids).values_list(
            "account_id", "party_id"
        )
    )
    parties = {p.pk: p for p in Party.objects.filter(pk__in=party_ids)}
    addresses: dict[int, list[addressing.AddressOption]] = {}
    for address in Address.objects.filter(
        party_id__in=party_ids, kind__in=[addressing.CORRESPONDENCE, addressing.CURRENT]
    ):
        addresses.setdefault(address.party_id, []).append(
            addressing.AddressOption(
                address_id=address.pk,
                kind=address.kind,
                from_date=address.from_date,
                to_date=address.to_date,
                lines=tuple(address.lines),
            )
        )
    confidential: dict[int, list[dt.date | None]] = {}
    breathing: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    for party_id, kind, start_date, end_date in Marker.objects.filter(
        party_id__in=party_ids,
        kind__in=[MarkerKind.CONFIDENTIAL_ADDRESS.value, MarkerKind.BREATHING_SPACE.value],
    ).values_list("party_id", "kind", "start_date", "end_date"):
        if kind == MarkerKind.CONFIDENTIAL_ADDRESS:
            confidential.setdefault(party_id, []).append(end_date)
        else:
            breathing.setdefault(party_id, []).append((start_date, end_date))
    return _Recipients(accounts, links, parties, addresses, confidential, breathing)


def _in_breathing_space(spells: list[tuple[dt.date, dt.date | None]], *, as_of: dt.date) -> bool:
    return any(is_active(start_date=start, end_date=end, as_of=as_of) for start, end in spells)


def _new_letter(
    *, request: LetterRequest, seen: _Recipients, batch_key: str, created_at: dt.datetime
) -> Letter:
    """Check one request against what was read and return its unsaved letter.

    :raises LetterRecordsNotFound, ContactNotAllowed, NoPostalAddress: as `create_letters`.
    :raises UnknownTemplate, WrongDebtType, MissingFact, BadFact: from the template's checks.
    """
    account = seen.accounts.get(request.account_id)
    party = seen.parties.get(request.party_id)
    if (
        account is None
        or party is None
        or account.authority_id != request.authority_id
        or (request.account_id, request.party_id) not in seen.links
    ):
        raise LetterRecordsNotFound(
            f"Account {request.account_id} and party {request.party_id} are not a liable party "
            f"on an account of authority {request.authority_id}."
        )
    template = composition.template_for(request.template)
    facts = dict(request.facts)
    facts.setdefault("authority_name", account.authority.name)
    facts.setdefault("account_reference", account.reference)
    checked = composition.check_request(
        code=request.template,
        facts=facts,
        issue_date=request.issue_date,
        debt_type=account.debt_type,
    )
    if _in_breathing_space(seen.breathing_spaces.get(party.pk, []), as_of=request.issue_date):
        raise ContactNotAllowed(
            f"Party {party.pk} is in a Breathing Space on {request.issue_date.isoformat()}: no "
            f"{request.template} letter may be sent (RULES.md §5.2)."
        )
    is_confidential = False
    if template.recipient == Recipient.EMPLOYER:
        recipient_name = checked["employer_name"]
        lines: tuple[str, ...] = tuple(checked["employer_address"].splitlines())
    else:
        address = addressing.postal_address(
            options=seen.addresses.get(party.pk, []), as_of=request.issue_date
        )
        if address is None:
            raise NoPostalAddress(
                f"Party {party.pk} has no correspondence or current address on "
                f"{request.issue_date.isoformat()}, so the {request.template} letter cannot be "
                "posted."
            )
        recipient_name, lines = party.display_name, address.lines
        is_confidential = addressing.is_withheld(
            marker_end_dates=seen.confidential_ends.get(party.pk, []), as_of=request.issue_date
        )
    return Letter(
        authority_id=account.authority_id,
        account_id=account.pk,
        party_id=party.pk,
        template=request.template,
        language=composition.letter_language(
            preferred_language=party.preferred_language, nation=account.authority.nation
        ),
        issue_date=request.issue_date,
        facts=checked,
        debt_type=account.debt_type,
        nation=account.authority.nation,
        party_name=party.display_name,
        recipient_name=recipient_name,
        address_lines=list(lines),
        is_confidential_address=is_confidential,
        status=LetterStatus.AWAITING_RELEASE,
        batch_key=batch_key,
        source=request.source,
        created_at=created_at,
    )


@transaction.atomic
def create_letters(*, requests: Sequence[LetterRequest], batch_key: str) -> list[int]:
    """
    Create letters awaiting release under `batch_key` and return their ids in request order.

    Reads everything in a fixed number of queries and writes with one bulk insert, so the
    number of queries does not grow with the number of letters. Snapshots the recipient's name
    and postal address (correspondence address first, else current) as they are on the issue
    date; a letter to a party with a confidential-address marker is flagged so staff lists
    withhold its address. All or nothing: one refused request refuses the call.

    :raises LetterRecordsNotFound: if an account, party and authority do not belong together.
    :raises ContactNotAllowed: if a party is in a Breathing Space on the issue date.
    :raises NoPostalAddress: if a debtor has no address to post to.
    :raises BatchKeyInUse: if the batch key holds another council's letters.
    :raises UnknownTemplate, WrongDebtType, MissingFact, BadFact: if a letter's template refuses
        its facts (the message names the letter and the fact).
    """
    if not requests:
        return []
    seen = _read_recipients(requests)
    created_at = timezone.now()
    letters = []
    for index, request in enumerate(requests):
        try:
            letters.append(
                _new_letter(request=request, seen=seen, batch_key=batch_key, created_at=created_at)
            )
        except ValueError as error:
            error.add_note(f"Letter request {index} (source {request.source!r}).")
            raise
    authority_ids = {letter.authority_id for letter in letters}
    other = (
        Letter.objects.filter(batch_key=batch_key).exclude(authority_id__in=authority_ids).exists()
    )
    if len(authority_ids) > 1 or other:
        raise BatchKeyInUse(f"Batch key {batch_key!r} would hold more than one council's letters.")
    created = Letter.objects.bulk_create(letters, batch_size=1000)
    return [letter.pk for letter in created]


# --- Releasing and withdrawing -----------------------------------------------------------------


def _letter_events(
    *, rows: Sequence[tuple[int, int, int]], action: str, detail: dict[str, object]
) -> list[NewEvent]:
    return [
        NewEvent(
            action=action,
            authority_id=authority_id,
            object_type="letter",
            object_id=letter_id,
            party_id=party_id,
            detail=dict(detail),
        )
        for letter_id, authority_id, party_id in rows
    ]


@transaction.atomic
def release_letters(*, batch_key: str, actor: Actor, released_on: dt.date) -> PrintBatch | None:
    """
    Release every letter awaiting release under `batch_key` into one print batch (audited).

    The last check before posting: a letter whose party is in a Breathing Space on
    `released_on` is withdrawn instead (RULES.md §5.2). Returns None when nothing is left to
    release.
    """
    waiting = list(
        Letter.objects.select_for_update()
        .filter(batch_key=batch_key, status=LetterStatus.AWAITING_RELEASE)
        .order_by("id")
        .values_list("id", "authority_id", "party_id", "is_confidential_address")
    )
    if not waiting:
        return None
    now = timezone.now()
    party_ids = {party_id for _, _, party_id, _ in waiting}
    spells: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    for party_id, start, end in Marker.objects.filter(
        party_id__in=party_ids, kind=MarkerKind.BREATHING_SPACE.value
    ).values_list("party_id", "start_date", "end_date"):
        spells.setdefault(party_id, []).append((start, end))
    held = [
        row for row in waiting if _in_breathing_space(spells.get(row[2], []), as_of=released_on)
    ]
    if held:
        Letter.objects.filter(id__in=[row[0] for row in held]).update(
            status=LetterStatus.WITHDRAWN,
            withdrawn_at=now,
            withdrawn_reason=BREATHING_SPACE_WITHDRAWAL,
        )
        record_events(
            actor=actor,
            events=_letter_events(
                rows=[row[:3] for row in held],
                action="letters.letter.withdrawn",
                detail={"reason": BREATHING_SPACE_WITHDRAWAL, "batch_key": batch_key},
            ),
            occurred_at=now,
        )
    held_ids = {row[0] for row in held}
    released = [row for row in waiting if row[0] not in held_ids]
    if not released:
        return None
    batch = PrintBatch.objects.create(
        authority_id=released[0][1],
        batch_key=batch_key,
        created_at=now,
        released_on=released_on,
        released_by_id=actor.officer_id,
        letter_count=len(released),
        confidential_count=sum(1 for row in released if row[3]),
    )
    Letter.objects.filter(batch_key=batch_key, status=LetterStatus.AWAITING_RELEASE).update(
        status=LetterStatus.RELEASED, print_batch=batch, released_at=now
    )
    record_event(
        actor=actor,
        action="letters.batch.released",
        authority_id=batch.authority_id,
        object_type="print_batch",
        object_id=batch.pk,
        detail={
            "batch_key": batch_key,
            "letters": batch.letter_count,
            "confidential": batch.confidential_count,
            "withdrawn_for_breathing_space": len(held),
            "released_on": released_on.isoformat(),
        },
        occurred_at=now,
    )
    record_events(
        actor=actor,
        events=_letter_events(
            rows=[row[:3] for row in released],
            action="letters.letter.released",
            detail={"print_batch": batch.pk, "batch_key": batch_key},
        ),
        occurred_at=now,
    )
    return batch


@transaction.atomic
def withdraw_letters(*, letter_ids: Sequence[int], actor: Actor, reason: str) -> int:
    """
    Withdraw the letters not yet printed (e.g. a Breathing Space started before release) and
    return how many were withdrawn; printed or already withdrawn letters are left alone.

    A letter withdrawn from a released batch leaves the batch; the batch's PDF, if it was
    produced, is discarded so the next download leaves the letter out.

    :raises ReasonRequired: if `reason` is blank.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise ReasonRequired("Give the reason the letters are withdrawn.")
    rows = list(
        Letter.objects.select_for_update()
        .filter(
            id__in=list(letter_ids),
            status__in=[LetterStatus.AWAITING_RELEASE, LetterStatus.RELEASED],
        )
        .values_list("id", "authority_id", "party_id", "print_batch_id")
    )
    if not rows:
        return 0
    now = timezone.now()
    Letter.objects.filter(id__in=[row[0] for row in rows]).update(
        status=LetterStatus.WITHDRAWN, withdrawn_at=now, withdrawn_reason=reason[:500]
    )
    batch_ids = {row[3] for row in rows if row[3] is not None}
    rendered = set(
        PrintFile.objects.filter(batch_id__in=batch_ids).values_list("batch_id", flat=True)
    )
    for batch_id in batch_ids:
        _recount(batch_id=batch_id)
    PrintFile.objects.filter(batch_id__in=batch_ids).delete()
    record_events(
        actor=actor,
        events=[
            NewEvent(
                action="letters.letter.withdrawn",
                authority_id=authority_id,
                object_type="letter",
                object_id=letter_id,
                party_id=party_id,
                detail={
                    "reason": reason[:500],
                    "print_batch": batch_id,
                    # The print room may hold a copy of a PDF that still has this letter.
                    "batch_file_was_rendered": batch_id in rendered,
                },
            )
            for letter_id, authority_id, party_id, batch_id in rows
        ],
        occurred_at=now,
    )
    return len(rows)


def _recount(*, batch_id: int) -> None:
    live = Letter.objects.filter(print_batch_id=batch_id).exclude(status=LetterStatus.WITHDRAWN)
    PrintBatch.objects.filter(pk=batch_id).update(
        letter_count=live.count(),
        confidential_count=live.filter(is_confidential_address=True).count(),
        file_sha256="",
        file_size=None,
        page_count=None,
        rendered_at=None,
    )


# --- Printing ----------------------------------------------------------------------------------


def letter_document(letter: Letter) -> LetterDocument:
    """Return the text of `letter` from its snapshot (no queries)."""
    facts = letter.facts
    context = LetterContext(
        authority_name=facts["authority_name"],
        account_reference=facts["account_reference"],
        debt_type=letter.debt_type,
        nation=letter.nation,
        debtor_name=letter.party_name,
        issue_date=letter.issue_date,
    )
    return composition.compose_letter(
        code=letter.template,
        facts=facts,
        language=letter.language,
        context=context,
        letter_number=f"Letter {letter.pk}",
        recipient_name=letter.recipient_name,
        address_lines=tuple(letter.address_lines),
        is_confidential_address=letter.is_confidential_address,
    )


def _batch_items(letters: Sequence[Letter]) -> list[LetterDocument | CoverSheet]:
    return print_streams.batch_order([letter_document(letter) for letter in letters])


def _live_letters(batch: PrintBatch) -> list[Letter]:
    return list(
        Letter.objects.filter(print_batch=batch)
        .exclude(status=LetterStatus.WITHDRAWN)
        .order_by("id")
    )


def render_print_batch(*, batch: PrintBatch, engine: str = DEFAULT_ENGINE) -> bytes:
    """
    Return one PDF with every letter of the batch (withdrawn ones left out), and keep it.

    Standard letters come first, in letter order; then a cover sheet and the letters to
    confidential addresses, so the print room can post them in a sealed stream. The PDF is
    stored (`PrintFile`) with its SHA-256, size, page count, engine and render time. A printed
    batch is not rendered again: its stored PDF is returned unchanged.

    :raises BatchAlreadyPrinted: if a printed batch has no stored PDF (it cannot be re-made).
    """
    if batch.status == BatchStatus.PRINTED:
        stored = PrintFile.objects.filter(batch=batch).values_list("content", flat=True).first()
        if stored is None:
            raise BatchAlreadyPrinted(f"Print batch {batch.pk} was printed and has no stored PDF.")
        return bytes(stored)
    for _attempt in range(3):
        letters = _live_letters(batch)
        ids = [letter.pk for letter in letters]
        rendered = rendering.render(
            items=_batch_items(letters),
            engine=Engine(engine),
            timestamp=batch.created_at,
            is_print=True,
        )
        with transaction.atomic():
            locked = PrintBatch.objects.select_for_update().get(pk=batch.pk)
            # A letter withdrawn while the PDF was being made: make it again without it.
            if [letter.pk for letter in _live_letters(locked)] != ids:
                continue
            _store(batch=locked, rendered=rendered)
        batch.refresh_from_db()
        return rendered.content
    raise RuntimeError(f"Print batch {batch.pk} kept changing while it was being rendered.")


def _store(*, batch: PrintBatch, rendered: rendering.RenderedPdf) -> None:
    PrintFile.objects.update_or_create(batch=batch, defaults={"content": rendered.content})
    batch.file_sha256 = hashlib.sha256(rendered.content).hexdigest()
    batch.file_size = len(rendered.content)
    batch.page_count = rendered.page_count
    batch.engine = rendered.engine.value
    batch.render_seconds = Decimal(f"{rendered.seconds:.3f}")
    batch.rendered_at = timezone.now()
    batch.save(
        update_fields=[
            "file_sha256",
            "file_size",
            "page_count",
            "engine",
            "render_seconds",
            "rendered_at",
        ]
    )


def print_batch_pdf(*, batch: PrintBatch, actor: Actor) -> bytes:
    """Return the batch's PDF for download, rendering it first if needed (audited)."""
    stored = PrintFile.objects.filter(batch=batch).values_list("content", flat=True).first()
    content = bytes(stored) if stored is not None else render_print_batch(batch=batch)
    record_event(
        actor=actor,
        action="letters.batch.downloaded",
        authority_id=batch.authority_id,
        object_type="print_batch",
        object_id=batch.pk,
        detail={
            "sha256": hashlib.sha256(content).hexdigest(),
            "letters": batch.letter_count,
            "confidential": batch.confidential_count,
        },
    )
    return content


def letter_pdf(*, letter: Letter, actor: Actor) -> bytes:
    """Return one letter as a PDF for download (audited); it prints from its snapshot."""
    rendered = rendering.render(items=[letter_document(letter)], timestamp=letter.created_at)
    record_event(
        actor=actor,
        action="letters.letter.downloaded",
        authority_id=letter.authority_id,
        object_type="letter",
        object_id=letter.pk,
        party_id=letter.party_id,
        detail={
            "template": letter.template,
            "is_confidential_address": letter.is_confidential_address,
            "sha256": hashlib.sha256(rendered.content).hexdigest(),
        },
    )
    return rendered.content


@transaction.atomic
def mark_batch_printed(*, batch: PrintBatch, actor: Actor) -> PrintBatch:
    """
    Mark a rendered batch printed, and its letters with it (audited).

    :raises BatchNotRendered: if the batch's PDF has not been produced yet.
    :raises BatchAlreadyPrinted: if it was already marked printed.
    """
    locked = PrintBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status == BatchStatus.PRINTED:
        raise BatchAlreadyPrinted(f"Print batch {batch.pk} is already marked printed.")
    if not PrintFile.objects.filter(batch=locked).exists():
        raise BatchNotRendered(f"Print batch {batch.pk} has not been downloaded for printing yet.")
    now = timezone.now()
    locked.status = BatchStatus.PRINTED
    locked.printed_at = now
    locked.printed_by_id = actor.officer_id
    locked.save(update_fields=["status", "printed_at", "printed_by"])
    Letter.objects.filter(print_batch=locked, status=LetterStatus.RELEASED).update(
        status=LetterStatus.PRINTED
    )
    record_event(
        actor=actor,
        action="letters.batch.printed",
        authority_id=locked.authority_id,
        object_type="print_batch",
        object_id=locked.pk,
        detail={"letters": locked.letter_count, "sha256": locked.file_sha256},
        occurred_at=now,
    )
    return locked
