"""Administrators' stream edits on a real database: versions, stages, costs (issue 3, item 1)."""

import datetime as dt
from decimal import Decimal

import pytest

from arrears.audit.models import AuditEvent
from arrears.audit.services import Actor
from arrears.recovery.domain.decisions import cost_in_force
from arrears.recovery.domain.periods import DayCount
from arrears.recovery.domain.streams import CountFrom
from arrears.recovery.models import RecoveryCase, Stage, StageCost, Stream
from arrears.recovery.selectors import stream_versions
from arrears.recovery.selectors.streams import stream_stages
from arrears.recovery.services import stream_edits
from arrears.recovery.services.streams import copy_stream_as_new_version, install_default_streams
from arrears.staff.domain.policy import Role
from tests import factories

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def admin_a(authority_a):
    return factories.OfficerFactory(role=Role.ADMINISTRATOR.value, authorities=[authority_a])


@pytest.fixture
def actor(admin_a):
    return Actor(officer_id=admin_a.pk, ip_address="192.0.2.10", channel="web")


@pytest.fixture
def council_tax_v1(authority_a, actor):
    install_default_streams(authority_id=authority_a.pk, actor=actor, at=AT)
    return Stream.objects.get(authority=authority_a, debt_type="COUNCIL_TAX", version=1)


def _stage(stream, code):
    return Stage.objects.get(stream=stream, code=code)


def _case_on(stream):
    account = factories.DebtAccountFactory(authority_id=stream.authority_id)
    return RecoveryCase.objects.create(
        account=account,
        authority_id=stream.authority_id,
        stream=stream,
        due_date=dt.date(2026, 4, 1),
        original_amount=Decimal("120.00"),
        opened_date=dt.date(2026, 4, 2),
    )


def _change(stage, actor, **changes):
    values = {
        "wait_days": stage.wait_days,
        "day_count": DayCount(stage.day_count),
        "count_from": CountFrom(stage.count_from),
        "minimum_balance": stage.minimum_balance,
        "letter": stage.letter,
    }
    values.update(changes)
    return stream_edits.change_stage(stage=stage, actor=actor, at=AT, **values)


def _add_cost(stage, actor, *, valid_from, amount="70.00", as_of=TODAY):
    return stream_edits.add_stage_cost(
        stage=stage,
        valid_from=valid_from,
        description="Summons costs",
        justification="2027/28 costing: staff time and the court fee",
        amount=Decimal(amount),
        as_of=as_of,
        actor=actor,
        at=AT,
    )


class TestVersioning:
    def test_copy_stream_as_new_version_keeps_existing_cases_on_their_version(
        self, council_tax_v1, actor
    ):
        case = _case_on(council_tax_v1)

        v2 = copy_stream_as_new_version(
            stream=council_tax_v1, actor=actor, at=AT, change_note="Longer summons wait"
        )
        _change(_stage(v2, "SUMMONS"), actor, wait_days=14)

        case.refresh_from_db()
        council_tax_v1.refresh_from_db()
        assert case.stream_id == council_tax_v1.pk
        assert not council_tax_v1.is_current
        assert v2.is_current
        assert v2.version == 2
        stages = stream_stages(stream_ids=[council_tax_v1.pk, v2.pk])
        old = stages[council_tax_v1.pk].spec(stages[council_tax_v1.pk].stage_id("SUMMONS"))
        new = stages[v2.pk].spec(stages[v2.pk].stage_id("SUMMONS"))
        assert (old.wait_days, new.wait_days) == (7, 14)


class TestChangeStage:
    def test_change_stage_lengthens_a_wait_and_audits_before_and_after(self, council_tax_v1, actor):
        summons = _stage(council_tax_v1, "SUMMONS")

        _change(summons, actor, wait_days=10, minimum_balance=Decimal("15.00"))

        summons.refresh_from_db()
        assert (summons.wait_days, summons.minimum_balance) == (10, Decimal("15.00"))
        event = AuditEvent.objects.get(action="recovery.stream.stage_changed", object_id=summons.pk)
        assert event.detail["before"] == {"wait_days": 7, "minimum_balance": "10.00"}
        assert event.detail["after"] == {"wait_days": 10, "minimum_balance": "15.00"}
        assert event.officer_id == actor.officer_id
        assert event.authority_id == council_tax_v1.authority_id

    def test_change_stage_is_refused_on_a_version_with_cases(self, council_tax_v1, actor):
        _case_on(council_tax_v1)
        reminder = _stage(council_tax_v1, "REMINDER")

        with pytest.raises(stream_edits.VersionInUse, match="1 case is on version 1"):
            _change(reminder, actor, wait_days=10)

        reminder.refresh_from_db()
        assert reminder.wait_days == 7

    def test_change_stage_is_refused_on_an_older_version(self, council_tax_v1, actor):
        copy_stream_as_new_version(stream=council_tax_v1, actor=actor, at=AT, change_note="v2")

        with pytest.raises(stream_edits.VersionInUse, match="not the current version"):
            _change(_stage(council_tax_v1, "REMINDER"), actor, wait_days=10)

    def test_change_stage_refuses_to_shorten_a_statutory_wait(self, council_tax_v1, actor):
        summons = _stage(council_tax_v1, "SUMMONS")

        with pytest.raises(stream_edits.ChangeRefused) as refused:
            _change(summons, actor, wait_days=5)

        assert [p.field for p in refused.value.problems] == ["wait_days"]
        assert "RULES.md §2.3" in str(refused.value)
        summons.refresh_from_db()
        assert summons.wait_days == 7
        assert not AuditEvent.objects.filter(action="recovery.stream.stage_changed").exists()

    def test_change_stage_refuses_to_shorten_a_parking_wait(self, authority_a, actor):
        install_default_streams(authority_id=authority_a.pk, actor=actor, at=AT)
        pcn = Stream.objects.get(authority=authority_a, debt_type="PARKING_PCN")

        with pytest.raises(stream_edits.ChangeRefused, match="RULES.md §3"):
            _change(
                _stage(pcn, "CHARGE_CERTIFICATE"),
                actor,
                day_count=DayCount.BEGINNING_WITH,
                count_from=CountFrom.PREVIOUS_ISSUE,
            )

    def test_change_stage_says_when_nothing_changed(self, council_tax_v1, actor):
        with pytest.raises(stream_edits.NothingChanged):
            _change(_stage(council_tax_v1, "REMINDER"), actor)


