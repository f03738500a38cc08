"""The synthetic data generator as plain Python: same seed, same rows."""

import datetime as dt
from decimal import Decimal

from arrears.seeding.domain.debt_profiles import instalments
from arrears.seeding.domain.generator import Generator

AS_OF = dt.date(2026, 1, 15)


def _chunk(seed):
    generator = Generator(seed=seed, as_of=AS_OF, party_numbers=[1, 1], account_numbers=[1, 1])
    return generator.chunk(accounts=400)


class TestGenerator:
    def test_generator_gives_the_same_rows_for_the_same_seed(self):
        assert _chunk(4) == _chunk(4)

    def test_generator_gives_different_rows_for_another_seed(self):
        assert _chunk(4).parties != _chunk(5).parties

    def test_generator_balances_are_charges_less_payments(self):
        chunk = _chunk(6)

        totals = [Decimal("0.00")] * len(chunk.accounts)
        for entry in chunk.entries:
            sign = 1 if entry.direction == "DEBIT" else -1
            totals[entry.account] += sign * entry.amount
        assert totals == [account.balance for account in chunk.accounts]
        assert all(account.balance >= 0 for account in chunk.accounts)


class TestInstalments:
    def test_instalments_add_up_and_only_the_first_has_pence(self):
        import random

        payments = instalments(
            rng=random.Random(1),
            total=Decimal("1234.56"),
            first_date=dt.date(2025, 4, 15),
            last_date=dt.date(2026, 1, 15),
            most=10,
        )

        assert sum(p.amount for p in payments) == Decimal("1234.56")
        assert all(p.amount == p.amount.to_integral_value() for p in payments[1:])
        assert all(p.received_date <= dt.date(2026, 1, 15) for p in payments)
