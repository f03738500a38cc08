"""
Attachment of earnings orders read back (RULES.md §2.6): each order with a line per pay day,
what was expected against what the employer paid, and the one access function for an order.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from arrears.kernel.money import ZERO
from arrears.recovery.domain import employer_payments
from arrears.recovery.domain.attachment import PayPeriod
from arrears.recovery.models import AttachmentOrder, AttachmentPayment
from arrears.staff.models import Officer
from arrears.staff.selectors import visible_authority_ids


@dataclass(frozen=True)
class OrderView:
    """An attachment of earnings order with its pay periods: expected against received."""

    order_id: int
    account_id: int
    account_reference: str
    party_name: str
    employer_name: str
    employer_address: str
    payroll_number: str
    pay_period: str
    pay_period_label: str
    made_date: dt.date
    first_pay_date: dt.date
    nation: str
    table_valid_from: dt.date
    net_earnings: Decimal | None
    expected_deduction: Decimal | None
    is_active: bool
    status_label: str
    ceased_date: dt.date | None
    ceased_reason: str
    lines: tuple[employer_payments.PeriodLine, ...]

    @property
    def total_received(self) -> Decimal:
        return sum((line.received or ZERO for line in self.lines), ZERO)

    @property
    def total_expected(self) -> Decimal | None:
        if any(line.expected is None for line in self.lines):
            return None
        return sum((line.expected or ZERO for line in self.lines), ZERO)

    @property
    def missed(self) -> int:
        return sum(1 for line in self.lines if line.status is employer_payments.PeriodStatus.MISSED)


def order_view(*, order: AttachmentOrder, as_of: dt.date) -> OrderView:
    """Return the order with a line per pay day up to `as_of` (or the day it ceased)."""
    until = min(as_of, order.ceased_date) if order.ceased_date else as_of
    scheduled = employer_payments.pay_dates(
        first_pay_date=order.first_pay_date, period=PayPeriod(order.pay_period), until=until
    )
    received = {
        payment.pay_date: employer_payments.Received(
            amount=payment.amount,
            expected=payment.expected_amount,
            received_date=payment.received_date,
        )
        for payment in AttachmentPayment.objects.filter(order=order)
    }
    return OrderView(
        order_id=order.pk,
        account_id=order.account_id,
        account_reference=order.account.reference,
        party_name=order.party.display_name,
        employer_name=order.employer_name,
        employer_address=order.employer_address,
        payroll_number=order.payroll_number,
        pay_period=order.pay_period,
        pay_period_label=order.get_pay_period_display(),
        made_date=order.made_date,
        first_pay_date=order.first_pay_date,
        nation=order.get_nation_display(),
        table_valid_from=order.table_valid_from,
        net_earnings=order.net_earnings,
        expected_deduction=order.expected_deduction,
        is_active=order.is_active,
        status_label=order.get_status_display(),
        ceased_date=order.ceased_date,
        ceased_reason=order.ceased_reason,
        lines=tuple(
            employer_payments.reconcile(
                scheduled=scheduled,
                payments=received,
                expected_deduction=order.expected_deduction,
                as_of=as_of,
            )
        ),
    )


def attachment_order_for_officer(*, officer: Officer, order_id: int) -> AttachmentOrder:
    """
    Return the attachment of earnings order if `officer` may see its account's authority.

    :raises AttachmentOrder.DoesNotExist: if there is none, or it is another authority's.
    """
    return AttachmentOrder.objects.select_related("account", "party").get(
        pk=order_id, authority_id__in=visible_authority_ids(officer=officer)
    )
