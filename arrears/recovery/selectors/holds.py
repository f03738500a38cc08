"""
Holds in force on accounts, read in bulk from party markers and account holds (RULES.md §5).

A Breathing Space, insolvency, death or vulnerability is recorded as a marker on a liable party
and holds every account the party is liable for; arrangements, disputes and appeals are holds on
the account itself.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Q

from arrears.accounts.domain.markers import BreathingSpaceType, MarkerKind
from arrears.accounts.models import AccountParty, Marker
from arrears.recovery.domain.holds import HoldKind
from arrears.recovery.models import Hold

_MARKER_HOLDS = {
    MarkerKind.BREATHING_SPACE: HoldKind.BREATHING_SPACE,
    MarkerKind.INSOLVENCY: HoldKind.INSOLVENCY,
    MarkerKind.DECEASED: HoldKind.DECEASED,
    MarkerKind.VULNERABILITY: HoldKind.VULNERABILITY,
}


@dataclass(frozen=True)
class HoldPeriod:
    kind: HoldKind
    start_date: dt.date
    end_date: dt.date | None
    review_date: dt.date | None
    source: str  # "marker" or "hold"
    source_id: int
    detail: str

    def is_in_force(self, on: dt.date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return self.start_date <= end and (self.end_date is None or self.end_date >= start)


def _marker_hold(kind: str, category: str) -> HoldKind:
    if kind == MarkerKind.BREATHING_SPACE and category == BreathingSpaceType.MENTAL_HEALTH_CRISIS:
        return HoldKind.MENTAL_HEALTH_CRISIS
    return _MARKER_HOLDS[MarkerKind(kind)]


def hold_periods(
    *, account_ids: Collection[int], since: dt.date, until: dt.date
) -> dict[int, list[HoldPeriod]]:
    """
    Return, by account, the holds that overlap `since`..`until` (inclusive).

    Two queries whatever the number of accounts. Markers recorded with a backdated start are
    honoured: what counts is the start date, not when it was recorded.
    """
    found: dict[int, list[HoldPeriod]] = defaultdict(list)
    overlapping = Q(start_date__lte=until) & (Q(end_date__isnull=True) | Q(end_date__gte=since))
    markers = (
        Marker.objects.filter(overlapping, kind__in=list(_MARKER_HOLDS))
        .filter(
            party_id__in=AccountParty.objects.filter(account_id__in=account_ids).values("party_id")
        )
        .values_list("party_id", "pk", "kind", "category", "start_date", "end_date", "review_date")
    )
    by_party: dict[int, list[HoldPeriod]] = defaultdict(list)
    for party_id, pk, kind, category, start, end, review in markers:
        by_party[party_id].append(
            HoldPeriod(
                kind=_marker_hold(kind, category),
                start_date=start,
                end_date=end,
                review_date=review,
                source="marker",
                source_id=pk,
                detail=category,
            )
        )
    if by_party:
        links = AccountParty.objects.filter(
            account_id__in=account_ids, party_id__in=list(by_party)
        ).values_list("account_id", "party_id")
        for account_id, party_id in links:
            found[account_id].extend(by_party[party_id])
    holds = Hold.objects.filter(overlapping, account_id__in=account_ids).values_list(
        "account_id", "pk", "kind", "start_date", "end_date", "review_date", "reason"
    )
    for account_id, pk, kind, start, end, review, reason in holds:
        found[account_id].append(
            HoldPeriod(
                kind=HoldKind(kind),
                start_date=start,
                end_date=end,
                review_date=review,
                source="hold",
                source_id=pk,
                detail=reason,
            )
        )
    return found
