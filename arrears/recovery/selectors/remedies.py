"""
What a council may do on an account after the liability order, and why not (RULES.md §2.5-§2.12,
§4): the facts the rules need, read in a fixed number of queries, and each remedy's verdict.

Every officer-chosen remedy passes three checks, and the page shows the reasons of each:

1. the case has reached the stage the remedy is available after (`Stage.available_after`);
2. the remedy's own rule for the debt type, nation, amount and orders in force
   (`domain.remedies.decide_remedies`), or, for housing benefit overpayments, that something
   is owed (RULES.md §4);
3. the eligibility gate with the holds in force on the day (`domain.holds.decide_eligibility`):
   a Breathing Space, insolvency, dispute, appeal, arrangement or vulnerability stops it.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, DecimalField, F, Sum, Value, When

from arrears.accounts.domain.debts import DEBT_TYPE_LABELS, DebtType
from arrears.accounts.models import AccountParty, PartyKind
from arrears.enforcement import selectors as enforcement_selectors
from arrears.enforcement.models import EnforcementCase
from arrears.kernel.calendars import Nation, bank_holidays
from arrears.kernel.money import ZERO, format_pounds, to_json
from arrears.ledger.domain.entries import Direction
from arrears.ledger.models import Entry
from arrears.recovery.domain.holds import (
    HOLD_LABELS,
    HOLD_PRIORITY,
    HOLD_REASONS,
    HoldKind,
    decide_eligibility,
)
from arrears.recovery.domain.periods import deemed_service_date
from arrears.recovery.domain.remedies import (
    BANKRUPTCY_LEVELS,
    CHARGING_ORDER_MINIMUM,
    MAXIMUM_ATTACHMENT_ORDERS,
    Remedy,
    RemedyDecision,
    decide_remedies,
)
from arrears.recovery.domain.streams import StageKind, StageSpec, stage_actions
from arrears.recovery.models import (
    ActionType,
    AttachmentOrder,
    BenefitDeduction,
    InformationReply,
    OrderStatus,
    RecoveryAction,
    RecoveryCase,
    ReplyOutcome,
)
from arrears.recovery.selectors import attachments as attachment_selectors
from arrears.recovery.selectors import holds as hold_selectors
from arrears.recovery.selectors import streams as stream_selectors

LIABILITY_ORDER = "LIABILITY_ORDER"
INFORMATION_REQUEST = "INFORMATION_REQUEST"
ENFORCEMENT_AGENT = "ENFORCEMENT_AGENT"
ATTACHMENT_OF_EARNINGS = "ATTACHMENT_OF_EARNINGS"
BENEFIT_DEDUCTION = "BENEFIT_DEDUCTION"
CHARGING_ORDER = "CHARGING_ORDER"
BANKRUPTCY = "BANKRUPTCY"
COMMITTAL = "COMMITTAL"
HB_BENEFIT_DEDUCTION = "DEDUCTION_FROM_BENEFIT"
DIRECT_EARNINGS_ATTACHMENT = "DIRECT_EARNINGS_ATTACHMENT"

# Stage codes of the default streams (domain.streams) and the remedy whose rule each follows.
STAGE_REMEDIES = {
    ENFORCEMENT_AGENT: Remedy.ENFORCEMENT_AGENTS,
    ATTACHMENT_OF_EARNINGS: Remedy.ATTACHMENT_OF_EARNINGS,
    BENEFIT_DEDUCTION: Remedy.DEDUCTION_FROM_BENEFITS,
    CHARGING_ORDER: Remedy.CHARGING_ORDER,
    BANKRUPTCY: Remedy.INSOLVENCY,
    COMMITTAL: Remedy.COMMITTAL,
}
_LIABILITY_ORDER_DEBTS = frozenset(
    {DebtType.COUNCIL_TAX, DebtType.BUSINESS_RATES, DebtType.BID_LEVY}
)
# Reg 36: the debtor must reply within 14 days (RULES.md §2.5), counted here as 14 days
# beginning with the day the request is deemed served, the reading more generous to the debtor.
INFORMATION_REPLY_DAYS = 14


@dataclass(frozen=True)
class Debtor:
    party_id: int
    name: str
    is_person: bool
    attachment_orders_in_force: int
    has_benefit_deduction_in_force: bool


@dataclass(frozen=True)
class RemedyFacts:
    """What the remedies on one account depend on, as at `as_of`."""

    case_id: int
    account_id: int
    authority_id: int
    account_reference: str
    debt_type: DebtType
    nation: Nation
    as_of: dt.date
    stream_version: int
    is_closed: bool
    reached: frozenset[str]  # stage codes the case has taken (not withdrawn)
    liability_order_date: dt.date | None
    balance: Decimal
    outstanding: Decimal  # still owed under the liability order, or the balance without one
    debtors: tuple[Debtor, ...]
    has_insufficient_goods_report: bool
    has_open_referral: bool
    holds: frozenset[HoldKind]
    information_requested_date: dt.date | None
    information_deadline_date: dt.date | None

    @property
    def is_company(self) -> bool:
        return bool(self.debtors) and not any(d.is_person for d in self.debtors)

    @property
    def attachment_orders_in_force(self) -> int:
        """The fewest orders in force against any debtor on the account who is a person."""
        counts = [d.attachment_orders_in_force for d in self.debtors if d.is_person]
        return min(counts, default=0)

    @property
    def has_benefit_deduction_in_force(self) -> bool:
        """Whether every debtor who is a person already has a deduction in force."""
        people = [d for d in self.debtors if d.is_person]
        return bool(people) and all(d.has_benefit_deduction_in_force for d in people)

    def debtor(self, party_id: int) -> Debtor | None:
        return next((d for d in self.debtors if d.party_id == party_id), None)


@dataclass(frozen=True)
class RemedyOption:
    """One remedy on the account's stream: whether it may be taken today, and why not."""

    code: str
    name: str
    rule: str
    stage_id: int
    remedy: Remedy | None
    reasons: tuple[str, ...]
    notes: tuple[str, ...]
    blocking_holds: tuple[str, ...]

    @property
    def is_allowed(self) -> bool:
        return not self.reasons


