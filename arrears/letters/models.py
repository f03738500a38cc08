"""
Letters (the document register) and the print batches they are released in.

A letter keeps a snapshot of everything it prints: the facts, the recipient's name and address
on the day it was created, the language, the kind of debt and the council's nation. It prints the
same whenever it is printed again. Its life: AWAITING_RELEASE, then RELEASED into a print batch,
then PRINTED when the batch is marked printed; WITHDRAWN at any point before it is printed.
"""

from django.conf import settings
from django.db import models

from arrears.accounts.models import DebtAccount, Party
from arrears.authorities.models import Authority
from arrears.letters.domain.catalogue import LETTER_TEMPLATES
from arrears.letters.domain.engines import Engine

TEMPLATE_CHOICES = [(code, template.title) for code, template in LETTER_TEMPLATES.items()]


class LetterStatus(models.TextChoices):
    AWAITING_RELEASE = "AWAITING_RELEASE", "Awaiting release"
    RELEASED = "RELEASED", "Released for printing"
    PRINTED = "PRINTED", "Printed"
    WITHDRAWN = "WITHDRAWN", "Withdrawn"


class LetterLanguage(models.TextChoices):
    ENGLISH = "EN", "English"
    WELSH = "CY", "Welsh and English"


class BatchStatus(models.TextChoices):
    RELEASED = "RELEASED", "Released for printing"
    PRINTED = "PRINTED", "Printed"


class PrintBatch(models.Model):
    """The letters released together under one batch key, printed as one PDF."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    batch_key = models.CharField(max_length=100)
    status = models.CharField(
        max_length=10, choices=BatchStatus.choices, default=BatchStatus.RELEASED
    )
    created_at = models.DateTimeField()
    released_on = models.DateField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    letter_count = models.PositiveIntegerField()
    confidential_count = models.PositiveIntegerField(default=0)
    printed_at = models.DateTimeField(null=True, blank=True)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The latest rendering of the batch; blank until it is first rendered.
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    engine = models.CharField(
        max_length=12, choices=[(e.value, e.value) for e in Engine], blank=True
    )
    render_seconds = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "print batches"
        indexes = [models.Index(fields=["authority", "created_at"], name="printbatch_created_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in BatchStatus]),
                name="printbatch_status_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=BatchStatus.PRINTED)
                | models.Q(printed_at__isnull=False),
                name="printbatch_printed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Print batch {self.pk} ({self.batch_key}, {self.letter_count} letters)"


class PrintFile(models.Model):
    """
    The PDF of a print batch as it was rendered for the printer (ADR 0005).

    Kept in the database, apart from the batch row so lists never load it, so the file that was
    printed can be produced again byte for byte even after the templates change.
    """

    batch = models.OneToOneField(PrintBatch, on_delete=models.CASCADE, related_name="+")
    content = models.BinaryField()

    def __str__(self) -> str:
        return f"PDF of print batch {self.batch_id}"


class Letter(models.Model):
    """One letter in the document register."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(DebtAccount, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    template = models.CharField(max_length=40, choices=TEMPLATE_CHOICES)
    language = models.CharField(max_length=2, choices=LetterLanguage.choices)
    issue_date = models.DateField()
    facts = models.JSONField(default=dict)
    # Snapshots taken when the letter was created (the letter prints what was true then).
    debt_type = models.CharField(max_length=30)
    nation = models.CharField(max_length=3)
    party_name = models.CharField(max_length=250)
    recipient_name = models.CharField(max_length=250)
    address_lines = models.JSONField(default=list)
    is_confidential_address = models.BooleanField(default=False)
    status = models.CharField(
        max_length=16, choices=LetterStatus.choices, default=LetterStatus.AWAITING_RELEASE
    )
    batch_key = models.CharField(max_length=100)
    print_batch = models.ForeignKey(
        PrintBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    source = models.CharField(max_length=100, help_text="What caused it: recovery-action:123")
    created_at = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["authority", "issue_date"], name="letter_authority_date_idx"),
            models.Index(fields=["account", "issue_date"], name="letter_account_idx"),
            models.Index(fields=["batch_key", "status"], name="letter_batch_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in LetterStatus]),
                name="letter_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(template__in=list(LETTER_TEMPLATES)),
                name="letter_template_known",
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=[lang.value for lang in LetterLanguage]),
                name="letter_language_known",
            ),
            # Released and printed letters belong to a print batch; letters awaiting release
            # do not.
            models.CheckConstraint(
                condition=~models.Q(status__in=[LetterStatus.RELEASED, LetterStatus.PRINTED])
                | models.Q(print_batch__isnull=False),
                name="letter_released_has_batch",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=LetterStatus.AWAITING_RELEASE)
                | models.Q(print_batch__isnull=True),
                name="letter_awaiting_has_no_batch",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=LetterStatus.WITHDRAWN)
                | (~models.Q(withdrawn_reason="") & models.Q(withdrawn_at__isnull=False)),
                name="letter_withdrawn_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Letter {self.pk} {self.template} to party {self.party_id} ({self.status})"
