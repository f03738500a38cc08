"""
Import batches: one row per file uploaded or imported from a revenues or finance system.

A file is identified by the SHA-256 checksum of its bytes. Only one batch per authority, kind
and checksum may be `IMPORTED`, so the same file cannot be imported twice even by two officers
at once. A file uploaded through the web UI waits as a `PENDING` batch holding its content
between the preview and the officer's confirmation; nothing else is written until then.
"""

from django.conf import settings
from django.db import models

from arrears.authorities.models import Authority
from arrears.imports.domain.layouts import IMPORT_KIND_LABELS, ImportKind

IMPORT_KIND_CHOICES = [(kind.value, IMPORT_KIND_LABELS[kind]) for kind in ImportKind]


class BatchStatus(models.TextChoices):
    PENDING = "PENDING", "Waiting for confirmation"
    IMPORTED = "IMPORTED", "Imported"
    DISCARDED = "DISCARDED", "Discarded"


class ImportBatch(models.Model):
    """One import file: what it was, who sent it, and what it held."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=IMPORT_KIND_CHOICES)
    file_name = models.CharField(max_length=255)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file's bytes, in hex.")
    status = models.CharField(max_length=10, choices=BatchStatus.choices)
    content = models.BinaryField(help_text="The file exactly as uploaded.")
    row_count = models.PositiveIntegerField(default=0)
    accepted_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=10, help_text="cli, web or api")

    class Meta:
        verbose_name_plural = "import batches"
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "kind", "checksum"],
                condition=models.Q(status="IMPORTED"),
                name="import_batch_imported_once",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[kind.value for kind in ImportKind]),
                name="import_batch_kind_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=BatchStatus.values),
                name="import_batch_status_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="IMPORTED") | models.Q(imported_at__isnull=False),
                name="import_batch_imported_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["authority", "checksum"], name="import_batch_checksum_idx"),
            models.Index(fields=["authority", "uploaded_at"], name="import_batch_uploaded_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} batch #{self.pk} ({self.file_name}, {self.status})"
