"""
The "Today" work queue (issue 3, item 7): what an officer must do, with the MOJ filter layout.

One read, `recovery.selectors.queues.work_queue`, decides which tasks are due, at which of the
officer's councils, and which kinds their role may see; this page parses the filters from the
query string, turns each task's target into a link, and renders. "Today" is London's date.
"""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import NoReverseMatch, reverse

from arrears.interfaces.web.views import Page
from arrears.kernel import clock
from arrears.recovery.selectors import queues
from arrears.recovery.selectors.queues import (
    DUE_BAND_LABELS,
    PRIORITY_LABELS,
    TASK_GROUP_LABELS,
    DueBand,
    Target,
    TargetKind,
    TaskGroup,
)
from arrears.staff import selectors as staff_selectors
from arrears.staff.domain.policy import Permission
from arrears.staff.models import Officer

# The bands an officer filters by; "later" (a hearing 8 to 14 days away) shows unfiltered.
DUE_CHOICES = (DueBand.OVERDUE, DueBand.TODAY, DueBand.WEEK)

# Where each kind of task is done: a URL name, the keyword its id fills, and the permission the
# page needs (the page checks it again). A page missing from the URL map gives no link.
_TARGET_URLS: dict[TargetKind, tuple[str, str | None, Permission]] = {
    TargetKind.PARTY: ("web:party", "party_id", Permission.VIEW_PARTY),
    TargetKind.ACCOUNT: ("web:account", "account_id", Permission.VIEW_LEDGER),
    TargetKind.COURT_SESSION: ("web:court-session", "session_id", Permission.VIEW_COURT),
    TargetKind.COURT_SESSIONS: ("web:court-sessions", None, Permission.VIEW_COURT),
    TargetKind.RECOVERY_RUN: ("web:recovery-run", "run_id", Permission.VIEW_LEDGER),
}


def target_href(target: Target, *, officer: Officer) -> str:
    """Return the link to where a task is done, or "" if the officer may not open that page
    or it does not exist yet."""
    url_name, keyword, permission = _TARGET_URLS[target.kind]
    if not staff_selectors.officer_can(officer=officer, permission=permission):
        return ""
    try:
        return reverse(url_name, kwargs={keyword: target.object_id} if keyword else None)
    except NoReverseMatch:
        return ""


def read_filters(params: QueryDict, *, visible_ids: Collection[int]) -> queues.QueueFilter:
    """Return the filters in the query string, dropping values that name nothing."""
    groups = {g for g in TaskGroup if g.value in params.getlist("kind")}
    bands = {b for b in DUE_CHOICES if b.value in params.getlist("due")}
    authority_ids = {
        int(value)
        for value in params.getlist("authority")
        if value.isdigit() and int(value) in visible_ids
    }
    return queues.QueueFilter(
        groups=frozenset(groups), authority_ids=frozenset(authority_ids), bands=frozenset(bands)
    )


@dataclass(frozen=True)
class Option:
    """One checkbox in the filter, or one selected filter with the link that removes it."""

    name: str
    value: str
    label: str
    is_checked: bool
    remove_href: str


@dataclass(frozen=True)
class Row:
    task: queues.Task
    href: str
    priority_label: str


class WorkQueue(Page):
    """Today's tasks at the officer's councils, filtered by kind, council and when due."""

    permission = Permission.VIEW_WORK_QUEUE
    template_name = "recovery/queues/today.html"
    url_name = "web:work-queue"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = clock.today()
        visible = staff_selectors.visible_authority_ids(officer=self.officer)
        filters = read_filters(self.request.GET, visible_ids=visible)
        queue = queues.work_queue(officer=self.officer, today=today, filters=filters)
        chosen = _chosen(queue, filters)
        options = _options(queue, chosen, page=reverse(self.url_name))
        context.update(
            today=today,
            rows=[
                Row(
                    task=t,
                    href=target_href(t.target, officer=self.officer),
                    priority_label=PRIORITY_LABELS[t.priority],
                )
                for t in queue.tasks
            ],
            counts=[
                (
                    count,
                    _href(
                        reverse(self.url_name),
                        [pair for pair in chosen if pair[0] != "kind"]
                        + [("kind", count.group.value)],
                    ),
                )
                for count in queue.counts
            ],
            total=sum(count.count for count in queue.counts),
            options=options,
            selected=[
                (heading, [o for o in items if o.is_checked])
                for heading, items in options
                if any(o.is_checked for o in items)
            ],
            clear_href=reverse(self.url_name),
            shows_council=len(queue.authorities) > 1,
            may_approve=TaskGroup.APPROVAL in queue.groups,
            is_scoped=bool(filters.authority_ids or filters.bands),
        )
        return context


def _href(page: str, pairs: list[tuple[str, str]]) -> str:
    return f"{page}?{urlencode(pairs)}" if pairs else page


def _chosen(queue: queues.WorkQueue, filters: queues.QueueFilter) -> list[tuple[str, str]]:
    """Return the (name, value) pairs of the filters in force, in the order the page lists them."""
    return (
        [("kind", g.value) for g in queue.groups if g in filters.groups]
        + [("authority", str(pk)) for pk, _ in queue.authorities if pk in filters.authority_ids]
        + [("due", b.value) for b in DUE_CHOICES if b in filters.bands]
    )


def _options(
    queue: queues.WorkQueue, chosen: list[tuple[str, str]], *, page: str
) -> list[tuple[str, list[Option]]]:
    """Return the filter's sections and checkboxes; a council section only for several."""

    def option(name: str, value: str, label: str) -> Option:
        rest = [pair for pair in chosen if pair != (name, value)]
        return Option(name, value, label, (name, value) in chosen, _href(page, rest))

    sections = [
        ("Type of task", [option("kind", g.value, TASK_GROUP_LABELS[g]) for g in queue.groups]),
        ("Due", [option("due", b.value, DUE_BAND_LABELS[b]) for b in DUE_CHOICES]),
    ]
    if len(queue.authorities) > 1:
        councils = [option("authority", str(pk), name) for pk, name in queue.authorities]
        sections.insert(1, ("Council", councils))
    return sections