class NoRecoveryCase(Exception):
    """The account has no recovery case, so nothing has happened that remedies follow."""


def _outstanding(*, account_id: int, balance: Decimal, order_date: dt.date | None) -> Decimal:
    """
    Return what is still owed under the liability order: the balance on the day it was made,
    less what has been paid since, so never more than the order was for (later charges, such as
    enforcement fees, are not under the order). Without an order, the balance.
    """
    if order_date is None:
        return max(balance, ZERO)
    signed = Case(
        When(direction=Direction.DEBIT.value, then=F("amount")),
        default=-F("amount"),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )
    at_order = Entry.objects.filter(
        account_id=account_id, effective_date__lte=order_date
    ).aggregate(total=Sum(signed, default=Value(ZERO)))["total"]
    return max(min(balance, Decimal(at_order)), ZERO)


def _debtors(*, account_id: int) -> tuple[Debtor, ...]:
    links = list(
        AccountParty.objects.filter(account_id=account_id)
        .order_by("id")
        .values_list("party_id", "party__display_name", "party__kind")
    )
    party_ids = [party_id for party_id, _, _ in links]
    orders = Counter(
        AttachmentOrder.objects.filter(
            party_id__in=party_ids, status=OrderStatus.ACTIVE.value
        ).values_list("party_id", flat=True)
    )
    deductions = set(
        BenefitDeduction.objects.filter(
            party_id__in=party_ids, status=OrderStatus.ACTIVE.value
        ).values_list("party_id", flat=True)
    )
    return tuple(
        Debtor(
            party_id=party_id,
            name=name,
            is_person=kind == PartyKind.PERSON,
            attachment_orders_in_force=orders[party_id],
            has_benefit_deduction_in_force=party_id in deductions,
        )
        for party_id, name, kind in links
    )


