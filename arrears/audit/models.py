"""
The audit trail: who did or saw what, when, and from where.

Rows are written once. The model refuses updates and deletes, and database triggers (migration
0002) refuse them too, so neither the application nor a bulk `update()` can alter the trail.
"""

from typing import Any

from django.conf import settings
from django.db import models


class AuditRowIsPermanent(Exception):
    """An audit row cannot be changed or deleted."""


class AuditEvent(models.Model):
    """One change to money, markers or parties, or one view of a party page or export."""

    occurred_at = models.DateTimeField()
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    authority = models.ForeignKey(
        "authorities.Authority", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=80, help_text="Dotted, past tense: ledger.charge.posted")
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    party_id = models.BigIntegerField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=20, blank=True, help_text="web, api, cli or task")
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["party_id", "occurred_at"], name="audit_party_idx"),
            models.Index(fields=["occurred_at"], name="audit_occurred_idx"),
            models.Index(fields=["officer", "occurred_at"], name="audit_officer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} #{self.pk} at {self.occurred_at:%Y-%m-%d %H:%M:%S}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditRowIsPermanent("audit rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditRowIsPermanent("audit rows cannot be deleted")
