"""
Liable parties (people and organisations) and their debt accounts.

A party belongs to the authority that holds its record; a person who owes both councils of a
shared service has one record at each, joined by a `SAME_PERSON` link. The balance on an account
is kept by the ledger's services and checked against its entries (`ledger.selectors`).
"""

from django.conf import settings
from django.db import models

from arrears.accounts.domain.debts import DEBT_TYPE_LABELS, FUND_LABELS, DebtType, Fund
from arrears.accounts.domain.markers import (
    MARKER_LABELS,
    MarkerKind,
)
from arrears.authorities.models import Authority


class PartyKind(models.TextChoices):
    PERSON = "PERSON", "Person"
    ORGANISATION = "ORGANISATION", "Organisation"


class LetterLanguage(models.TextChoices):
    ENGLISH = "EN", "English"
    WELSH = "CY", "Welsh (Cymraeg)"


class Party(models.Model):
    """A person or organisation liable for, or connected with, debts to an authority."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="parties")
    reference = models.CharField(max_length=40, help_text="The authority's party reference.")
    kind = models.CharField(max_length=12, choices=PartyKind.choices, default=PartyKind.PERSON)
    title = models.CharField(max_length=20, blank=True)
    forenames = models.CharField(max_length=100, blank=True)
    surname = models.CharField(max_length=100, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    company_number = models.CharField(max_length=10, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    display_name = models.CharField(max_length=250)
    search_name = models.CharField(max_length=250, help_text="Lower-case name for search.")
    # NULL rather than "" so that many rows may lack one under the unique constraint.
    source_reference = models.CharField(max_length=60, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField()
    preferred_language = models.CharField(
        max_length=2,
        choices=LetterLanguage.choices,
        default=LetterLanguage.ENGLISH,
        db_default=LetterLanguage.ENGLISH,
        help_text="Language for letters; Welsh gets a bilingual letter.",
    )

    class Meta:
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "reference"], name="party_reference_unique"
            ),
            models.UniqueConstraint(
                fields=["authority", "source_reference"], name="party_source_reference_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(display_name=""), name="party_has_display_name"
            ),
        ]
        indexes = [
            models.Index(fields=["authority", "search_name"], name="party_search_name_idx"),
            models.Index(fields=["surname", "forenames"], name="party_surname_idx"),
            models.Index(fields=["date_of_birth"], name="party_dob_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.reference})"


class PartyAlias(models.Model):
    """Another name a party is or was known by."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=250)
    search_name = models.CharField(max_length=250)

    class Meta:
        indexes = [models.Index(fields=["search_name"], name="alias_search_name_idx")]

    def __str__(self) -> str:
        return f"{self.name} (alias of {self.party_id})"


class AddressKind(models.TextChoices):
    CURRENT = "CURRENT", "Current"
    PREVIOUS = "PREVIOUS", "Previous"
    FORWARDING = "FORWARDING", "Forwarding"
    CORRESPONDENCE = "CORRESPONDENCE", "Correspondence"


class Address(models.Model):
    """An address of a party, kept with its history (previous and forwarding addresses too)."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(max_length=14, choices=AddressKind.choices)
    line_1 = models.CharField(max_length=100)
    line_2 = models.CharField(max_length=100, blank=True)
    line_3 = models.CharField(max_length=100, blank=True)
    town = models.CharField(max_length=60, blank=True)
    postcode = models.CharField(max_length=8, blank=True, help_text="Normalised: 'KT1 1EU'.")
    uprn = models.CharField(max_length=12, blank=True, help_text="Unique Property Reference Number")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "addresses"
        indexes = [models.Index(fields=["postcode"], name="address_postcode_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="address_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="address_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(p for p in [self.line_1, self.town, self.postcode] if p)

    @property
    def lines(self) -> list[str]:
        return [p for p in [self.line_1, self.line_2, self.line_3, self.town, self.postcode] if p]


class ContactKind(models.TextChoices):
    PHONE = "PHONE", "Telephone"
    MOBILE = "MOBILE", "Mobile"
    EMAIL = "EMAIL", "Email"


class ContactDetail(models.Model):
    """A telephone number or e-mail address for a party."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=10, choices=ContactKind.choices)
    value = models.CharField(max_length=200)
    is_preferred = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class LinkKind(models.TextChoices):
    JOINT_AND_SEVERAL = "JOINT_AND_SEVERAL", "Jointly and severally liable with"
    DIRECTOR = "DIRECTOR", "Director of"
    SAME_PERSON = "SAME_PERSON", "Same person at another council"
    APPOINTEE = "APPOINTEE", "Appointee or representative for"