def _information_deadline(
    *, requested: dt.date | None, postal_days: int, nation: Nation
) -> dt.date | None:
    if requested is None:
        return None
    holidays = bank_holidays(years=[requested.year, requested.year + 1], nation=nation)
    served = deemed_service_date(requested, postal_days=postal_days, holidays=holidays)
    return served + dt.timedelta(days=INFORMATION_REPLY_DAYS - 1)


def remedy_facts(*, account_id: int, as_of: dt.date) -> RemedyFacts:
    """
    Return the facts the remedies on the account depend on, as at `as_of`.

    :raises NoRecoveryCase: if the account has no recovery case.
    """
    case = (
        RecoveryCase.objects.select_related("account", "account__authority", "stream")
        .filter(account_id=account_id)
        .first()
    )
    if case is None:
        raise NoRecoveryCase(f"Account {account_id} has no recovery case.")
    taken = list(
        RecoveryAction.objects.filter(case=case, withdrawn_at__isnull=True)
        .order_by("action_date", "id")
        .values_list("stage__code", "kind", "action_date")
    )
    reached = {code for code, _, _ in taken}
    order_dates = [
        on
        for code, kind, on in taken
        if code == LIABILITY_ORDER and kind == ActionType.COURT_OUTCOME
    ]
    requests = [on for code, _, on in taken if code == INFORMATION_REQUEST]
    account = case.account
    nation = Nation(account.authority.nation)
    periods = hold_selectors.hold_periods(account_ids=[account_id], since=as_of, until=as_of)
    order_date = order_dates[-1] if order_dates else None
    requested = requests[-1] if requests else None
    return RemedyFacts(
        case_id=case.pk,
        account_id=account_id,
        authority_id=account.authority_id,
        account_reference=account.reference,
        debt_type=DebtType(account.debt_type),
        nation=nation,
        as_of=as_of,
        stream_version=case.stream.version,
        is_closed=case.is_closed,
        reached=frozenset(reached),
        liability_order_date=order_date,
        balance=account.balance,
        outstanding=_outstanding(
            account_id=account_id, balance=account.balance, order_date=order_date
        ),
        debtors=_debtors(account_id=account_id),
        has_insufficient_goods_report=enforcement_selectors.has_insufficient_goods_report(
            account_id=account_id
        ),
        has_open_referral=bool(
            enforcement_selectors.open_referral_account_ids(account_ids=[account_id])
        ),
        holds=frozenset(p.kind for p in periods.get(account_id, []) if p.is_in_force(as_of)),
        information_requested_date=requested,
        information_deadline_date=_information_deadline(
            requested=requested, postal_days=case.stream.postal_days, nation=nation
        ),
    )


def _decisions(facts: RemedyFacts) -> dict[Remedy, RemedyDecision]:
    if facts.debt_type not in _LIABILITY_ORDER_DEBTS:
        return {}
    return {
        decision.remedy: decision
        for decision in decide_remedies(
            debt_type=facts.debt_type,
            nation=facts.nation,
            as_of=facts.as_of,
            outstanding_under_liability_orders=facts.outstanding,
            attachment_orders_in_force=facts.attachment_orders_in_force,
            has_benefit_deduction_in_force=facts.has_benefit_deduction_in_force,
            has_insufficient_goods_report=facts.has_insufficient_goods_report,
            is_company=facts.is_company,
        )
    }


def _stage_reasons(
    spec: StageSpec, facts: RemedyFacts, names: dict[str, str]
) -> tuple[list[str], bool]:
    """Return why the case is not far enough for `spec`, and whether it is far enough."""
    needed = spec.available_after or (LIABILITY_ORDER if spec.code == ENFORCEMENT_AGENT else "")
    if not needed or needed in facts.reached:
        return [], True
    name = names.get(needed, needed.replace("_", " ").capitalize())
    return [f"The case has not reached the {name.lower()} stage yet ({spec.rule})."], False


