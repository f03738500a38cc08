"""Signing in and out of the officer UI, and the access check every page makes."""

import pytest
from django.urls import reverse

from arrears.audit.models import AuditEvent
from arrears.staff.domain.policy import Role
from tests import factories

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("web:home"),
    reverse("web:party", kwargs={"party_id": 1}),
    reverse("web:account", kwargs={"account_id": 1}),
    reverse("web:audit"),
]


class TestLoginRequired:
    @pytest.mark.parametrize("url", PAGES)
    def test_page_sends_a_visitor_to_sign_in(self, client, url):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('web:login')}?next={url}"


class TestLogin:
    def test_login_page_uses_govuk_form(self, client):
        response = client.get(reverse("web:login"))

        assert response.status_code == 200
        html = response.content.decode()
        assert 'class="govuk-input' in html
        assert "govuk-template__body" in html
        assert "Arrears" in html

    def test_login_records_who_signed_in_and_from_where(self, client, officer_a):
        response = client.post(
            reverse("web:login"),
            {"username": "alice", "password": factories.PASSWORD},
            REMOTE_ADDR="203.0.113.7",
        )

        assert response.status_code == 302
        assert response["Location"] == reverse("web:home")
        event = AuditEvent.objects.get(action="staff.login.succeeded", officer=officer_a)
        assert event.ip_address == "203.0.113.7"
        assert event.channel == "web"

    def test_login_with_wrong_password_shows_error_summary(self, client, officer_a):
        response = client.post(reverse("web:login"), {"username": "alice", "password": "wrong"})

        html = response.content.decode()
        assert response.status_code == 200
        assert "govuk-error-summary" in html
        assert "Enter a correct username and password" in html
        assert response.context["user"].is_authenticated is False
        assert AuditEvent.objects.filter(
            action="staff.login.failed", detail__username="alice"
        ).exists()

    def test_login_with_nothing_entered_says_what_to_enter(self, client):
        response = client.post(reverse("web:login"), {"username": "", "password": ""})

        html = response.content.decode()
        assert "Enter your username" in html
        assert 'href="#id_username"' in html


class TestLogout:
    def test_logout_signs_out_on_post(self, client, officer_a):
        client.force_login(officer_a)

        response = client.post(reverse("web:logout"))

        assert response.status_code == 302
        assert client.get(reverse("web:home")).status_code == 302
        assert AuditEvent.objects.filter(
            action="staff.logout.succeeded", officer=officer_a
        ).exists()

    def test_logout_refuses_get(self, client, officer_a):
        client.force_login(officer_a)

        response = client.get(reverse("web:logout"))

        assert response.status_code == 405


class TestPermissionRequired:
    def test_inactive_officer_is_refused(self, client, authority_a):
        officer = factories.OfficerFactory(authorities=[authority_a], is_active=False)
        client.force_login(officer)

        response = client.get(reverse("web:home"))

        assert response.status_code == 302

    def test_navigation_shows_audit_only_to_those_who_may_view_it(self, client, authority_a):
        agent = factories.OfficerFactory(
            authorities=[authority_a], role=Role.ENFORCEMENT_AGENT.value
        )
        auditor = factories.OfficerFactory(authorities=[authority_a], role=Role.AUDITOR.value)

        client.force_login(agent)
        agent_html = client.get(reverse("web:home")).content.decode()
        client.force_login(auditor)
        auditor_html = client.get(reverse("web:home")).content.decode()

        assert reverse("web:audit") not in agent_html
        assert reverse("web:audit") in auditor_html

    def test_navigation_shows_imports_only_to_those_who_may_import(self, client, authority_a):
        agent = factories.OfficerFactory(
            authorities=[authority_a], role=Role.ENFORCEMENT_AGENT.value
        )
        collector = factories.OfficerFactory(
            authorities=[authority_a], role=Role.DEBTORS_COLLECTION_OFFICER.value
        )

        client.force_login(agent)
        agent_html = client.get(reverse("web:home")).content.decode()
        client.force_login(collector)
        collector_html = client.get(reverse("web:home")).content.decode()

        assert reverse("web:import-upload") not in agent_html
        assert reverse("web:import-upload") in collector_html


class TestSignInLockout:
    def test_sign_in_locks_a_username_after_repeated_failures(self, client, authority_a):
        from django.conf import settings

        officer = factories.OfficerFactory(authorities=[authority_a])
        login = reverse("web:login")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(login, {"username": officer.username, "password": "wrong-password-1"})

        response = client.post(
            login, {"username": officer.username, "password": factories.PASSWORD}
        )

        assert response.status_code == 429
        assert "Too many attempts to sign in" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_sign_in_succeeds_below_the_limit(self, client, authority_a):
        officer = factories.OfficerFactory(authorities=[authority_a])
        login = reverse("web:login")
        client.post(login, {"username": officer.username, "password": "wrong-password-1"})

        response = client.post(
            login, {"username": officer.username, "password": factories.PASSWORD}
        )

        assert response.status_code == 302
