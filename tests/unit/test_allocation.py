import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arrears.ledger.domain.allocation import OpenCharge, allocate_oldest_first

D1, D2 = dt.date(2026, 4, 1), dt.date(2026, 5, 1)
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2)


class TestAllocateOldestFirst:
    def test_allocate_oldest_first_pays_the_oldest_charge_first(self):
        charges = [OpenCharge(2, Decimal("50.00"), D2), OpenCharge(1, Decimal("100.00"), D1)]

        plan = allocate_oldest_first(amount=Decimal("120.00"), open_charges=charges)

        assert [(s.charge_id, s.amount) for s in plan.shares] == [
            (1, Decimal("100.00")),
            (2, Decimal("20.00")),
        ]
        assert plan.unallocated == Decimal("0.00")

    def test_allocate_oldest_first_leaves_overpayment_unallocated(self):
        plan = allocate_oldest_first(
            amount=Decimal("10.00"), open_charges=[OpenCharge(1, Decimal("4.00"), D1)]
        )

        assert plan.unallocated == Decimal("6.00")

    def test_allocate_oldest_first_refuses_a_negative_amount(self):
        with pytest.raises(ValueError, match="negative"):
            allocate_oldest_first(amount=Decimal("-1"), open_charges=[])

    @given(amount=money, outstanding=st.lists(money, max_size=8))
    def test_allocate_oldest_first_conserves_money(self, amount, outstanding):
        charges = [OpenCharge(i, o, D1) for i, o in enumerate(outstanding)]

        plan = allocate_oldest_first(amount=amount, open_charges=charges)

        assert plan.allocated + plan.unallocated == amount
        assert all(s.amount <= charges[s.charge_id].outstanding for s in plan.shares)
        assert plan.unallocated == 0 or plan.allocated == sum(outstanding)
