"""Seeded recovery: a case for every account in debit, placed and scheduled as the run would."""

import datetime as dt

import pytest
from django.utils import timezone

from arrears.accounts.models import AccountParty, Address, DebtAccount
from arrears.audit.services import SYSTEM
from arrears.recovery.domain.decisions import earliest_hearing_date, schedule_next
from arrears.recovery.domain.periods import next_working_day
from arrears.recovery.domain.streams import StageKind
from arrears.recovery.models import CourtSession, Hold, RecoveryCase, Stream
from arrears.recovery.selectors import holds as hold_selectors
from arrears.recovery.selectors import streams as stream_selectors
from arrears.recovery.services.cases import authority_holidays
from arrears.seeding import services
from arrears.seeding.domain.recovery import STAGE_ALIASES

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 1, 15)  # a Thursday


def _seed(*, accounts=400, seed=5, authorities=None):
    return services.seed_data(
        accounts=accounts,
        authorities=authorities or services.ensure_seeded_authorities(count=2),
        seed=seed,
        as_of=AS_OF,
        generated_at=timezone.now(),
        actor=SYSTEM,
        chunk_accounts=150,
    )


def _cases(summary):
    return RecoveryCase.objects.filter(authority__code__in=summary.authorities).select_related(
        "account", "authority", "stage", "next_stage"
    )


