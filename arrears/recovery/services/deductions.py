"""
Deductions from benefits and earnings that need no court order, or that DWP sets:

- council tax deductions from benefits, recorded as DWP notifies them (RULES.md §2.7);
- housing benefit overpayments recovered from ongoing housing benefit (RULES.md §4.1) and by
  Direct Earnings Attachment (RULES.md §4.2).

Each is an officer-chosen remedy, checked and recorded by `remedies.take_officer_action`.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from arrears.accounts.models import DebtAccount, Party
from arrears.audit import services as audit
from arrears.kernel.money import ZERO, format_pounds, to_json
from arrears.recovery.domain.deductions import (
    DeaPeriod,
    RateNotHeld,
    dea_deduction,
    legacy_benefit_deduction_forecast,
    overpayment_deduction_limit,
    universal_credit_deduction_forecast,
)
from arrears.recovery.models import (
    Benefit,
    BenefitDeduction,
    DeductionFrequency,
    OrderStatus,
    RecoveryAction,
)
from arrears.recovery.selectors import remedies as selectors
from arrears.recovery.services import remedies

# --- Deductions from benefits (RULES.md §2.7) --------------------------------------------------


class DeductionInForce(Exception):
    """A council tax deduction from benefits is already in force for the debtor (§2.7)."""


class DeductionNotInForce(Exception):
    """The deduction has already ended."""


def _forecast(*, benefit: Benefit, as_of: dt.date) -> Decimal | None:
    try:
        if benefit == Benefit.UNIVERSAL_CREDIT:
            return universal_credit_deduction_forecast(as_of=as_of)
        return legacy_benefit_deduction_forecast(as_of=as_of)
    except RateNotHeld:
        return None


def benefit_deduction_forecast(*, benefit: Benefit, as_of: dt.date) -> Decimal | None:
    """Return the guide figure for a deduction from `benefit` (RULES.md §2.7), if held."""
    return _forecast(benefit=benefit, as_of=as_of)


@transaction.atomic
def record_benefit_deduction(
    *,
    account: DebtAccount,
    party: Party,
    benefit: Benefit,
    amount: Decimal,
    frequency: DeductionFrequency,
    start_date: dt.date,
    notified_date: dt.date,
    actor: audit.Actor,
    dwp_reference: str = "",
) -> BenefitDeduction:
    """
    Record a council tax deduction from the debtor's benefit as DWP notified it (RULES.md §2.7).

    DWP sets the amount; it is recorded as notified, never computed. The forecast from the
    benefit rates (5% of the personal or standard allowance) is kept beside it as a guide. Only
    one deduction may be in force for a debtor at a time.

    :raises remedies.NotADebtor: if `party` is not liable on the account.
    :raises DeductionInForce: if the debtor already has one in force.
    :raises remedies.RemedyNotAllowed: if the checks refuse a deduction from benefits.
    :raises ValueError: if `amount` is not more than £0.
    """
    if amount <= ZERO:
        raise ValueError("The amount DWP deducts must be more than £0.")
    remedies.check_debtor(account=account, party=party)
    Party.objects.select_for_update().filter(pk=party.pk).first()
    if BenefitDeduction.objects.filter(party=party, status=OrderStatus.ACTIVE.value).exists():
        raise DeductionInForce(
            f"{party.display_name} already has a council tax deduction from benefits in force; "
            "only one is allowed at a time (RULES.md §2.7)."
        )
    forecast = _forecast(benefit=benefit, as_of=start_date)
    action = remedies.take_officer_action(
        account=account,
        code=selectors.BENEFIT_DEDUCTION,
        on=notified_date,
        actor=actor,
        figures={
            "party": party.display_name,
            "benefit": benefit.value,
            "amount_set_by_dwp": to_json(amount),
            "frequency": frequency.value,
            "start_date": start_date.isoformat(),
            "dwp_reference": dwp_reference,
            "forecast": to_json(forecast) if forecast is not None else None,
        },
    )
    return BenefitDeduction.objects.create(
        authority_id=account.authority_id,
        account=account,
        party=party,
        action=action,
        benefit=benefit.value,
        amount=amount,
        frequency=frequency.value,
        start_date=start_date,
        notified_date=notified_date,
        dwp_reference=dwp_reference,
        forecast_amount=forecast,
        created_at=timezone.now(),
        created_by_id=actor.officer_id,
    )


@transaction.atomic
def end_benefit_deduction(
    *, deduction: BenefitDeduction, on: dt.date, reason: str, actor: audit.Actor
) -> BenefitDeduction:
    """
    Record that a deduction from benefits ended on `on` (DWP stopped it, the debt is paid).

    :raises DeductionNotInForce: if it has already ended.
    :raises ValueError: if there is no reason, or `on` is before it started.
    """
    locked = BenefitDeduction.objects.select_for_update().get(pk=deduction.pk)
    if locked.status != OrderStatus.ACTIVE:
        raise DeductionNotInForce("This deduction from benefits has already ended.")
    if not reason.strip():
        raise ValueError("Say why the deduction ended.")
    if on < locked.start_date:
        raise ValueError("A deduction cannot end before it started.")
    locked.status = OrderStatus.CEASED.value
    locked.end_date = on
    locked.end_reason = reason
    locked.save(update_fields=["status", "end_date", "end_reason"])
    audit.record_event(
        actor=actor,
        action="recovery.benefit_deduction.ended",
        authority_id=locked.authority_id,
        object_type="benefit_deduction",
        object_id=locked.pk,
        detail={"end_date": on.isoformat(), "reason": reason},
    )
    return locked


# --- Housing benefit overpayments (RULES.md §4.1, §4.2) ----------------------------------------


class AboveMaximumDeduction(Exception):
    """The weekly deduction from housing benefit is more than reg 102 allows (RULES.md §4.1)."""


@transaction.atomic
def record_hb_benefit_deduction(
    *,
    account: DebtAccount,
    weekly_amount: Decimal,
    is_fraud: bool,
    on: dt.date,
    actor: audit.Actor,
    earnings_disregard: Decimal = ZERO,
) -> RecoveryAction:
    """
    Record recovery of a housing benefit overpayment from ongoing housing benefit at
    `weekly_amount` a week, no more than the reg 102 maximum for `on` (RULES.md §4.1).

    :raises AboveMaximumDeduction: if `weekly_amount` is more than the maximum.
    :raises RateNotHeld: if the benefit rates for `on` are not held.
    :raises remedies.RemedyNotAllowed: if the checks refuse it (a hold, nothing owed).
    """
    limit = overpayment_deduction_limit(
        as_of=on, is_fraud=is_fraud, earnings_disregard=earnings_disregard
    )
    if weekly_amount <= ZERO:
        raise ValueError("The weekly deduction must be more than £0.")
    if weekly_amount > limit.maximum_weekly:
        raise AboveMaximumDeduction(
            f"The most that may be deducted is {format_pounds(limit.maximum_weekly)} a week "
            f"({limit.multiple} × {format_pounds(limit.five_percent)}"
            + (
                f" + {format_pounds(limit.from_earnings_disregard)} from the earnings disregard"
                if limit.from_earnings_disregard
                else ""
            )
            + ", RULES.md §4.1)."
        )
    return remedies.take_officer_action(
        account=account,
        code=selectors.HB_BENEFIT_DEDUCTION,
        on=on,
        actor=actor,
        figures={
            "weekly_amount": to_json(weekly_amount),
            "maximum_weekly": to_json(limit.maximum_weekly),
            "five_percent_of_personal_allowance": to_json(limit.five_percent),
            "multiple": limit.multiple,
            "is_fraud": is_fraud,
            "earnings_disregard": to_json(earnings_disregard),
            "from_earnings_disregard": to_json(limit.from_earnings_disregard),
            "personal_allowance": to_json(limit.year.personal_allowance),
        },
    )


@transaction.atomic
def record_direct_earnings_attachment(
    *,
    account: DebtAccount,
    party: Party,
    employer_name: str,
    employer_address: str,
    net_earnings: Decimal,
    period: DeaPeriod,
    on: dt.date,
    actor: audit.Actor,
    priority_orders: Decimal = ZERO,
) -> RecoveryAction:
    """
    Record a Direct Earnings Attachment for a housing benefit overpayment, with the standard
    rate deduction from the net earnings given and the 40% cap (RULES.md §4.2).

    The notice to the employer (DEA_EMPLOYER_NOTICE) is created awaiting release under
    `remedies_batch_key`.

    :raises remedies.NotADebtor: if `party` is not liable on the account.
    :raises RateNotHeld: if no DEA table is held for `on`.
    :raises remedies.RemedyNotAllowed: if the checks refuse it.
    """
    remedies.check_debtor(account=account, party=party)
    deduction = dea_deduction(
        net_earnings=net_earnings, period=period, as_of=on, priority_orders=priority_orders
    )
    action = remedies.take_officer_action(
        account=account,
        code=selectors.DIRECT_EARNINGS_ATTACHMENT,
        on=on,
        actor=actor,
        figures={
            "party": party.display_name,
            "employer_name": employer_name,
            "employer_address": employer_address,
            "net_earnings": to_json(net_earnings),
            "period": period.value,
            "priority_orders": to_json(priority_orders),
            "percentage": str(deduction.band.percentage),
            "table_deduction": to_json(deduction.table_deduction),
            "cap": to_json(deduction.cap),
            "deduction": to_json(deduction.deduction),
            "is_capped": deduction.is_capped,
            "table": deduction.table.name,
        },
    )
    # RULES.md §4.2: the notice to the employer; its wording gives the table and the 40% cap.
    [letter_id] = remedies.request_letters(
        account=account,
        party_ids=[party.pk],
        template="DEA_EMPLOYER_NOTICE",
        on=on,
        facts={
            "employer_name": employer_name,
            "employer_address": employer_address,
            "amount_due": to_json(account.balance),
        },
        source=f"recovery-action:{action.pk}",
    )
    action.letter_id = letter_id
    action.save(update_fields=["letter_id"])
    return action