class TestAddStageCost:
    def test_add_stage_cost_is_picked_by_the_date_of_the_action(self, council_tax_v1, actor):
        summons = _stage(council_tax_v1, "SUMMONS")

        _add_cost(summons, actor, valid_from=dt.date(2027, 4, 1))

        stages = stream_stages(stream_ids=[council_tax_v1.pk])[council_tax_v1.pk]
        spec = stages.spec(summons.pk)
        march = cost_in_force(spec, on=dt.date(2027, 3, 31), original_amount=Decimal("500"))
        april = cost_in_force(spec, on=dt.date(2027, 4, 1), original_amount=Decimal("500"))
        assert march is not None
        assert march[1] == Decimal("64.50")
        assert april is not None
        assert april[1] == Decimal("70.00")
        shipped = StageCost.objects.get(stage=summons, valid_from=dt.date(2014, 4, 1))
        assert shipped.amount == Decimal("64.50")  # the old figure is kept, never edited

    def test_add_stage_cost_is_audited_with_the_costs_before_and_after(self, council_tax_v1, actor):
        summons = _stage(council_tax_v1, "SUMMONS")

        cost = _add_cost(summons, actor, valid_from=dt.date(2027, 4, 1))

        event = AuditEvent.objects.get(action="recovery.stream.cost_added", object_id=cost.pk)
        assert [c["amount"] for c in event.detail["before"]["costs"]] == ["64.50"]
        assert [c["amount"] for c in event.detail["after"]["costs"]] == ["64.50", "70.00"]

    def test_add_stage_cost_takes_a_future_cost_on_a_version_with_cases(
        self, council_tax_v1, actor
    ):
        _case_on(council_tax_v1)
        summons = _stage(council_tax_v1, "SUMMONS")

        _add_cost(summons, actor, valid_from=TODAY + dt.timedelta(days=1))

        with pytest.raises(stream_edits.ChangeRefused, match="must start after today"):
            _add_cost(summons, actor, valid_from=TODAY)

    def test_add_stage_cost_takes_a_past_cost_on_a_version_without_cases(
        self, council_tax_v1, actor
    ):
        summons = _stage(council_tax_v1, "SUMMONS")

        cost = _add_cost(summons, actor, valid_from=dt.date(2020, 4, 1), amount="60.00")

        assert cost.valid_from == dt.date(2020, 4, 1)

    @pytest.mark.parametrize(
        ("valid_from", "amount", "message"),
        [
            (dt.date(1999, 4, 1), "70.00", "2000 or later"),
            (dt.date(2014, 4, 1), "70.00", "already has a cost from 1 April 2014"),
            (dt.date(2027, 4, 1), "0.00", "more than £0.00"),
            (dt.date(2027, 4, 1), "70.005", "pounds and pence"),
        ],
    )
    def test_add_stage_cost_refuses_bad_figures(
        self, council_tax_v1, actor, valid_from, amount, message
    ):
        summons = _stage(council_tax_v1, "SUMMONS")

        with pytest.raises(stream_edits.ChangeRefused, match=message):
            _add_cost(summons, actor, valid_from=valid_from, amount=amount)

        assert StageCost.objects.filter(stage=summons).count() == 1

    def test_add_stage_cost_refuses_a_cost_on_a_reminder(self, council_tax_v1, actor):
        with pytest.raises(stream_edits.ChangeRefused, match="Reminder cannot carry a cost"):
            _add_cost(_stage(council_tax_v1, "REMINDER"), actor, valid_from=dt.date(2027, 4, 1))


class TestStreamVersions:
    def test_streams_overview_counts_the_cases_on_each_version(
        self, council_tax_v1, actor, admin_a
    ):
        _case_on(council_tax_v1)
        closed = _case_on(council_tax_v1)
        RecoveryCase.objects.filter(pk=closed.pk).update(is_closed=True)
        v2 = copy_stream_as_new_version(stream=council_tax_v1, actor=actor, at=AT, change_note="")
        _case_on(v2)

        overview = stream_versions.streams_overview(officer=admin_a)

        (authority,) = overview
        council_tax = next(s for s in authority.streams if s.debt_type == "COUNCIL_TAX")
        counts = [(v.version, v.case_count, v.open_case_count) for v in council_tax.versions]
        assert counts == [(2, 1, 1), (1, 2, 1)]
        assert council_tax.current is not None
        assert council_tax.current.version == 2
        assert authority.missing == []

    def test_streams_overview_lists_an_authority_without_streams(self, authority_a, admin_a):
        (authority,) = stream_versions.streams_overview(officer=admin_a)

        assert authority.streams == []
        assert "Council tax" in authority.missing

    def test_stream_for_officer_treats_another_councils_stream_as_missing(
        self, authority_b, admin_a
    ):
        install_default_streams(authority_id=authority_b.pk, actor=Actor(officer_id=None), at=AT)
        theirs = Stream.objects.filter(authority=authority_b).first()

        with pytest.raises(Stream.DoesNotExist):
            stream_versions.stream_for_officer(officer=admin_a, stream_id=theirs.pk)