def _own_reasons(
    spec: StageSpec, facts: RemedyFacts, decisions: dict[Remedy, RemedyDecision]
) -> tuple[list[str], tuple[str, ...]]:
    """Return the remedy's own reasons against it, and the notes for the officer."""
    remedy = STAGE_REMEDIES.get(spec.code)
    reasons: list[str] = []
    notes: tuple[str, ...] = ()
    if remedy is not None and decisions:
        decision = decisions[remedy]
        reasons += [str(reason) for reason in decision.reasons]
        notes = decision.notes
    elif remedy is not None:
        label = DEBT_TYPE_LABELS[facts.debt_type]
        reasons.append(f"{label} is not recovered through a liability order (RULES.md §2.8).")
    elif facts.balance <= ZERO:
        reasons.append("Nothing is owed on the account.")
    if ZERO < facts.balance < spec.minimum_balance:
        reasons.append(
            f"The balance of {format_pounds(facts.balance)} is below the "
            f"{format_pounds(spec.minimum_balance)} this step needs ({spec.rule})."
        )
    if spec.code in {HB_BENEFIT_DEDUCTION, DIRECT_EARNINGS_ATTACHMENT} and facts.is_company:
        reasons.append("A company has no benefit or earnings to deduct from (RULES.md §4).")
    if spec.code == ENFORCEMENT_AGENT and facts.has_open_referral:
        reasons.append("The account is already with the enforcement agents.")
    return reasons, notes


def remedy_options(
    *, facts: RemedyFacts, stages: stream_selectors.StreamStages
) -> list[RemedyOption]:
    """
    Return the officer's remedies on the account's stream version, each with its verdict: the
    referral to enforcement agents (when the stream has one) and every officer-chosen stage.
    """
    names = {spec.code: spec.name for spec in stages.specs}
    decisions = _decisions(facts)
    options = []
    for stage_id, spec in zip(stages.stage_ids, stages.specs, strict=True):
        if spec.kind is not StageKind.OFFICER and spec.code != ENFORCEMENT_AGENT:
            continue
        reasons: list[str] = []
        if facts.is_closed:
            reasons.append("The recovery case is closed.")
        stage_reasons, is_far_enough = _stage_reasons(spec, facts, names)
        reasons += stage_reasons
        notes: tuple[str, ...] = ()
        if is_far_enough:
            own, notes = _own_reasons(spec, facts, decisions)
            reasons += own
        gate = decide_eligibility(
            holds=facts.holds, actions=stage_actions(spec.kind, has_cost=bool(spec.costs))
        )
        reasons += gate.reasons
        options.append(
            RemedyOption(
                code=spec.code,
                name=spec.name,
                rule=spec.rule,
                stage_id=stage_id,
                remedy=STAGE_REMEDIES.get(spec.code),
                reasons=tuple(reasons),
                notes=() if reasons else notes,
                blocking_holds=tuple(HOLD_LABELS[kind] for kind in gate.blocking),
            )
        )
    return options


def option_for(*, account_id: int, code: str, as_of: dt.date) -> tuple[RemedyFacts, RemedyOption]:
    """
    Return the account's facts and the verdict on the remedy `code`.

    :raises NoRecoveryCase: if the account has no recovery case.
    :raises KeyError: if the account's stream has no such remedy.
    """
    facts = remedy_facts(account_id=account_id, as_of=as_of)
    case_stream = RecoveryCase.objects.values_list("stream_id", flat=True).get(pk=facts.case_id)
    stages = stream_selectors.stream_stages(stream_ids=[case_stream])[case_stream]
    for option in remedy_options(facts=facts, stages=stages):
        if option.code == code:
            return facts, option
    raise KeyError(code)


