"""
Recovery: streams of stages as data, each account's case in its stream, holds, runs and actions.

Streams are per authority and debt type, versioned: editing makes a new version and an account's
case stays on the version it started on. Actions are permanent records of what the system (or
an officer, or the court) did, with the rule, dates and figures used.
"""

from django.conf import settings
from django.db import models

from arrears.accounts.domain.debts import DebtType
from arrears.accounts.models import DEBT_TYPE_CHOICES, DebtAccount
from arrears.authorities.models import Authority
from arrears.recovery.domain.holds import ACCOUNT_HOLD_KINDS, HOLD_LABELS
from arrears.recovery.domain.periods import DAY_COUNT_LABELS, DayCount
from arrears.recovery.domain.streams import (
    COUNT_FROM_LABELS,
    STAGE_KIND_LABELS,
    CountFrom,
    StageKind,
)

STAGE_KIND_CHOICES = [(k.value, STAGE_KIND_LABELS[k]) for k in StageKind]
COUNT_FROM_CHOICES = [(c.value, COUNT_FROM_LABELS[c]) for c in CountFrom]
DAY_COUNT_CHOICES = [(d.value, DAY_COUNT_LABELS[d]) for d in DayCount]
ACCOUNT_HOLD_CHOICES = [(k.value, HOLD_LABELS[k]) for k in ACCOUNT_HOLD_KINDS]


class Stream(models.Model):
    """One version of an authority's recovery stream for a debt type."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    debt_type = models.CharField(max_length=30, choices=DEBT_TYPE_CHOICES)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    postal_days = models.PositiveSmallIntegerField(
        default=2, help_text="Working days after posting that a letter is treated as served."
    )
    is_current = models.BooleanField(default=True, help_text="New cases start on this version.")
    change_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "debt_type", "version"], name="stream_version_unique"
            ),
            models.UniqueConstraint(
                fields=["authority", "debt_type"],
                condition=models.Q(is_current=True),
                name="stream_one_current",
            ),
            models.CheckConstraint(
                condition=models.Q(debt_type__in=[t.value for t in DebtType]),
                name="stream_debt_type_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Stage(models.Model):
    """One stage of a stream version (mirrors `domain.streams.StageSpec`)."""

    stream = models.ForeignKey(Stream, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=14, choices=STAGE_KIND_CHOICES)
    rule = models.CharField(max_length=300)
    wait_days = models.PositiveSmallIntegerField(default=0)
    count_from = models.CharField(
        max_length=16, choices=COUNT_FROM_CHOICES, default=CountFrom.PREVIOUS_ISSUE
    )
    day_count = models.CharField(
        max_length=14, choices=DAY_COUNT_CHOICES, default=DayCount.BEGINNING_WITH
    )
    letter = models.CharField(max_length=40, blank=True)
    minimum_balance = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    needs_hearing = models.BooleanField(default=False)
    fresh_notice_after_hold = models.BooleanField(default=False)
    deadline_months = models.PositiveSmallIntegerField(null=True, blank=True)
    available_after = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stream", "position"], name="stage_position_unique"),
            models.UniqueConstraint(fields=["stream", "code"], name="stage_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.stream_id})"


class StageCost(models.Model):
    """A cost a stage adds from `valid_from` (RULES.md §0.2 item 1)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="costs")
    valid_from = models.DateField()
    description = models.CharField(max_length=100)
    justification = models.TextField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    percent_of_original = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stage", "valid_from"], name="stage_cost_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=False)
                ^ models.Q(percent_of_original__isnull=False),
                name="stage_cost_amount_or_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} from {self.valid_from}"


