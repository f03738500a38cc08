"""
Ledger entries and allocations.

Posted rows are never updated or deleted (STYLE.md, "Models"): a correction is a new reversing
row pointing at the one it reverses. The managers below refuse `update()` and `delete()`, and on
PostgreSQL database triggers (migration 0002) refuse them too.
"""

from typing import Any

from django.conf import settings
from django.db import models

from arrears.accounts.models import DebtAccount
from arrears.authorities.models import Authority
from arrears.ledger.domain.entries import (
    CHARGE_KIND_LABELS,
    ENTRY_TYPE_LABELS,
    ChargeKind,
    Direction,
    EntryType,
)


class PostedRowIsPermanent(Exception):
    """A posted ledger row cannot be changed or deleted; post a reversal instead."""


class _PermanentQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise PostedRowIsPermanent("posted ledger rows cannot be changed; post a reversal")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PostedRowIsPermanent("posted ledger rows cannot be deleted; post a reversal")


class _PermanentRow(models.Model):
    objects = _PermanentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise PostedRowIsPermanent("posted ledger rows cannot be changed; post a reversal")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PostedRowIsPermanent("posted ledger rows cannot be deleted; post a reversal")


ENTRY_TYPE_CHOICES = [(t.value, ENTRY_TYPE_LABELS[t]) for t in EntryType]
CHARGE_KIND_CHOICES = [(k.value, CHARGE_KIND_LABELS[k]) for k in ChargeKind]
DIRECTION_CHOICES = [(Direction.DEBIT.value, "Debit"), (Direction.CREDIT.value, "Credit")]


class Entry(_PermanentRow):
    """
    One posting to a debt account: a charge, payment, refund, write-off, adjustment or reversal.

    `rule` names what caused it (a RULES.md anchor or a policy name) and `reason` says it in
    plain English, so every penny can explain itself.
    """

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(DebtAccount, on_delete=models.PROTECT, related_name="entries")
    entry_type = models.CharField(max_length=12, choices=ENTRY_TYPE_CHOICES)
    direction = models.CharField(max_length=6, choices=DIRECTION_CHOICES)
    charge_kind = models.CharField(max_length=16, choices=CHARGE_KIND_CHOICES, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    effective_date = models.DateField()
    posted_at = models.DateTimeField()
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rule = models.CharField(max_length=100)
    reason = models.CharField(max_length=300)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    # NULL rather than "" so that many rows may lack one under the unique constraint.
    source_reference = models.CharField(max_length=60, null=True, blank=True)  # noqa: DJ001
    method = models.CharField(max_length=30, blank=True, help_text="How a payment was made.")
    import_batch_id = models.BigIntegerField(null=True, blank=True)
    meta = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name_plural = "entries"
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="entry_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(entry_type__in=[t.value for t in EntryType]),
                name="entry_type_known",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(entry_type__in=["CHARGE", "REFUND"], direction="DEBIT")
                    | models.Q(entry_type__in=["PAYMENT", "WRITE_OFF"], direction="CREDIT")
                    | models.Q(
                        entry_type__in=["ADJUSTMENT", "REVERSAL"], direction__in=["DEBIT", "CREDIT"]
                    )
                ),
                name="entry_direction_fits_type",
            ),
            models.CheckConstraint(
                condition=models.Q(entry_type="REVERSAL", reverses__isnull=False)
                | (~models.Q(entry_type="REVERSAL") & models.Q(reverses__isnull=True)),
                name="entry_reversal_points_at_entry",
            ),
            models.CheckConstraint(
                condition=models.Q(entry_type="CHARGE", charge_kind__gt="")
                | (~models.Q(entry_type="CHARGE") & models.Q(charge_kind="")),
                name="entry_charge_has_kind",
            ),
            models.UniqueConstraint(
                fields=["authority", "entry_type", "source_reference"],
                name="entry_source_reference_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "effective_date"], name="entry_account_date_idx"),
            models.Index(fields=["import_batch_id"], name="entry_batch_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_type} #{self.pk} £{self.amount} on {self.account_id}"


class Allocation(_PermanentRow):
    """
    Part of a credit (payment, write-off or credit adjustment) set against a debit it pays off.

    An allocation is undone (when its payment or charge is reversed) by a second row that
    `reverses` it; the pair then counts for nothing.
    """

    credit = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="allocations_out")
    debit = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="allocations_in")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    allocated_at = models.DateTimeField()
    rule = models.CharField(max_length=100)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="allocation_amount_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(credit=models.F("debit")), name="allocation_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} of entry {self.credit_id} to entry {self.debit_id}"
