"""
The magistrates' court pages through the test client (RULES.md §2.4): court sessions, booking
one, a session's summonses and complaint list (CSV, audited, confidential addresses withheld),
hearing outcomes one at a time and "all remaining as granted", and the liability order register.
"""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from arrears.accounts.models import AccountParty, DebtAccount, Liability
from arrears.audit.models import AuditEvent
from arrears.audit.services import SYSTEM
from arrears.recovery.models import ActionType, CourtSession, RecoveryAction, RecoveryCase
from arrears.recovery.services import sessions
from arrears.recovery.services.court import HearingOutcome
from arrears.staff.domain.policy import ROLE_PERMISSIONS, Permission, Role
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

IP = "198.51.100.31"
LONDON = ZoneInfo("Europe/London")
VIEWERS = [role for role in Role if Permission.VIEW_COURT in ROLE_PERMISSIONS[role]]
MANAGERS = [role for role in Role if Permission.MANAGE_COURT in ROLE_PERMISSIONS[role]]


def _at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(11, 0), tzinfo=LONDON))


@pytest.fixture(autouse=True)
def day_after_the_hearing():
    with _at(HEARING_DATE + dt.timedelta(days=1)):
        yield


def _client(client, authorities, role=Role.DEBT_MANAGEMENT_OFFICER):
    officer = factories.OfficerFactory(authorities=authorities, role=role.value)
    client.force_login(officer)
    return officer


@pytest.fixture
def officer(client, authority_a):
    return _client(client, [authority_a])


@pytest.fixture
def session(authority_a):
    return book_session(authority_a)


@pytest.fixture
def case(session):
    return summonsed_case(session, reference="CT00000901", surname="Pemberton")


def _balance(case):
    return DebtAccount.objects.get(pk=case.account_id).balance


def _outcome_url(case):
    return reverse(
        "web:court-outcome", kwargs={"session_id": case.court_session_id, "case_id": case.pk}
    )


def _session_url(session):
    return reverse("web:court-session", kwargs={"session_id": session.pk})


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


class TestPermissions:
    def test_policy_gives_court_work_to_the_roles_the_court_needs(self):
        assert set(MANAGERS) == {Role.DEBT_MANAGEMENT_OFFICER, Role.TEAM_LEADER, Role.MANAGER}
        assert Role.AUDITOR in VIEWERS
        assert Role.ENFORCEMENT_AGENT not in VIEWERS


class TestSessionList:
    def test_session_list_shows_upcoming_and_past_sessions_with_counts(
        self, client, officer, authority_a, session, case
    ):
        book_session(authority_a, hearing_date=dt.date(2026, 7, 6), court_name="Richmond Court")

        response = client.get(reverse("web:court-sessions"))

        page = response.content.decode()
        assert response.status_code == 200
        assert page.index("Upcoming sessions") < page.index("Richmond Court")
        assert page.index("Past sessions") < page.index("Kingston Magistrates")
        assert "1 of 50" in page
        assert 'aria-current="page"' in page
        assert ">Court<" in page
        assert "Book a court session" in page

    def test_session_list_lets_an_auditor_look_but_not_book(self, client, authority_a, session):
        _client(client, [authority_a], role=Role.AUDITOR)

        response = client.get(reverse("web:court-sessions"))

        assert response.status_code == 200
        assert "Kingston Magistrates" in response.content.decode()
        assert "Book a court session" not in response.content.decode()
        assert client.get(reverse("web:court-session-new")).status_code == 403

    def test_session_list_refuses_an_enforcement_agent(self, client, authority_a):
        _client(client, [authority_a], role=Role.ENFORCEMENT_AGENT)

        assert client.get(reverse("web:court-sessions")).status_code == 403


