"""
Enforcement agent cases: a debt referred to enforcement agents after a liability order.

Minimal for now (issue 3): the referral and how it ended. Fees, notices and visits (issue 5)
build on `EnforcementCase`. The recovery case is named by id only, because enforcement sits
below recovery in the layers (STYLE.md) and may not import it.
"""

from django.conf import settings
from django.db import models

from arrears.accounts.models import DebtAccount
from arrears.authorities.models import Authority
from arrears.enforcement.domain.referrals import (
    REFERRAL_STATUS_LABELS,
    RETURN_REASON_LABELS,
    ReferralStatus,
    ReturnReason,
)

REFERRAL_STATUS_CHOICES = [(s.value, REFERRAL_STATUS_LABELS[s]) for s in ReferralStatus]
RETURN_REASON_CHOICES = [(r.value, RETURN_REASON_LABELS[r]) for r in ReturnReason]


class EnforcementCase(models.Model):
    """One referral of an account to enforcement agents, and how it ended."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(
        DebtAccount, on_delete=models.PROTECT, related_name="enforcement_cases"
    )
    recovery_case_id = models.BigIntegerField(null=True, blank=True)
    reference = models.CharField(max_length=60)
    referred_date = models.DateField()
    liability_order_date = models.DateField(null=True, blank=True)
    debt_at_referral = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(
        max_length=10, choices=REFERRAL_STATUS_CHOICES, default=ReferralStatus.OPEN.value
    )
    closed_date = models.DateField(null=True, blank=True, help_text="Returned, paid or withdrawn.")
    return_reason = models.CharField(max_length=20, choices=RETURN_REASON_CHOICES, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "reference"], name="enforcement_reference_unique"
            ),
            # One instruction at a time for the same debt: a second open referral of the same
            # account would instruct agents twice for one liability order (and, under RULES.md
            # §1.5, add a second compliance fee).
            models.UniqueConstraint(
                fields=["account"],
                condition=models.Q(status=ReferralStatus.OPEN.value),
                name="enforcement_one_open_per_account",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ReferralStatus]),
                name="enforcement_status_known",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status=ReferralStatus.OPEN.value, closed_date__isnull=True)
                    | (
                        ~models.Q(status=ReferralStatus.OPEN.value)
                        & models.Q(closed_date__isnull=False)
                        & models.Q(closed_date__gte=models.F("referred_date"))
                    )
                ),
                name="enforcement_closed_date_when_closed",
            ),
            models.CheckConstraint(
                condition=models.Q(return_reason="")
                | models.Q(status=ReferralStatus.RETURNED.value),
                name="enforcement_return_reason_only_when_returned",
            ),
            models.CheckConstraint(
                condition=models.Q(debt_at_referral__gt=0), name="enforcement_debt_positive"
            ),
        ]
        indexes = [models.Index(fields=["account", "status"], name="enforcement_account_idx")]

    def __str__(self) -> str:
        return f"enforcement case {self.reference}"

    @property
    def is_open(self) -> bool:
        return self.status == ReferralStatus.OPEN
