"""The ledger's services on a real database."""

import datetime as dt
from decimal import Decimal

import pytest

from arrears.audit.services import SYSTEM
from arrears.ledger import selectors, services
from arrears.ledger.domain.entries import ChargeKind, Direction
from arrears.ledger.models import Entry, PostedRowIsPermanent
from tests import factories

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 2)


def _charge(account, amount, day=DAY):
    return services.post_charge(
        account=account,
        amount=Decimal(amount),
        effective_date=day,
        charge_kind=ChargeKind.LIABILITY,
        rule="test.liability",
        reason="Annual bill",
        actor=SYSTEM,
    )


class TestRecordPayment:
    def test_record_payment_pays_oldest_charge_first(self):
        account = factories.DebtAccountFactory()
        older = _charge(account, "100.00", dt.date(2026, 4, 1))
        newer = _charge(account, "50.00", dt.date(2026, 5, 1))

        payment = services.record_payment(
            account=account,
            amount=Decimal("120.00"),
            received_date=DAY,
            reference="BANK1",
            actor=SYSTEM,
        )

        assert selectors.allocated_total(entry_id=older.pk, side="debit") == Decimal("100.00")
        assert selectors.allocated_total(entry_id=newer.pk, side="debit") == Decimal("20.00")
        assert selectors.allocated_total(entry_id=payment.pk, side="credit") == Decimal("120.00")
        account.refresh_from_db()
        assert account.balance == Decimal("30.00")

    def test_record_payment_refuses_a_reference_seen_before(self):
        account = factories.DebtAccountFactory()
        services.record_payment(
            account=account,
            amount=Decimal("1.00"),
            received_date=DAY,
            reference="BANK1",
            actor=SYSTEM,
        )

        with pytest.raises(services.DuplicateSourceReference):
            services.record_payment(
                account=account,
                amount=Decimal("1.00"),
                received_date=DAY,
                reference="BANK1",
                actor=SYSTEM,
            )


class TestReverseEntry:
    def test_reverse_entry_of_a_payment_reopens_the_charge(self):
        account = factories.DebtAccountFactory()
        charge = _charge(account, "80.00")
        payment = services.record_payment(
            account=account,
            amount=Decimal("80.00"),
            received_date=DAY,
            reference=None,
            actor=SYSTEM,
        )

        reversal = services.reverse_entry(
            entry=payment, effective_date=DAY, reason="Cheque bounced", actor=SYSTEM
        )

        assert reversal.direction == Direction.DEBIT
        assert selectors.allocated_total(entry_id=charge.pk, side="debit") == Decimal("0")
        account.refresh_from_db()
        assert account.balance == Decimal("80.00")
        assert selectors.balance_mismatches(authority_ids=[account.authority_id]) == []

    def test_reverse_entry_refuses_a_second_reversal(self):
        account = factories.DebtAccountFactory()
        charge = _charge(account, "80.00")
        services.reverse_entry(
            entry=charge, effective_date=DAY, reason="Billed in error", actor=SYSTEM
        )

        with pytest.raises(services.AlreadyReversed):
            services.reverse_entry(entry=charge, effective_date=DAY, reason="Again", actor=SYSTEM)


class TestPostedRows:
    def test_posted_rows_refuse_update_and_delete(self):
        account = factories.DebtAccountFactory()
        charge = _charge(account, "10.00")

        with pytest.raises(PostedRowIsPermanent):
            Entry.objects.filter(pk=charge.pk).update(amount=Decimal("1.00"))
        with pytest.raises(PostedRowIsPermanent):
            charge.delete()
        charge.reason = "changed"
        with pytest.raises(PostedRowIsPermanent):
            charge.save()
