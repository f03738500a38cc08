"""The parties API: `/api/v1/parties/` and `/api/v1/parties/<party_id>/` (issue 2, item 9)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from arrears.accounts.models import AddressKind
from arrears.audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

LONDON_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+0[01]:00$")


@pytest.fixture
def client_a(officer_a):
    client = APIClient()
    client.force_authenticate(officer_a)
    return client


@pytest.fixture
def party_a(authority_a):
    return factories.PartyFactory(
        authority=authority_a, title="Mrs", forenames="Ada", surname="Quennell"
    )


@pytest.fixture
def party_b(authority_b):
    return factories.PartyFactory(
        authority=authority_b, title="Mr", forenames="Bram", surname="Quennell"
    )


def _ids(response):
    return [row["id"] for row in response.json()["results"]]


class TestPartyList:
    def test_party_list_refuses_a_caller_without_credentials(self, party_a):
        response = APIClient().get(reverse("api-party-list"))

        assert response.status_code == 401

    def test_party_list_accepts_a_token(self, officer_a, party_a):
        token = Token.objects.create(user=officer_a)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

        response = client.get(reverse("api-party-list"))

        assert response.status_code == 200
        assert _ids(response) == [party_a.pk]

    def test_party_list_accepts_a_signed_in_session(self, officer_a, party_a):
        client = APIClient()
        signed_in = client.post(
            reverse("web:login"),
            {"username": officer_a.username, "password": factories.PASSWORD},
        )
        assert signed_in.status_code == 302

        response = client.get(reverse("api-party-list"))

        assert response.status_code == 200
        assert _ids(response) == [party_a.pk]

    def test_party_list_shows_only_the_officers_authorities(self, client_a, party_a, party_b):
        response = client_a.get(reverse("api-party-list"))

        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 1
        assert body["results"] == [
            {
                "id": party_a.pk,
                "reference": party_a.reference,
                "kind": "PERSON",
                "display_name": "Mrs Ada Quennell",
                "date_of_birth": "1980-05-17",
                "authority": {"code": "ALPHA", "name": "Alpha Borough Council"},
            }
        ]

    def test_party_list_searches_by_name_within_the_officers_authorities(
        self, client_a, authority_a, party_a, party_b
    ):
        factories.PartyFactory(authority=authority_a, surname="Ottoway")

        response = client_a.get(reverse("api-party-list"), {"q": "quennell"})

        assert response.status_code == 200
        assert _ids(response) == [party_a.pk]

    def test_party_list_searches_by_account_reference(self, client_a, authority_a, party_a):
        factories.DebtAccountFactory(
            authority=authority_a, reference="CT55501234", parties=[party_a]
        )

        response = client_a.get(reverse("api-party-list"), {"q": "CT55501234"})

        assert _ids(response) == [party_a.pk]

    def test_party_list_finds_nothing_for_another_councils_reference(self, client_a, party_b):
        response = client_a.get(reverse("api-party-list"), {"q": party_b.reference})

        assert response.json()["count"] == 0

    def test_party_list_pages_results(self, client_a, authority_a):
        parties = factories.PartyFactory.create_batch(3, authority=authority_a)

        response = client_a.get(reverse("api-party-list"), {"limit": 2, "offset": 1})

        body = response.json()
        assert body["count"] == 3
        assert _ids(response) == [parties[1].pk, parties[2].pk]


class TestPartyDetail:
    def test_party_detail_shows_the_party_with_its_accounts_and_markers(
        self, client_a, authority_a, party_a
    ):
        factories.AddressFactory(
            party=party_a, line_1="1 Penrhyn Road", postcode="KT1 2EE", kind=AddressKind.CURRENT
        )
        factories.MarkerFactory(party=party_a, kind="RISK", detail="Dog on premises")
        account = factories.DebtAccountFactory(authority=authority_a, parties=[party_a])
        account.balance = "1234.5"
        account.save()

        response = client_a.get(reverse("api-party-detail", kwargs={"party_id": party_a.pk}))

        assert response.status_code == 200
        body = response.json()
        assert body["id"] == party_a.pk
        assert body["display_name"] == "Mrs Ada Quennell"
        assert body["authority"]["code"] == "ALPHA"
        assert LONDON_DATETIME.match(body["created_at"])
        assert body["addresses"][0]["lines"] == [
            "1 Penrhyn Road",
            "Kingston upon Thames",
            "KT1 2EE",
        ]
        assert body["markers"][0]["kind"] == "RISK"
        assert body["markers"][0]["detail"] == "Dog on premises"
        assert body["markers"][0]["start_date"] == "2026-01-05"
        assert body["accounts"] == [
            {
                "id": account.pk,
                "reference": account.reference,
                "debt_type": "COUNCIL_TAX",
                "liability": "SOLE",
                "is_closed": False,
                "balance": "1234.50",
            }
        ]

    def test_party_detail_writes_datetimes_in_london_time(self, client_a, party_a):
        party_a.created_at = dt.datetime(2026, 7, 1, 11, 30, tzinfo=dt.UTC)
        party_a.save()

        response = client_a.get(reverse("api-party-detail", kwargs={"party_id": party_a.pk}))

        assert response.json()["created_at"] == "2026-07-01T12:30:00+01:00"

    def test_party_detail_writes_winter_datetimes_with_a_zero_offset(self, client_a, party_a):
        party_a.created_at = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
        party_a.save()

        response = client_a.get(reverse("api-party-detail", kwargs={"party_id": party_a.pk}))

        assert response.json()["created_at"] == "2026-01-15T09:00:00+00:00"

    def test_party_detail_records_the_view_in_the_audit_trail(self, client_a, officer_a, party_a):
        response = client_a.get(
            reverse("api-party-detail", kwargs={"party_id": party_a.pk}), REMOTE_ADDR="10.1.2.3"
        )

        assert response.status_code == 200
        event = AuditEvent.objects.get(party_id=party_a.pk, action="accounts.party.viewed")
        assert event.channel == "api"
        assert event.officer_id == officer_a.pk
        assert event.authority_id == party_a.authority_id
        assert event.ip_address == "10.1.2.3"

    def test_party_detail_is_404_for_another_councils_party(self, client_a, party_b):
        response = client_a.get(reverse("api-party-detail", kwargs={"party_id": party_b.pk}))

        assert response.status_code == 404
        assert not AuditEvent.objects.filter(party_id=party_b.pk).exists()

    def test_party_detail_is_404_for_a_missing_party_just_as_for_another_councils(
        self, client_a, party_b
    ):
        missing = client_a.get(reverse("api-party-detail", kwargs={"party_id": party_b.pk + 999}))
        other = client_a.get(reverse("api-party-detail", kwargs={"party_id": party_b.pk}))

        assert missing.status_code == other.status_code == 404
        assert missing.json() == other.json()

    def test_party_detail_is_read_only(self, client_a, party_a):
        url = reverse("api-party-detail", kwargs={"party_id": party_a.pk})

        response = client_a.delete(url)

        assert response.status_code == 405

    def test_party_detail_shows_both_councils_to_a_shared_service_officer(
        self, authority_a, authority_b, party_b
    ):
        officer = factories.OfficerFactory(authorities=[authority_a, authority_b])
        client = APIClient()
        client.force_authenticate(officer)

        response = client.get(reverse("api-party-detail", kwargs={"party_id": party_b.pk}))

        assert response.status_code == 200
        assert response.json()["authority"]["code"] == "BETA"
