"""Daily recovery runs read back for the run pages: their counts, who ran and who approved."""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import QuerySet

from arrears.letters.models import Letter, LetterStatus
from arrears.recovery.models import RecoveryRun, RunStatus, Stage
from arrears.staff.models import Officer


@dataclass(frozen=True)
class RunRow:
    """One recorded run (never a dry run: previews are not saved)."""

    run_id: int
    authority_id: int
    authority_name: str
    run_date: dt.date
    status: RunStatus
    status_label: str
    evaluated: int
    actions: dict[str, int]
    held: dict[str, int]
    skipped: dict[str, int]
    failed: int
    started_at: dt.datetime
    finished_at: dt.datetime | None
    started_by: str
    approved_by: str
    approved_at: dt.datetime | None

    @property
    def is_awaiting_approval(self) -> bool:
        return self.status is RunStatus.AWAITING_APPROVAL


def _name(officer: Officer | None) -> str:
    if officer is None:
        return "System"
    return officer.get_full_name() or officer.username


def _counts(value: object) -> dict[str, int]:
    return {str(k): int(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _row(run: RecoveryRun) -> RunRow:
    return RunRow(
        run_id=run.pk,
        authority_id=run.authority_id,
        authority_name=run.authority.name,
        run_date=run.run_date,
        status=RunStatus(run.status),
        status_label=run.get_status_display(),
        evaluated=run.evaluated,
        actions=_counts(run.actions),
        held=_counts(run.held),
        skipped=_counts(run.skipped),
        failed=run.failed,
        started_at=run.started_at,
        finished_at=run.finished_at,
        started_by=_name(run.started_by),
        approved_by=_name(run.approved_by) if run.approved_by_id else "",
        approved_at=run.approved_at,
    )


def _runs(authority_ids: Collection[int]) -> QuerySet[RecoveryRun]:
    return RecoveryRun.objects.filter(
        authority_id__in=list(authority_ids), is_dry_run=False
    ).select_related("authority", "started_by", "approved_by")


def recent_runs(*, authority_ids: Collection[int], limit: int = 100) -> list[RunRow]:
    """Return the latest runs of these authorities, newest run date first."""
    return [_row(run) for run in _runs(authority_ids).order_by("-run_date", "-id")[:limit]]


def run_for_authorities(*, run_id: int, authority_ids: Collection[int]) -> RecoveryRun:
    """
    Return the run `run_id` if it belongs to one of `authority_ids`.

    :raises RecoveryRun.DoesNotExist: if there is no such run or it is another authority's.
    """
    return _runs(authority_ids).get(pk=run_id)


def run_row(run: RecoveryRun) -> RunRow:
    """Return a run as plain data for a page."""
    return _row(run)


def letters_awaiting_release(*, run: RecoveryRun) -> int:
    """Return how many of the run's letters wait for approval (withdrawn ones not counted)."""
    return Letter.objects.filter(
        batch_key=run.batch_key,
        authority_id=run.authority_id,
        status=LetterStatus.AWAITING_RELEASE,
    ).count()


def stage_names(*, authority_id: int, codes: Collection[str]) -> dict[str, str]:
    """Return the name of each stage code in the authority's streams (the latest version's)."""
    rows = (
        Stage.objects.filter(stream__authority_id=authority_id, code__in=list(codes))
        .order_by("stream__version", "id")
        .values_list("code", "name")
    )
    return dict(rows)
