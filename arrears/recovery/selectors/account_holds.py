"""Every hold on one account, past, present and planned, for the account page (RULES.md §5)."""

import datetime as dt
from dataclasses import dataclass

from arrears.recovery.domain.holds import HOLD_LABELS, HOLD_REASONS, HoldKind
from arrears.recovery.models import Hold
from arrears.recovery.selectors import holds as hold_selectors


@dataclass(frozen=True)
class AccountHold:
    """One hold on an account, from a party marker or recorded on the account itself."""

    kind: HoldKind
    label: str
    start_date: dt.date
    review_date: dt.date | None
    end_date: dt.date | None
    detail: str
    law: str  # what the hold stops and the rule or law it cites (HOLD_REASONS)
    source: str  # "marker" (recorded on a liable party) or "hold" (recorded on the account)
    hold_id: int | None  # the account hold's id; None for a marker
    is_in_force: bool
    is_review_due: bool
    # An account hold that is open, or ends after `as_of`, can still be ended from the page.
    can_end: bool


def account_holds(*, account_id: int, as_of: dt.date) -> list[AccountHold]:
    """
    Return every hold on the account whenever it falls, those in force on `as_of` first, then
    the latest-starting first.

    Three queries: the party markers that hold the account, and the account's own holds.
    """
    periods = hold_selectors.hold_periods(
        account_ids=[account_id], since=dt.date.min, until=dt.date.max
    ).get(account_id, [])
    open_ids = set(
        Hold.objects.filter(account_id=account_id)
        .exclude(end_date__lt=as_of)
        .values_list("pk", flat=True)
    )
    rows = [
        AccountHold(
            kind=period.kind,
            label=HOLD_LABELS[period.kind],
            start_date=period.start_date,
            review_date=period.review_date,
            end_date=period.end_date,
            detail=period.detail,
            law=HOLD_REASONS[period.kind],
            source=period.source,
            hold_id=period.source_id if period.source == "hold" else None,
            is_in_force=period.is_in_force(as_of),
            is_review_due=(
                period.review_date is not None
                and period.review_date <= as_of
                and (period.end_date is None or period.end_date >= as_of)
            ),
            can_end=period.source == "hold" and period.source_id in open_ids,
        )
        for period in periods
    ]
    return sorted(
        rows,
        key=lambda row: (not row.is_in_force, -row.start_date.toordinal(), row.hold_id or 0),
    )


def hold_on_account(*, account_id: int, hold_id: int) -> Hold:
    """
    Return the hold `hold_id` recorded on the account `account_id`.

    :raises Hold.DoesNotExist: if there is no such hold on that account.
    """
    return Hold.objects.select_related("account").get(pk=hold_id, account_id=account_id)
