import datetime as dt

import pytest

from arrears.accounts import selectors, services
from arrears.accounts.domain.debts import DebtType, Fund
from arrears.accounts.domain.markers import MarkerKind
from arrears.accounts.models import AddressKind, LinkKind, Party, PartyKind
from arrears.audit.models import AuditEvent
from arrears.audit.services import SYSTEM
from tests import factories

pytestmark = pytest.mark.django_db


class TestCreateParty:
    def test_create_party_sets_display_and_search_names(self, authority_a):
        party = services.create_party(
            authority=authority_a,
            reference="P1",
            kind=PartyKind.PERSON,
            title="Mr",
            forenames="Tom",
            surname="O'Brien",
            actor=SYSTEM,
        )

        assert party.display_name == "Mr Tom O'Brien"
        assert party.search_name == "mr tom o'brien"
        assert AuditEvent.objects.filter(
            party_id=party.pk, action="accounts.party.created"
        ).exists()

    def test_create_party_refuses_a_reference_in_use(self, authority_a):
        services.create_party(
            authority=authority_a,
            reference="P1",
            kind=PartyKind.PERSON,
            surname="One",
            actor=SYSTEM,
        )

        with pytest.raises(services.DuplicateReference):
            services.create_party(
                authority=authority_a,
                reference="P1",
                kind=PartyKind.PERSON,
                surname="Two",
                actor=SYSTEM,
            )


class TestAddAddress:
    def test_add_address_keeps_the_old_current_address_as_previous(self):
        party = factories.PartyFactory()
        old = services.add_address(
            party=party,
            kind=AddressKind.CURRENT,
            line_1="1 Old Road",
            postcode="kt11eu",
            from_date=dt.date(2020, 1, 1),
            actor=SYSTEM,
        )

        services.add_address(
            party=party,
            kind=AddressKind.CURRENT,
            line_1="2 New Road",
            postcode="KT2 5AA",
            from_date=dt.date(2026, 6, 1),
            actor=SYSTEM,
        )

        old.refresh_from_db()
        assert old.kind == AddressKind.PREVIOUS
        assert old.to_date == dt.date(2026, 5, 31)
        assert old.postcode == "KT1 1EU"


class TestMarkers:
    def test_end_marker_keeps_history_and_refuses_a_second_end(self):
        party = factories.PartyFactory()
        marker = services.record_marker(
            party=party,
            kind=MarkerKind.BREATHING_SPACE,
            category="STANDARD",
            start_date=dt.date(2026, 9, 1),
            actor=SYSTEM,
        )

        services.end_marker(marker=marker, end_date=dt.date(2026, 10, 30), actor=SYSTEM)

        marker.refresh_from_db()
        assert marker.end_date == dt.date(2026, 10, 30)
        with pytest.raises(services.MarkerAlreadyEnded):
            services.end_marker(marker=marker, end_date=dt.date(2026, 11, 1), actor=SYSTEM)


class TestOpenAccount:
    def test_open_account_defaults_the_fund_by_debt_type(self, authority_a):
        party = factories.PartyFactory(authority=authority_a)

        council_tax = services.open_account(
            authority=authority_a,
            reference="CT1",
            debt_type=DebtType.COUNCIL_TAX,
            parties=[party],
            opened_date=dt.date(2026, 4, 1),
            actor=SYSTEM,
        )
        sundry = services.open_account(
            authority=authority_a,
            reference="SD1",
            debt_type=DebtType.SUNDRY_INVOICE,
            parties=[party],
            opened_date=dt.date(2026, 4, 1),
            actor=SYSTEM,
        )

        assert council_tax.fund == Fund.COLLECTION_FUND
        assert sundry.fund == Fund.GENERAL_FUND


class TestAccessFunctions:
    def test_party_for_officer_treats_another_councils_party_as_missing(
        self, authority_a, authority_b, officer_a
    ):
        theirs = factories.PartyFactory(authority=authority_b)

        with pytest.raises(Party.DoesNotExist):
            selectors.party_for_officer(officer=officer_a, party_id=theirs.pk)

    def test_search_parties_finds_by_name_postcode_birth_date_and_reference(
        self, authority_a, authority_b, officer_a
    ):
        mine = factories.PartyFactory(
            authority=authority_a,
            forenames="Ada",
            surname="Lovelace",
            display_name="Ms Ada Lovelace",
            search_name="ms ada lovelace",
            date_of_birth=dt.date(1985, 12, 10),
        )
        factories.AddressFactory(party=mine, postcode="KT2 7QT")
        factories.DebtAccountFactory(authority=authority_a, reference="CT77", parties=[mine])
        factories.PartyFactory(
            authority=authority_b,
            forenames="Ada",
            surname="Lovelace",
            display_name="Ms Ada Lovelace",
            search_name="ms ada lovelace",
        )

        for text in ["lovelace ada", "kt27qt", "10/12/1985", "1985-12-10", "CT77", mine.reference]:
            hits = selectors.search_parties(officer=officer_a, text=text)
            assert [hit.party_id for hit in hits] == [mine.pk], text

    def test_search_parties_withholds_a_confidential_address(self, authority_a, officer_a):
        party = factories.PartyFactory(
            authority=authority_a,
            surname="Hidden",
            display_name="Ms Jane Hidden",
            search_name="ms jane hidden",
        )
        factories.AddressFactory(party=party, line_1="1 Secret Lane", postcode="KT1 1EU")
        factories.MarkerFactory(party=party, kind=MarkerKind.CONFIDENTIAL_ADDRESS.value)

        [hit] = selectors.search_parties(officer=officer_a, text="hidden")

        assert "Secret" not in hit.address
        assert hit.postcode == ""

    def test_search_parties_finds_a_party_by_another_name(self, authority_a, officer_a):
        party = factories.PartyFactory(
            authority=authority_a,
            surname="Okafor",
            display_name="Ms Jane Okafor",
            search_name="ms jane okafor",
        )
        services.add_alias(party=party, name="Jane Whitmore", actor=SYSTEM)

        hits = selectors.search_parties(officer=officer_a, text="whitmore")

        assert [hit.party_id for hit in hits] == [party.pk]

    def test_party_summary_reads_a_director_link_from_both_ends(self, authority_a, officer_a):
        company = factories.PartyFactory(
            authority=authority_a,
            kind="ORGANISATION",
            display_name="Acme Ltd",
            search_name="acme ltd",
        )
        director = factories.PartyFactory(authority=authority_a)
        services.link_parties(
            from_party=director, to_party=company, kind=LinkKind.DIRECTOR, actor=SYSTEM
        )

        of_director = selectors.party_summary(
            officer=officer_a, party_id=director.pk, as_of=dt.date(2026, 11, 23)
        )
        of_company = selectors.party_summary(
            officer=officer_a, party_id=company.pk, as_of=dt.date(2026, 11, 23)
        )

        assert [link.kind_label for link in of_director.links] == ["Director of"]
        assert [link.kind_label for link in of_company.links] == ["Company director"]
