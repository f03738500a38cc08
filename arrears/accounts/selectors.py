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

from django.db.models import Exists, OuterRef, Q, QuerySet

from arrears.accounts.domain.debts import (
    DEBT_TYPE_LABELS,
    FUND_LABELS,
    DebtType,
    Fund,
    stage_label,
)
from arrears.accounts.domain.markers import (
    MARKER_BADGE,
    MARKER_LABELS,
    MarkerKind,
    category_label,
    is_active,
)
from arrears.accounts.domain.references import is_full_postcode, normalise_postcode, search_key
from arrears.accounts.models import (
    AccountParty,
    Address,
    AddressKind,
    ContactDetail,
    ContactKind,
    DebtAccount,
    Liability,
    LinkKind,
    Marker,
    Party,
    PartyAlias,
    PartyKind,
    PartyLink,
)
from arrears.audit import selectors as audit_selectors
from arrears.audit.models import AuditEvent
from arrears.kernel.money import ZERO
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


# Enough parties found by another name for a page of results.
_ALIAS_MATCHES = 200


def _matching_parties(*, query: SearchQuery, authority_ids: list[int]) -> QuerySet[Party]:
    parties = Party.objects.filter(authority_id__in=authority_ids)
    if query.kind == "date_of_birth":
        return parties.filter(date_of_birth=_as_date(query.text))
    if query.kind == "postcode":
        at_postcode = Address.objects.filter(party=OuterRef("pk"), postcode=query.text)
        return parties.filter(Exists(at_postcode))
    if query.kind == "reference":
        # Two indexed lookups, merged: an OR across the two tables would scan every party.
        by_party = list(parties.filter(reference=query.text).values_list("id", flat=True))
        by_account = list(
            AccountParty.objects.filter(
                account__reference=query.text, account__authority_id__in=authority_ids
            ).values_list("party_id", flat=True)
        )
        return parties.filter(pk__in=by_party + by_account)
    condition = Q()
    for token in query.text.split(" "):
        condition &= Q(search_name__contains=token)
    # Other names (aliases, former names) count too; looked up first so that each table is
    # searched by its own trigram index rather than through an OR across a join.
    by_alias = list(
        PartyAlias.objects.filter(condition, party__authority_id__in=authority_ids).values_list(
            "party_id", flat=True
        )[:_ALIAS_MATCHES]
    )
    return parties.filter(condition | Q(pk__in=by_alias))


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
    # An open confidential-address marker withholds the address from search results too.
    confidential = set(
        Marker.objects.filter(
            party_id__in=party_ids,
            kind=MarkerKind.CONFIDENTIAL_ADDRESS.value,
            end_date__isnull=True,
        ).values_list("party_id", flat=True)
    )
    hits = []
    for party_id in party_ids:
        party = parties[party_id]
        current = None if party_id in confidential else addresses.get(party_id)
        balances = accounts.get(party_id, [])
        hits.append(
            PartyHit(
                party_id=party_id,
                reference=party.reference,
                display_name=party.display_name,
                date_of_birth=party.date_of_birth,
                address=str(current) if current else _withheld(party_id in confidential),
                postcode=current.postcode if current else "",
                authority_code=party.authority.code,
                authority_name=party.authority.name,
                account_count=len(balances),
                balance=sum(balances, Decimal("0.00")),
            )
        )
    return hits


def _withheld(is_confidential: bool) -> str:
    return "Confidential address: not shown" if is_confidential else ""


# --- The party page (issue 2, item 6: the single view of debt) ---------------------------------


@dataclass(frozen=True)
class AddressView:
    """One address of a party, with its place in the party's history."""

    kind: str
    kind_label: str
    lines: list[str]
    postcode: str
    from_date: dt.date | None
    to_date: dt.date | None


@dataclass(frozen=True)
class ContactView:
    kind_label: str
    value: str
    is_preferred: bool


@dataclass(frozen=True)
class MarkerView:
    """A marker on the party (or on the same person at another council the officer sees)."""

    marker_id: int
    party_id: int
    authority_name: str
    kind: str
    label: str
    badge_class: str
    category: str
    detail: str
    source: str
    practitioner: str
    start_date: dt.date
    end_date: dt.date | None
    review_date: dt.date | None
    is_active: bool


@dataclass(frozen=True)
class LinkView:
    """Another party linked to this one, which the officer may see."""

    party_id: int
    reference: str
    display_name: str
    authority_name: str
    kind: str
    kind_label: str
    is_same_person: bool


@dataclass(frozen=True)
class AccountView:
    """One debt account on the party page, as plain data."""

    account_id: int
    party_id: int
    authority_id: int
    authority_name: str
    reference: str
    debt_type: str
    debt_type_label: str
    description: str
    period_start_date: dt.date | None
    period_end_date: dt.date | None
    fund_label: str
    stage: str
    liability_label: str
    balance: Decimal
    is_closed: bool


