"""
Recovery: streams of stages as data, each account's case in its stream, holds, runs and actions.

Streams are per authority and debt type, versioned: editing makes a new version and an account's
case stays on the version it started on. Actions are permanent records of what the system (or
an officer, or the court) did, with the rule, dates and figures used.
"""

from django.conf import settings
from django.db import models

from arrears.accounts.domain.debts import DebtType
from arrears.accounts.models import DEBT_TYPE_CHOICES, DebtAccount, Party
from arrears.authorities.models import Authority
from arrears.authorities.models import Nation as NationChoice
from arrears.recovery.domain.attachment import PayPeriod
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
NATION_CHOICES = NationChoice.choices


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


# --- After the liability order (RULES.md §2.5-§2.7, §4) ----------------------------------------

PAY_PERIOD_LABELS = {
    PayPeriod.WEEKLY: "Weekly",
    PayPeriod.MONTHLY: "Monthly",
    PayPeriod.DAILY: "Daily",
}
PAY_PERIOD_CHOICES = [(p.value, PAY_PERIOD_LABELS[p]) for p in PayPeriod]


class ReplyOutcome(models.TextChoices):
    REPLIED = "REPLIED", "Replied"
    NO_REPLY = "NO_REPLY", "No reply by the deadline"


class InformationReply(models.Model):
    """
    The debtor's answer to the information request after a liability order, or the record that
    none came within the 14 days (CT Regs reg 36; RULES.md §2.5).
    """

    case = models.ForeignKey(RecoveryCase, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(DebtAccount, on_delete=models.PROTECT, related_name="+")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=8, choices=ReplyOutcome.choices)
    requested_date = models.DateField(null=True, blank=True, help_text="The request was issued.")
    deadline_date = models.DateField(null=True, blank=True, help_text="Last day to reply.")
    received_date = models.DateField(null=True, blank=True)
    employer_name = models.CharField(max_length=200, blank=True)
    employer_address = models.TextField(blank=True)
    payroll_number = models.CharField(max_length=40, blank=True)
    pay_period = models.CharField(max_length=7, choices=PAY_PERIOD_CHOICES, blank=True)
    net_earnings = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    other_income = models.CharField(max_length=300, blank=True)
    benefits = models.CharField(max_length=300, blank=True)
    note = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["account", "recorded_at"], name="info_reply_account_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome=ReplyOutcome.NO_REPLY.value, received_date__isnull=True)
                | models.Q(outcome=ReplyOutcome.REPLIED.value, received_date__isnull=False),
                name="info_reply_received_date_when_replied",
            ),
        ]

    def __str__(self) -> str:
        return f"information reply on account {self.account_id}: {self.outcome}"


class OrderStatus(models.TextChoices):
    ACTIVE = "ACTIVE", "In force"
    CEASED = "CEASED", "Ceased"


class AttachmentOrder(models.Model):
    """
    A council tax attachment of earnings order sent to the debtor's employer (CT Regs regs
    37-42; RULES.md §2.6). No more than two may be in force against a debtor; the deduction
    table is the one in force for `nation` on `made_date`.
    """

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(DebtAccount, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(
        RecoveryAction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    employer_name = models.CharField(max_length=200)
    employer_address = models.TextField()
    payroll_number = models.CharField(max_length=40, blank=True, help_text="Or works number.")
    pay_period = models.CharField(max_length=7, choices=PAY_PERIOD_CHOICES)
    net_earnings = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text="As known when made."
    )
    expected_deduction = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    made_date = models.DateField()
    first_pay_date = models.DateField(help_text="The first pay day the employer deducts on.")
    nation = models.CharField(max_length=3, choices=NATION_CHOICES)
    table_valid_from = models.DateField(help_text="The deduction table used: in force from.")
    status = models.CharField(
        max_length=6, choices=OrderStatus.choices, default=OrderStatus.ACTIVE.value
    )
    ceased_date = models.DateField(null=True, blank=True)
    ceased_reason = models.CharField(max_length=300, blank=True)
    employer_letter_id = models.BigIntegerField(null=True, blank=True)
    debtor_letter_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["party", "status"], name="aeo_party_status_idx"),
            models.Index(fields=["account"], name="aeo_account_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status=OrderStatus.ACTIVE.value, ceased_date__isnull=True, ceased_reason=""
                )
                | (
                    models.Q(status=OrderStatus.CEASED.value, ceased_date__isnull=False)
                    & ~models.Q(ceased_reason="")
                    & models.Q(ceased_date__gte=models.F("made_date"))
                ),
                name="aeo_ceased_with_date_and_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(first_pay_date__gte=models.F("made_date")),
                name="aeo_first_pay_not_before_made",
            ),
        ]

    def __str__(self) -> str:
        return f"attachment of earnings order {self.pk} ({self.employer_name})"

    @property
    def is_active(self) -> bool:
        return self.status == OrderStatus.ACTIVE


