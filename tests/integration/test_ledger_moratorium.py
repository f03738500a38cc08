"""No fees, costs or interest dated inside a Breathing Space (RULES.md §5.2, §5.4)."""

import datetime as dt
from decimal import Decimal

import pytest

from arrears.accounts.models import DebtAccount
from arrears.audit.services import SYSTEM
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(authority_a):
    party = factories.PartyFactory(authority=authority_a)
    account = factories.DebtAccountFactory(authority=authority_a, parties=[party])
    factories.MarkerFactory(
        party=party,
        kind="BREATHING_SPACE",
        category="MENTAL_HEALTH_CRISIS",
        start_date=dt.date(2026, 5, 1),
        end_date=None,
    )
    return account


def _charge(account, kind: ChargeKind, day: dt.date) -> None:
    ledger.post_charge(
        account=account,
        amount=Decimal("75.00"),
        effective_date=day,
        charge_kind=kind,
        rule="test",
        reason="test",
        actor=SYSTEM,
    )


@pytest.mark.parametrize("kind", [ChargeKind.COSTS, ChargeKind.STATUTORY_FEE, ChargeKind.INTEREST])
def test_fees_inside_an_open_ended_moratorium_are_refused(held, kind) -> None:
    with pytest.raises(ledger.ChargeInMoratorium, match="Breathing Space"):
        _charge(held, kind, dt.date(2026, 6, 1))
    assert DebtAccount.objects.get(pk=held.pk).balance == 0


def test_the_debt_itself_and_fees_before_the_start_are_allowed(held) -> None:
    _charge(held, ChargeKind.LIABILITY, dt.date(2026, 6, 1))
    _charge(held, ChargeKind.COSTS, dt.date(2026, 4, 30))
    assert DebtAccount.objects.get(pk=held.pk).balance == Decimal("150.00")


def test_bulk_costs_refuse_the_whole_batch(held, authority_a) -> None:
    other = factories.DebtAccountFactory(authority=authority_a)
    charges = [
        ledger.NewCharge(
            account_id=account.pk,
            authority_id=authority_a.pk,
            amount=Decimal("64.50"),
            effective_date=dt.date(2026, 6, 1),
            charge_kind=ChargeKind.COSTS,
            rule="test",
            reason="Summons costs",
        )
        for account in (other, held)
    ]
    with pytest.raises(ledger.ChargeInMoratorium) as refused:
        ledger.post_charges(charges=charges, actor=SYSTEM)
    assert refused.value.account_ids == [held.pk]
    assert DebtAccount.objects.get(pk=other.pk).balance == 0
