"""`ledger.statements.party_statement`, the read behind the party export, on a real database."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arrears.accounts.domain.debts import DebtType
from arrears.accounts.models import DebtAccount, LinkKind, Party, PartyLink
from arrears.audit.services import SYSTEM
from arrears.ledger import services as ledger
from arrears.ledger import statements
from arrears.ledger.domain.entries import ChargeKind
from arrears.staff.models import Officer
from tests import factories

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 11, 23)


def _charge(account, amount, *, on=dt.date(2026, 4, 1), reason="Council tax 2026/27"):
    return ledger.post_charge(
        account=account,
        amount=Decimal(amount),
        effective_date=on,
        charge_kind=ChargeKind.LIABILITY,
        rule="liability.annual-bill",
        reason=reason,
        actor=SYSTEM,
    )


def _pay(account, amount, *, on, reference):
    return ledger.record_payment(
        account=account, amount=Decimal(amount), received_date=on, reference=reference, actor=SYSTEM
    )


@pytest.fixture
def party(authority_a):
    party = factories.PartyFactory(
        authority=authority_a, forenames="Jane", surname="Holloway", reference="P0000376"
    )
    factories.AddressFactory(party=party, line_1="1 Acacia Avenue", postcode="KT1 1EU")
    council_tax = factories.DebtAccountFactory(
        authority=authority_a, reference="CT00000376", parties=[party]
    )
    _charge(council_tax, "1234.50")
    _pay(council_tax, "200.00", on=dt.date(2026, 5, 1), reference="PAY-1")
    # Posted after the payment but dated before it: the statement runs by effective date.
    _charge(council_tax, "70.00", on=dt.date(2026, 4, 20), reason="Summons costs")
    pcn = factories.DebtAccountFactory(
        authority=authority_a,
        reference="PCN0000376",
        debt_type=DebtType.PARKING_PCN.value,
        fund="GENERAL_FUND",
        opened_date=dt.date(2026, 2, 1),
        parties=[party],
    )
    _charge(pcn, "70.00", reason="Penalty charge notice")
    _pay(pcn, "100.00", on=dt.date(2026, 6, 1), reference="PAY-2")  # overpaid: in credit
    return party


def _by_account(statement):
    lines = {}
    for line in statement.lines:
        lines.setdefault(line.account_reference, []).append(line)
    return lines


class TestPartyStatement:
    def test_party_statement_runs_each_accounts_balance_oldest_first(self, officer_a, party):
        statement = statements.party_statement(officer=officer_a, party_id=party.pk, as_of=AS_OF)

        lines = _by_account(statement)
        assert [
            (line.entry_date, line.entry_type_label, line.direction_label, line.amount)
            for line in lines["CT00000376"]
        ] == [
            (dt.date(2026, 4, 1), "Charge", "Debit", Decimal("1234.50")),
            (dt.date(2026, 4, 20), "Charge", "Debit", Decimal("70.00")),
            (dt.date(2026, 5, 1), "Payment", "Credit", Decimal("200.00")),
        ]
        assert [line.running_balance for line in lines["CT00000376"]] == [
            Decimal("1234.50"),
            Decimal("1304.50"),
            Decimal("1104.50"),
        ]
        assert [line.running_balance for line in lines["PCN0000376"]] == [
            Decimal("70.00"),
            Decimal("-30.00"),
        ]

    def test_party_statement_ends_each_account_at_its_stored_balance(self, officer_a, party):
        statement = statements.party_statement(officer=officer_a, party_id=party.pk, as_of=AS_OF)

        closing = {line.account_id: line.running_balance for line in statement.lines}
        stored = dict(DebtAccount.objects.filter(pk__in=closing).values_list("id", "balance"))
        assert closing == stored

    def test_party_statement_describes_each_account(self, officer_a, party):
        statement = statements.party_statement(officer=officer_a, party_id=party.pk, as_of=AS_OF)

        pcn = _by_account(statement)["PCN0000376"][0]
        assert pcn.authority_name == "Alpha Borough Council"
        assert pcn.debt_type_label == "Parking penalty charge notice"
        assert pcn.fund_label == "General fund"
        assert pcn.stage == "Not started"
        assert pcn.rule == "liability.annual-bill"
        assert pcn.reason == "Penalty charge notice"
        assert pcn.party_name == "Ms Jane Holloway"
        assert pcn.address == "1 Acacia Avenue, Kingston upon Thames, KT1 1EU"
        assert pcn.postcode == "KT1 1EU"
        assert statement.is_address_withheld is False
        assert statement.parties == [(party.pk, party.authority_id)]

    def test_party_statement_keeps_an_account_with_no_postings(self, authority_a, officer_a):
        party = factories.PartyFactory(authority=authority_a)
        factories.DebtAccountFactory(authority=authority_a, reference="SI00000001", parties=[party])

        statement = statements.party_statement(officer=officer_a, party_id=party.pk, as_of=AS_OF)

        [line] = statement.lines
        assert line.account_reference == "SI00000001"
        assert line.entry_date is None
        assert line.amount is None
        assert line.running_balance == Decimal("0.00")

    def test_party_statement_withholds_a_confidential_address(self, officer_a, party):
        factories.MarkerFactory(party=party, kind="CONFIDENTIAL_ADDRESS", category="")

        statement = statements.party_statement(officer=officer_a, party_id=party.pk, as_of=AS_OF)

        assert statement.is_address_withheld is True
        assert {(line.address, line.postcode) for line in statement.lines} == {
            (statements.ADDRESS_WITHHELD, statements.ADDRESS_WITHHELD)
        }

    def test_party_statement_shows_the_address_once_the_marker_has_ended(self, officer_a, party):
        factories.MarkerFactory(
            party=party,
            kind="CONFIDENTIAL_ADDRESS",
            category="",
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2026, 11, 22),
        )

        statement = statements.party_statement(officer=officer_a, party_id=party.pk, as_of=AS_OF)

        assert statement.is_address_withheld is False
        assert statement.lines[0].postcode == "KT1 1EU"

    def test_party_statement_is_missing_for_another_council(self, authority_b, party):
        officer_b = factories.OfficerFactory(authorities=[authority_b])

        with pytest.raises(Party.DoesNotExist):
            statements.party_statement(officer=officer_b, party_id=party.pk, as_of=AS_OF)


class TestPartyStatementAcrossCouncils:
    @pytest.fixture
    def same_person(self, authority_b, party):
        other = factories.PartyFactory(
            authority=authority_b, forenames="Jane", surname="Holloway", reference="B0000376"
        )
        factories.AddressFactory(party=other, line_1="2 Beta Road", postcode="GU1 1AA")
        account = factories.DebtAccountFactory(
            authority=authority_b, reference="BR00000376", parties=[other]
        )
        _charge(account, "500.00", reason="Business rates 2026/27")
        PartyLink.objects.create(from_party=other, to_party=party, kind=LinkKind.SAME_PERSON)
        return other

    def test_party_statement_includes_the_same_person_at_a_council_the_officer_sees(
        self, authority_a, authority_b, party, same_person
    ):
        officer = factories.OfficerFactory(authorities=[authority_a, authority_b])

        statement = statements.party_statement(officer=officer, party_id=party.pk, as_of=AS_OF)

        [line] = _by_account(statement)["BR00000376"]
        assert line.authority_name == "Beta District Council"
        assert line.party_reference == "B0000376"
        assert line.postcode == "GU1 1AA"
        assert line.running_balance == Decimal("500.00")
        assert statement.parties == [
            (party.pk, authority_a.pk),
            (same_person.pk, authority_b.pk),
        ]
        assert statement.line_count(party_id=same_person.pk) == 1

    def test_party_statement_leaves_out_a_council_the_officer_does_not_see(
        self, officer_a, party, same_person
    ):
        statement = statements.party_statement(officer=officer_a, party_id=party.pk, as_of=AS_OF)

        assert "BR00000376" not in _by_account(statement)
        assert statement.parties == [(party.pk, party.authority_id)]

    def test_party_statement_withholds_every_address_of_the_person(
        self, authority_a, authority_b, party, same_person
    ):
        officer = factories.OfficerFactory(authorities=[authority_a, authority_b])
        factories.MarkerFactory(party=same_person, kind="CONFIDENTIAL_ADDRESS", category="")

        statement = statements.party_statement(officer=officer, party_id=party.pk, as_of=AS_OF)

        assert {line.postcode for line in statement.lines} == {statements.ADDRESS_WITHHELD}


def _queries_for_statement(officer, party):
    officer = Officer.objects.get(pk=officer.pk)  # a fresh officer: nothing cached
    with CaptureQueriesContext(connection) as queries:
        statement = statements.party_statement(officer=officer, party_id=party.pk, as_of=AS_OF)
    return len(queries), len(statement.lines)


class TestPartyStatementQueries:
    def test_party_statement_reads_a_fixed_number_of_queries(self, authority_a, officer_a):
        small = factories.PartyFactory(authority=authority_a)
        large = factories.PartyFactory(authority=authority_a)
        factories.DebtAccountFactory(authority=authority_a, parties=[small])
        _charge(factories.DebtAccountFactory(authority=authority_a, parties=[small]), "10.00")
        for number in range(12):
            account = factories.DebtAccountFactory(authority=authority_a, parties=[large])
            _charge(account, "10.00")
            _pay(account, "4.00", on=dt.date(2026, 5, 1), reference=f"PAY-{number}")

        small_queries, small_lines = _queries_for_statement(officer_a, small)
        large_queries, large_lines = _queries_for_statement(officer_a, large)

        assert (small_lines, large_lines) == (2, 24)
        assert small_queries == large_queries
        assert large_queries <= 10
