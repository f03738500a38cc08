"""Staff administration services and selectors on a real database (issue 2, item 3)."""

import datetime as dt
from decimal import Decimal

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from arrears.audit.models import AuditEvent
from arrears.audit.services import Actor
from arrears.staff import selectors, services
from arrears.staff.domain.policy import Role
from arrears.staff.models import OfficerAuthority
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_a(authority_a):
    return factories.OfficerFactory(role=Role.ADMINISTRATOR.value, authorities=[authority_a])


def _actor(officer):
    return Actor(officer_id=officer.pk, ip_address="192.0.2.10", channel="web")


def _attempt(username, *, failures, attempt_at, user_agent="pytest"):
    attempt = AccessAttempt.objects.create(
        username=username,
        ip_address="192.0.2.20",
        user_agent=user_agent,
        http_accept="*/*",
        path_info="/login/",
        get_data="",
        post_data="",
        failures_since_start=failures,
    )
    # attempt_time is auto_now_add: set the moment the test needs afterwards.
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt_at)
    return attempt


class TestStaffMembers:
    def test_staff_members_are_the_officers_who_share_a_council(
        self, admin_a, authority_a, authority_b
    ):
        colleague = factories.OfficerFactory(last_name="Aardvark", authorities=[authority_a])
        shared = factories.OfficerFactory(last_name="Zebra", authorities=[authority_a, authority_b])
        factories.OfficerFactory(authorities=[authority_b])
        factories.OfficerFactory(authorities=[])

        members = selectors.staff_members(administrator=admin_a, checked_at=timezone.now())

        assert [m.officer_id for m in members] == [colleague.pk, admin_a.pk, shared.pk]
        by_id = {m.officer_id: m for m in members}
        assert by_id[shared.pk].council_names == [authority_a.name]
        assert by_id[shared.pk].authority_ids == {authority_a.pk}
        assert by_id[shared.pk].other_council_count == 1
        assert by_id[colleague.pk].other_council_count == 0

    def test_officer_for_administrator_treats_another_councils_officer_as_missing(
        self, admin_a, authority_b
    ):
        stranger = factories.OfficerFactory(authorities=[authority_b])

        with pytest.raises(type(stranger).DoesNotExist):
            selectors.officer_for_administrator(administrator=admin_a, officer_id=stranger.pk)

    def test_staff_members_is_empty_for_an_inactive_administrator(self, authority_a):
        admin = factories.OfficerFactory(
            role=Role.ADMINISTRATOR.value, authorities=[authority_a], is_active=False
        )
        factories.OfficerFactory(authorities=[authority_a])

        assert selectors.staff_members(administrator=admin, checked_at=timezone.now()) == []


class TestLockedOutUsernames:
    def test_locked_out_usernames_counts_failures_within_the_cool_off(self):
        now = timezone.now()
        limit = settings.AXES_FAILURE_LIMIT
        _attempt("locked", failures=limit - 1, attempt_at=now, user_agent="phone")
        _attempt("locked", failures=1, attempt_at=now, user_agent="desktop")
        _attempt("nearly", failures=limit - 1, attempt_at=now)
        _attempt("expired", failures=limit, attempt_at=now - settings.AXES_COOLOFF_TIME * 2)

        locked = selectors.locked_out_usernames(
            usernames=["locked", "nearly", "expired", "never"], checked_at=now
        )

        assert locked == {"locked"}

    def test_locked_out_usernames_ends_with_the_cool_off(self):
        now = timezone.now()
        _attempt("locked", failures=settings.AXES_FAILURE_LIMIT, attempt_at=now)

        later = now + settings.AXES_COOLOFF_TIME + dt.timedelta(seconds=1)

        assert selectors.locked_out_usernames(usernames=["locked"], checked_at=later) == set()


