"""
Plain data for the remedies templates: each remedy's verdict with the figures the checks used,
the orders, deductions, replies and referrals on the account, and form fields with their radios.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse

from arrears.enforcement.domain.referrals import (
    REFERRAL_STATUS_LABELS,
    RETURN_REASON_LABELS,
    ReferralStatus,
    ReturnReason,
)
from arrears.interfaces.web.party_changes.fields import Option, radio_options
from arrears.kernel.money import format_pounds
from arrears.recovery.domain.holds import HOLD_LABELS, HOLD_REASONS
from arrears.recovery.selectors import remedies as selectors

# Where each remedy is taken, by stage code.
REMEDY_URLS = {
    selectors.ENFORCEMENT_AGENT: "web:remedy-referral",
    selectors.ATTACHMENT_OF_EARNINGS: "web:aeo-new",
    selectors.BENEFIT_DEDUCTION: "web:remedy-benefit-deduction",
    selectors.CHARGING_ORDER: "web:remedy-charging-order",
    selectors.BANKRUPTCY: "web:remedy-bankruptcy",
    selectors.COMMITTAL: "web:remedy-committal",
    selectors.HB_BENEFIT_DEDUCTION: "web:remedy-hb-deduction",
    selectors.DIRECT_EARNINGS_ATTACHMENT: "web:remedy-dea",
}


def long_date(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "None"


@dataclass(frozen=True)
class FieldRow:
    """A form field with the radios it offers (empty for other widgets)."""

    field: forms.BoundField
    options: list[Option]


def form_fields(form: forms.Form) -> list[FieldRow]:
    rows = []
    for bound in form:
        is_radio = isinstance(bound.field.widget, forms.RadioSelect)
        rows.append(FieldRow(field=bound, options=radio_options(bound.field) if is_radio else []))
    return rows


@dataclass(frozen=True)
class Verdict:
    is_allowed: bool
    reasons: tuple[str, ...]
    notes: tuple[str, ...]
    figures: tuple[tuple[str, str], ...]


def _figures(facts: selectors.RemedyFacts, code: str) -> tuple[tuple[str, str], ...]:
    rows = [
        ("Liability order made", long_date(facts.liability_order_date)),
        ("Outstanding under the order", format_pounds(facts.outstanding)),
        ("Balance", format_pounds(facts.balance)),
        (
            "Holds in force",
            ", ".join(sorted(HOLD_LABELS[kind] for kind in facts.holds)) or "None",
        ),
    ]
    checks = selectors.check_figures(facts=facts, code=code)
    if "attachment_orders_in_force" in checks:
        rows.append(
            (
                "Orders in force against the debtor",
                f"{checks['attachment_orders_in_force']} of {checks['maximum_attachment_orders']}",
            )
        )
    if "minimum" in checks:
        rows.append(("Least that must be owed", format_pounds(Decimal(checks["minimum"]))))
    if "insufficient_goods_report" in checks:
        rows.append(
            (
                "Agents reported insufficient goods",
                "Yes" if checks["insufficient_goods_report"] else "No",
            )
        )
    return tuple(rows)


def verdict(*, facts: selectors.RemedyFacts, option: selectors.RemedyOption) -> Verdict:
    return Verdict(
        is_allowed=option.is_allowed,
        reasons=option.reasons,
        notes=option.notes,
        figures=_figures(facts, option.code),
    )


@dataclass(frozen=True)
class OptionRow:
    code: str
    name: str
    rule: str
    is_allowed: bool
    reasons: tuple[str, ...]
    notes: tuple[str, ...]
    href: str


@dataclass(frozen=True)
class ActionRow:
    action_date: dt.date
    name: str
    rule: str
    note: str
    figures: list[tuple[str, str]]
    officer: str


@dataclass(frozen=True)
class ReferralRow:
    reference: str
    referred_date: dt.date
    debt_at_referral: Decimal
    status: str
    closed_date: dt.date | None
    return_reason: str
    outcome_href: str


@dataclass
class RemediesView:
    has_case: bool
    liability_order_date: dt.date | None = None
    outstanding: Decimal | None = None
    balance: Decimal | None = None
    holds: list[tuple[str, str]] = field(default_factory=list)
    information_requested_date: dt.date | None = None
    information_deadline_date: dt.date | None = None
    options: list[OptionRow] = field(default_factory=list)
    orders: list[Any] = field(default_factory=list)
    deductions: list[dict[str, Any]] = field(default_factory=list)
    replies: list[dict[str, Any]] = field(default_factory=list)
    referrals: list[ReferralRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    can_act: bool = False
    reply_href: str = ""


_FIGURE_LABELS = {
    "party": "Debtor",
    "employer_name": "Employer",
    "pay_period": "Pay period",
    "net_earnings": "Net earnings",
    "expected_deduction": "Expected deduction",
    "amount_set_by_dwp": "Amount set by DWP",
    "forecast": "Forecast",
    "weekly_amount": "Weekly deduction",
    "maximum_weekly": "Most allowed a week",
    "deduction": "Deduction",
    "cap": "40% cap",
    "start_date": "Starts",
    "benefit": "Benefit",
}


def _action_row(action: Any) -> ActionRow:
    explanation = action.explanation or {}
    figures = explanation.get("figures", {})
    checks = explanation.get("checks", {})
    lines = [
        (label, str(figures[key]))
        for key, label in _FIGURE_LABELS.items()
        if figures.get(key) not in (None, "")
    ]
    if checks.get("outstanding_under_liability_orders"):
        lines.append(("Outstanding then", f"£{checks['outstanding_under_liability_orders']}"))
    officer = action.created_by.get_full_name() if action.created_by else "System"
    return ActionRow(
        action_date=action.action_date,
        name=str(explanation.get("name") or action.stage.name),
        rule=action.rule,
        note=str(explanation.get("note", "")),
        figures=lines,
        officer=officer,
    )


def _option_row(option: selectors.RemedyOption, account_id: int) -> OptionRow:
    url_name = REMEDY_URLS.get(option.code)
    href = reverse(url_name, kwargs={"account_id": account_id}) if url_name else ""
    return OptionRow(
        code=option.code,
        name=option.name,
        rule=option.rule,
        is_allowed=option.is_allowed,
        reasons=option.reasons,
        notes=option.notes,
        href=href,
    )


def _referral_row(referral: Any, account_id: int) -> ReferralRow:
    is_open = referral.status == ReferralStatus.OPEN
    return ReferralRow(
        reference=referral.reference,
        referred_date=referral.referred_date,
        debt_at_referral=referral.debt_at_referral,
        status=REFERRAL_STATUS_LABELS[ReferralStatus(referral.status)],
        closed_date=referral.closed_date,
        return_reason=(
            RETURN_REASON_LABELS[ReturnReason(referral.return_reason)]
            if referral.return_reason
            else ""
        ),
        outcome_href=(
            reverse(
                "web:remedy-referral-outcome",
                kwargs={"account_id": account_id, "case_id": referral.pk},
            )
            if is_open
            else ""
        ),
    )


def remedies_view(*, page: selectors.RemediesPage, account_id: int, can_act: bool) -> RemediesView:
    facts = page.facts
    if facts is None:
        return RemediesView(has_case=False)
    return RemediesView(
        has_case=True,
        liability_order_date=facts.liability_order_date,
        outstanding=facts.outstanding,
        balance=facts.balance,
        holds=[(HOLD_LABELS[kind], HOLD_REASONS[kind]) for kind in sorted(facts.holds)],
        information_requested_date=facts.information_requested_date,
        information_deadline_date=facts.information_deadline_date,
        options=[_option_row(option, account_id) for option in page.options],
        orders=page.orders,
        deductions=[
            {
                "party": deduction.party.display_name,
                "benefit": deduction.get_benefit_display(),
                "amount": deduction.amount,
                "frequency": deduction.get_frequency_display(),
                "start_date": deduction.start_date,
                "forecast": deduction.forecast_amount,
                "is_active": deduction.status == "ACTIVE",
                "end_date": deduction.end_date,
                "end_href": reverse(
                    "web:remedy-benefit-deduction-end",
                    kwargs={"account_id": account_id, "deduction_id": deduction.pk},
                ),
            }
            for deduction in page.deductions
        ],
        replies=[
            {
                "outcome": reply.get_outcome_display(),
                "received_date": reply.received_date,
                "deadline_date": reply.deadline_date,
                "employer_name": reply.employer_name,
                "pay_period": reply.get_pay_period_display() if reply.pay_period else "",
                "net_earnings": reply.net_earnings,
                "benefits": reply.benefits,
                "other_income": reply.other_income,
            }
            for reply in page.replies
        ],
        referrals=[_referral_row(referral, account_id) for referral in page.referrals],
        actions=[_action_row(action) for action in page.actions],
        can_act=can_act,
        reply_href=reverse("web:remedy-information-reply", kwargs={"account_id": account_id}),
    )


def reply_initial(*, account_id: int) -> dict[str, Any]:
    """Return the AEO form's starting answers from the debtor's latest information reply."""
    reply = selectors.latest_reply(account_id=account_id)
    if reply is None:
        return {}
    return {
        "employer_name": reply.employer_name,
        "employer_address": reply.employer_address,
        "payroll_number": reply.payroll_number,
        "pay_period": reply.pay_period,
        "net_earnings": f"{reply.net_earnings:.2f}" if reply.net_earnings is not None else "",
    }