class AttachmentPayment(models.Model):
    """
    What the employer paid the council for one pay period under an attachment of earnings
    order, posted to the ledger as a payment (`entry_id`).
    """

    order = models.ForeignKey(AttachmentOrder, on_delete=models.PROTECT, related_name="payments")
    pay_date = models.DateField(help_text="The scheduled pay day of the period paid for.")
    net_earnings = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text="As the employer says."
    )
    expected_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    received_date = models.DateField()
    entry_id = models.BigIntegerField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order", "pay_date"], name="aeo_payment_once"),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="aeo_payment_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"employer payment for {self.pay_date} on order {self.order_id}"


class Benefit(models.TextChoices):
    UNIVERSAL_CREDIT = "UNIVERSAL_CREDIT", "Universal Credit"
    INCOME_SUPPORT = "INCOME_SUPPORT", "Income Support"
    JOBSEEKERS_ALLOWANCE = "JOBSEEKERS_ALLOWANCE", "Income-based Jobseeker's Allowance"
    EMPLOYMENT_SUPPORT_ALLOWANCE = (
        "EMPLOYMENT_SUPPORT_ALLOWANCE",
        "Income-related Employment and Support Allowance",
    )
    PENSION_CREDIT = "PENSION_CREDIT", "Pension Credit"


class DeductionFrequency(models.TextChoices):
    WEEKLY = "WEEKLY", "Each week"
    MONTHLY = "MONTHLY", "Each monthly assessment period"


class BenefitDeduction(models.Model):
    """
    A council tax deduction from the debtor's benefit, as DWP notified it (RULES.md §2.7): DWP
    sets the amount, so it is recorded, never computed; `forecast_amount` is the guide figure
    shown when it was recorded. Only one may be in force for a debtor at a time.
    """

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(DebtAccount, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(
        RecoveryAction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    benefit = models.CharField(max_length=30, choices=Benefit.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    frequency = models.CharField(max_length=7, choices=DeductionFrequency.choices)
    start_date = models.DateField()
    notified_date = models.DateField(help_text="The date of DWP's notification.")
    dwp_reference = models.CharField(max_length=60, blank=True)
    forecast_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        max_length=6, choices=OrderStatus.choices, default=OrderStatus.ACTIVE.value
    )
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["account"], name="benefit_deduction_account_idx")]
        constraints = [
            # RULES.md §2.7: only one council tax deduction from benefits at a time.
            models.UniqueConstraint(
                fields=["party"],
                condition=models.Q(status=OrderStatus.ACTIVE.value),
                name="benefit_deduction_one_in_force",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="benefit_deduction_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(status=OrderStatus.ACTIVE.value, end_date__isnull=True)
                | models.Q(
                    status=OrderStatus.CEASED.value,
                    end_date__isnull=False,
                    end_date__gte=models.F("start_date"),
                ),
                name="benefit_deduction_end_date_when_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"benefit deduction {self.pk} on account {self.account_id}"
