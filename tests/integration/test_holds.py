"""Recording and ending holds on an account (recovery.services.holds), and reading them back."""

import datetime as dt

import pytest
from django.utils import timezone

from arrears.audit.models import AuditEvent
from arrears.audit.services import Actor
from arrears.recovery.domain.holds import HoldKind
from arrears.recovery.models import Hold
from arrears.recovery.selectors.account_holds import account_holds
from arrears.recovery.services import holds
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def account(authority_a):
    party = factories.PartyFactory(authority=authority_a)
    return factories.DebtAccountFactory(authority=authority_a, parties=[party])


@pytest.fixture
def actor(officer_a):
    return Actor(officer_id=officer_a.pk, ip_address="192.0.2.7", channel="web")


def _record(account, actor, **changes):
    details = {
        "kind": HoldKind.DISPUTE,
        "start_date": D(2026, 5, 4),
        "review_date": D(2026, 6, 1),
        "end_date": None,
        "reason": "Disputes the band; valuation appeal lodged",
        "recorded_at": timezone.now(),
    }
    details.update(changes)
    return holds.record_hold(account=account, actor=actor, **details)


class TestRecordHold:
    def test_record_hold_saves_the_hold_and_audits_it(self, account, actor, officer_a):
        hold = _record(account, actor, start_date=D(2026, 4, 20))

        saved = Hold.objects.get(pk=hold.pk)
        assert (saved.kind, saved.start_date, saved.review_date, saved.end_date) == (
            "DISPUTE",
            D(2026, 4, 20),
            D(2026, 6, 1),
            None,
        )
        assert saved.recorded_by_id == officer_a.pk
        event = AuditEvent.objects.get(action="recovery.hold.recorded", object_id=str(hold.pk))
        assert event.authority_id == account.authority_id
        assert event.ip_address == "192.0.2.7"
        assert event.detail["start_date"] == "2026-04-20"
        assert event.detail["account"] == account.reference

    def test_record_hold_trims_the_reason(self, account, actor):
        hold = _record(account, actor, reason="  Payment plan agreed by phone  ")

        assert hold.reason == "Payment plan agreed by phone"

    @pytest.mark.parametrize(
        ("changes", "error", "message"),
        [
            ({"reason": "   "}, holds.HoldReasonMissing, "Enter the reason for the hold"),
            (
                {"reason": "x" * 301},
                holds.HoldReasonMissing,
                "Reason must be 300 characters or fewer",
            ),
            (
                {"end_date": D(2026, 5, 3)},
                holds.HoldEndsBeforeStart,
                "End date must be the same as or after the start date, 4 May 2026",
            ),
            (
                {"review_date": D(2026, 5, 1)},
                holds.HoldReviewBeforeStart,
                "Review date must be the same as or after the start date, 4 May 2026",
            ),
            (
                {"kind": HoldKind.BREATHING_SPACE},
                holds.HoldKindNotForAccounts,
                "record it on the party page",
            ),
        ],
    )
    def test_record_hold_refuses_details_that_do_not_make_sense(
        self, account, actor, changes, error, message
    ):
        with pytest.raises(error, match=message) as raised:
            _record(account, actor, **changes)

        assert raised.value.field in {"reason", "end_date", "review_date", "kind"}
        assert not Hold.objects.filter(account=account).exists()
        assert not AuditEvent.objects.filter(action="recovery.hold.recorded").exists()

    def test_record_hold_allows_a_one_day_hold(self, account, actor):
        hold = _record(account, actor, end_date=D(2026, 5, 4), review_date=D(2026, 5, 4))

        assert hold.end_date == hold.start_date


class TestEndHold:
    def test_end_hold_sets_the_end_date_and_audits_it(self, account, actor):
        hold = _record(account, actor)

        ended = holds.end_hold(hold=hold, end_date=D(2026, 5, 20), actor=actor)

        assert Hold.objects.get(pk=hold.pk).end_date == D(2026, 5, 20) == ended.end_date
        event = AuditEvent.objects.get(action="recovery.hold.ended", object_id=str(hold.pk))
        assert event.detail["end_date"] == "2026-05-20"
        assert event.detail["previous_end_date"] is None

    def test_end_hold_brings_a_planned_end_forward(self, account, actor):
        hold = _record(account, actor, end_date=D(2026, 7, 31))

        holds.end_hold(hold=hold, end_date=D(2026, 6, 30), actor=actor)

        assert Hold.objects.get(pk=hold.pk).end_date == D(2026, 6, 30)

    def test_end_hold_refuses_a_hold_that_already_ends_sooner(self, account, actor):
        hold = _record(account, actor, end_date=D(2026, 5, 10))

        with pytest.raises(holds.HoldAlreadyEnds, match="already ends on 10 May 2026"):
            holds.end_hold(hold=hold, end_date=D(2026, 5, 20), actor=actor)

        assert Hold.objects.get(pk=hold.pk).end_date == D(2026, 5, 10)

    def test_end_hold_refuses_an_end_before_the_start(self, account, actor):
        hold = _record(account, actor)

        with pytest.raises(holds.HoldEndsBeforeStart):
            holds.end_hold(hold=hold, end_date=D(2026, 5, 3), actor=actor)

        assert Hold.objects.get(pk=hold.pk).end_date is None
        assert not AuditEvent.objects.filter(action="recovery.hold.ended").exists()


class TestAccountHolds:
    def test_account_holds_lists_markers_and_account_holds_in_force_first(self, account, actor):
        party = account.parties.get()
        factories.MarkerFactory(
            party=party,
            kind="BREATHING_SPACE",
            category="STANDARD",
            start_date=D(2026, 1, 5),
            end_date=D(2026, 3, 5),
        )
        dispute = _record(account, actor, start_date=D(2026, 5, 4), review_date=D(2026, 5, 10))
        ended = _record(
            account, actor, kind=HoldKind.ARRANGEMENT, start_date=D(2026, 4, 1), review_date=None
        )
        holds.end_hold(hold=ended, end_date=D(2026, 4, 30), actor=actor)
        other = factories.DebtAccountFactory(authority=account.authority)
        _record(other, actor)

        rows = account_holds(account_id=account.pk, as_of=D(2026, 5, 12))

        assert [(row.label, row.source, row.is_in_force) for row in rows] == [
            ("Dispute", "hold", True),
            ("Live arrangement", "hold", False),
            ("Breathing Space", "marker", False),
        ]
        assert rows[0].hold_id == dispute.pk
        assert rows[0].can_end
        assert rows[0].is_review_due
        assert rows[1].hold_id == ended.pk
        assert not rows[1].can_end
        assert rows[2].hold_id is None
        assert not rows[2].can_end
        assert "Debt Respite Scheme" in rows[2].law

    def test_account_holds_shows_a_hold_that_has_not_started_yet(self, account, actor):
        _record(account, actor, start_date=D(2026, 9, 1), review_date=None)

        (row,) = account_holds(account_id=account.pk, as_of=D(2026, 5, 12))

        assert (row.is_in_force, row.can_end, row.is_review_due) == (False, True, False)
