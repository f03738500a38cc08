"""
Reads for the magistrates' court pages: sessions with their counts, a session's summonses,
the complaint list (confidential addresses withheld) and the liability order register.
"""

import datetime as dt
from decimal import Decimal

import pytest

from arrears.accounts.models import AccountParty, Liability, PartyLink
from arrears.audit.services import SYSTEM
from arrears.ledger import services as ledger
from arrears.recovery.selectors import court
from arrears.recovery.services import sessions
from arrears.recovery.services.court import HearingOutcome
from tests import factories
from tests.integration.test_court_services import (
    HEARING_DATE,
    LIABILITY,
    ORDER_COSTS,
    SUMMONS_COSTS,
    book_session,
    summonsed_case,
)

pytestmark = pytest.mark.django_db

AFTER_HEARING = dt.date(2026, 6, 23)


def _record(session, case, outcome, *, as_of=HEARING_DATE, adjourned_to=None):
    sessions.record_outcomes(
        session=session,
        decisions=[
            sessions.OutcomeDecision(
                case.pk, outcome, adjourned_to_id=adjourned_to.pk if adjourned_to else None
            )
        ],
        as_of=as_of,
        actor=SYSTEM,
    )


@pytest.fixture
def session(authority_a):
    return book_session(authority_a)


class TestSessionLists:
    def test_session_lists_counts_booked_and_still_to_record(self, authority_a, session, officer_a):
        granted = summonsed_case(session, reference="CT00000201")
        summonsed_case(session, reference="CT00000202")
        _record(session, granted, HearingOutcome.GRANTED)
        upcoming = book_session(authority_a, hearing_date=dt.date(2026, 7, 6), capacity=80)

        lists = court.session_lists(officer=officer_a, as_of=AFTER_HEARING)

        assert [(row.session_id, row.booked, row.to_record) for row in lists.past] == [
            (session.pk, 2, 1)
        ]
        assert [(row.session_id, row.booked, row.room) for row in lists.upcoming] == [
            (upcoming.pk, 0, 80)
        ]

    def test_session_lists_leaves_out_another_councils_sessions(
        self, authority_b, session, officer_a
    ):
        book_session(authority_b, court_name="Bromley Magistrates' Court")

        lists = court.session_lists(officer=officer_a, as_of=dt.date(2026, 6, 1))

        assert [row.session_id for row in lists.upcoming + lists.past] == [session.pk]

    def test_session_for_officer_treats_another_councils_session_as_missing(
        self, authority_b, officer_a
    ):
        theirs = book_session(authority_b)

        with pytest.raises(court.CourtSession.DoesNotExist):
            court.session_for_officer(officer=officer_a, session_id=theirs.pk)


class TestSessionCases:
    def test_session_cases_splits_the_balance_into_sum_and_costs(self, session):
        summonsed_case(session, reference="CT00000201")

        (row,) = court.session_cases(session=session, as_of=dt.date(2026, 6, 15))

        assert row.balance == LIABILITY + SUMMONS_COSTS
        assert (row.amount, row.summons_costs, row.order_costs) == (
            LIABILITY,
            SUMMONS_COSTS,
            ORDER_COSTS,
        )
        assert row.status is court.CaseStatus.TO_RECORD

    def test_session_cases_says_where_each_case_stands(self, authority_a, session):
        cases = {
            outcome: summonsed_case(session, reference=f"CT0000030{n}")
            for n, outcome in enumerate(HearingOutcome)
        }
        waiting = summonsed_case(session, reference="CT00000399")
        later = book_session(authority_a, hearing_date=dt.date(2026, 7, 6))
        for outcome, case in cases.items():
            _record(session, case, outcome, adjourned_to=later)

        rows = court.session_cases(session=session, as_of=AFTER_HEARING)

        assert {row.account_reference: row.status for row in rows} == {
            cases[HearingOutcome.GRANTED].account.reference: court.CaseStatus.GRANTED,
            cases[HearingOutcome.WITHDRAWN].account.reference: court.CaseStatus.WITHDRAWN,
            cases[HearingOutcome.PAID_BEFORE_HEARING].account.reference: (
                court.CaseStatus.PAID_BEFORE_HEARING
            ),
            waiting.account.reference: court.CaseStatus.TO_RECORD,
        }
        granted = next(row for row in rows if row.status is court.CaseStatus.GRANTED)
        assert (granted.order_date, granted.amount, granted.costs) == (
            HEARING_DATE,
            LIABILITY,
            SUMMONS_COSTS + ORDER_COSTS,
        )
        withdrawn = next(row for row in rows if row.status is court.CaseStatus.WITHDRAWN)
        assert (withdrawn.amount, withdrawn.summons_costs) == (LIABILITY, Decimal("0.00"))