class TestNewSession:
    def _post(self, client, authority, **changes):
        data = {
            "authority": str(authority.pk),
            "court_name": "Kingston Magistrates' Court",
            "hearing_date-day": "6",
            "hearing_date-month": "7",
            "hearing_date-year": "2026",
            "hearing_time": "10:30",
            "capacity": "150",
            **changes,
        }
        return client.post(reverse("web:court-session-new"), data, REMOTE_ADDR=IP)

    def test_new_session_books_it_and_audits(self, client, officer, authority_a):
        response = self._post(client, authority_a)

        booked = CourtSession.objects.get(authority=authority_a)
        assert response.status_code == 302
        assert response["Location"] == _session_url(booked)
        assert (booked.hearing_date, booked.hearing_time, booked.capacity) == (
            dt.date(2026, 7, 6),
            dt.time(10, 30),
            150,
        )
        event = AuditEvent.objects.get(action="recovery.court_session.created")
        assert (event.officer_id, event.ip_address) == (officer.pk, IP)
        page = client.get(response["Location"]).content.decode()
        assert "Court session booked at Kingston Magistrates&#x27; Court on 6 July 2026" in page

    @pytest.mark.parametrize(
        ("changes", "error"),
        [
            (
                {"hearing_date-day": "22", "hearing_date-month": "6"},
                "The hearing date 22 June 2026 has passed",
            ),
            ({"capacity": "0"}, "The court must be able to hear at least 1 summons"),
            ({"capacity": "-3"}, "The court must be able to hear at least 1 summons"),
            ({"capacity": "lots"}, "Enter the number of summonses as a whole number"),
            ({"hearing_time": "25:00"}, "Enter the time like 10:00 or 14:30"),
            ({"hearing_date-year": "26"}, "Hearing date year must include 4 numbers"),
            ({"court_name": " "}, "Enter the name of the magistrates&#x27; court"),
        ],
    )
    def test_new_session_refuses_bad_answers(self, client, officer, authority_a, changes, error):
        response = self._post(client, authority_a, **changes)

        assert response.status_code == 400
        assert error in response.content.decode()
        assert not CourtSession.objects.filter(authority=authority_a).exists()

    def test_new_session_offers_only_the_officers_councils(self, client, authority_a, authority_b):
        third = factories.AuthorityFactory(code="GAMMA", name="Gamma Town Council")
        _client(client, [authority_a, third])

        page = client.get(reverse("web:court-session-new")).content.decode()
        response = self._post(client, authority_b)

        assert "Gamma Town Council" in page
        assert "Beta District Council" not in page
        assert response.status_code == 400
        assert "Select the council the session is for" in response.content.decode()
        assert not CourtSession.objects.exists()


class TestSessionDetail:
    def test_session_detail_lists_the_summonses_with_sum_and_costs(
        self, client, officer, session, case
    ):
        response = client.get(_session_url(session))

        page = response.content.decode()
        assert response.status_code == 200
        assert "CT00000901" in page
        assert "£731.19" in page  # the sum summonsed
        assert "£93.50" in page  # £64.50 summons costs and £29.00 order costs asked for
        assert "Record outcome" in page
        assert "Record all remaining as granted" in page
        assert "£3.00 for each defendant, the fee as made in 2008" in page
        assert "Download the complaint list (CSV)" in page

    def test_session_detail_is_404_for_another_councils_session(self, client, officer, authority_b):
        theirs = book_session(authority_b)

        assert client.get(_session_url(theirs)).status_code == 404


class TestComplaintCsv:
    def test_complaint_csv_lists_each_defendant_withholds_confidential_addresses_and_totals(
        self, client, officer, authority_a, session, case
    ):
        hidden = factories.PartyFactory(authority=authority_a, forenames="Rae", surname="Quiet")
        factories.AddressFactory(party=hidden, line_1="9 Secret Row")
        factories.MarkerFactory(party=hidden, kind="CONFIDENTIAL_ADDRESS", category="")
        partner = factories.PartyFactory(authority=authority_a, forenames="Sol", surname="Quiet")
        factories.AddressFactory(party=partner, line_1="2 Open Road")
        joint = summonsed_case(session, reference="CT00000902", parties=[hidden, partner])
        AccountParty.objects.filter(account_id=joint.account_id).update(
            liability=Liability.JOINT_AND_SEVERAL
        )

        response = client.get(
            reverse("web:court-complaint-csv", kwargs={"session_id": session.pk}), REMOTE_ADDR=IP
        )

        rows = _csv(response)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="complaint-list')
        assert rows[0] == [
            "Council",
            "Court",
            "Hearing date",
            "Hearing time",
            "Account reference",
            "Debt type",
            "Defendant",
            "Liability",
            "Address",
            "Amount",
            "Costs",
        ]
        assert [row[4:] for row in rows[1:]] == [
            [
                "CT00000901",
                "Council tax",
                "Ms Jane Pemberton",
                "Sole",
                "1 Acacia Avenue, Kingston upon Thames, KT1 1EU",
                "731.19",
                "93.50",
            ],
            [
                "CT00000902",
                "Council tax",
                "Ms Rae Quiet",
                "Joint and several",
                "Address withheld",
                "731.19",
                "93.50",
            ],
            [
                "CT00000902",
                "Council tax",
                "Ms Sol Quiet",
                "Joint and several",
                "2 Open Road, Kingston upon Thames, KT1 1EU",
                "731.19",
                "93.50",
            ],
            ["2 accounts", "", "3 defendants", "", "", "1462.38", "187.00"],
        ]
        assert rows[1][:4] == [
            "Alpha Borough Council",
            "Kingston Magistrates' Court",
            "2026-06-22",
            "10:00",
        ]
        assert rows[-1][0] == "Total"
        assert "9 Secret Row" not in response.content.decode("utf-8-sig")
        event = AuditEvent.objects.get(action="recovery.court_complaint.exported")
        assert (event.authority_id, event.object_id, event.ip_address) == (
            authority_a.pk,
            str(session.pk),
            IP,
        )
        assert event.detail["defendant_count"] == 3
        assert event.detail["addresses_withheld"] == 1

    @pytest.mark.parametrize("role", [Role.AUDITOR, Role.DEBTORS_COLLECTION_OFFICER])
    def test_complaint_csv_needs_both_export_and_court_permissions(
        self, client, authority_a, session, case, role
    ):
        _client(client, [authority_a], role=role)

        response = client.get(reverse("web:court-complaint-csv", kwargs={"session_id": session.pk}))

        assert response.status_code == 403
        assert not AuditEvent.objects.filter(action="recovery.court_complaint.exported")