@dataclass(frozen=True)
class EventView:
    """A change recorded in the audit trail against the party."""

    event_id: int
    occurred_at: dt.datetime
    action: str
    officer_name: str
    channel: str
    object_type: str
    object_id: str
    detail: dict[str, object]


@dataclass(frozen=True)
class AuthorityTotal:
    authority_name: str
    account_count: int
    balance: Decimal


@dataclass(frozen=True)
class PartySummary:
    """Everything the party page shows about a party, read in a fixed number of queries."""

    party_id: int
    reference: str
    kind_label: str
    display_name: str
    date_of_birth: dt.date | None
    company_number: str
    authority_id: int
    authority_code: str
    authority_name: str
    aliases: list[str]
    addresses: list[AddressView]
    contacts: list[ContactView]
    markers: list[MarkerView]
    links: list[LinkView]
    accounts: list[AccountView]
    totals: list[AuthorityTotal]
    total_balance: Decimal
    events: list[EventView]

    @property
    def active_markers(self) -> list[MarkerView]:
        return [m for m in self.markers if m.is_active]

    @property
    def active_risks(self) -> list[MarkerView]:
        return [m for m in self.active_markers if m.kind == MarkerKind.RISK]

    @property
    def has_confidential_address(self) -> bool:
        return any(m.kind == MarkerKind.CONFIDENTIAL_ADDRESS for m in self.active_markers)

    @property
    def account_ids(self) -> list[int]:
        return [a.account_id for a in self.accounts]


_ADDRESS_ORDER = {
    AddressKind.CURRENT: 0,
    AddressKind.CORRESPONDENCE: 1,
    AddressKind.FORWARDING: 2,
    AddressKind.PREVIOUS: 3,
}


# How a directed link reads from the party it points at: "X is director of Y" shows on Y's
# page as "Company director: X". Joint liability and the same person read the same both ways.
_INCOMING_LINK_LABELS = {
    LinkKind.DIRECTOR: "Company director",
    LinkKind.APPOINTEE: "Has as appointee or representative",
}


def _link_label(*, kind: LinkKind, is_outgoing: bool) -> str:
    if is_outgoing or kind not in _INCOMING_LINK_LABELS:
        return str(kind.label)
    return _INCOMING_LINK_LABELS[kind]


def _links(*, party: Party, authority_ids: frozenset[int]) -> list[LinkView]:
    # Links are stored one way; read both. A link to a party at an authority the officer may
    # not see is left out entirely, so the page does not reveal that the record exists.
    rows = PartyLink.objects.filter(Q(from_party=party) | Q(to_party=party)).select_related(
        "from_party__authority", "to_party__authority"
    )
    links: dict[tuple[int, str], LinkView] = {}
    for link in rows.order_by("id"):
        other = link.to_party if link.from_party_id == party.pk else link.from_party
        if other.authority_id not in authority_ids:
            continue
        links.setdefault(
            (other.pk, link.kind),
            LinkView(
                party_id=other.pk,
                reference=other.reference,
                display_name=other.display_name,
                authority_name=other.authority.name,
                kind=link.kind,
                kind_label=_link_label(
                    kind=LinkKind(link.kind), is_outgoing=link.from_party_id == party.pk
                ),
                is_same_person=link.kind == LinkKind.SAME_PERSON,
            ),
        )
    return list(links.values())


def _marker_views(
    *, party_ids: list[int], authority_names: dict[int, str], as_of: dt.date
) -> list[MarkerView]:
    rows = (
        Marker.objects.filter(party_id__in=party_ids)
        .select_related("party")
        .order_by("-start_date", "-id")
    )
    views = []
    for marker in rows:
        kind = MarkerKind(marker.kind)
        views.append(
            MarkerView(
                marker_id=marker.pk,
                party_id=marker.party_id,
                authority_name=authority_names.get(marker.party.authority_id, ""),
                kind=kind.value,
                label=MARKER_LABELS[kind],
                badge_class=MARKER_BADGE[kind],
                category=category_label(marker.category),
                detail=marker.detail,
                source=marker.source,
                practitioner=marker.practitioner,
                start_date=marker.start_date,
                end_date=marker.end_date,
                review_date=marker.review_date,
                is_active=is_active(
                    start_date=marker.start_date, end_date=marker.end_date, as_of=as_of
                ),
            )
        )
    return views