class TestComplaintList:
    def test_complaint_list_has_one_line_per_defendant_and_totals_each_account_once(
        self, authority_a, session
    ):
        couple = [
            factories.PartyFactory(authority=authority_a, forenames="Ada", surname="Okafor"),
            factories.PartyFactory(authority=authority_a, forenames="Ben", surname="Okafor"),
        ]
        for party in couple:
            factories.AddressFactory(party=party, line_1="4 Mill Lane", postcode="KT2 5AA")
        joint = summonsed_case(session, reference="CT00000402", parties=couple)
        AccountParty.objects.filter(account_id=joint.account_id).update(
            liability=Liability.JOINT_AND_SEVERAL
        )
        summonsed_case(
            session, reference="CT00000401", surname="Pemberton", liability=Decimal("100.00")
        )

        listed = court.complaint_list(session=session, as_of=dt.date(2026, 6, 15))

        assert [
            (line.account_reference, line.defendant_name, line.liability_label, line.address)
            for line in listed.lines
        ] == [
            (
                "CT00000401",
                listed.lines[0].defendant_name,
                "Sole",
                "1 Acacia Avenue, Kingston upon Thames, KT1 1EU",
            ),
            (
                "CT00000402",
                "Ms Ada Okafor",
                "Joint and several",
                "4 Mill Lane, Kingston upon Thames, KT2 5AA",
            ),
            (
                "CT00000402",
                "Ms Ben Okafor",
                "Joint and several",
                "4 Mill Lane, Kingston upon Thames, KT2 5AA",
            ),
        ]
        assert [line.amount for line in listed.lines] == [Decimal("100.00"), LIABILITY, LIABILITY]
        assert (listed.defendant_count, listed.case_count) == (3, 2)
        assert listed.total_amount == Decimal("100.00") + LIABILITY
        assert listed.total_costs == 2 * (SUMMONS_COSTS + ORDER_COSTS)
        assert listed.court_fee_as_made == Decimal("9.00")

    def test_complaint_list_withholds_a_confidential_address(self, authority_a, session):
        hidden = factories.PartyFactory(authority=authority_a, surname="Hidden")
        factories.AddressFactory(party=hidden, line_1="9 Secret Row")
        factories.MarkerFactory(party=hidden, kind="CONFIDENTIAL_ADDRESS", category="")
        summonsed_case(session, reference="CT00000501", parties=[hidden])

        (line,) = court.complaint_list(session=session, as_of=dt.date(2026, 6, 15)).lines

        assert (line.address, line.is_address_withheld) == ("Address withheld", True)

    def test_complaint_list_shows_the_address_once_the_marker_has_ended(self, authority_a, session):
        party = factories.PartyFactory(authority=authority_a, surname="Safe")
        factories.AddressFactory(party=party, line_1="3 Open Road")
        factories.MarkerFactory(
            party=party, kind="CONFIDENTIAL_ADDRESS", category="", end_date=dt.date(2026, 5, 1)
        )
        summonsed_case(session, reference="CT00000502", parties=[party])

        (line,) = court.complaint_list(session=session, as_of=dt.date(2026, 6, 15)).lines

        assert line.address.startswith("3 Open Road")

    def test_complaint_list_withholds_when_the_same_person_elsewhere_has_the_marker(
        self, authority_a, authority_b, session
    ):
        party = factories.PartyFactory(authority=authority_a, surname="Linked")
        factories.AddressFactory(party=party, line_1="5 Quiet Close")
        elsewhere = factories.PartyFactory(authority=authority_b, surname="Linked")
        factories.MarkerFactory(party=elsewhere, kind="CONFIDENTIAL_ADDRESS", category="")
        PartyLink.objects.create(from_party=elsewhere, to_party=party, kind="SAME_PERSON")
        summonsed_case(session, reference="CT00000503", parties=[party])

        (line,) = court.complaint_list(session=session, as_of=dt.date(2026, 6, 15)).lines

        assert line.address == "Address withheld"

    def test_complaint_list_leaves_out_withdrawn_and_paid_cases(self, session):
        withdrawn = summonsed_case(session, reference="CT00000601")
        paid = summonsed_case(session, reference="CT00000602")
        summonsed_case(session, reference="CT00000603")
        _record(session, withdrawn, HearingOutcome.WITHDRAWN, as_of=dt.date(2026, 6, 15))
        _record(session, paid, HearingOutcome.PAID_BEFORE_HEARING, as_of=dt.date(2026, 6, 15))

        listed = court.complaint_list(session=session, as_of=dt.date(2026, 6, 15))

        assert [line.account_reference for line in listed.lines] == ["CT00000603"]
        assert listed.left_out == 2

    def test_complaint_list_leaves_out_a_director_named_as_a_contact(self, authority_a, session):
        company = factories.PartyFactory(
            authority=authority_a, kind="ORGANISATION", display_name="Acme Widgets Ltd"
        )
        director = factories.PartyFactory(authority=authority_a, surname="Director")
        case = summonsed_case(session, reference="NNDR0000701", parties=[company, director])
        AccountParty.objects.filter(account_id=case.account_id, party=director).update(
            liability=Liability.DIRECTOR
        )

        listed = court.complaint_list(session=session, as_of=dt.date(2026, 6, 15))

        assert [line.defendant_name for line in listed.lines] == ["Acme Widgets Ltd"]


