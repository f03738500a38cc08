"""Councils (authorities) and the shared services that some of them run together."""

from django.db import models


class SharedService(models.Model):
    """Two or more councils whose revenues and enforcement work one team does."""

    name = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.name


class Nation(models.TextChoices):
    ENGLAND = "ENG", "England"
    WALES = "WLS", "Wales"


class Authority(models.Model):
    """A billing authority or other council whose debts Arrears recovers."""

    code = models.SlugField(max_length=20, unique=True, help_text="Short code, e.g. KINGSTON.")
    name = models.CharField(max_length=200)
    nation = models.CharField(max_length=3, choices=Nation.choices, default=Nation.ENGLAND)
    shared_service = models.ForeignKey(
        SharedService, null=True, blank=True, on_delete=models.PROTECT, related_name="authorities"
    )

    class Meta:
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
