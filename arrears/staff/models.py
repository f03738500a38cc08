"""Officers (the user model), their role and the authorities they may see."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from arrears.authorities.models import Authority
from arrears.staff.domain.policy import ROLE_LABELS, Role

ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in Role]


class Officer(AbstractUser):
    """A member of staff, or a system account that uses the API with a token."""

    role = models.CharField(max_length=40, choices=ROLE_CHOICES)
    authorities = models.ManyToManyField(
        Authority, through="OfficerAuthority", related_name="officers", blank=True
    )
    write_off_limit = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text="Largest write-off this officer may make under delegated authority.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[role.value for role in Role]),
                name="officer_role_known",
            ),
            models.CheckConstraint(
                condition=models.Q(write_off_limit__gte=0), name="officer_write_off_limit_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return self.username


class OfficerAuthority(models.Model):
    """An authority whose data an officer may see (a shared-service officer has two)."""

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "authority"], name="officer_authority_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer_id} sees {self.authority_id}"
