"""
Council tax attachment of earnings orders (CT Regs regs 37-42, Sch 4; RULES.md §2.6): making an
order on the debtor's employer, ceasing it, and recording what the employer pays over.

No more than two orders may be in force against a debtor (1998 amendment, [V1]): the debtor's
party row is locked while the orders in force are counted, so two officers cannot make a third
at once. The deduction table is the one in force in the authority's nation on the day the order
was made (`domain.attachment`), kept on the order. Each employer payment is a ledger payment
(`ledger.services.record_payment`), tied to the pay day it is for.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from arrears.accounts.models import DebtAccount, Party
from arrears.audit import services as audit
from arrears.kernel.calendars import Nation
from arrears.kernel.money import ZERO, to_json
from arrears.ledger import services as ledger
from arrears.recovery.domain import employer_payments
from arrears.recovery.domain.attachment import (
    PayPeriod,
    attachment_deduction,
    attachment_table,
    schedule_for,
)
from arrears.recovery.domain.remedies import MAXIMUM_ATTACHMENT_ORDERS
from arrears.recovery.models import AttachmentOrder, AttachmentPayment, OrderStatus
from arrears.recovery.selectors import remedies as selectors
from arrears.recovery.services import remedies

EMPLOYER_PAYMENT_METHOD = "ATTACHMENT_OF_EARNINGS"  # imports.domain.records.PaymentMethod


class TooManyAttachmentOrders(Exception):
    """Two council tax attachment of earnings orders are already in force (RULES.md §2.6)."""


class OrderNotActive(Exception):
    """The attachment of earnings order has ceased."""


class PaymentAlreadyRecorded(Exception):
    """The employer's payment for this pay period has already been recorded."""


class NotAPayDay(Exception):
    """The pay day is outside the order: before its first pay day or after it ceased."""


@transaction.atomic
def make_attachment_order(
    *,
    account: DebtAccount,
    party: Party,
    employer_name: str,
    employer_address: str,
    pay_period: PayPeriod,
    made_date: dt.date,
    first_pay_date: dt.date,
    actor: audit.Actor,
    payroll_number: str = "",
    net_earnings: Decimal | None = None,
    note: str = "",
) -> AttachmentOrder:
    """
    Make an attachment of earnings order on `party`'s employer, after the checks (RULES.md §2.6).

    With `net_earnings` (from the debtor's reply to the information request, §2.5) the expected
    deduction per pay period is worked out from the table in force on `made_date`. The order to
    the employer (AEO_EMPLOYER_ORDER) and the notice to the debtor (AEO_DEBTOR_NOTICE) are
    created awaiting release under `remedies.remedies_batch_key`.

    :raises remedies.NotADebtor: if `party` is not liable on the account.
    :raises TooManyAttachmentOrders: if two orders are in force against `party`.
    :raises NoTableInForce, PeriodNotVerified: if no verified table covers the order.
    :raises remedies.RemedyNotAllowed: if the checks refuse it (no liability order, business
        rates, a hold).
    :raises letters.NoPostalAddress: if the debtor has no address for the notice.
    :raises ValueError: if the first pay day is before the order, or net earnings are negative.
    """
    remedies.check_debtor(account=account, party=party)
    if first_pay_date < made_date:
        raise ValueError("The first pay day cannot be before the order is made.")
    if net_earnings is not None and net_earnings < ZERO:
        raise ValueError("Net earnings cannot be negative.")
    Party.objects.select_for_update().filter(pk=party.pk).first()
    in_force = AttachmentOrder.objects.filter(party=party, status=OrderStatus.ACTIVE.value).count()
    if in_force >= MAXIMUM_ATTACHMENT_ORDERS:
        raise TooManyAttachmentOrders(
            f"{in_force} council tax attachment of earnings orders are already in force against "
            f"{party.display_name}; no more than {MAXIMUM_ATTACHMENT_ORDERS} are allowed "
            "(RULES.md §2.6). Cease one before making another."
        )
    nation = Nation(account.authority.nation)
    table = attachment_table(nation=nation, order_date=made_date)
    schedule_for(table=table, period=pay_period)
    expected = (
        attachment_deduction(
            net_earnings=net_earnings, period=pay_period, nation=nation, order_date=made_date
        )
        if net_earnings is not None
        else None
    )
    action = remedies.take_officer_action(
        account=account,
        code=selectors.ATTACHMENT_OF_EARNINGS,
        on=made_date,
        actor=actor,
        note=note,
        figures={
            "party": party.display_name,
            "orders_in_force_for_debtor": in_force,
            "employer_name": employer_name,
            "pay_period": pay_period.value,
            "first_pay_date": first_pay_date.isoformat(),
            "table": table.source,
            "table_valid_from": table.valid_from.isoformat(),
            "net_earnings": to_json(net_earnings) if net_earnings is not None else None,
            "band_percentage": str(expected.band.percentage) if expected else None,
            "expected_deduction": to_json(expected.deduction) if expected else None,
        },
    )
    # RULES.md §2.6: the order goes to the employer and the debtor is told of it.
    amount_due = {"amount_due": action.explanation["checks"]["outstanding_under_liability_orders"]}
    employer = {"employer_name": employer_name, "employer_address": employer_address}
    source = f"recovery-action:{action.pk}"
    [employer_letter] = remedies.request_letters(
        account=account,
        party_ids=[party.pk],
        template="AEO_EMPLOYER_ORDER",
        on=made_date,
        facts={**employer, **amount_due},
        source=source,
    )
    [debtor_letter] = remedies.request_letters(
        account=account,
        party_ids=[party.pk],
        template="AEO_DEBTOR_NOTICE",
        on=made_date,
        facts={"employer_name": employer_name, **amount_due},
        source=source,
    )
    action.letter_id = employer_letter
    action.save(update_fields=["letter_id"])
    order = AttachmentOrder.objects.create(
        authority_id=account.authority_id,
        account=account,
        party=party,
        action=action,
        employer_name=employer_name,
        employer_address=employer_address,
        payroll_number=payroll_number,
        pay_period=pay_period.value,
        net_earnings=net_earnings,
        expected_deduction=expected.deduction if expected else None,
        made_date=made_date,
        first_pay_date=first_pay_date,
        nation=nation.value,
        table_valid_from=table.valid_from,
        employer_letter_id=employer_letter,
        debtor_letter_id=debtor_letter,
        created_at=timezone.now(),
        created_by_id=actor.officer_id,
    )
    audit.record_event(
        actor=actor,
        action="recovery.attachment_order.made",
        authority_id=account.authority_id,
        object_type="attachment_order",
        object_id=order.pk,
        party_id=party.pk,
        detail={
            "account": account.reference,
            "employer_name": employer_name,
            "made_date": made_date.isoformat(),
            "recovery_action": action.pk,
        },
    )
    return order