class TestCreateOfficerAudit:
    def test_create_officer_records_an_event_per_council(self, admin_a, authority_a, authority_b):
        officer = services.create_officer(
            username="shared.sam",
            password="quietly-folded-maps-81",
            role=Role.DEBT_MANAGEMENT_OFFICER,
            authorities=[authority_a, authority_b],
            actor=_actor(admin_a),
        )

        events = AuditEvent.objects.filter(
            action="staff.officer.created", object_id=str(officer.pk)
        )
        assert {e.authority_id for e in events} == {authority_a.pk, authority_b.pk}
        assert all(e.officer_id == admin_a.pk for e in events)

    def test_create_officer_without_an_actor_records_nothing(self, authority_a):
        officer = services.create_officer(
            username="seeded.sue",
            password="quietly-folded-maps-81",
            role=Role.AUDITOR,
            authorities=[authority_a],
        )

        assert not AuditEvent.objects.filter(object_id=str(officer.pk)).exists()

    def test_create_officer_refuses_a_username_in_another_case(self, authority_a):
        factories.OfficerFactory(username="Pat")

        with pytest.raises(services.UsernameTaken):
            services.create_officer(
                username="pat",
                password="quietly-folded-maps-81",
                role=Role.AUDITOR,
                authorities=[authority_a],
            )


class TestChangeOfficer:
    def test_change_officer_keeps_councils_the_administrator_cannot_see(
        self, admin_a, authority_a, authority_b
    ):
        authority_c = factories.AuthorityFactory()
        OfficerAuthority.objects.create(officer=admin_a, authority=authority_c)
        officer = factories.OfficerFactory(authorities=[authority_a, authority_b])

        services.change_officer(
            officer=officer,
            administrator=admin_a,
            role=Role.MANAGER,
            authorities=[authority_c],
            write_off_limit=Decimal("0.00"),
            actor=_actor(admin_a),
        )

        assert selectors.visible_authority_ids(officer=officer) == {
            authority_b.pk,
            authority_c.pk,
        }
        events = AuditEvent.objects.filter(action="staff.officer.changed", object_id=officer.pk)
        assert {e.authority_id for e in events} == {
            authority_a.pk,
            authority_b.pk,
            authority_c.pk,
        }

    def test_change_officer_refuses_a_council_the_administrator_cannot_see(
        self, admin_a, authority_a, authority_b
    ):
        officer = factories.OfficerFactory(authorities=[authority_a])

        with pytest.raises(services.AuthorityNotManaged):
            services.change_officer(
                officer=officer,
                administrator=admin_a,
                role=Role.MANAGER,
                authorities=[authority_b],
                write_off_limit=Decimal("0.00"),
                actor=_actor(admin_a),
            )

        assert selectors.visible_authority_ids(officer=officer) == {authority_a.pk}

    def test_change_officer_refuses_to_leave_no_council(self, admin_a, authority_a):
        officer = factories.OfficerFactory(authorities=[authority_a])

        with pytest.raises(services.NoAuthorities):
            services.change_officer(
                officer=officer,
                administrator=admin_a,
                role=Role.MANAGER,
                authorities=[],
                write_off_limit=Decimal("0.00"),
                actor=_actor(admin_a),
            )

    @pytest.mark.parametrize(
        ("role", "keeps_council"),
        [(Role.TEAM_LEADER, True), (Role.ADMINISTRATOR, False)],
    )
    def test_change_officer_refuses_to_reduce_the_administrators_own_access(
        self, admin_a, authority_a, role, keeps_council
    ):
        other = factories.AuthorityFactory()
        OfficerAuthority.objects.create(officer=admin_a, authority=other)

        with pytest.raises(services.CannotReduceOwnAccess):
            services.change_officer(
                officer=admin_a,
                administrator=admin_a,
                role=role,
                authorities=[authority_a, other] if keeps_council else [other],
                write_off_limit=Decimal("0.00"),
                actor=_actor(admin_a),
            )

        admin_a.refresh_from_db()
        assert admin_a.role == Role.ADMINISTRATOR.value

    def test_change_officer_with_no_change_records_nothing(self, admin_a, authority_a):
        officer = factories.OfficerFactory(role=Role.MANAGER.value, authorities=[authority_a])

        services.change_officer(
            officer=officer,
            administrator=admin_a,
            role=Role.MANAGER,
            authorities=[authority_a],
            write_off_limit=Decimal("0.00"),
            actor=_actor(admin_a),
        )

        assert not AuditEvent.objects.filter(object_id=str(officer.pk)).exists()