def _account_views(*, party_ids: list[int]) -> list[AccountView]:
    rows = (
        AccountParty.objects.filter(party_id__in=party_ids)
        .select_related("account__authority")
        .order_by("account__authority_id", "account__is_closed", "-account__opened_date", "id")
    )
    seen: set[int] = set()
    views = []
    for row in rows:
        account = row.account
        if account.pk in seen:
            continue
        seen.add(account.pk)
        views.append(
            AccountView(
                account_id=account.pk,
                party_id=row.party_id,
                authority_id=account.authority_id,
                authority_name=account.authority.name,
                reference=account.reference,
                debt_type=account.debt_type,
                debt_type_label=DEBT_TYPE_LABELS[DebtType(account.debt_type)],
                description=account.description,
                period_start_date=account.period_start_date,
                period_end_date=account.period_end_date,
                fund_label=FUND_LABELS[Fund(account.fund)],
                stage=stage_label(account.recovery_stage),
                liability_label=Liability(row.liability).label,
                balance=account.balance,
                is_closed=account.is_closed,
            )
        )
    return views


def _totals(accounts: list[AccountView]) -> list[AuthorityTotal]:
    by_authority: dict[str, list[Decimal]] = {}
    for account in accounts:
        by_authority.setdefault(account.authority_name, []).append(account.balance)
    return [
        AuthorityTotal(
            authority_name=name, account_count=len(balances), balance=sum(balances, ZERO)
        )
        for name, balances in by_authority.items()
    ]


def _event_views(events: list[AuditEvent]) -> list[EventView]:
    return [
        EventView(
            event_id=event.pk,
            occurred_at=event.occurred_at,
            action=event.action,
            officer_name=(
                (event.officer.get_full_name() or event.officer.username)
                if event.officer
                else "System"
            ),
            channel=event.channel,
            object_type=event.object_type,
            object_id=event.object_id,
            detail=dict(event.detail or {}),
        )
        for event in events
    ]


def party_summary(*, officer: Officer, party_id: int, as_of: dt.date) -> PartySummary:
    """
    Return everything the party page shows, for a party `officer` may see.

    The single view of debt (issue 2, item 6): every account of the party across debt types and,
    where the same person has a record at another council that the officer may also see
    (a `SAME_PERSON` link), that record's accounts and markers too. Markers are active on
    `as_of` (inclusive dates, RULES.md §5.1). Reads a fixed number of queries however many
    accounts, markers or addresses the party has, so it stays fast on a million accounts.

    :raises Party.DoesNotExist: if there is no such party or it is another authority's.
    """
    party = party_for_officer(officer=officer, party_id=party_id)
    authority_ids = visible_authority_ids(officer=officer)
    links = _links(party=party, authority_ids=authority_ids)
    same_person_ids = [link.party_id for link in links if link.is_same_person]
    party_ids = [party.pk, *same_person_ids]
    authority_names = {party.authority_id: party.authority.name}
    authority_names.update(
        Party.objects.filter(pk__in=same_person_ids).values_list("authority_id", "authority__name")
    )
    addresses = sorted(
        Address.objects.filter(party=party).order_by("-from_date", "-id"),
        key=lambda a: _ADDRESS_ORDER.get(AddressKind(a.kind), 9),
    )
    accounts = _account_views(party_ids=party_ids)
    return PartySummary(
        party_id=party.pk,
        reference=party.reference,
        kind_label=PartyKind(party.kind).label,
        display_name=party.display_name,
        date_of_birth=party.date_of_birth,
        company_number=party.company_number,
        authority_id=party.authority_id,
        authority_code=party.authority.code,
        authority_name=party.authority.name,
        aliases=list(
            PartyAlias.objects.filter(party=party).order_by("id").values_list("name", flat=True)
        ),
        addresses=[
            AddressView(
                kind=a.kind,
                kind_label=AddressKind(a.kind).label,
                lines=a.lines,
                postcode=a.postcode,
                from_date=a.from_date,
                to_date=a.to_date,
            )
            for a in addresses
        ],
        contacts=[
            ContactView(
                kind_label=ContactKind(c.kind).label, value=c.value, is_preferred=c.is_preferred
            )
            for c in ContactDetail.objects.filter(party=party).order_by("-is_preferred", "id")
        ],
        markers=_marker_views(party_ids=party_ids, authority_names=authority_names, as_of=as_of),
        links=links,
        accounts=accounts,
        totals=_totals(accounts),
        total_balance=sum((a.balance for a in accounts), ZERO),
        events=_event_views(
            audit_selectors.party_history(authority_ids=authority_ids, party_ids=party_ids)
        ),
    )


def accounts_in_breathing_space(*, account_ids: Collection[int], on: dt.date) -> frozenset[int]:
    """
    Return which of these accounts have a liable party in a Breathing Space on `on`.

    One query. Covers both kinds of moratorium (RULES.md §5.1): the marker's start date counts,
    so a backdated start is honoured; an open end date means it is still in force.
    """
    in_force = Marker.objects.filter(kind=MarkerKind.BREATHING_SPACE, start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )
    return frozenset(
        AccountParty.objects.filter(
            account_id__in=account_ids, party_id__in=in_force.values("party_id")
        ).values_list("account_id", flat=True)
    )