class TestSeedRecoveryCases:
    def test_seed_data_opens_one_case_for_every_account_in_debit_on_its_current_stream(self):
        summary = _seed()

        in_debit = set(
            DebtAccount.objects.filter(
                authority__code__in=summary.authorities, is_closed=False, balance__gt=0
            ).values_list("id", flat=True)
        )
        cases = list(_cases(summary))
        assert {case.account_id for case in cases} == in_debit
        assert summary.cases == len(cases)
        current = {
            (s.authority_id, s.debt_type): s.pk for s in Stream.objects.filter(is_current=True)
        }
        for case in cases:
            assert case.stream_id == current[(case.authority_id, case.account.debt_type)]
            assert case.authority_id == case.account.authority_id
            assert not case.is_closed

    def test_seed_data_places_each_case_at_the_stage_the_account_records(self):
        summary = _seed()

        moved_on = 0
        for case in _cases(summary):
            label = case.account.recovery_stage
            if label == "ARRANGEMENT":
                continue
            expected = STAGE_ALIASES.get(case.account.debt_type, {}).get(label, label)
            if expected == "LIABILITY_ORDER" and case.stage.code == "INFORMATION_REQUEST":
                moved_on += 1  # sent the working day after the order (RULES.md §2.5)
                assert case.hearing_date < case.stage_date
                continue
            stream_codes = set(case.stream.stages.values_list("code", flat=True))
            if expected in stream_codes:
                assert case.stage.code == expected
            else:
                assert case.stage.position == 1
        assert moved_on

    def test_seed_data_holds_every_arrangement_at_an_earlier_stage(self):
        summary = _seed()

        arranged = {
            case.account_id: case
            for case in _cases(summary)
            if case.account.recovery_stage == "ARRANGEMENT"
        }
        holds = Hold.objects.filter(account_id__in=list(arranged), kind="ARRANGEMENT")
        assert arranged
        assert set(holds.values_list("account_id", flat=True)) == set(arranged)
        for hold in holds:
            case = arranged[hold.account_id]
            assert case.stage.kind in {StageKind.NOTICE, StageKind.COURT_OUTCOME}
            assert case.stage_date <= hold.start_date <= AS_OF
            assert hold.end_date is None
            assert "a month" in hold.reason

    def test_seed_data_schedules_every_case_as_the_rules_do(self):
        summary = _seed()

        cases = list(_cases(summary))
        stages = stream_selectors.stream_stages(stream_ids={case.stream_id for case in cases})
        holidays = {
            case.authority_id: authority_holidays(authority=case.authority, around=AS_OF)
            for case in cases
        }
        waiting = 0
        for case in cases:
            stream = stages[case.stream_id]
            assert case.stage_date <= AS_OF
            if stream.spec(case.stage_id).kind is StageKind.OFFICER:
                assert (case.next_stage_id, case.next_due_date) == (None, None)
                continue
            following = stream.following(case.stage_id)
            due, _ = schedule_next(
                following=stream.spec(following) if following else None,
                issued=case.stage_date,
                due_date=case.due_date,
                hearing_date=case.hearing_date,
                postal_days=stream.postal_days,
                holidays=holidays[case.authority_id],
            )
            assert case.next_stage_id == following
            assert case.next_due_date == due
            waiting += due is None
        assert waiting

    def test_seed_data_books_each_summons_into_a_session_late_enough(self):
        summary = _seed()

        summonses = [case for case in _cases(summary) if case.stage.code == "SUMMONS"]
        assert summonses
        for case in summonses:
            holidays = authority_holidays(authority=case.authority, around=AS_OF)
            session = CourtSession.objects.get(pk=case.court_session_id)
            assert case.next_stage.code == "LIABILITY_ORDER"
            assert case.next_due_date is None
            assert session.authority_id == case.authority_id
            assert case.hearing_date == session.hearing_date
            assert case.hearing_date >= earliest_hearing_date(
                issued=case.stage_date, postal_days=2, holidays=holidays
            )
        for authority_id in {case.authority_id for case in summonses}:
            later = CourtSession.objects.filter(
                authority_id=authority_id, hearing_date__gt=AS_OF + dt.timedelta(weeks=4)
            )
            booked = RecoveryCase.objects.filter(court_session__in=later).count()
            assert sum(later.values_list("capacity", flat=True)) > booked

    def test_seed_data_leaves_a_share_due_on_the_next_working_day_and_some_held(self):
        summary = _seed()

        holidays = authority_holidays(
            authority=services.ensure_seeded_authorities(count=1)[0], around=AS_OF
        )
        run_date = next_working_day(AS_OF + dt.timedelta(days=1), holidays=holidays)
        cases = list(_cases(summary))
        due = [case for case in cases if case.next_due_date and case.next_due_date <= run_date]
        holds = hold_selectors.hold_periods(
            account_ids=[case.account_id for case in due], since=AS_OF, until=run_date
        )
        held = [
            case
            for case in due
            if any(period.is_in_force(run_date) for period in holds.get(case.account_id, []))
        ]
        overdue = [case for case in cases if case.next_due_date and case.next_due_date <= AS_OF]
        assert 0.02 < len(due) / len(cases) < 0.25
        assert held
        assert {case.account_id for case in overdue} <= set(holds)

    def test_seed_data_gives_every_liable_party_a_current_address_to_post_letters_to(self):
        summary = _seed()

        liable = set(
            AccountParty.objects.filter(
                account__recovery_case__authority__code__in=summary.authorities
            ).values_list("party_id", flat=True)
        )
        current = set(
            Address.objects.filter(
                party_id__in=list(liable), kind="CURRENT", to_date__isnull=True
            ).values_list("party_id", flat=True)
        )
        assert liable
        assert current == liable

    def test_seed_data_recovery_is_repeatable_for_the_same_seed(self):
        authorities = services.ensure_seeded_authorities(count=2)
        _seed(accounts=150, seed=9, authorities=authorities)
        first = list(
            RecoveryCase.objects.order_by("id").values_list(
                "stage_id", "stage_date", "next_stage_id", "next_due_date", "hearing_date"
            )
        )
        first_holds = list(Hold.objects.order_by("id").values_list("kind", "start_date", "reason"))

        _seed(accounts=150, seed=9, authorities=authorities)

        cases = list(
            RecoveryCase.objects.order_by("id").values_list(
                "stage_id", "stage_date", "next_stage_id", "next_due_date", "hearing_date"
            )
        )
        holds = list(Hold.objects.order_by("id").values_list("kind", "start_date", "reason"))
        assert [c[:4] for c in cases[len(first) :]] == [c[:4] for c in first]
        assert holds[len(first_holds) :] == first_holds