@transaction.atomic
def cease_attachment_order(
    *, order: AttachmentOrder, on: dt.date, reason: str, actor: audit.Actor
) -> AttachmentOrder:
    """
    Record that the order ceased on `on` (paid, the debtor left the job, a Breathing Space).

    :raises OrderNotActive: if it has already ceased.
    :raises ValueError: if there is no reason or `on` is before the order was made.
    """
    locked = AttachmentOrder.objects.select_for_update().get(pk=order.pk)
    if locked.status != OrderStatus.ACTIVE:
        raise OrderNotActive("This attachment of earnings order has already ceased.")
    if not reason.strip():
        raise ValueError("Say why the order ceased.")
    if on < locked.made_date:
        raise ValueError("An order cannot cease before it was made.")
    locked.status = OrderStatus.CEASED.value
    locked.ceased_date = on
    locked.ceased_reason = reason
    locked.save(update_fields=["status", "ceased_date", "ceased_reason"])
    audit.record_event(
        actor=actor,
        action="recovery.attachment_order.ceased",
        authority_id=locked.authority_id,
        object_type="attachment_order",
        object_id=locked.pk,
        party_id=locked.party_id,
        detail={"ceased_date": on.isoformat(), "reason": reason},
    )
    return locked


def _pay_period_of(order: AttachmentOrder, pay_date: dt.date) -> dt.date:
    """Return the scheduled pay day whose period holds `pay_date`."""
    last = order.ceased_date or pay_date
    if pay_date < order.first_pay_date or pay_date > last:
        raise NotAPayDay(
            f"The order's pay days run from {order.first_pay_date:%-d %B %Y}"
            + (f" to {order.ceased_date:%-d %B %Y}" if order.ceased_date else "")
            + "."
        )
    scheduled = employer_payments.pay_dates(
        first_pay_date=order.first_pay_date, period=PayPeriod(order.pay_period), until=pay_date
    )
    period = employer_payments.period_holding(day=pay_date, scheduled=scheduled)
    return period or order.first_pay_date


@transaction.atomic
def record_employer_payment(
    *,
    order: AttachmentOrder,
    pay_date: dt.date,
    amount: Decimal,
    received_date: dt.date,
    actor: audit.Actor,
    net_earnings: Decimal | None = None,
    reference: str = "",
) -> AttachmentPayment:
    """
    Record what the employer paid for the pay period holding `pay_date`, posting it to the
    account as a payment (allocated oldest first), with what was expected for that period.

    The expected amount comes from the table in force when the order was made, applied to
    `net_earnings` when the employer gives them, or else the order's expected deduction.

    :raises NotAPayDay: if `pay_date` is before the first pay day or after the order ceased.
    :raises PaymentAlreadyRecorded: if that period's payment has been recorded.
    :raises ledger.InvalidAmount: if `amount` is not a positive amount in pence.
    :raises ledger.DuplicateSourceReference: if a payment with `reference` exists.
    """
    locked = AttachmentOrder.objects.select_for_update().select_related("account").get(pk=order.pk)
    period = _pay_period_of(locked, pay_date)
    if AttachmentPayment.objects.filter(order=locked, pay_date=period).exists():
        raise PaymentAlreadyRecorded(
            f"The employer's payment for the pay period from {period:%-d %B %Y} has already "
            "been recorded. Correct it by reversing the payment on the account."
        )
    expected = locked.expected_deduction
    if net_earnings is not None:
        expected = attachment_deduction(
            net_earnings=net_earnings,
            period=PayPeriod(locked.pay_period),
            nation=Nation(locked.nation),
            order_date=locked.made_date,
        ).deduction
    entry = ledger.record_payment(
        account=locked.account,
        amount=amount,
        received_date=received_date,
        reference=reference or f"AEO{locked.pk}-{period:%Y%m%d}",
        method=EMPLOYER_PAYMENT_METHOD,
        actor=actor,
    )
    payment = AttachmentPayment.objects.create(
        order=locked,
        pay_date=period,
        net_earnings=net_earnings,
        expected_amount=expected,
        amount=amount,
        received_date=received_date,
        entry_id=entry.pk,
        recorded_at=timezone.now(),
        recorded_by_id=actor.officer_id,
    )
    audit.record_event(
        actor=actor,
        action="recovery.attachment_payment.recorded",
        authority_id=locked.authority_id,
        object_type="attachment_order",
        object_id=locked.pk,
        party_id=locked.party_id,
        detail={
            "account": locked.account.reference,
            "pay_date": period.isoformat(),
            "amount": to_json(amount),
            "expected": to_json(expected) if expected is not None else None,
            "entry": entry.pk,
            "rule": "RULES.md §2.6",
        },
    )
    return payment
