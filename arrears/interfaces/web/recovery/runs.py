"""
The daily recovery run in the officer UI (ADR 0006): the list of runs, a dry-run preview, "Run
now" (a Celery task, eager in the embedded default), each run's counts, and a team leader's
approval that releases its letters for printing.

Every page shows councils through `staff.selectors.visible_authorities` and runs through
`recovery.selectors.runs.run_for_authorities`, so another council's run answers 404.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from celery import current_app
from celery.result import EagerResult
from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from arrears.authorities.models import Authority
from arrears.interfaces.web.party_changes.fields import (
    DateField,
    long_date,
    radio_field,
    radio_options,
)
from arrears.interfaces.web.views import Page
from arrears.kernel import clock
from arrears.recovery.domain.decisions import Skip
from arrears.recovery.domain.holds import HOLD_LABELS, HoldKind
from arrears.recovery.models import RecoveryRun, RunStatus
from arrears.recovery.selectors import runs as run_selectors
from arrears.recovery.services import approval
from arrears.recovery.services import run as recovery_run
from arrears.staff import selectors as staff_selectors
from arrears.staff.domain.policy import Permission

# The Celery task that runs one authority's day (arrears/interfaces/tasks/recovery.py registers
# it under this name; the web may not import the tasks interface).
RUN_TASK = "arrears.recovery.run_daily"

SKIP_LABELS = {
    Skip.PAID: "Nothing owed",
    Skip.BELOW_MINIMUM: "Below the stage's minimum balance",
    Skip.NO_COURT_SESSION: "No court session with room",
    Skip.TOO_LATE: "Past the step's time limit",
    Skip.NOT_AUTOMATIC: "Waits for an officer or the court",
}
STATUS_TAGS = {
    RunStatus.PREVIEW: "govuk-tag--blue",
    RunStatus.AWAITING_APPROVAL: "govuk-tag--yellow",
    RunStatus.RELEASED: "govuk-tag--green",
    RunStatus.NOTHING_TO_RELEASE: "govuk-tag--grey",
}


def _words(code: str) -> str:
    return code.replace("_", " ").replace("-", " ").capitalize()


def _hold_label(key: str) -> str:
    try:
        return HOLD_LABELS[HoldKind(key)]
    except ValueError:
        return _words(key)


def _skip_label(key: str) -> str:
    try:
        return SKIP_LABELS[Skip(key)]
    except ValueError:
        return _words(key)


# --- Counts as tables with bars ----------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int
    bar_percent: int  # the bar's length against the largest count on the page (0-100)


@dataclass(frozen=True)
class CountTable:
    slug: str
    heading: str
    caption: str
    rows: list[CountRow]
    total: int
    empty_text: str


@dataclass(frozen=True)
class RunCounts:
    evaluated: int
    failed: int
    tables: list[CountTable]

    @property
    def actions_total(self) -> int:
        return self.tables[0].total


def _table(
    *,
    slug: str,
    heading: str,
    caption: str,
    counts: Mapping[str, int],
    label: Any,
    scale: int,
    empty_text: str,
) -> CountTable:
    rows = [
        CountRow(
            label=label(key),
            count=count,
            bar_percent=round(100 * count / scale) if scale else 0,
        )
        for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if count
    ]
    return CountTable(
        slug=slug,
        heading=heading,
        caption=caption,
        rows=rows,
        total=sum(row.count for row in rows),
        empty_text=empty_text,
    )


def run_counts(
    *,
    authority_id: int,
    evaluated: int,
    actions: Mapping[str, int],
    held: Mapping[str, int],
    skipped: Mapping[str, int],
    failed: int,
) -> RunCounts:
    """Return a run's counts as three labelled tables, with bars on one scale."""
    names = run_selectors.stage_names(authority_id=authority_id, codes=list(actions))
    scale = max([*actions.values(), *held.values(), *skipped.values(), 0])
    return RunCounts(
        evaluated=evaluated,
        failed=failed,
        tables=[
            _table(
                slug="actions",
                heading="Steps taken, by stage",
                caption="Steps taken, by stage",
                counts=actions,
                label=lambda code: names.get(code) or _words(code),
                scale=scale,
                empty_text="No step is taken.",
            ),
            _table(
                slug="held",
                heading="Held, by reason",
                caption="Accounts held, by the hold that stops them",
                counts=held,
                label=_hold_label,
                scale=scale,
                empty_text="No account is held.",
            ),
            _table(
                slug="skipped",
                heading="Not taken, by reason",
                caption="Steps due but not taken, by reason",
                counts=skipped,
                label=_skip_label,
                scale=scale,
                empty_text="No step is skipped.",
            ),
        ],
    )