class CourtSession(models.Model):
    """A magistrates' court sitting the council has booked for its liability order hearings."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    court_name = models.CharField(max_length=120)
    hearing_date = models.DateField()
    hearing_time = models.TimeField()
    capacity = models.PositiveIntegerField(help_text="Most summonses the court will hear.")
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["authority", "hearing_date"], name="court_session_idx")]

    def __str__(self) -> str:
        return f"{self.court_name} {self.hearing_date}"


class RecoveryCase(models.Model):
    """
    An account's place in its recovery stream.

    `next_due_date` is the date the next automatic stage falls due; the daily run selects on it
    (indexed), and clears or moves it forward when it acts, so a second run does nothing.
    """

    account = models.OneToOneField(
        DebtAccount, on_delete=models.PROTECT, related_name="recovery_case"
    )
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    stream = models.ForeignKey(Stream, on_delete=models.PROTECT, related_name="cases")
    stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage_date = models.DateField(null=True, blank=True, help_text="When the stage was issued.")
    next_stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    next_due_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(help_text="The day the sum in recovery fell due.")
    original_amount = models.DecimalField(max_digits=12, decimal_places=2)
    court_session = models.ForeignKey(
        CourtSession, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    hearing_date = models.DateField(null=True, blank=True)
    opened_date = models.DateField()
    is_closed = models.BooleanField(default=False)
    closed_reason = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["authority", "next_due_date"],
                condition=models.Q(is_closed=False),
                name="case_due_idx",
            ),
            models.Index(fields=["court_session"], name="case_court_session_idx"),
        ]

    def __str__(self) -> str:
        return f"case for account {self.account_id}"


class Hold(models.Model):
    """A hold an officer records on an account: arrangement, dispute, appeal, vulnerability."""

    account = models.ForeignKey(DebtAccount, on_delete=models.PROTECT, related_name="holds")
    kind = models.CharField(max_length=20, choices=ACCOUNT_HOLD_CHOICES)
    start_date = models.DateField()
    review_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, help_text="Inclusive; blank while open.")
    reason = models.CharField(max_length=300)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["account", "kind"], name="hold_account_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="hold_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} hold on account {self.account_id} from {self.start_date}"


class RunStatus(models.TextChoices):
    PREVIEW = "PREVIEW", "Preview (dry run)"
    AWAITING_APPROVAL = "AWAITING_APPROVAL", "Letters awaiting approval"
    RELEASED = "RELEASED", "Letters released"
    NOTHING_TO_RELEASE = "NOTHING_TO_RELEASE", "Nothing to release"


class RecoveryRun(models.Model):
    """One daily recovery run (or dry run) for one authority and date."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    run_date = models.DateField()
    is_dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=RunStatus.choices)
    evaluated = models.PositiveIntegerField(default=0)
    actions = models.JSONField(default=dict, help_text="Stage code → count.")
    held = models.JSONField(default=dict, help_text="Hold kind → count.")
    skipped = models.JSONField(default=dict, help_text="Reason → count.")
    failed = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["authority", "run_date"], name="run_authority_date_idx")]

    def __str__(self) -> str:
        return f"recovery run {self.authority_id} {self.run_date}"

    @property
    def batch_key(self) -> str:
        return f"recovery-run:{self.pk}"


class ActionType(models.TextChoices):
    STAGE = "STAGE", "Stage taken by the daily run"
    FRESH_NOTICE = "FRESH_NOTICE", "Fresh notice after a hold"
    OFFICER = "OFFICER", "Action chosen by an officer"
    COURT_OUTCOME = "COURT_OUTCOME", "Court decision"


class RecoveryAction(models.Model):
    """What was done on a case, and why: the stream version, rule, dates and figures used."""

    case = models.ForeignKey(RecoveryCase, on_delete=models.PROTECT, related_name="actions")
    account = models.ForeignKey(DebtAccount, on_delete=models.PROTECT, related_name="+")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(
        RecoveryRun, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=14, choices=ActionType.choices)
    cycle = models.PositiveSmallIntegerField(default=1)
    stream_version = models.PositiveIntegerField()
    action_date = models.DateField()
    rule = models.CharField(max_length=300)
    explanation = models.JSONField(default=dict)
    cost_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    cost_entry_id = models.BigIntegerField(null=True, blank=True)
    letter_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the step was stopped before its letters went."
    )
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "stage", "kind", "cycle"], name="action_once_per_cycle"
            ),
        ]
        indexes = [
            models.Index(fields=["account", "action_date"], name="action_account_idx"),
            models.Index(fields=["run"], name="action_run_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.stage_id} on case {self.case_id}"