class TestActivation:
    def test_deactivate_officer_refuses_the_actor_themselves(self, admin_a):
        with pytest.raises(services.CannotDeactivateSelf):
            services.deactivate_officer(officer=admin_a, actor=_actor(admin_a))

    def test_deactivate_officer_twice_is_refused(self, admin_a, authority_a):
        officer = factories.OfficerFactory(authorities=[authority_a])
        services.deactivate_officer(officer=officer, actor=_actor(admin_a))

        with pytest.raises(services.AlreadyInactive):
            services.deactivate_officer(officer=officer, actor=_actor(admin_a))

        assert AuditEvent.objects.filter(action="staff.officer.deactivated").count() == 1

    def test_reactivate_an_active_officer_is_refused(self, admin_a, authority_a):
        officer = factories.OfficerFactory(authorities=[authority_a])

        with pytest.raises(services.AlreadyActive):
            services.reactivate_officer(officer=officer, actor=_actor(admin_a))


class TestUnlockOfficer:
    def test_unlock_officer_clears_axes_attempts_for_that_username_only(self, admin_a, authority_a):
        officer = factories.OfficerFactory(authorities=[authority_a])
        _attempt(officer.username, failures=10, attempt_at=timezone.now())
        _attempt("someone.else", failures=10, attempt_at=timezone.now())

        cleared = services.unlock_officer(officer=officer, actor=_actor(admin_a))

        assert cleared == 1
        assert not AccessAttempt.objects.filter(username=officer.username).exists()
        assert AccessAttempt.objects.filter(username="someone.else").exists()
        event = AuditEvent.objects.get(action="staff.officer.unlocked", object_id=officer.pk)
        assert event.detail == {"username": officer.username, "attempt_records_cleared": 1}

    def test_unlock_officer_without_failures_is_refused(self, admin_a, authority_a):
        officer = factories.OfficerFactory(authorities=[authority_a])

        with pytest.raises(services.NotLockedOut):
            services.unlock_officer(officer=officer, actor=_actor(admin_a))


class TestChangePassword:
    def test_change_password_refuses_the_same_password(self, officer_a):
        with pytest.raises(services.SamePassword):
            services.change_password(
                officer=officer_a,
                current_password=factories.PASSWORD,
                new_password=factories.PASSWORD,
                actor=_actor(officer_a),
            )

    def test_change_password_checks_the_policy_against_the_officers_own_details(self, authority_a):
        officer = factories.OfficerFactory(
            username="bartholomew", first_name="Bartholomew", authorities=[authority_a]
        )

        with pytest.raises(ValidationError) as error:
            services.change_password(
                officer=officer,
                current_password=factories.PASSWORD,
                new_password="Bartholomew1",
                actor=_actor(officer),
            )

        assert any("too similar" in message for message in error.value.messages)
        officer.refresh_from_db()
        assert officer.check_password(factories.PASSWORD)
        assert not AuditEvent.objects.filter(action="staff.password.changed").exists()

    def test_change_password_records_an_event_per_council_without_the_password(
        self, officer_a, authority_a, authority_b
    ):
        OfficerAuthority.objects.create(officer=officer_a, authority=authority_b)

        services.change_password(
            officer=officer_a,
            current_password=factories.PASSWORD,
            new_password="copper-kettle-harbour-3",
            actor=_actor(officer_a),
        )

        events = AuditEvent.objects.filter(action="staff.password.changed", officer=officer_a)
        assert {e.authority_id for e in events} == {authority_a.pk, authority_b.pk}
        assert all("copper" not in str(e.detail) for e in events)