def check_figures(*, facts: RemedyFacts, code: str) -> dict[str, Any]:
    """Return the figures the checks on remedy `code` used, for the action's explanation."""
    figures: dict[str, Any] = {
        "as_of": facts.as_of.isoformat(),
        "debt_type": facts.debt_type.value,
        "nation": facts.nation.value,
        "balance": to_json(facts.balance),
        "liability_order_date": (
            facts.liability_order_date.isoformat() if facts.liability_order_date else None
        ),
        "outstanding_under_liability_orders": to_json(facts.outstanding),
        "holds_in_force": sorted(kind.value for kind in facts.holds),
    }
    if code == ATTACHMENT_OF_EARNINGS:
        figures["attachment_orders_in_force"] = facts.attachment_orders_in_force
        figures["maximum_attachment_orders"] = MAXIMUM_ATTACHMENT_ORDERS
    elif code == CHARGING_ORDER:
        figures["minimum"] = to_json(CHARGING_ORDER_MINIMUM)
    elif code == BANKRUPTCY:
        levels = [level for level in BANKRUPTCY_LEVELS if level.valid_from <= facts.as_of]
        if levels:
            figures["minimum"] = to_json(max(levels, key=lambda lv: lv.valid_from).minimum)
    elif code == COMMITTAL:
        figures["insufficient_goods_report"] = facts.has_insufficient_goods_report
    return figures


def holds_in_force(*, account_id: int, as_of: dt.date) -> list[tuple[str, str]]:
    """Return the holds in force on the account on `as_of`: (label, reason), statutory first."""
    periods = hold_selectors.hold_periods(account_ids=[account_id], since=as_of, until=as_of)
    kinds = {p.kind for p in periods.get(account_id, []) if p.is_in_force(as_of)}
    return [(HOLD_LABELS[kind], HOLD_REASONS[kind]) for kind in HOLD_PRIORITY if kind in kinds]


def latest_reply(*, account_id: int) -> InformationReply | None:
    """Return the debtor's latest reply to the information request on the account, if any."""
    return (
        InformationReply.objects.filter(account_id=account_id, outcome=ReplyOutcome.REPLIED.value)
        .order_by("-received_date", "-id")
        .first()
    )


def benefit_deduction_for_account(*, account_id: int, deduction_id: int) -> BenefitDeduction:
    """
    Return one of the account's deductions from benefits.

    :raises BenefitDeduction.DoesNotExist: if the account has no such deduction.
    """
    return BenefitDeduction.objects.select_related("party").get(
        pk=deduction_id, account_id=account_id
    )


@dataclass
class RemediesPage:
    """Everything the "after the liability order" page shows for one account."""

    facts: RemedyFacts | None
    options: list[RemedyOption] = field(default_factory=list)
    actions: list[RecoveryAction] = field(default_factory=list)
    orders: list[attachment_selectors.OrderView] = field(default_factory=list)
    deductions: list[BenefitDeduction] = field(default_factory=list)
    replies: list[InformationReply] = field(default_factory=list)
    referrals: list[EnforcementCase] = field(default_factory=list)

    def option(self, code: str) -> RemedyOption | None:
        return next((option for option in self.options if option.code == code), None)


def remedies_page(*, account_id: int, as_of: dt.date) -> RemediesPage:
    """Return the account's remedies and their verdicts, and what has been done so far."""
    try:
        facts = remedy_facts(account_id=account_id, as_of=as_of)
    except NoRecoveryCase:
        return RemediesPage(facts=None)
    stream_id = RecoveryCase.objects.values_list("stream_id", flat=True).get(pk=facts.case_id)
    stages = stream_selectors.stream_stages(stream_ids=[stream_id])[stream_id]
    actions = list(
        RecoveryAction.objects.filter(case_id=facts.case_id, kind=ActionType.OFFICER)
        .select_related("stage", "created_by")
        .order_by("-action_date", "-id")
    )
    orders = (
        AttachmentOrder.objects.filter(account_id=account_id)
        .select_related("account", "party")
        .order_by("-made_date", "-id")
    )
    return RemediesPage(
        facts=facts,
        options=remedy_options(facts=facts, stages=stages),
        actions=actions,
        orders=[attachment_selectors.order_view(order=order, as_of=as_of) for order in orders],
        deductions=list(
            BenefitDeduction.objects.filter(account_id=account_id)
            .select_related("party")
            .order_by("-start_date", "-id")
        ),
        replies=list(
            InformationReply.objects.filter(account_id=account_id).order_by("-recorded_at", "-id")
        ),
        referrals=enforcement_selectors.referrals_for_account(account_id=account_id),
    )
