"""
The magistrates' court services (RULES.md §2.4): booking sessions and recording outcomes.

The builders here (`book_session`, `summonsed_case`) make a case as the daily run leaves it
after a summons: at the SUMMONS stage with its £64.50 costs posted by the ledger, the
LIABILITY_ORDER stage next, booked into a court session. The web tests use them too.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from arrears.accounts.models import AccountParty, DebtAccount, Liability
from arrears.audit.models import AuditEvent
from arrears.audit.services import SYSTEM, Actor
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind, EntryType
from arrears.ledger.models import Entry
from arrears.recovery.models import (
    ActionType,
    CourtSession,
    RecoveryAction,
    RecoveryCase,
    Stream,
)
from arrears.recovery.selectors import streams as stream_selectors
from arrears.recovery.services import sessions
from arrears.recovery.services.court import HearingOutcome
from arrears.recovery.services.streams import install_default_streams
from tests import factories

pytestmark = pytest.mark.django_db

SUMMONS_DATE = dt.date(2026, 6, 1)
HEARING_DATE = dt.date(2026, 6, 22)
LIABILITY = Decimal("731.19")
SUMMONS_COSTS = Decimal("64.50")
ORDER_COSTS = Decimal("29.00")


def book_session(
    authority, *, hearing_date=HEARING_DATE, court_name="Kingston Magistrates' Court", capacity=50
):
    """Return a court session booked straight into the database (no audit, no checks)."""
    return CourtSession.objects.create(
        authority=authority,
        court_name=court_name,
        hearing_date=hearing_date,
        hearing_time=dt.time(10, 0),
        capacity=capacity,
        created_at=timezone.now(),
    )


def summonsed_case(
    session, *, reference, surname="Pemberton", liability=LIABILITY, parties=None, address=True
):
    """
    Return a council tax case summonsed on 1 June 2026 and booked into `session`: the
    liability charge and the summons costs posted by the ledger, a SUMMONS action recording
    the costs, and LIABILITY_ORDER as the next stage.
    """
    authority = session.authority
    install_default_streams(authority_id=authority.pk, actor=SYSTEM, at=timezone.now())
    stream = Stream.objects.get(authority=authority, debt_type="COUNCIL_TAX", is_current=True)
    stages = stream_selectors.stream_stages(stream_ids=[stream.pk])[stream.pk]
    if parties is None:
        party = factories.PartyFactory(authority=authority, forenames="Jane", surname=surname)
        if address:
            factories.AddressFactory(party=party, line_1="1 Acacia Avenue", postcode="KT1 1EU")
        parties = [party]
    account = factories.DebtAccountFactory(
        authority=authority, reference=reference, parties=parties
    )
    ledger.post_charge(
        account=account,
        amount=liability,
        effective_date=dt.date(2026, 4, 1),
        charge_kind=ChargeKind.LIABILITY,
        rule="liability.annual-bill",
        reason="Council tax 2026/27",
        actor=SYSTEM,
    )
    costs = ledger.post_charge(
        account=account,
        amount=SUMMONS_COSTS,
        effective_date=SUMMONS_DATE,
        charge_kind=ChargeKind.COSTS,
        rule="recovery SUMMONS",
        reason="Summons costs",
        actor=SYSTEM,
    )
    summons_id = stages.stage_id("SUMMONS")
    case = RecoveryCase.objects.create(
        account=account,
        authority=authority,
        stream=stream,
        stage_id=summons_id,
        stage_date=SUMMONS_DATE,
        next_stage_id=stages.stage_id("LIABILITY_ORDER"),
        next_due_date=None,
        due_date=dt.date(2026, 4, 1),
        original_amount=liability,
        court_session=session,
        hearing_date=session.hearing_date,
        opened_date=dt.date(2026, 4, 20),
    )
    RecoveryAction.objects.create(
        case=case,
        account=account,
        authority=authority,
        stage_id=summons_id,
        kind=ActionType.STAGE,
        stream_version=stages.version,
        action_date=SUMMONS_DATE,
        rule="RULES.md §2.3-§2.4",
        cost_amount=costs.amount,
        cost_entry_id=costs.pk,
        created_at=timezone.now(),
    )
    return case


@dataclass(frozen=True)
class CourtRecords:
    session: CourtSession
    case: RecoveryCase  # waiting for the session's hearing
    order_reference: str  # the account of a liability order granted at the session


def court_records(authority):
    """
    Return the authority's court session, with one summons waiting for its hearing and one
    liability order granted at it (made once): the court pages' records in the tenancy test.
    """
    court_name = f"{authority.code.title()} Magistrates Court"
    session = CourtSession.objects.filter(
        authority=authority, court_name=court_name
    ).first() or book_session(authority, court_name=court_name)
    waiting, granted = f"CT{authority.code}SUM", f"CT{authority.code}LO"
    case = RecoveryCase.objects.filter(
        authority=authority, account__reference=waiting
    ).first() or summonsed_case(session, reference=waiting)
    if not RecoveryCase.objects.filter(authority=authority, account__reference=granted).exists():
        sessions.record_outcomes(
            session=session,
            decisions=[
                sessions.OutcomeDecision(
                    summonsed_case(session, reference=granted).pk, HearingOutcome.GRANTED
                )
            ],
            as_of=HEARING_DATE,
            actor=SYSTEM,
        )
    return CourtRecords(session=session, case=case, order_reference=granted)


def _balance(case):
    return DebtAccount.objects.get(pk=case.account_id).balance


@pytest.fixture
def actor(officer_a):
    return Actor(officer_id=officer_a.pk, ip_address="198.51.100.7", channel="web")


@pytest.fixture
def session(authority_a):
    return book_session(authority_a)


@pytest.fixture
def case(session):
    return summonsed_case(session, reference="CT00000101")


class TestCreateCourtSession:
    def test_create_court_session_books_and_audits(self, authority_a, actor):
        booked = sessions.create_court_session(
            authority=authority_a,
            court_name="  Kingston   Magistrates' Court ",
            hearing_date=dt.date(2026, 7, 6),
            hearing_time=dt.time(10, 30),
            capacity=120,
            as_of=dt.date(2026, 6, 15),
            actor=actor,
        )

        assert (booked.court_name, booked.capacity) == ("Kingston Magistrates' Court", 120)
        event = AuditEvent.objects.get(
            action="recovery.court_session.created", object_id=str(booked.pk)
        )
        assert event.authority_id == authority_a.pk
        assert event.detail == {
            "court_name": "Kingston Magistrates' Court",
            "hearing_date": "2026-07-06",
            "hearing_time": "10:30",
            "capacity": 120,
        }

    def test_create_court_session_accepts_today(self, authority_a, actor):
        booked = sessions.create_court_session(
            authority=authority_a,
            court_name="Kingston Magistrates' Court",
            hearing_date=dt.date(2026, 6, 15),
            hearing_time=dt.time(14, 0),
            capacity=1,
            as_of=dt.date(2026, 6, 15),
            actor=actor,
        )

        assert booked.hearing_date == dt.date(2026, 6, 15)

    def test_create_court_session_refuses_a_past_date(self, authority_a, actor):
        with pytest.raises(sessions.HearingDateInPast, match="14 June 2026 has passed"):
            sessions.create_court_session(
                authority=authority_a,
                court_name="Kingston Magistrates' Court",
                hearing_date=dt.date(2026, 6, 14),
                hearing_time=dt.time(10, 0),
                capacity=50,
                as_of=dt.date(2026, 6, 15),
                actor=actor,
            )

        assert not CourtSession.objects.filter(authority=authority_a).exists()

    def test_create_court_session_refuses_no_capacity(self, authority_a, actor):
        with pytest.raises(sessions.NoCapacity, match="at least 1 summons"):
            sessions.create_court_session(
                authority=authority_a,
                court_name="Kingston Magistrates' Court",
                hearing_date=dt.date(2026, 7, 6),
                hearing_time=dt.time(10, 0),
                capacity=0,
                as_of=dt.date(2026, 6, 15),
                actor=actor,
            )

    def test_create_court_session_refuses_the_same_sitting_twice(self, authority_a, actor):
        book_session(authority_a, hearing_date=dt.date(2026, 7, 6))

        with pytest.raises(sessions.DuplicateSession, match="already has a session"):
            sessions.create_court_session(
                authority=authority_a,
                court_name="KINGSTON MAGISTRATES' COURT",
                hearing_date=dt.date(2026, 7, 6),
                hearing_time=dt.time(10, 0),
                capacity=50,
                as_of=dt.date(2026, 6, 15),
                actor=actor,
            )


class TestRecordOutcomes:
    def test_record_outcomes_granted_adds_the_order_costs(self, session, case, actor):
        before = _balance(case)

        results = sessions.record_outcomes(
            session=session,
            decisions=[sessions.OutcomeDecision(case.pk, HearingOutcome.GRANTED)],
            as_of=dt.date(2026, 6, 23),
            actor=actor,
        )

        assert before == LIABILITY + SUMMONS_COSTS
        assert _balance(case) == LIABILITY + SUMMONS_COSTS + ORDER_COSTS
        order = RecoveryAction.objects.get(pk=results[0].action_id)
        assert (order.kind, order.stage.code) == (ActionType.COURT_OUTCOME, "LIABILITY_ORDER")
        # The order is made on the hearing day, whenever the officer records it.
        assert (order.action_date, order.cost_amount) == (HEARING_DATE, ORDER_COSTS)
        assert Entry.objects.get(pk=order.cost_entry_id).effective_date == HEARING_DATE
        case.refresh_from_db()
        assert case.stage.code == "LIABILITY_ORDER"
        assert case.next_stage.code == "INFORMATION_REQUEST"

    def test_record_outcomes_withdrawn_reverses_the_summons_costs(self, session, case, actor):
        sessions.record_outcomes(
            session=session,
            decisions=[sessions.OutcomeDecision(case.pk, HearingOutcome.WITHDRAWN)],
            as_of=dt.date(2026, 6, 22),
            actor=actor,
        )

        assert _balance(case) == LIABILITY
        reversal = Entry.objects.get(account_id=case.account_id, entry_type=EntryType.REVERSAL)
        assert (reversal.amount, reversal.reason) == (SUMMONS_COSTS, "Summons withdrawn")
        case.refresh_from_db()
        assert case.is_closed
        assert case.closed_reason == "Summons withdrawn"

    def test_record_outcomes_withdrawn_before_the_hearing_is_dated_that_day(
        self, session, case, actor
    ):
        sessions.record_outcomes(
            session=session,
            decisions=[sessions.OutcomeDecision(case.pk, HearingOutcome.WITHDRAWN)],
            as_of=dt.date(2026, 6, 10),
            actor=actor,
        )

        reversal = Entry.objects.get(account_id=case.account_id, entry_type=EntryType.REVERSAL)
        assert reversal.effective_date == dt.date(2026, 6, 10)

    def test_record_outcomes_paid_before_the_hearing_closes_the_case(self, session, case, actor):
        sessions.record_outcomes(
            session=session,
            decisions=[sessions.OutcomeDecision(case.pk, HearingOutcome.PAID_BEFORE_HEARING)],
            as_of=dt.date(2026, 6, 18),
            actor=actor,
        )

        case.refresh_from_db()
        assert case.is_closed
        assert case.closed_reason.startswith("Paid before the hearing")
        # The summons costs stay: reg 34(5) asks for the sum and the costs incurred so far.
        assert _balance(case) == LIABILITY + SUMMONS_COSTS

    def test_record_outcomes_adjourned_moves_the_case_to_the_later_session(
        self, authority_a, session, case, actor
    ):
        later = book_session(authority_a, hearing_date=dt.date(2026, 7, 6))

        sessions.record_outcomes(
            session=session,
            decisions=[
                sessions.OutcomeDecision(
                    case.pk, HearingOutcome.ADJOURNED, adjourned_to_id=later.pk, note="Ill"
                )
            ],
            as_of=HEARING_DATE,
            actor=actor,
        )

        case.refresh_from_db()
        assert (case.court_session_id, case.hearing_date) == (later.pk, dt.date(2026, 7, 6))
        assert case.next_stage.code == "LIABILITY_ORDER"
        assert _balance(case) == LIABILITY + SUMMONS_COSTS

    def test_record_outcomes_refuses_an_adjournment_without_a_session(self, session, case, actor):
        with pytest.raises(sessions.AdjournmentNeedsSession, match="Select the court session"):
            sessions.record_outcomes(
                session=session,
                decisions=[sessions.OutcomeDecision(case.pk, HearingOutcome.ADJOURNED)],
                as_of=HEARING_DATE,
                actor=actor,
            )

    @pytest.mark.parametrize("which", ["earlier", "same day", "another council"])
    def test_record_outcomes_refuses_an_adjournment_to_a_session_not_later(
        self, authority_a, authority_b, session, case, actor, which
    ):
        target = {
            "earlier": lambda: book_session(authority_a, hearing_date=dt.date(2026, 6, 15)),
            "same day": lambda: book_session(authority_a, court_name="Richmond Magistrates"),
            "another council": lambda: book_session(authority_b, hearing_date=dt.date(2026, 7, 6)),
        }[which]()

        with pytest.raises(sessions.NotALaterSession, match="day after 22 June 2026"):
            sessions.record_outcomes(
                session=session,
                decisions=[
                    sessions.OutcomeDecision(
                        case.pk, HearingOutcome.ADJOURNED, adjourned_to_id=target.pk
                    )
                ],
                as_of=HEARING_DATE,
                actor=actor,
            )

        case.refresh_from_db()
        assert case.court_session_id == session.pk

    def test_record_outcomes_refuses_an_adjournment_to_a_full_session(
        self, authority_a, session, case, actor
    ):
        later = book_session(authority_a, hearing_date=dt.date(2026, 7, 6), capacity=1)
        summonsed_case(later, reference="CT00000102")

        with pytest.raises(sessions.SessionFull, match="room for 0 more"):
            sessions.record_outcomes(
                session=session,
                decisions=[
                    sessions.OutcomeDecision(
                        case.pk, HearingOutcome.ADJOURNED, adjourned_to_id=later.pk
                    )
                ],
                as_of=HEARING_DATE,
                actor=actor,
            )

    @pytest.mark.parametrize("outcome", [HearingOutcome.GRANTED, HearingOutcome.ADJOURNED])
    def test_record_outcomes_refuses_a_court_decision_before_the_hearing(
        self, session, case, actor, outcome
    ):
        with pytest.raises(sessions.HearingNotYetHeld, match="The hearing is on 22 June 2026"):
            sessions.record_outcomes(
                session=session,
                decisions=[sessions.OutcomeDecision(case.pk, outcome)],
                as_of=dt.date(2026, 6, 21),
                actor=actor,
            )

        assert _balance(case) == LIABILITY + SUMMONS_COSTS

    def test_record_outcomes_records_all_or_nothing(self, session, case, actor):
        recorded = summonsed_case(session, reference="CT00000102")
        sessions.record_outcomes(
            session=session,
            decisions=[sessions.OutcomeDecision(recorded.pk, HearingOutcome.WITHDRAWN)],
            as_of=HEARING_DATE,
            actor=actor,
        )

        with pytest.raises(sessions.CaseNotAwaiting, match="CT00000102 has already been"):
            sessions.record_outcomes(
                session=session,
                decisions=[
                    sessions.OutcomeDecision(case.pk, HearingOutcome.GRANTED),
                    sessions.OutcomeDecision(recorded.pk, HearingOutcome.GRANTED),
                ],
                as_of=HEARING_DATE,
                actor=actor,
            )

        # The first case was not granted either: the list is recorded whole or not at all.
        assert _balance(case) == LIABILITY + SUMMONS_COSTS
        assert not RecoveryAction.objects.filter(case=case, kind=ActionType.COURT_OUTCOME)

    def test_record_outcomes_refuses_a_case_of_another_session(self, authority_a, session, actor):
        elsewhere = summonsed_case(
            book_session(authority_a, court_name="Richmond Magistrates"), reference="CT00000103"
        )

        with pytest.raises(sessions.CaseNotAwaiting, match="not booked into this court session"):
            sessions.record_outcomes(
                session=session,
                decisions=[sessions.OutcomeDecision(elsewhere.pk, HearingOutcome.GRANTED)],
                as_of=HEARING_DATE,
                actor=actor,
            )

    def test_record_outcomes_grants_every_defendant_of_a_joint_account_once(
        self, authority_a, session, actor
    ):
        couple = [
            factories.PartyFactory(authority=authority_a, surname="Okafor"),
            factories.PartyFactory(authority=authority_a, surname="Okafor-Hale"),
        ]
        for party in couple:
            factories.AddressFactory(party=party)
        joint = summonsed_case(session, reference="CT00000104", parties=couple)
        AccountParty.objects.filter(account_id=joint.account_id).update(
            liability=Liability.JOINT_AND_SEVERAL
        )

        sessions.record_outcomes(
            session=session,
            decisions=[sessions.OutcomeDecision(joint.pk, HearingOutcome.GRANTED)],
            as_of=HEARING_DATE,
            actor=actor,
        )

        assert _balance(joint) == LIABILITY + SUMMONS_COSTS + ORDER_COSTS

    def test_record_outcomes_refuses_a_grant_whose_notice_has_no_address(
        self, authority_a, session, case, actor
    ):
        homeless = summonsed_case(session, reference="CT00000105", address=False)

        with pytest.raises(sessions.NoAddressForNotice, match="account CT00000105 has no current"):
            sessions.record_outcomes(
                session=session,
                decisions=[
                    sessions.OutcomeDecision(case.pk, HearingOutcome.GRANTED),
                    sessions.OutcomeDecision(homeless.pk, HearingOutcome.GRANTED),
                ],
                as_of=HEARING_DATE,
                actor=actor,
            )

        assert _balance(case) == LIABILITY + SUMMONS_COSTS