class TestCaseOutcome:
    def _post(self, client, case, step="check", **answers):
        return client.post(_outcome_url(case), {"step": step, **answers}, REMOTE_ADDR=IP)

    def test_case_outcome_checks_then_grants_with_the_order_costs(self, client, officer, case):
        check = self._post(client, case, outcome="GRANTED")

        assert check.status_code == 200
        assert "Check your answers" in check.content.decode()
        assert "£824.69 after" in check.content.decode()
        assert _balance(case) == LIABILITY + SUMMONS_COSTS

        done = self._post(client, case, step="confirm", outcome="GRANTED", note="")

        assert done.status_code == 302
        assert done["Location"] == _session_url(case.court_session)
        assert _balance(case) == LIABILITY + SUMMONS_COSTS + ORDER_COSTS
        order = RecoveryAction.objects.get(case=case, kind=ActionType.COURT_OUTCOME)
        assert (order.created_by_id, order.action_date) == (officer.pk, HEARING_DATE)
        page = client.get(done["Location"]).content.decode()
        assert "Liability order granted recorded for account CT00000901" in page

    def test_case_outcome_withdrawn_puts_the_balance_back(self, client, officer, case):
        response = self._post(client, case, step="confirm", outcome="WITHDRAWN")

        assert response.status_code == 302
        assert _balance(case) == LIABILITY
        assert RecoveryCase.objects.get(pk=case.pk).is_closed

    def test_case_outcome_refuses_an_adjournment_without_a_session(self, client, officer, case):
        response = self._post(client, case, step="confirm", outcome="ADJOURNED")

        assert response.status_code == 400
        assert "Select the court session the hearing is adjourned to" in response.content.decode()
        assert RecoveryCase.objects.get(pk=case.pk).court_session_id == case.court_session_id

    def test_case_outcome_refuses_a_session_that_is_not_offered(
        self, client, officer, authority_b, case
    ):
        theirs = book_session(authority_b, hearing_date=dt.date(2026, 7, 6))

        response = self._post(
            client, case, step="confirm", outcome="ADJOURNED", adjourned_to=str(theirs.pk)
        )

        assert response.status_code == 400
        assert "Select one of the later sessions listed" in response.content.decode()

    def test_case_outcome_adjourns_to_a_later_session(self, client, officer, authority_a, case):
        later = book_session(authority_a, hearing_date=dt.date(2026, 7, 6))

        form = client.get(_outcome_url(case)).content.decode()
        response = self._post(
            client, case, step="confirm", outcome="ADJOURNED", adjourned_to=str(later.pk)
        )

        assert "6 July 2026 at 10:00 (50 places left)" in form
        assert response.status_code == 302
        moved = RecoveryCase.objects.get(pk=case.pk)
        assert (moved.court_session_id, moved.hearing_date) == (later.pk, dt.date(2026, 7, 6))

    def test_case_outcome_asks_to_confirm_a_payment_the_balance_does_not_show(
        self, client, officer, case
    ):
        check = self._post(client, case, outcome="PAID_BEFORE_HEARING")
        unconfirmed = self._post(client, case, step="confirm", outcome="PAID_BEFORE_HEARING")

        assert "The account still owes £795.69" in check.content.decode()
        assert unconfirmed.status_code == 400
        assert "Confirm that the sum and costs were paid" in unconfirmed.content.decode()
        assert not RecoveryCase.objects.get(pk=case.pk).is_closed

        confirmed = self._post(
            client, case, step="confirm", outcome="PAID_BEFORE_HEARING", is_paid_confirmed="on"
        )

        assert confirmed.status_code == 302
        assert RecoveryCase.objects.get(pk=case.pk).is_closed

    def test_case_outcome_refuses_a_court_decision_before_the_hearing(self, client, officer, case):
        with _at(dt.date(2026, 6, 19)):
            response = self._post(client, case, step="confirm", outcome="GRANTED")

        assert response.status_code == 400
        assert "The hearing is on 22 June 2026" in response.content.decode()
        assert _balance(case) == LIABILITY + SUMMONS_COSTS

    def test_case_outcome_says_when_the_outcome_is_already_recorded(
        self, client, officer, session, case
    ):
        sessions.record_outcomes(
            session=session,
            decisions=[sessions.OutcomeDecision(case.pk, HearingOutcome.WITHDRAWN)],
            as_of=HEARING_DATE,
            actor=SYSTEM,
        )

        page = client.get(_outcome_url(case))
        again = self._post(client, case, step="confirm", outcome="GRANTED")

        assert "The outcome for this summons is recorded: withdrawn" in page.content.decode()
        assert again.status_code == 400
        assert _balance(case) == LIABILITY

    def test_case_outcome_is_404_for_a_case_of_another_session_or_council(
        self, client, officer, authority_a, authority_b, session
    ):
        elsewhere = summonsed_case(
            book_session(authority_a, court_name="Richmond Court"), reference="CT00000903"
        )
        theirs = summonsed_case(book_session(authority_b), reference="CT00000904")
        wrong_session = reverse(
            "web:court-outcome", kwargs={"session_id": session.pk, "case_id": elsewhere.pk}
        )

        assert client.get(wrong_session).status_code == 404
        assert client.get(_outcome_url(theirs)).status_code == 404
        assert client.post(_outcome_url(theirs), {"outcome": "GRANTED"}).status_code == 404

    def test_case_outcome_refuses_an_auditor(self, client, authority_a, case):
        _client(client, [authority_a], role=Role.AUDITOR)

        response = self._post(client, case, step="confirm", outcome="GRANTED")

        assert response.status_code == 403
        assert _balance(case) == LIABILITY + SUMMONS_COSTS