class TestLiabilityOrders:
    def test_liability_orders_lists_each_order_with_its_sum_and_costs(self, session, officer_a):
        granted = summonsed_case(session, reference="CT00000801")
        summonsed_case(session, reference="CT00000802")
        _record(session, granted, HearingOutcome.GRANTED, as_of=AFTER_HEARING)
        # A payment after the order leaves the order's own figures as they were.
        ledger.record_payment(
            account=granted.account,
            amount=Decimal("50.00"),
            received_date=dt.date(2026, 6, 30),
            reference="PAY-801",
            actor=SYSTEM,
        )

        register = court.liability_orders(officer=officer_a, order_filter=court.OrderFilter())

        (row,) = register.rows
        assert (row.account_reference, row.order_date, row.court_name) == (
            "CT00000801",
            HEARING_DATE,
            "Kingston Magistrates' Court",
        )
        assert (row.amount, row.summons_costs, row.order_costs) == (
            LIABILITY,
            SUMMONS_COSTS,
            ORDER_COSTS,
        )
        assert row.total == LIABILITY + SUMMONS_COSTS + ORDER_COSTS
        assert (register.total_amount, register.total_costs) == (
            LIABILITY,
            SUMMONS_COSTS + ORDER_COSTS,
        )

    def test_liability_orders_filters_by_date_range_and_debt_type(
        self, authority_a, session, officer_a
    ):
        june = summonsed_case(session, reference="CT00000811")
        _record(session, june, HearingOutcome.GRANTED)
        july_session = book_session(authority_a, hearing_date=dt.date(2026, 7, 6))
        july = summonsed_case(july_session, reference="CT00000812")
        _record(july_session, july, HearingOutcome.GRANTED, as_of=dt.date(2026, 7, 6))

        def references(**kwargs):
            found = court.liability_orders(
                officer=officer_a, order_filter=court.OrderFilter(**kwargs)
            )
            return [row.account_reference for row in found.rows]

        assert references() == ["CT00000812", "CT00000811"]
        assert references(from_date=dt.date(2026, 7, 1)) == ["CT00000812"]
        assert references(to_date=dt.date(2026, 6, 22)) == ["CT00000811"]
        assert references(from_date=dt.date(2026, 6, 22), to_date=dt.date(2026, 7, 6)) == [
            "CT00000812",
            "CT00000811",
        ]
        assert references(debt_type="COUNCIL_TAX") == ["CT00000812", "CT00000811"]
        assert references(debt_type="BUSINESS_RATES") == []

    def test_liability_orders_leaves_out_another_councils_orders(self, authority_b, officer_a):
        theirs = book_session(authority_b)
        case = summonsed_case(theirs, reference="CT00000821")
        _record(theirs, case, HearingOutcome.GRANTED)

        register = court.liability_orders(officer=officer_a, order_filter=court.OrderFilter())

        assert register.rows == []
