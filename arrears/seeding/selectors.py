"""Reads the seeding needs: where references carry on, and whether the demo is loaded."""

from collections.abc import Sequence

from django.db.models import Count

from arrears.accounts.models import DebtAccount, Party
from arrears.authorities.models import Authority
from arrears.staff.models import Officer


def next_reference_numbers(*, authority_ids: Sequence[int]) -> tuple[list[int], list[int]]:
    """
    Return, per authority, the number the next seeded party and account reference takes.

    Numbering carries on from the rows already there, so a second seeding run adds references
    that do not collide with the first run's.
    """
    parties = dict(
        Party.objects.filter(authority_id__in=list(authority_ids))
        .values("authority_id")
        .annotate(n=Count("id"))
        .values_list("authority_id", "n")
    )
    accounts = dict(
        DebtAccount.objects.filter(authority_id__in=list(authority_ids))
        .values("authority_id")
        .annotate(n=Count("id"))
        .values_list("authority_id", "n")
    )
    return (
        [parties.get(pk, 0) + 1 for pk in authority_ids],
        [accounts.get(pk, 0) + 1 for pk in authority_ids],
    )


def has_accounts(*, authority: Authority) -> bool:
    """Return whether the authority has any debt accounts."""
    return DebtAccount.objects.filter(authority=authority).exists()


def existing_usernames(*, usernames: Sequence[str]) -> set[str]:
    """Return which of these usernames are taken."""
    return set(
        Officer.objects.filter(username__in=list(usernames)).values_list("username", flat=True)
    )
