"""
Reads for the magistrates' court pages (RULES.md §2.4): sessions, the summonses booked into
each, the complaint list the council sends the court, and the register of liability orders.

Tenancy: a session reaches an officer only through `session_for_officer`, and a case only
through `case_for_officer`; another council's session or case is treated exactly as one that
does not exist. Lists are filtered by `staff.selectors.visible_authority_ids`.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.db.models import Count, DecimalField, Q, Subquery, Sum
from django.db.models.expressions import OuterRef

from arrears.accounts.domain.debts import DEBT_TYPE_LABELS, DebtType
from arrears.accounts.domain.markers import MarkerKind
from arrears.accounts.models import (
    AccountParty,
    Address,
    AddressKind,
    Liability,
    LinkKind,
    Marker,
    PartyLink,
)
from arrears.kernel.money import ZERO
from arrears.ledger import selectors as ledger_selectors
from arrears.ledger.models import Entry
from arrears.recovery.domain.decisions import cost_in_force
from arrears.recovery.domain.streams import StageKind
from arrears.recovery.models import ActionType, CourtSession, RecoveryAction, RecoveryCase
from arrears.recovery.selectors import streams as stream_selectors
from arrears.recovery.selectors.cases import SessionRoom, court_sessions_with_room
from arrears.staff.models import Officer
from arrears.staff.selectors import visible_authority_ids

LIABILITY_ORDER = "LIABILITY_ORDER"  # the stage code of the order in every shipped stream
ADDRESS_WITHHELD = "Address withheld"
# Magistrates' Courts Fees Order 2008, Sch 1 fee 5.1, as made: £3 per defendant for a liability
# order application (RULES.md §2.4 [V1 as made; the current figure is unverified, U]). Shown to
# officers as the fee as made, never charged to a debtor.
COURT_FEE_PER_DEFENDANT_AS_MADE = Decimal("3.00")

_CHUNK = 900  # few enough parameters per query for every database
_MONEY = DecimalField(max_digits=14, decimal_places=2)
_DEFENDANT_LIABILITIES = [Liability.SOLE.value, Liability.JOINT_AND_SEVERAL.value]


def _chunks(ids: Collection[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _pennies(amount: Decimal | float | None) -> Decimal:
    # SQLite sums decimals as floats; every sum read back passes through here.
    return Decimal(str(amount or 0)).quantize(Decimal("0.01"))


# --- Sessions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionRow:
    session_id: int
    authority_name: str
    court_name: str
    hearing_date: dt.date
    hearing_time: dt.time
    capacity: int
    booked: int
    to_record: int

    @property
    def room(self) -> int:
        return max(self.capacity - self.booked, 0)


@dataclass(frozen=True)
class SessionLists:
    upcoming: list[SessionRow]
    past: list[SessionRow]
    past_shown_limit: int


def session_lists(*, officer: Officer, as_of: dt.date, past_limit: int = 100) -> SessionLists:
    """
    Return the officer's councils' sessions from `as_of` on (soonest first) and before it
    (latest first, at most `past_limit`), each with the summonses booked and still to record.
    """
    sessions = (
        CourtSession.objects.filter(authority_id__in=visible_authority_ids(officer=officer))
        .select_related("authority")
        .annotate(
            booked=Count("cases", filter=Q(cases__hearing_date__isnull=False)),
            to_record=Count(
                "cases",
                filter=Q(
                    cases__is_closed=False,
                    cases__next_stage__kind=StageKind.COURT_OUTCOME.value,
                ),
            ),
        )
    )

    def rows(queryset: Iterable[CourtSession]) -> list[SessionRow]:
        return [
            SessionRow(
                session_id=session.pk,
                authority_name=session.authority.name,
                court_name=session.court_name,
                hearing_date=session.hearing_date,
                hearing_time=session.hearing_time,
                capacity=session.capacity,
                booked=session.booked,  # type: ignore[attr-defined]
                to_record=session.to_record,  # type: ignore[attr-defined]
            )
            for session in queryset
        ]

    return SessionLists(
        upcoming=rows(
            sessions.filter(hearing_date__gte=as_of).order_by("hearing_date", "hearing_time", "id")
        ),
        past=rows(
            sessions.filter(hearing_date__lt=as_of).order_by(
                "-hearing_date", "-hearing_time", "-id"
            )[:past_limit]
        ),
        past_shown_limit=past_limit,
    )


def session_for_officer(*, officer: Officer, session_id: int) -> CourtSession:
    """
    Return the court session if `officer` may see it.

    :raises CourtSession.DoesNotExist: if there is no such session or it is another council's.
    """
    return CourtSession.objects.select_related("authority").get(
        pk=session_id, authority_id__in=visible_authority_ids(officer=officer)
    )


def case_for_officer(*, officer: Officer, session_id: int, case_id: int) -> RecoveryCase:
    """
    Return a case booked into the session if `officer` may see it.

    :raises RecoveryCase.DoesNotExist: if there is no such case in the session, or it is
        another council's.
    """
    return RecoveryCase.objects.select_related("account", "next_stage", "court_session").get(
        pk=case_id,
        court_session_id=session_id,
        authority_id__in=visible_authority_ids(officer=officer),
    )


def adjournment_sessions(*, session: CourtSession) -> list[SessionRoom]:
    """Return the council's sessions after this one's hearing day that have room, by date."""
    return court_sessions_with_room(
        authority_id=session.authority_id, from_date=session.hearing_date + dt.timedelta(days=1)
    )


# --- The cases of a session ---------------------------------------------------------------------


class CaseStatus(StrEnum):
    TO_RECORD = "TO_RECORD"
    GRANTED = "GRANTED"
    WITHDRAWN = "WITHDRAWN"
    PAID_BEFORE_HEARING = "PAID_BEFORE_HEARING"
    CLOSED = "CLOSED"
    MOVED_ON = "MOVED_ON"


CASE_STATUS_LABELS = {
    CaseStatus.TO_RECORD: "Outcome to record",
    CaseStatus.GRANTED: "Liability order granted",
    CaseStatus.WITHDRAWN: "Withdrawn",
    CaseStatus.PAID_BEFORE_HEARING: "Paid before the hearing",
    CaseStatus.CLOSED: "Closed",
    CaseStatus.MOVED_ON: "Moved on",
}

# The statuses whose defendants are on the complaint list: the court hears them, or heard them.
_ON_THE_LIST = frozenset({CaseStatus.TO_RECORD, CaseStatus.GRANTED})


@dataclass(frozen=True)
class Defendant:
    party_id: int
    name: str
    liability_label: str
    address: str
    is_address_withheld: bool


@dataclass(frozen=True)
class SessionCase:
    """One summons booked into a session, with the figures the court and the officer need."""

    case_id: int
    account_id: int
    account_reference: str
    debt_type_label: str
    defendants: list[Defendant]
    balance: Decimal
    # The sum summonsed: the balance less the costs still owing on it.
    amount: Decimal
    summons_costs: Decimal
    summons_costs_charged: Decimal  # what withdrawing the summons would take off
    # Liability order costs: asked for while the hearing is to come, charged once granted.
    order_costs: Decimal
    status: CaseStatus
    status_detail: str
    order_date: dt.date | None

    @property
    def status_label(self) -> str:
        return CASE_STATUS_LABELS[self.status]

    @property
    def costs(self) -> Decimal:
        return self.summons_costs + self.order_costs

    @property
    def is_awaiting(self) -> bool:
        return self.status is CaseStatus.TO_RECORD

    @property
    def defendant_names(self) -> str:
        return ", ".join(defendant.name for defendant in self.defendants)


def _confidential_party_ids(*, party_ids: Collection[int], as_of: dt.date) -> set[int]:
    """
    Return the parties whose address must be withheld: an open confidential-address marker on
    them, or on a record linked to them as the same person (as the party statement does).

    A marker that starts after `as_of` withholds too: erring towards not disclosing an address
    is the safe side of a mistake (issue 2, item 4).
    """
    same_person: dict[int, set[int]] = defaultdict(set)
    for chunk in _chunks(party_ids):
        for from_id, to_id in PartyLink.objects.filter(
            Q(from_party_id__in=chunk) | Q(to_party_id__in=chunk), kind=LinkKind.SAME_PERSON
        ).values_list("from_party_id", "to_party_id"):
            same_person[from_id].add(to_id)
            same_person[to_id].add(from_id)
    wanted = set(party_ids).union(*same_person.values()) if same_person else set(party_ids)
    marked: set[int] = set()
    for chunk in _chunks(wanted):
        marked.update(
            Marker.objects.filter(party_id__in=chunk, kind=MarkerKind.CONFIDENTIAL_ADDRESS.value)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=as_of))
            .values_list("party_id", flat=True)
        )
    return {
        party_id
        for party_id in party_ids
        if party_id in marked or same_person.get(party_id, set()) & marked
    }


def _defendants(*, account_ids: Collection[int], as_of: dt.date) -> dict[int, list[Defendant]]:
    """Return the parties liable on each account (not directors named as contacts), by account."""
    links: list[tuple[int, int, str, str]] = []
    for chunk in _chunks(account_ids):
        links.extend(
            AccountParty.objects.filter(account_id__in=chunk, liability__in=_DEFENDANT_LIABILITIES)
            .order_by("account_id", "id")
            .values_list("account_id", "party_id", "party__display_name", "liability")
        )
    party_ids = {party_id for _, party_id, _, _ in links}
    withheld = _confidential_party_ids(party_ids=party_ids, as_of=as_of)
    addresses: dict[int, Address] = {}
    for chunk in _chunks(party_ids - withheld):
        # The latest recorded current address of each party.
        for address in Address.objects.filter(
            party_id__in=chunk, kind=AddressKind.CURRENT
        ).order_by("-id"):
            addresses.setdefault(address.party_id, address)
    labels = dict(Liability.choices)
    found: dict[int, list[Defendant]] = defaultdict(list)
    for account_id, party_id, name, liability in links:
        current = addresses.get(party_id)
        found[account_id].append(
            Defendant(
                party_id=party_id,
                name=name,
                liability_label=str(labels.get(liability, liability)),
                address=ADDRESS_WITHHELD
                if party_id in withheld
                else (", ".join(current.lines) if current else ""),
                is_address_withheld=party_id in withheld,
            )
        )
    return found


def _court_actions(
    *, case_ids: Collection[int]
) -> tuple[dict[int, RecoveryAction], dict[int, RecoveryAction]]:
    """
    Return, by case, its latest summons with costs (the court step taken by the run) and its
    latest court decision (a granted liability order).
    """
    summons: dict[int, RecoveryAction] = {}
    orders: dict[int, RecoveryAction] = {}
    for chunk in _chunks(case_ids):
        for action in (
            RecoveryAction.objects.filter(case_id__in=chunk)
            .filter(
                Q(stage__kind=StageKind.COURT.value, cost_entry_id__isnull=False)
                | Q(kind=ActionType.COURT_OUTCOME, stage__code=LIABILITY_ORDER)
            )
            .order_by("id")
        ):
            if action.kind == ActionType.COURT_OUTCOME:
                orders[action.case_id] = action
            else:
                summons[action.case_id] = action
    return summons, orders


def _owing(*, account_ids: Collection[int]) -> dict[int, Decimal]:
    """Return what is still owing on each unreversed debit entry of these accounts, by entry."""
    return {
        charge.charge_id: charge.outstanding
        for charges in ledger_selectors.open_debits_by_account(account_ids=account_ids).values()
        for charge in charges
    }


def _reversed_entry_ids(*, entry_ids: Collection[int]) -> set[int]:
    """Return which of these entries have been reversed."""
    found: set[int] = set()
    for chunk in _chunks(entry_ids):
        found.update(
            entry_id
            for entry_id in Entry.objects.filter(reverses_id__in=chunk).values_list(
                "reverses_id", flat=True
            )
            if entry_id is not None
        )
    return found


def _status(case: RecoveryCase, order: RecoveryAction | None) -> tuple[CaseStatus, str]:
    awaiting = (
        not case.is_closed
        and case.next_stage is not None
        and case.next_stage.kind == StageKind.COURT_OUTCOME.value
    )
    if awaiting:
        return CaseStatus.TO_RECORD, ""
    if order is not None:
        return CaseStatus.GRANTED, ""
    if case.is_closed:
        reason = case.closed_reason
        if reason.startswith("Summons withdrawn"):
            return CaseStatus.WITHDRAWN, ""
        if reason.startswith("Paid before the hearing"):
            return CaseStatus.PAID_BEFORE_HEARING, ""
        return CaseStatus.CLOSED, reason
    return CaseStatus.MOVED_ON, case.stage.name if case.stage else ""


def session_cases(
    *, session: CourtSession, as_of: dt.date, case_ids: Collection[int] | None = None
) -> list[SessionCase]:
    """
    Return the summonses booked into the session (or those of `case_ids` among them), by account
    reference, each with its defendants, the sum summonsed, its costs and where it stands.

    The sum summonsed is the balance less the costs still owing on the case (payments pay the
    oldest charges first, so the costs are the last to be paid). While the hearing is to come,
    the liability order costs are those in force on the hearing date (RULES.md §0.2 item 1).
    """
    cases = RecoveryCase.objects.filter(
        court_session=session, hearing_date__isnull=False
    ).select_related("account", "stage", "next_stage")
    if case_ids is not None:
        cases = cases.filter(pk__in=list(case_ids))
    found = list(cases.order_by("account__reference", "id"))
    account_ids = [case.account_id for case in found]
    defendants = _defendants(account_ids=account_ids, as_of=as_of)
    summons, orders = _court_actions(case_ids=[case.pk for case in found])
    owing = _owing(account_ids=account_ids)
    reversed_ids = _reversed_entry_ids(
        entry_ids=[a.cost_entry_id for a in summons.values() if a.cost_entry_id is not None]
    )
    stages = stream_selectors.stream_stages(stream_ids={case.stream_id for case in found})
    rows = []
    for case in found:
        order = orders.get(case.pk)
        status, detail = _status(case, order)
        summons_action = summons.get(case.pk)
        summons_costs = (
            owing.get(summons_action.cost_entry_id or 0, ZERO) if summons_action else ZERO
        )
        order_costs = ZERO
        if status is CaseStatus.TO_RECORD and case.next_stage_id is not None:
            claimed = cost_in_force(
                stages[case.stream_id].spec(case.next_stage_id),
                on=session.hearing_date,
                original_amount=case.original_amount,
            )
            order_costs = claimed[1] if claimed else ZERO
        elif order is not None and order.cost_entry_id is not None:
            order_costs = owing.get(order.cost_entry_id, ZERO)
        balance = case.account.balance
        posted_costs = summons_costs + (ZERO if status is CaseStatus.TO_RECORD else order_costs)
        rows.append(
            SessionCase(
                case_id=case.pk,
                account_id=case.account_id,
                account_reference=case.account.reference,
                debt_type_label=DEBT_TYPE_LABELS[DebtType(case.account.debt_type)],
                defendants=defendants.get(case.account_id, []),
                balance=balance,
                amount=max(balance - posted_costs, ZERO),
                summons_costs=summons_costs,
                summons_costs_charged=(
                    summons_action.cost_amount or ZERO
                    if summons_action and summons_action.cost_entry_id not in reversed_ids
                    else ZERO
                ),
                order_costs=order_costs,
                status=status,
                status_detail=detail,
                order_date=order.action_date if order else None,
            )
        )
    return rows


# --- The complaint list --------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplaintLine:
    """One defendant on the complaint list (a jointly liable couple are two lines)."""

    authority_name: str
    court_name: str
    hearing_date: dt.date
    hearing_time: dt.time
    account_reference: str
    debt_type_label: str
    defendant_name: str
    liability_label: str
    address: str
    is_address_withheld: bool
    amount: Decimal
    costs: Decimal


@dataclass(frozen=True)
class ComplaintList:
    session_id: int
    authority_id: int
    lines: list[ComplaintLine]
    case_count: int
    # Each account once: joint defendants are liable for one sum, not one each.
    total_amount: Decimal
    total_costs: Decimal
    left_out: int  # withdrawn, paid before the hearing or otherwise no longer for the court
    withheld_count: int
    case_ids: list[int] = field(default_factory=list)

    @property
    def defendant_count(self) -> int:
        return len(self.lines)

    @property
    def court_fee_as_made(self) -> Decimal:
        return COURT_FEE_PER_DEFENDANT_AS_MADE * self.defendant_count


def complaint_list(
    *, session: CourtSession, as_of: dt.date, cases: list[SessionCase] | None = None
) -> ComplaintList:
    """
    Return the complaint list for the session: one line per defendant of each summons the court
    hears (or heard and granted), with its sum and costs (RULES.md §2.4, CT Regs reg 34(2)).

    A defendant with an open confidential-address marker (or whose same-person record has one)
    is listed with "Address withheld" in place of the address. `cases` are the session's
    summonses when the caller has already read them with `session_cases`.
    """
    if cases is None:
        cases = session_cases(session=session, as_of=as_of)
    listed = [case for case in cases if case.status in _ON_THE_LIST]
    authority_name = session.authority.name
    lines = [
        ComplaintLine(
            authority_name=authority_name,
            court_name=session.court_name,
            hearing_date=session.hearing_date,
            hearing_time=session.hearing_time,
            account_reference=case.account_reference,
            debt_type_label=case.debt_type_label,
            defendant_name=defendant.name,
            liability_label=defendant.liability_label,
            address=defendant.address,
            is_address_withheld=defendant.is_address_withheld,
            amount=case.amount,
            costs=case.costs,
        )
        for case in listed
        for defendant in case.defendants
    ]
    return ComplaintList(
        session_id=session.pk,
        authority_id=session.authority_id,
        lines=lines,
        case_count=len(listed),
        total_amount=sum((case.amount for case in listed), ZERO),
        total_costs=sum((case.costs for case in listed), ZERO),
        left_out=len(cases) - len(listed),
        withheld_count=sum(1 for line in lines if line.is_address_withheld),
        case_ids=[case.case_id for case in listed],
    )


# --- The liability order register ----------------------------------------------------------------


@dataclass(frozen=True)
class OrderFilter:
    """Which orders to list; dates are inclusive, and None means no limit."""

    from_date: dt.date | None = None
    to_date: dt.date | None = None
    debt_type: str = ""


@dataclass(frozen=True)
class OrderRow:
    action_id: int
    order_date: dt.date
    authority_id: int
    authority_name: str
    account_id: int
    account_reference: str
    debt_type_label: str
    defendants: str
    court_name: str
    # The sum the order is for, less its costs: the balance on the order date less the costs.
    amount: Decimal
    summons_costs: Decimal
    order_costs: Decimal

    @property
    def costs(self) -> Decimal:
        return self.summons_costs + self.order_costs

    @property
    def total(self) -> Decimal:
        return self.amount + self.costs


@dataclass(frozen=True)
class OrderRegister:
    rows: list[OrderRow]
    total_amount: Decimal
    total_costs: Decimal

    @property
    def count(self) -> int:
        return len(self.rows)


def _summons_costs_charged(*, case_ids: Collection[int]) -> dict[int, Decimal]:
    """Return the costs of each case's latest summons, unless they were reversed."""
    latest: dict[int, tuple[int, Decimal]] = {}
    for chunk in _chunks(case_ids):
        for case_id, entry_id, amount in (
            RecoveryAction.objects.filter(
                case_id__in=chunk, stage__kind=StageKind.COURT.value, cost_entry_id__isnull=False
            )
            .order_by("id")
            .values_list("case_id", "cost_entry_id", "cost_amount")
        ):
            if entry_id is not None:
                latest[case_id] = (entry_id, amount or ZERO)
    reversed_ids = _reversed_entry_ids(entry_ids=[entry_id for entry_id, _ in latest.values()])
    return {
        case_id: amount
        for case_id, (entry_id, amount) in latest.items()
        if entry_id not in reversed_ids
    }


