"""
Streams as the administration pages show them: each authority's streams, each stream's versions
and how many cases are on each (issue 3, item 1).

A stream reaches an officer only through `stream_for_officer`, which treats another authority's
stream exactly like one that does not exist (STYLE.md, "Tenancy"; ADR 0004).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, Q

from arrears.accounts.domain.debts import DEBT_TYPE_LABELS, DebtType
from arrears.authorities.models import Authority
from arrears.recovery.models import RecoveryCase, Stage, Stream
from arrears.staff.models import Officer
from arrears.staff.selectors import visible_authority_ids


@dataclass(frozen=True)
class VersionSummary:
    """One version of an authority's stream for a debt type, with the cases on it."""

    stream_id: int
    version: int
    name: str
    is_current: bool
    change_note: str
    created_at: dt.datetime
    created_by: str
    case_count: int
    open_case_count: int


@dataclass(frozen=True)
class StreamSummary:
    """An authority's stream for one debt type: its current version and every version."""

    debt_type: str
    debt_type_label: str
    current: VersionSummary | None
    versions: list[VersionSummary]  # newest first


@dataclass(frozen=True)
class AuthorityStreams:
    """One authority's streams, and the debt types it has none for yet."""

    authority_id: int
    authority_name: str
    streams: list[StreamSummary]
    missing: list[str]  # debt type labels


def stream_for_officer(*, officer: Officer, stream_id: int) -> Stream:
    """
    Return the stream version if `officer` may see its authority.

    :raises Stream.DoesNotExist: if there is no such stream or it is another authority's.
    """
    return Stream.objects.select_related("authority").get(
        pk=stream_id, authority_id__in=visible_authority_ids(officer=officer)
    )


def stage_of_stream(*, stream: Stream, stage_id: int) -> Stage:
    """
    Return the stage if it belongs to `stream`.

    :raises Stage.DoesNotExist: if there is no such stage in that stream version.
    """
    return Stage.objects.get(pk=stage_id, stream_id=stream.pk)


def authority_for_officer(*, officer: Officer, authority_id: int) -> Authority:
    """
    Return the authority if `officer` may see it.

    :raises Authority.DoesNotExist: if there is none, or the officer is not linked to it.
    """
    return Authority.objects.get(pk=authority_id, pk__in=visible_authority_ids(officer=officer))


def _versions(*, streams: Collection[Stream]) -> dict[tuple[int, str], list[VersionSummary]]:
    """Return each (authority, debt type)'s versions, newest first (two queries in all)."""
    counts = {
        row["stream_id"]: (row["cases"], row["open_cases"])
        for row in RecoveryCase.objects.filter(stream_id__in=[s.pk for s in streams])
        .values("stream_id")
        .annotate(cases=Count("id"), open_cases=Count("id", filter=Q(is_closed=False)))
        .order_by("stream_id")
    }
    versions: dict[tuple[int, str], list[VersionSummary]] = defaultdict(list)
    for stream in sorted(streams, key=lambda s: (s.authority_id, s.debt_type, -s.version)):
        cases, open_cases = counts.get(stream.pk, (0, 0))
        creator = stream.created_by
        versions[(stream.authority_id, stream.debt_type)].append(
            VersionSummary(
                stream_id=stream.pk,
                version=stream.version,
                name=stream.name,
                is_current=stream.is_current,
                change_note=stream.change_note,
                created_at=stream.created_at,
                created_by=(creator.get_full_name() or creator.username) if creator else "Arrears",
                case_count=cases,
                open_case_count=open_cases,
            )
        )
    return versions


def _summary(debt_type: str, versions: list[VersionSummary]) -> StreamSummary:
    return StreamSummary(
        debt_type=debt_type,
        debt_type_label=DEBT_TYPE_LABELS[DebtType(debt_type)],
        current=next((v for v in versions if v.is_current), None),
        versions=versions,
    )


def streams_overview(*, officer: Officer) -> list[AuthorityStreams]:
    """Return the streams of every authority `officer` may see, by authority name."""
    authorities = Authority.objects.filter(pk__in=visible_authority_ids(officer=officer)).order_by(
        "name", "id"
    )
    streams = list(Stream.objects.filter(authority__in=authorities).select_related("created_by"))
    versions = _versions(streams=streams)
    overview = []
    for authority in authorities:
        have = [t for t in DebtType if (authority.pk, t.value) in versions]
        overview.append(
            AuthorityStreams(
                authority_id=authority.pk,
                authority_name=authority.name,
                streams=[_summary(t.value, versions[(authority.pk, t.value)]) for t in have],
                missing=[DEBT_TYPE_LABELS[t] for t in DebtType if t not in have],
            )
        )
    return overview


def stream_versions(*, stream: Stream) -> StreamSummary:
    """Return every version of `stream`'s authority and debt type, newest first."""
    streams = list(
        Stream.objects.filter(
            authority_id=stream.authority_id, debt_type=stream.debt_type
        ).select_related("created_by")
    )
    versions = _versions(streams=streams)
    return _summary(stream.debt_type, versions[(stream.authority_id, stream.debt_type)])