class TestRemainingGranted:
    def _url(self, session):
        return reverse("web:court-outcomes", kwargs={"session_id": session.pk})

    def test_remaining_granted_lists_then_grants_every_case_still_to_record(
        self, client, officer, session, case
    ):
        other = summonsed_case(session, reference="CT00000905")
        withdrawn = summonsed_case(session, reference="CT00000906")
        sessions.record_outcomes(
            session=session,
            decisions=[sessions.OutcomeDecision(withdrawn.pk, HearingOutcome.WITHDRAWN)],
            as_of=HEARING_DATE,
            actor=SYSTEM,
        )

        check = client.get(self._url(session)).content.decode()
        response = client.post(self._url(session), {"case": [str(case.pk), str(other.pk)]})

        assert "CT00000901" in check
        assert "CT00000905" in check
        assert "CT00000906" not in check
        assert "£58.00 in all" in check
        assert response.status_code == 302
        assert _balance(case) == _balance(other) == LIABILITY + SUMMONS_COSTS + ORDER_COSTS
        assert _balance(withdrawn) == LIABILITY
        page = client.get(response["Location"]).content.decode()
        assert "2 liability orders recorded as granted" in page

    def test_remaining_granted_records_none_when_the_list_has_changed(
        self, client, officer, session, case
    ):
        other = summonsed_case(session, reference="CT00000907")
        sessions.record_outcomes(
            session=session,
            decisions=[sessions.OutcomeDecision(other.pk, HearingOutcome.WITHDRAWN)],
            as_of=HEARING_DATE,
            actor=SYSTEM,
        )

        response = client.post(self._url(session), {"case": [str(case.pk), str(other.pk)]})

        assert response.status_code == 400
        assert "CT00000907 has already been recorded" in response.content.decode()
        assert _balance(case) == LIABILITY + SUMMONS_COSTS

    def test_remaining_granted_says_which_defendant_has_no_address(
        self, client, officer, session, case
    ):
        homeless = summonsed_case(session, reference="CT00000909", address=False)

        response = client.post(self._url(session), {"case": [str(case.pk), str(homeless.pk)]})

        assert response.status_code == 400
        assert "A defendant on account CT00000909 has no current" in response.content.decode()
        assert _balance(case) == LIABILITY + SUMMONS_COSTS

    def test_remaining_granted_waits_for_the_hearing_day(self, client, officer, session, case):
        with _at(dt.date(2026, 6, 19)):
            page = client.get(self._url(session)).content.decode()
            response = client.post(self._url(session), {"case": [str(case.pk)]})

        assert "The hearing is on 22 June 2026" in page
        assert response.status_code == 400
        assert _balance(case) == LIABILITY + SUMMONS_COSTS

    def test_remaining_granted_refuses_another_councils_case(
        self, client, officer, authority_b, session, case
    ):
        theirs = summonsed_case(book_session(authority_b), reference="CT00000908")

        response = client.post(self._url(session), {"case": [str(theirs.pk)]})

        assert response.status_code == 400
        assert _balance(theirs) == LIABILITY + SUMMONS_COSTS


