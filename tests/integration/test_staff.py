import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from arrears.staff import selectors, services
from arrears.staff.domain.policy import Permission, Role
from tests import factories

pytestmark = pytest.mark.django_db


class TestCreateOfficer:
    @pytest.mark.parametrize("password", ["short1", "password1234", "123456789012", "aliceliddell"])
    def test_create_officer_refuses_a_weak_password(self, authority_a, password):
        with pytest.raises(ValidationError):
            services.create_officer(
                username="alice.liddell",
                password=password,
                role=Role.DEBT_MANAGEMENT_OFFICER,
                authorities=[authority_a],
            )

    def test_create_officer_sees_only_the_given_authorities(self, authority_a, authority_b):
        officer = services.create_officer(
            username="bob",
            password="marmalade-otter-quartz",
            role=Role.TEAM_LEADER,
            authorities=[authority_a],
        )

        assert selectors.visible_authority_ids(officer=officer) == {authority_a.pk}
        assert selectors.officer_can(officer=officer, permission=Permission.APPROVE)


class TestVisibleAuthorities:
    def test_visible_authority_ids_is_empty_for_an_inactive_officer(self, authority_a):
        officer = factories.OfficerFactory(authorities=[authority_a], is_active=False)

        assert selectors.visible_authority_ids(officer=officer) == frozenset()
        assert not selectors.officer_can(officer=officer, permission=Permission.VIEW_PARTY)


class TestSessions:
    def test_staff_sessions_expire_after_idle_time_and_at_browser_close(self):
        assert settings.SESSION_COOKIE_AGE <= 3600
        assert settings.SESSION_SAVE_EVERY_REQUEST
        assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