def liability_orders(*, officer: Officer, order_filter: OrderFilter) -> OrderRegister:
    """
    Return every liability order granted at the officer's councils that the filter selects,
    newest first, with the sum, summons costs and order costs of each.

    An order is the court's decision recorded as a COURT_OUTCOME action at the LIABILITY_ORDER
    stage. Its sum is read from the ledger as it stood on the order date (entries effective on
    or before it), less the costs.
    """
    balance_on_order_date = Subquery(
        Entry.objects.filter(
            account_id=OuterRef("account_id"), effective_date__lte=OuterRef("action_date")
        )
        .values("account_id")
        .annotate(total=Sum(ledger_selectors.SIGNED_AMOUNT))
        .values("total")[:1],
        output_field=_MONEY,
    )
    actions = RecoveryAction.objects.filter(
        kind=ActionType.COURT_OUTCOME,
        stage__code=LIABILITY_ORDER,
        authority_id__in=visible_authority_ids(officer=officer),
    )
    if order_filter.from_date:
        actions = actions.filter(action_date__gte=order_filter.from_date)
    if order_filter.to_date:
        actions = actions.filter(action_date__lte=order_filter.to_date)
    if order_filter.debt_type:
        actions = actions.filter(account__debt_type=order_filter.debt_type)
    found = list(
        actions.annotate(balance_then=balance_on_order_date)
        .order_by("-action_date", "-id")
        .values_list(
            "pk",
            "action_date",
            "authority_id",
            "authority__name",
            "account_id",
            "account__reference",
            "account__debt_type",
            "case_id",
            "case__court_session__court_name",
            "cost_amount",
            "balance_then",
        )
    )
    summons = _summons_costs_charged(case_ids={row[7] for row in found})
    names: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks({row[4] for row in found}):
        for account_id, name in (
            AccountParty.objects.filter(account_id__in=chunk, liability__in=_DEFENDANT_LIABILITIES)
            .order_by("account_id", "id")
            .values_list("account_id", "party__display_name")
        ):
            names[account_id].append(name)
    rows = []
    for (
        action_id,
        order_date,
        authority_id,
        authority_name,
        account_id,
        reference,
        debt_type,
        case_id,
        court_name,
        cost_amount,
        balance_then,
    ) in found:
        summons_costs = summons.get(case_id, ZERO)
        order_costs = cost_amount or ZERO
        rows.append(
            OrderRow(
                action_id=action_id,
                order_date=order_date,
                authority_id=authority_id,
                authority_name=authority_name,
                account_id=account_id,
                account_reference=reference,
                debt_type_label=DEBT_TYPE_LABELS[DebtType(debt_type)],
                defendants=", ".join(names.get(account_id, [])),
                court_name=court_name or "",
                amount=max(_pennies(balance_then) - summons_costs - order_costs, ZERO),
                summons_costs=summons_costs,
                order_costs=order_costs,
            )
        )
    return OrderRegister(
        rows=rows,
        total_amount=sum((row.amount for row in rows), ZERO),
        total_costs=sum((row.costs for row in rows), ZERO),
    )
