"""The party page (the single view of debt) and the account page, through the test client."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from arrears.accounts.domain.debts import DebtType
from arrears.accounts.models import AddressKind, LinkKind, PartyLink
from arrears.audit.models import AuditEvent
from arrears.audit.services import SYSTEM
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from tests import factories

pytestmark = pytest.mark.django_db


def _charge(account, amount, reason="Council tax 2026/27"):
    return ledger.post_charge(
        account=account,
        amount=Decimal(amount),
        effective_date=dt.date(2026, 4, 1),
        charge_kind=ChargeKind.LIABILITY,
        rule="liability.annual-bill",
        reason=reason,
        actor=SYSTEM,
    )


@pytest.fixture
def party(authority_a):
    party = factories.PartyFactory(
        authority=authority_a, forenames="Jane", surname="Holloway", reference="P0000042"
    )
    factories.AddressFactory(party=party, line_1="1 Acacia Avenue", postcode="KT1 1EU")
    factories.AddressFactory(
        party=party, kind=AddressKind.PREVIOUS, line_1="9 Old Road", postcode="KT2 2AA"
    )
    council_tax = factories.DebtAccountFactory(
        authority=authority_a, reference="CT00000042", parties=[party]
    )
    _charge(council_tax, "1234.50")
    ledger.record_payment(
        account=council_tax,
        amount=Decimal("200.00"),
        received_date=dt.date(2026, 5, 1),
        reference="PAY-1",
        actor=SYSTEM,
    )
    pcn = factories.DebtAccountFactory(
        authority=authority_a,
        reference="PCN0000042",
        debt_type=DebtType.PARKING_PCN.value,
        fund="GENERAL_FUND",
        parties=[party],
    )
    _charge(pcn, "70.00", reason="Penalty charge notice")
    return party


def _html(response):
    return response.content.decode()


class TestPartyPage:
    def test_party_page_shows_every_account_and_the_total(self, client, officer_a, party):
        client.force_login(officer_a)

        response = client.get(reverse("web:party", kwargs={"party_id": party.pk}))

        html = _html(response)
        assert response.status_code == 200
        assert "Ms Jane Holloway" in html
        assert "CT00000042" in html
        assert "Council tax" in html
        assert "PCN0000042" in html
        assert "Parking penalty charge notice" in html
        assert "£1,034.50" in html  # 1,234.50 less the 200.00 payment
        assert "£1,104.50" in html  # the two accounts together
        assert "1 Acacia Avenue" in html
        assert "9 Old Road" in html
        assert "moj-timeline" in html
        assert "liability.annual-bill" in html

    def test_party_page_records_each_view_in_the_audit_trail(self, client, officer_a, party):
        client.force_login(officer_a)
        url = reverse("web:party", kwargs={"party_id": party.pk})

        client.get(url, REMOTE_ADDR="198.51.100.4")
        client.get(url, REMOTE_ADDR="198.51.100.4")

        views = AuditEvent.objects.filter(action="accounts.party.viewed", party_id=party.pk)
        assert views.count() == 2
        assert {(v.officer_id, v.ip_address, v.authority_id) for v in views} == {
            (officer_a.pk, "198.51.100.4", party.authority_id)
        }

    def test_party_page_of_another_authority_is_not_found(self, client, officer_a, authority_b):
        theirs = factories.PartyFactory(authority=authority_b)
        client.force_login(officer_a)

        other = client.get(reverse("web:party", kwargs={"party_id": theirs.pk}))
        missing = client.get(reverse("web:party", kwargs={"party_id": theirs.pk + 1000}))

        assert other.status_code == missing.status_code == 404
        assert other.content == missing.content
        assert not AuditEvent.objects.filter(action="accounts.party.viewed").exists()

    def test_party_page_puts_a_risk_warning_before_anything_else(self, client, officer_a, party):
        factories.MarkerFactory(
            party=party, kind="RISK", category="", detail="Dog on premises; visit in pairs."
        )
        client.force_login(officer_a)

        html = _html(client.get(reverse("web:party", kwargs={"party_id": party.pk})))

        main = html[html.index('id="main-content"') :]
        assert "govuk-warning-text" in main
        assert main.index("Dog on premises; visit in pairs.") < main.index("<h1")
        assert "moj-badge--red" in main

    def test_party_page_shows_ended_markers_as_history_not_badges(self, client, officer_a, party):
        factories.MarkerFactory(
            party=party,
            kind="GONE_AWAY",
            start_date=dt.date(2020, 1, 1),
            end_date=dt.date(2020, 6, 1),
            detail="Returned mail",
        )
        client.force_login(officer_a)

        html = _html(client.get(reverse("web:party", kwargs={"party_id": party.pk})))

        assert "Returned mail" in html
        assert "Ended" in html
        assert 'aria-label="Active markers"' not in html

    def test_party_page_warns_that_a_confidential_address_must_not_be_disclosed(
        self, client, officer_a, party
    ):
        factories.MarkerFactory(party=party, kind="CONFIDENTIAL_ADDRESS", detail="Refuge")
        client.force_login(officer_a)

        html = _html(client.get(reverse("web:party", kwargs={"party_id": party.pk})))

        assert "Confidential address: do not disclose" in html
        assert "1 Acacia Avenue" in html

    def test_party_page_joins_the_same_person_at_another_council_the_officer_sees(
        self, client, authority_a, authority_b, party
    ):
        twin = factories.PartyFactory(authority=authority_b, forenames="Jane", surname="Holloway")
        theirs = factories.DebtAccountFactory(
            authority=authority_b, reference="BETA-CT-7", parties=[twin]
        )
        _charge(theirs, "10.00")
        factories.MarkerFactory(party=twin, kind="RISK", detail="Aggressive at last visit.")
        PartyLink.objects.create(from_party=twin, to_party=party, kind=LinkKind.SAME_PERSON)
        shared = factories.OfficerFactory(authorities=[authority_a, authority_b])
        client.force_login(shared)

        html = _html(client.get(reverse("web:party", kwargs={"party_id": party.pk})))

        assert "BETA-CT-7" in html
        assert "Beta District Council" in html
        assert "£1,114.50" in html
        assert "Aggressive at last visit." in html
        assert reverse("web:party", kwargs={"party_id": twin.pk}) in html
        assert AuditEvent.objects.filter(
            action="accounts.party.viewed", party_id=twin.pk, authority=authority_b
        ).exists()

    def test_party_page_hides_the_same_person_at_a_council_the_officer_cannot_see(
        self, client, officer_a, authority_b, party
    ):
        twin = factories.PartyFactory(authority=authority_b)
        factories.DebtAccountFactory(authority=authority_b, reference="BETA-CT-7", parties=[twin])
        factories.MarkerFactory(party=twin, kind="RISK", detail="Other council's note")
        PartyLink.objects.create(from_party=party, to_party=twin, kind=LinkKind.SAME_PERSON)
        client.force_login(officer_a)

        html = _html(client.get(reverse("web:party", kwargs={"party_id": party.pk})))

        assert "BETA-CT-7" not in html
        assert "Beta District Council" not in html
        assert "Other council&#x27;s note" not in html
        assert reverse("web:party", kwargs={"party_id": twin.pk}) not in html


class TestAccountPage:
    def test_account_page_shows_postings_and_allocations(self, client, officer_a, party):
        account = party.accounts.get(reference="CT00000042")
        client.force_login(officer_a)

        response = client.get(reverse("web:account", kwargs={"account_id": account.pk}))

        html = _html(response)
        assert response.status_code == 200
        assert "Council tax 2026/27" in html
        assert "£1,234.50" in html
        assert "£200.00" in html
        assert "ledger.allocation.oldest-first" in html
        assert "£1,034.50" in html

    def test_account_page_of_another_authority_is_not_found(self, client, officer_a, authority_b):
        theirs = factories.DebtAccountFactory(authority=authority_b)
        client.force_login(officer_a)

        response = client.get(reverse("web:account", kwargs={"account_id": theirs.pk}))

        assert response.status_code == 404
