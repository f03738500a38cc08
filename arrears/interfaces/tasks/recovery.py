"""
Celery tasks for recovery: thin wrappers over `recovery.services.run` (STYLE.md "Interfaces").

The web pages start these by name (`RUN_DAILY_RECOVERY`), not by import: the interfaces are
independent layers (pyproject.toml), so the name is the contract between them, as it is between
a web process and a worker. Without a broker (the embedded default) Celery runs them eagerly,
in the request; in production a worker does.
"""

import datetime as dt
from typing import Any

from celery import shared_task

from arrears.audit.services import Actor
from arrears.authorities import selectors as authority_selectors
from arrears.recovery.services import run as recovery_run

RUN_DAILY_RECOVERY = "arrears.recovery.run_daily"


class UnknownAuthority(ValueError):
    """No authority has the code the task was given."""


@shared_task(name=RUN_DAILY_RECOVERY)
def run_daily_recovery_task(
    *, authority_code: str, date_iso: str, officer_id: int | None, **kwargs: Any
) -> dict[str, Any]:
    """
    Run the daily recovery for one authority on `date_iso` (not a dry run): its letters wait
    for a team leader's approval. Return the run's counts and the id of the run it recorded.

    :raises UnknownAuthority: if no authority has `authority_code`.
    :raises recovery_run.RunInProgress: if a run for the authority is already under way.
    """
    authority = authority_selectors.authority_by_code(code=authority_code)
    if authority is None:
        raise UnknownAuthority(f"There is no authority with code {authority_code!r}.")
    summary = recovery_run.run_authority(
        authority=authority,
        as_of=dt.date.fromisoformat(date_iso),
        dry_run=False,
        actor=Actor(officer_id=officer_id, channel="task"),
    )
    return {
        "authority": authority_code,
        "date": date_iso,
        "evaluated": summary.evaluated,
        "actions": dict(summary.actions),
        "held": dict(summary.held),
        "skipped": dict(summary.skipped),
        "failed": summary.failed,
        "opened": summary.opened,
        "run_ids": list(summary.run_ids),
    }