def _counts_of(run: run_selectors.RunRow) -> RunCounts:
    return run_counts(
        authority_id=run.authority_id,
        evaluated=run.evaluated,
        actions=run.actions,
        held=run.held,
        skipped=run.skipped,
        failed=run.failed,
    )


# --- Forms --------------------------------------------------------------------------------------


def _authority_field(authorities: list[Authority]) -> forms.ChoiceField:
    return radio_field(
        label="Which council?",
        choices=[(a.code, a.name) for a in authorities],
        required_message="Select the council",
    )


class PreviewRun(forms.Form):
    run_date = DateField(label="Run date")

    def __init__(self, *args: Any, authorities: list[Authority], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"authority": _authority_field(authorities), **self.fields}


class StartRun(forms.Form):
    """Start today's run: the date is today's, sent back to check the day has not changed."""

    run_date = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, authorities: list[Authority], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"authority": _authority_field(authorities), **self.fields}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = clock.today()
        # The date is hidden, so a day that has changed since the preview is the form's error.
        if cleaned.get("run_date") not in (None, today):
            raise forms.ValidationError(
                f"A run can only be started for today, {long_date(today)}. "
                "Preview the run again for today"
            )
        cleaned["run_date"] = today
        return cleaned


# --- Pages --------------------------------------------------------------------------------------


class RunsPage(Page):
    """A run page: the officer's councils are read once for the forms and lists."""

    authorities: list[Authority]

    def load(self) -> None:
        self.authorities = staff_selectors.visible_authorities(officer=self.officer)

    def authority(self, code: str) -> Authority:
        return next(a for a in self.authorities if a.code == code)

    def can(self, permission: Permission) -> bool:
        return staff_selectors.officer_can(officer=self.officer, permission=permission)


@dataclass(frozen=True)
class RunListItem:
    run: run_selectors.RunRow
    href: str
    status_tag: str
    counts: RunCounts


@dataclass(frozen=True)
class AuthorityRuns:
    authority_name: str
    runs: list[RunListItem]


class RunList(RunsPage):
    """The runs of the officer's councils, newest first, with their counts."""

    permission = Permission.VIEW_LEDGER
    template_name = "recovery/runs/list.html"
    url_name = "web:recovery-runs"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = run_selectors.recent_runs(authority_ids=[a.pk for a in self.authorities])
        context["councils"] = [
            AuthorityRuns(
                authority_name=authority.name,
                runs=[
                    RunListItem(
                        run=row,
                        href=reverse("web:recovery-run", kwargs={"run_id": row.run_id}),
                        status_tag=STATUS_TAGS[row.status],
                        counts=_counts_of(row),
                    )
                    for row in rows
                    if row.authority_id == authority.pk
                ],
            )
            for authority in self.authorities
        ]
        context["can_run"] = self.can(Permission.RUN_RECOVERY)
        return context


class RunPreview(RunsPage):
    """A dry run for a council and date: what the run would do, saving nothing."""

    permission = Permission.RUN_RECOVERY
    template_name = "recovery/runs/preview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        is_sent = "authority" in self.request.GET or "step" in self.request.GET
        form = PreviewRun(
            self.request.GET if is_sent else None,
            authorities=self.authorities,
            initial={"run_date": clock.today()},
        )
        context["form"] = form
        context["options"] = radio_options(form.fields["authority"])
        if is_sent and form.is_valid():
            context.update(self.preview(form))
        return context

    def preview(self, form: PreviewRun) -> dict[str, Any]:
        authority = self.authority(form.cleaned_data["authority"])
        run_date: dt.date = form.cleaned_data["run_date"]
        try:
            summary = recovery_run.run_authority(
                authority=authority, as_of=run_date, dry_run=True, actor=self.actor
            )
        except recovery_run.RunInProgress:
            form.add_error("authority", f"A run for {authority.name} is under way; try again soon")
            return {}
        return {
            "preview": {
                "authority": authority,
                "run_date": run_date,
                "is_today": run_date == clock.today(),
            },
            "counts": run_counts(
                authority_id=authority.pk,
                evaluated=summary.evaluated,
                actions=summary.actions,
                held=summary.held,
                skipped=summary.skipped,
                failed=summary.failed,
            ),
            "can_start": self.can(Permission.RUN_RECOVERY),
        }


