"""The accounts and entries API: `/api/v1/accounts/...` and `/api/v1/entries/...`."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from arrears.accounts.domain.debts import DebtType
from arrears.audit.services import SYSTEM
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_a(officer_a):
    client = APIClient()
    client.force_authenticate(officer_a)
    return client


@pytest.fixture
def party_a(authority_a):
    return factories.PartyFactory(authority=authority_a)


@pytest.fixture
def account_a(authority_a, party_a):
    account = factories.DebtAccountFactory(
        authority=authority_a, reference="CT00000101", parties=[party_a]
    )
    ledger.post_charge(
        account=account,
        amount=Decimal("1500.00"),
        effective_date=dt.date(2026, 4, 1),
        charge_kind=ChargeKind.LIABILITY,
        rule="liability.annual-bill",
        reason="Council tax 2026/27",
        actor=SYSTEM,
    )
    ledger.record_payment(
        account=account,
        amount=Decimal("265.50"),
        received_date=dt.date(2026, 5, 1),
        reference="PAY-1",
        actor=SYSTEM,
    )
    return account


@pytest.fixture
def account_b(authority_b):
    account = factories.DebtAccountFactory(authority=authority_b, reference="CT00000202")
    ledger.post_charge(
        account=account,
        amount=Decimal("80.00"),
        effective_date=dt.date(2026, 4, 1),
        charge_kind=ChargeKind.LIABILITY,
        rule="liability.annual-bill",
        reason="Council tax 2026/27",
        actor=SYSTEM,
    )
    return account


def _references(response):
    return [row["reference"] for row in response.json()["results"]]


class TestAccountList:
    def test_account_list_shows_only_the_officers_authorities(self, client_a, account_a, account_b):
        response = client_a.get(reverse("api-account-list"))

        assert response.status_code == 200
        assert _references(response) == ["CT00000101"]
        assert response.json()["results"][0]["balance"] == "1234.50"
        assert response.json()["results"][0]["authority"] == "ALPHA"

    def test_account_list_filters_by_party(self, client_a, authority_a, account_a):
        factories.DebtAccountFactory(authority=authority_a, reference="CT00000303")

        response = client_a.get(reverse("api-account-list"), {"party": account_a.parties.get().pk})

        assert _references(response) == ["CT00000101"]

    def test_account_list_filters_by_debt_type(self, client_a, authority_a, account_a):
        factories.DebtAccountFactory(
            authority=authority_a,
            reference="PCN0000404",
            debt_type=DebtType.PARKING_PCN.value,
            fund="GENERAL_FUND",
        )

        response = client_a.get(reverse("api-account-list"), {"debt_type": "PARKING_PCN"})

        assert _references(response) == ["PCN0000404"]

    def test_account_list_refuses_an_unknown_debt_type(self, client_a, account_a):
        response = client_a.get(reverse("api-account-list"), {"debt_type": "DOG_LICENCE"})

        assert response.status_code == 400
        assert "debt_type" in response.json()

    def test_account_list_shows_nothing_for_another_councils_party(self, client_a, authority_b):
        party_b = factories.PartyFactory(authority=authority_b)
        factories.DebtAccountFactory(authority=authority_b, parties=[party_b])

        response = client_a.get(reverse("api-account-list"), {"party": party_b.pk})

        assert response.json()["count"] == 0


class TestAccountDetail:
    def test_account_detail_shows_the_balance_and_liable_parties(
        self, client_a, account_a, party_a
    ):
        response = client_a.get(reverse("api-account-detail", kwargs={"account_id": account_a.pk}))

        assert response.status_code == 200
        body = response.json()
        assert body["reference"] == "CT00000101"
        assert body["balance"] == "1234.50"
        assert body["period_start_date"] == "2026-04-01"
        assert body["parties"] == [
            {
                "id": party_a.pk,
                "reference": party_a.reference,
                "display_name": party_a.display_name,
                "liability": "SOLE",
            }
        ]

    def test_account_detail_is_404_for_another_councils_account(self, client_a, account_b):
        response = client_a.get(reverse("api-account-detail", kwargs={"account_id": account_b.pk}))

        assert response.status_code == 404


class TestAccountEntryList:
    def test_account_entry_list_shows_the_entries_newest_first(self, client_a, account_a):
        response = client_a.get(
            reverse("api-account-entry-list", kwargs={"account_id": account_a.pk})
        )

        assert response.status_code == 200
        rows = response.json()["results"]
        assert [(r["entry_type"], r["direction"], r["amount"]) for r in rows] == [
            ("PAYMENT", "CREDIT", "265.50"),
            ("CHARGE", "DEBIT", "1500.00"),
        ]
        assert rows[1]["rule"] == "liability.annual-bill"
        assert rows[1]["charge_kind"] == "LIABILITY"
        assert rows[0]["source_reference"] == "PAY-1"
        assert rows[0]["effective_date"] == "2026-05-01"

    def test_account_entry_list_is_404_for_another_councils_account(self, client_a, account_b):
        response = client_a.get(
            reverse("api-account-entry-list", kwargs={"account_id": account_b.pk})
        )

        assert response.status_code == 404


class TestEntryDetail:
    def test_entry_detail_shows_one_entry(self, client_a, account_a):
        entry = account_a.entries.get(entry_type="CHARGE")

        response = client_a.get(reverse("api-entry-detail", kwargs={"entry_id": entry.pk}))

        assert response.status_code == 200
        body = response.json()
        assert body["id"] == entry.pk
        assert body["account"] == account_a.pk
        assert body["amount"] == "1500.00"
        assert body["reason"] == "Council tax 2026/27"
        assert body["reverses"] is None
        assert body["posted_by"] is None

    def test_entry_detail_is_404_for_another_councils_entry(self, client_a, account_b):
        entry = account_b.entries.get()

        response = client_a.get(reverse("api-entry-detail", kwargs={"entry_id": entry.pk}))

        assert response.status_code == 404

    def test_entry_detail_cannot_change_an_entry(self, client_a, account_a):
        entry = account_a.entries.get(entry_type="CHARGE")
        url = reverse("api-entry-detail", kwargs={"entry_id": entry.pk})

        responses = [client_a.put(url, {}), client_a.patch(url, {}), client_a.delete(url)]

        assert [r.status_code for r in responses] == [405, 405, 405]
