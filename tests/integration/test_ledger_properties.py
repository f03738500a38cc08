"""
Property tests of the ledger (issue 2, "Must show"): for any sequence of postings, reversals and
allocations, every balance equals the sum of its entries and no allocation exceeds its payment.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arrears.audit.services import SYSTEM
from arrears.kernel.money import ZERO
from arrears.ledger import selectors, services
from arrears.ledger.domain.entries import ChargeKind, Direction, EntryType
from arrears.ledger.models import Entry
from tests import factories

pytestmark = pytest.mark.django_db

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000.00"), places=2)
days = st.integers(min_value=0, max_value=400).map(lambda n: dt.date(2025, 4, 1) + dt.timedelta(n))
operations = st.lists(
    st.one_of(
        st.tuples(st.just("charge"), st.integers(0, 1), amounts, days),
        st.tuples(st.just("payment"), st.integers(0, 1), amounts, days),
        st.tuples(st.just("write_off"), st.integers(0, 1), amounts, days),
        st.tuples(st.just("adjust_debit"), st.integers(0, 1), amounts, days),
        st.tuples(st.just("adjust_credit"), st.integers(0, 1), amounts, days),
        st.tuples(st.just("refund"), st.integers(0, 1), amounts, days),
        st.tuples(st.just("reverse"), st.integers(0, 1), st.integers(0, 50), days),
    ),
    min_size=1,
    max_size=25,
)


def _apply(operation, accounts):
    name, which, value, day = operation
    account = accounts[which]
    account.refresh_from_db()
    if name == "charge":
        services.post_charge(
            account=account,
            amount=value,
            effective_date=day,
            charge_kind=ChargeKind.LIABILITY,
            rule="test",
            reason="Bill",
            actor=SYSTEM,
        )
    elif name == "payment":
        services.record_payment(
            account=account, amount=value, received_date=day, reference=None, actor=SYSTEM
        )
    elif name == "write_off" and value <= account.balance:
        services.write_off(
            account=account,
            amount=value,
            effective_date=day,
            reason="Test",
            actor=SYSTEM,
            delegated_limit=None,
        )
    elif name in {"adjust_debit", "adjust_credit"}:
        direction = Direction.DEBIT if name == "adjust_debit" else Direction.CREDIT
        services.adjust(
            account=account,
            amount=value,
            direction=direction,
            effective_date=day,
            rule="test",
            reason="Test",
            actor=SYSTEM,
        )
    elif name == "refund" and value <= -account.balance:
        services.refund(
            account=account, amount=value, effective_date=day, reason="Test", actor=SYSTEM
        )
    elif name == "reverse":
        candidates = list(
            Entry.objects.filter(account=account, reversed_by__isnull=True)
            .exclude(entry_type=EntryType.REVERSAL.value)
            .order_by("id")
        )
        if candidates:
            services.reverse_entry(
                entry=candidates[value % len(candidates)],
                effective_date=day,
                reason="Test",
                actor=SYSTEM,
            )


def _charge_for(account, amount):
    return services.post_charge(
        account=account,
        amount=Decimal(amount),
        effective_date=dt.date(2025, 4, 1),
        charge_kind=ChargeKind.LIABILITY,
        rule="test",
        reason="Bill",
        actor=SYSTEM,
    )


def _assert_invariants(accounts):
    for account in accounts:
        account.refresh_from_db()
        assert account.balance == selectors.balance_from_entries(account_id=account.pk)
    for entry in Entry.objects.filter(account__in=accounts):
        allocated_out = selectors.allocated_total(entry_id=entry.pk, side="credit")
        allocated_in = selectors.allocated_total(entry_id=entry.pk, side="debit")
        assert ZERO <= allocated_out <= entry.amount
        assert ZERO <= allocated_in <= entry.amount
        if entry.direction == Direction.DEBIT:
            assert allocated_out == ZERO
        else:
            assert allocated_in == ZERO
        if Entry.objects.filter(reverses=entry).exists():
            assert allocated_out == allocated_in == ZERO
    live = selectors.live_allocations().filter(credit__account__in=accounts)
    assert (live.aggregate(total=Sum("amount"))["total"] or ZERO) >= ZERO


class TestLedgerInvariants:
    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(steps=operations)
    def test_ledger_keeps_balances_and_allocations_whole(self, steps):
        with transaction.atomic():
            authority = factories.AuthorityFactory()
            accounts = [factories.DebtAccountFactory(authority=authority) for _ in range(2)]

            for step in steps:
                _apply(step, accounts)
                _assert_invariants(accounts)

            transaction.set_rollback(True)

    def test_ledger_pays_off_a_charge_exactly_in_several_payments(self):
        """Found by hypothesis: SQLite sums 0.01 + 54.37 as a float just under 54.38."""
        account = factories.DebtAccountFactory()
        charge = _charge_for(account, "54.38")
        for amount in ["0.01", "54.37", "0.01"]:
            services.record_payment(
                account=account,
                amount=Decimal(amount),
                received_date=dt.date(2025, 4, 1),
                reference=None,
                actor=SYSTEM,
            )

        assert selectors.allocated_total(entry_id=charge.pk, side="debit") == Decimal("54.38")
        assert selectors.unallocated_credits(account_id=account.pk)[0][1] == Decimal("0.01")
        assert selectors.open_debits(account_id=account.pk) == []

    def test_allocations_never_leave_credit_beside_an_open_charge(self):
        account = factories.DebtAccountFactory()
        services.record_payment(
            account=account,
            amount=Decimal("30.00"),
            received_date=dt.date(2026, 1, 1),
            reference=None,
            actor=SYSTEM,
        )

        charge = services.post_charge(
            account=account,
            amount=Decimal("50.00"),
            effective_date=dt.date(2026, 2, 1),
            charge_kind=ChargeKind.COSTS,
            rule="test",
            reason="Costs",
            actor=SYSTEM,
        )

        assert selectors.allocated_total(entry_id=charge.pk, side="debit") == Decimal("30.00")
        assert selectors.unallocated_credits(account_id=account.pk) == []
