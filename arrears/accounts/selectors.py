"""
Reads of parties and accounts, always through what the officer may see.

`party_for_officer` and `account_for_officer` are the only ways one record reaches an officer:
another authority's record is treated exactly like one that does not exist.
"""

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from arrears.accounts.domain.references import is_full_postcode, normalise_postcode, search_key
from arrears.accounts.models import AccountParty, Address, AddressKind, DebtAccount, Party
from arrears.staff.models import Officer
from arrears.staff.selectors import visible_authority_ids


def party_for_officer(*, officer: Officer, party_id: int) -> Party:
    """
    Return the party if `officer` may see it.

    :raises Party.DoesNotExist: if there is no such party or it is another authority's.
    """
    return Party.objects.select_related("authority").get(
        pk=party_id, authority_id__in=visible_authority_ids(officer=officer)
    )


def account_for_officer(*, officer: Officer, account_id: int) -> DebtAccount:
    """
    Return the debt account if `officer` may see it.

    :raises DebtAccount.DoesNotExist: if there is no such account or it is another authority's.
    """
    return DebtAccount.objects.select_related("authority").get(
        pk=account_id, authority_id__in=visible_authority_ids(officer=officer)
    )


def parties_visible(*, authority_ids: Collection[int]) -> QuerySet[Party]:
    """Return the parties of these authorities, by id."""
    return Party.objects.filter(authority_id__in=list(authority_ids)).order_by("id")


def accounts_visible(*, authority_ids: Collection[int]) -> QuerySet[DebtAccount]:
    """Return the debt accounts of these authorities, by id."""
    return DebtAccount.objects.filter(authority_id__in=list(authority_ids)).order_by("id")


_DATE_PATTERNS = [
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), (3, 2, 1)),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), (1, 2, 3)),
]


def _as_date(text: str) -> dt.date | None:
    for pattern, (y, m, d) in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return dt.date(int(match.group(y)), int(match.group(m)), int(match.group(d)))
            except ValueError:
                return None
    return None


@dataclass(frozen=True)
class PartyHit:
    """One search result, as plain data for a results table."""

    party_id: int
    reference: str
    display_name: str
    date_of_birth: dt.date | None
    address: str
    postcode: str
    authority_code: str
    authority_name: str
    account_count: int
    balance: Decimal


@dataclass(frozen=True)
class SearchQuery:
    """What an officer typed, read as a name, reference, postcode or date of birth."""

    text: str
    kind: str  # "name", "reference", "postcode", "date_of_birth" or "empty"


def read_search_query(text: str) -> SearchQuery:
    """Return what kind of search `text` asks for."""
    cleaned = text.strip()
    if not cleaned:
        return SearchQuery(text="", kind="empty")
    if _as_date(cleaned):
        return SearchQuery(text=cleaned, kind="date_of_birth")
    if is_full_postcode(cleaned):
        return SearchQuery(text=normalise_postcode(cleaned), kind="postcode")
    if any(ch.isdigit() for ch in cleaned):
        return SearchQuery(text=cleaned.upper().replace(" ", ""), kind="reference")
    return SearchQuery(text=search_key(cleaned), kind="name")


def _matching_parties(*, query: SearchQuery, authority_ids: list[int]) -> QuerySet[Party]:
    parties = Party.objects.filter(authority_id__in=authority_ids)
    if query.kind == "date_of_birth":
        return parties.filter(date_of_birth=_as_date(query.text))
    if query.kind == "postcode":
        at_postcode = Address.objects.filter(party=OuterRef("pk"), postcode=query.text)
        return parties.filter(Exists(at_postcode))
    if query.kind == "reference":
        on_account = AccountParty.objects.filter(
            party=OuterRef("pk"), account__reference=query.text
        )
        return parties.filter(Q(reference=query.text) | Exists(on_account))
    condition = Q()
    for token in query.text.split(" "):
        condition &= Q(search_name__contains=token)
    return parties.filter(condition)


def search_parties(*, officer: Officer, text: str, limit: int = 50) -> list[PartyHit]:
    """
    Return up to `limit` parties the officer may see that match `text`.

    `text` may be a name (every word must appear), a party or account reference, a full
    postcode, or a date of birth (31/12/1980 or 1980-12-31). On PostgreSQL the name search is
    served by a trigram index (migration 0002).
    """
    query = read_search_query(text)
    if query.kind == "empty":
        return []
    authority_ids = list(visible_authority_ids(officer=officer))
    party_ids = list(
        _matching_parties(query=query, authority_ids=authority_ids)
        .order_by("search_name", "id")
        .values_list("id", flat=True)[:limit]
    )
    return _hits(party_ids=party_ids)


def _hits(*, party_ids: list[int]) -> list[PartyHit]:
    parties = {p.pk: p for p in Party.objects.filter(pk__in=party_ids).select_related("authority")}
    addresses: dict[int, Address] = {}
    for address in Address.objects.filter(
        party_id__in=party_ids, kind=AddressKind.CURRENT
    ).order_by("id"):
        addresses.setdefault(address.party_id, address)
    accounts: dict[int, list[Decimal]] = {}
    for party_id, balance in AccountParty.objects.filter(party_id__in=party_ids).values_list(
        "party_id", "account__balance"
    ):
        accounts.setdefault(party_id, []).append(balance)
    hits = []
    for party_id in party_ids:
        party = parties[party_id]
        current = addresses.get(party_id)
        balances = accounts.get(party_id, [])
        hits.append(
            PartyHit(
                party_id=party_id,
                reference=party.reference,
                display_name=party.display_name,
                date_of_birth=party.date_of_birth,
                address=str(current) if current else "",
                postcode=current.postcode if current else "",
                authority_code=party.authority.code,
                authority_name=party.authority.name,
                account_count=len(balances),
                balance=sum(balances, Decimal("0.00")),
            )
        )
    return hits


def uses_trigram_index() -> bool:
    """Return whether name search is served by PostgreSQL's trigram index."""
    return connection.vendor == "postgresql"