class RunStart(RunsPage):
    """Start today's run for a council through the Celery task; its letters wait for approval."""

    permission = Permission.RUN_RECOVERY
    template_name = "recovery/runs/start.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context.setdefault("form", StartRun(authorities=self.authorities))
        context["options"] = radio_options(form.fields["authority"])
        context["today"] = clock.today()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = StartRun(request.POST, authorities=self.authorities)
        if form.is_valid():
            authority = self.authority(form.cleaned_data["authority"])
            run_date: dt.date = form.cleaned_data["run_date"]
            try:
                run_ids = self.start(authority=authority, run_date=run_date)
            except recovery_run.RunInProgress:
                form.add_error(
                    "authority", f"A run for {authority.name} is under way; try again soon"
                )
            else:
                return self.started(authority=authority, run_date=run_date, run_ids=run_ids)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def start(self, *, authority: Authority, run_date: dt.date) -> list[int] | None:
        """Start the task; return the runs it recorded if it ran here (eagerly), else None."""
        result = current_app.tasks[RUN_TASK].delay(
            authority_code=authority.code,
            date_iso=run_date.isoformat(),
            officer_id=self.officer.pk,
        )
        if isinstance(result, EagerResult):
            return [int(run_id) for run_id in result.get()["run_ids"]]
        return None

    def started(
        self, *, authority: Authority, run_date: dt.date, run_ids: list[int] | None
    ) -> HttpResponse:
        if not run_ids:
            messages.success(
                self.request,
                f"The run for {authority.name} on {long_date(run_date)} has started. "
                "It appears here when it finishes",
            )
            return HttpResponseRedirect(reverse("web:recovery-runs"))
        messages.success(
            self.request, f"The run for {authority.name} on {long_date(run_date)} has finished"
        )
        return HttpResponseRedirect(reverse("web:recovery-run", kwargs={"run_id": run_ids[-1]}))


class RunPageBase(Page):
    """A page about one run of a council the officer sees."""

    run: RecoveryRun

    def load(self) -> None:
        try:
            self.run = run_selectors.run_for_authorities(
                run_id=self.kwargs["run_id"],
                authority_ids=staff_selectors.visible_authority_ids(officer=self.officer),
            )
        except RecoveryRun.DoesNotExist as error:
            raise Http404("No such run") from error

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        row = run_selectors.run_row(self.run)
        context["run"] = row
        context["status_tag"] = STATUS_TAGS[row.status]
        context["counts"] = _counts_of(row)
        context["letters_waiting"] = run_selectors.letters_awaiting_release(run=self.run)
        context["can_approve"] = row.is_awaiting_approval and staff_selectors.officer_can(
            officer=self.officer, permission=Permission.APPROVE
        )
        return context


class RunDetail(RunPageBase):
    """One run: its counts, and the way to approval while its letters wait."""

    permission = Permission.VIEW_LEDGER
    template_name = "recovery/runs/run.html"


class RunApprove(RunPageBase):
    """Approve a run: the counts again, a warning, then its letters are released to print."""

    permission = Permission.APPROVE
    template_name = "recovery/runs/approve.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        waiting = context["letters_waiting"]
        letters = f"{waiting} letter{'s' if waiting != 1 else ''} will be"
        context["warning"] = (
            f"When you approve, {letters} released for printing. Letters cannot be recalled "
            "once printed. Any step that a hold recorded since the run now stops is withdrawn "
            "first, with its letters and costs."
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run_url = reverse("web:recovery-run", kwargs={"run_id": self.run.pk})
        try:
            result = approval.approve_run(run=self.run, actor=self.actor, on=clock.today())
        except approval.NotAwaitingApproval:
            context = self.get_context_data(
                error="This run is not awaiting approval: its letters have been released "
                "already, or it had none"
            )
            return self.render_to_response(context, status=400)
        withdrawn = (
            f"; {result.withdrawn_steps} step{'s' if result.withdrawn_steps != 1 else ''} "
            "withdrawn because a hold now stops them"
            if result.withdrawn_steps
            else ""
        )
        messages.success(
            request,
            f"Run approved: {result.released} letter{'s' if result.released != 1 else ''} "
            f"released for printing{withdrawn}",
        )
        return HttpResponseRedirect(run_url)