class TestLiabilityOrders:
    @pytest.fixture
    def orders(self, authority_a, session, case):
        july = book_session(authority_a, hearing_date=dt.date(2026, 7, 6))
        rates = summonsed_case(july, reference="NNDR0000910")
        DebtAccount.objects.filter(pk=rates.account_id).update(debt_type="BUSINESS_RATES")
        sessions.record_outcomes(
            session=session,
            decisions=[sessions.OutcomeDecision(case.pk, HearingOutcome.GRANTED)],
            as_of=HEARING_DATE,
            actor=SYSTEM,
        )
        sessions.record_outcomes(
            session=july,
            decisions=[sessions.OutcomeDecision(rates.pk, HearingOutcome.GRANTED)],
            as_of=dt.date(2026, 7, 6),
            actor=SYSTEM,
        )

    def test_liability_orders_lists_and_filters_the_orders(self, client, officer, orders):
        everything = client.get(reverse("web:liability-orders")).content.decode()
        july = client.get(
            reverse("web:liability-orders"),
            {"from_date-day": "1", "from_date-month": "7", "from_date-year": "2026"},
        ).content.decode()
        council_tax = client.get(
            reverse("web:liability-orders"), {"debt_type": "COUNCIL_TAX"}
        ).content.decode()

        assert "CT00000901" in everything
        assert "NNDR0000910" in everything
        assert "2 orders: £1,462.38 and £187.00 costs" in everything
        assert "NNDR0000910" in july
        assert "CT00000901" not in july
        assert "CT00000901" in council_tax
        assert "NNDR0000910" not in council_tax

    def test_liability_orders_shows_nothing_for_a_wrong_filter(self, client, officer, orders):
        response = client.get(
            reverse("web:liability-orders"),
            {
                "from_date-day": "6",
                "from_date-month": "7",
                "from_date-year": "2026",
                "to_date-day": "1",
                "to_date-month": "7",
                "to_date-year": "2026",
            },
        )

        page = response.content.decode()
        assert "The ‘to’ date must be the same as or after the ‘from’ date" in page
        assert "CT00000901" not in page
        assert "NNDR0000910" not in page

    def test_liability_orders_csv_downloads_the_filtered_register_and_audits_it(
        self, client, officer, authority_a, orders
    ):
        response = client.get(
            reverse("web:liability-orders-csv"), {"debt_type": "COUNCIL_TAX"}, REMOTE_ADDR=IP
        )

        rows = _csv(response)
        assert rows[0][:4] == ["Order date", "Council", "Court", "Account reference"]
        assert rows[1:] == [
            [
                "2026-06-22",
                "Alpha Borough Council",
                "Kingston Magistrates' Court",
                "CT00000901",
                "Council tax",
                "Ms Jane Pemberton",
                "731.19",
                "64.50",
                "29.00",
                "824.69",
            ]
        ]
        event = AuditEvent.objects.get(action="recovery.liability_orders.exported")
        assert (event.authority_id, event.ip_address) == (authority_a.pk, IP)
        assert event.detail["debt_type"] == "COUNCIL_TAX"
        assert event.detail["row_count"] == 1

    def test_liability_orders_lets_an_enforcement_support_officer_look(
        self, client, authority_a, orders
    ):
        _client(client, [authority_a], role=Role.ENFORCEMENT_SUPPORT_OFFICER)

        page = client.get(reverse("web:liability-orders")).content.decode()
        csv_status = client.get(reverse("web:liability-orders-csv")).status_code

        assert "CT00000901" in page
        assert "Download these orders" not in page
        assert csv_status == 403