class PartyLink(models.Model):
    """A link between two parties: joint liability, a company director, the same person."""

    from_party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="links_out")
    to_party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_party", "to_party", "kind"], name="party_link_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_party=models.F("to_party")), name="party_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_party_id} {self.kind} {self.to_party_id}"


MARKER_CHOICES = [(kind.value, MARKER_LABELS[kind]) for kind in MarkerKind]


class Marker(models.Model):
    """
    A fact about a party that officers must see before acting, kept with its history.

    Markers are never deleted: ending one sets `end_date`. `category` holds the vulnerability
    category, insolvency type or Breathing Space type (RULES.md §5.1).
    """

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="markers")
    kind = models.CharField(max_length=24, choices=MARKER_CHOICES)
    category = models.CharField(max_length=40, blank=True)
    detail = models.TextField(blank=True, help_text="Shown to field staff before contact.")
    source = models.CharField(max_length=100, blank=True, help_text="Who told us, or how we know.")
    practitioner = models.CharField(max_length=200, blank=True, help_text="Insolvency practitioner")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Inclusive; blank while open.")
    review_date = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["party", "kind"], name="marker_party_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="marker_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[kind.value for kind in MarkerKind]),
                name="marker_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on party {self.party_id} from {self.start_date}"


DEBT_TYPE_CHOICES = [(t.value, DEBT_TYPE_LABELS[t]) for t in DebtType]
FUND_CHOICES = [(f.value, FUND_LABELS[f]) for f in Fund]


class DebtAccount(models.Model):
    """
    One debt owed to an authority: a council tax year, a rates account, an invoice, a PCN.

    `balance` is a cache of the sum of the account's ledger entries, written only by
    `ledger.services` and checked by `ledger.selectors.balance_mismatches`.
    """

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="accounts")
    reference = models.CharField(max_length=40)
    # NULL rather than "" so that many rows may lack one under the unique constraint.
    source_reference = models.CharField(max_length=60, null=True, blank=True)  # noqa: DJ001
    debt_type = models.CharField(max_length=30, choices=DEBT_TYPE_CHOICES)
    fund = models.CharField(max_length=20, choices=FUND_CHOICES)
    period_start_date = models.DateField(null=True, blank=True)
    period_end_date = models.DateField(null=True, blank=True)
    description = models.CharField(max_length=200, blank=True)
    opened_date = models.DateField()
    recovery_stage = models.CharField(max_length=40, blank=True, help_text="Current stage label.")
    is_closed = models.BooleanField(default=False)
    balance = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    parties = models.ManyToManyField(Party, through="AccountParty", related_name="accounts")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["authority", "reference"], name="account_ref_unique"),
            models.UniqueConstraint(
                fields=["authority", "source_reference"], name="account_source_ref_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(debt_type__in=[t.value for t in DebtType]),
                name="account_debt_type_known",
            ),
            models.CheckConstraint(
                condition=models.Q(fund__in=[f.value for f in Fund]), name="account_fund_known"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end_date__isnull=True)
                | models.Q(period_start_date__isnull=True)
                | models.Q(period_end_date__gte=models.F("period_start_date")),
                name="account_period_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["authority", "debt_type"], name="account_type_idx"),
            models.Index(fields=["reference"], name="account_reference_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.debt_type})"


class Liability(models.TextChoices):
    SOLE = "SOLE", "Sole"
    JOINT_AND_SEVERAL = "JOINT_AND_SEVERAL", "Joint and several"
    DIRECTOR = "DIRECTOR", "Director (contact)"


class AccountParty(models.Model):
    """A party liable for (or named on) a debt account."""

    account = models.ForeignKey(DebtAccount, on_delete=models.CASCADE)
    party = models.ForeignKey(Party, on_delete=models.PROTECT)
    liability = models.CharField(max_length=20, choices=Liability.choices, default=Liability.SOLE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "party"], name="account_party_unique")
        ]

    def __str__(self) -> str:
        return f"party {self.party_id} on account {self.account_id}"
