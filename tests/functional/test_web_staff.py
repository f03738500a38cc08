"""Staff administration and changing your own password, in the officer UI (issue 2, item 3)."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from arrears.audit.models import AuditEvent
from arrears.staff import selectors
from arrears.staff.domain.policy import Permission, Role, can
from arrears.staff.models import Officer, OfficerAuthority
from tests import factories

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "lantern-orchard-velvet-92"
NON_ADMIN_ROLES = [role for role in Role if not can(role=role, permission=Permission.MANAGE_STAFF)]


@pytest.fixture
def client_factory():
    """Return a way to make more browsers: the officer elsewhere, or someone guessing."""
    return Client


@pytest.fixture
def admin_a(authority_a):
    return factories.OfficerFactory(
        username="ada.admin",
        first_name="Ada",
        last_name="Admin",
        role=Role.ADMINISTRATOR.value,
        authorities=[authority_a],
    )


@pytest.fixture
def admin_client(client, admin_a):
    client.force_login(admin_a)
    return client


def _new_officer(authority, **changes):
    data = {
        "first_name": "Nina",
        "last_name": "Newcombe",
        "username": "nina.newcombe",
        "email": "nina.newcombe@alpha.gov.uk",
        "role": Role.ENFORCEMENT_AGENT.value,
        "authorities": [authority.pk],
        "write_off_limit": "£1,250.50",
        "password": GOOD_PASSWORD,
    }
    data.update(changes)
    return data


def _access(authorities, **changes):
    data = {
        "role": Role.TEAM_LEADER.value,
        "authorities": [a.pk for a in authorities],
        "write_off_limit": "500",
    }
    data.update(changes)
    return data


def _sign_in(client, username, password):
    return client.post(reverse("web:login"), {"username": username, "password": password})


def _officer_urls(officer):
    return [
        reverse(name, kwargs={"officer_id": officer.pk})
        for name in [
            "web:staff-officer",
            "web:staff-change",
            "web:staff-deactivate",
            "web:staff-reactivate",
            "web:staff-unlock",
        ]
    ]


class TestStaffAccess:
    @pytest.mark.parametrize("role", NON_ADMIN_ROLES)
    def test_staff_pages_are_forbidden_to_roles_without_manage_staff(
        self, client, authority_a, role
    ):
        officer = factories.OfficerFactory(role=role.value, authorities=[authority_a])
        colleague = factories.OfficerFactory(authorities=[authority_a])
        client.force_login(officer)

        statuses = [
            client.get(url).status_code
            for url in [reverse("web:staff"), reverse("web:staff-new"), *_officer_urls(colleague)]
        ]

        assert set(statuses) == {403}
        assert reverse("web:staff") not in client.get(reverse("web:home")).content.decode()

    def test_staff_pages_send_a_visitor_to_sign_in(self, client):
        response = client.get(reverse("web:staff"))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))

    def test_navigation_shows_staff_to_an_administrator(self, admin_client):
        html = admin_client.get(reverse("web:staff")).content.decode()

        assert f'href="{reverse("web:staff")}"' in html
        assert 'aria-current="page"' in html

    def test_staff_pages_give_404_for_an_officer_of_another_council_only(
        self, admin_client, authority_b
    ):
        stranger = factories.OfficerFactory(authorities=[authority_b], role=Role.AUDITOR.value)

        gets = {url: admin_client.get(url).status_code for url in _officer_urls(stranger)}
        posts = {
            url: admin_client.post(url, _access([authority_b])).status_code
            for url in _officer_urls(stranger)
        }

        assert set(gets.values()) == {404}, gets
        assert set(posts.values()) == {404}, posts
        stranger.refresh_from_db()
        assert stranger.is_active
        assert stranger.role == Role.AUDITOR.value
        assert not AuditEvent.objects.filter(object_type="officer", object_id=str(stranger.pk))


class TestStaffList:
    def test_staff_list_shows_officers_who_share_a_council(
        self, admin_client, authority_a, authority_b
    ):
        colleague = factories.OfficerFactory(
            username="carl.colleague",
            first_name="Carl",
            last_name="Colleague",
            role=Role.ENFORCEMENT_AGENT.value,
            authorities=[authority_a],
        )
        shared = factories.OfficerFactory(
            username="sasha.shared", authorities=[authority_a, authority_b]
        )
        factories.OfficerFactory(username="bella.beta", authorities=[authority_b])

        html = admin_client.get(reverse("web:staff")).content.decode()

        assert reverse("web:staff-officer", kwargs={"officer_id": colleague.pk}) in html
        assert "Carl Colleague" in html
        assert "Enforcement agent" in html
        assert shared.username in html
        assert "and 1 other council" in html
        assert "bella.beta" not in html
        assert authority_b.name not in html

    def test_staff_list_marks_inactive_and_never_signed_in(self, admin_client, authority_a):
        factories.OfficerFactory(
            username="ivy.inactive", authorities=[authority_a], is_active=False
        )

        html = admin_client.get(reverse("web:staff")).content.decode()

        assert "Deactivated" in html
        assert "Never" in html


class TestCreateOfficer:
    def test_create_officer_form_offers_only_the_administrators_councils(
        self, admin_client, authority_a, authority_b
    ):
        html = admin_client.get(reverse("web:staff-new")).content.decode()

        assert authority_a.name in html
        assert authority_b.name not in html
        for label in ["Enforcement agent", "Auditor (read only)", "Administrator"]:
            assert label in html
        assert 'type="radio"' in html
        assert 'type="checkbox"' in html

    def test_create_officer_with_a_weak_password_shows_the_policy_and_creates_nothing(
        self, admin_client, authority_a
    ):
        response = admin_client.post(
            reverse("web:staff-new"), _new_officer(authority_a, password="password1")
        )

        html = response.content.decode()
        assert response.status_code == 400
        assert "govuk-error-summary" in html
        assert 'href="#id_password"' in html
        assert "This password is too short. It must contain at least 12 characters." in html
        assert "This password is too common." in html
        assert 'id="id_password-error"' in html
        assert not Officer.objects.filter(username="nina.newcombe").exists()

    def test_create_officer_refuses_a_password_like_the_username(self, admin_client, authority_a):
        response = admin_client.post(
            reverse("web:staff-new"),
            _new_officer(authority_a, username="marmaladesandwich", password="marmaladesandwich"),
        )

        assert response.status_code == 400
        assert "The password is too similar to the username." in response.content.decode()
        assert not Officer.objects.filter(username="marmaladesandwich").exists()

    def test_create_officer_makes_the_officer_with_role_councils_and_limit(
        self, admin_client, admin_a, authority_a
    ):
        response = admin_client.post(reverse("web:staff-new"), _new_officer(authority_a))

        officer = Officer.objects.get(username="nina.newcombe")
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "web:staff-officer", kwargs={"officer_id": officer.pk}
        )
        assert officer.role == Role.ENFORCEMENT_AGENT.value
        assert officer.write_off_limit == Decimal("1250.50")
        assert officer.get_full_name() == "Nina Newcombe"
        assert officer.check_password(GOOD_PASSWORD)
        assert selectors.visible_authority_ids(officer=officer) == {authority_a.pk}
        event = AuditEvent.objects.get(action="staff.officer.created", object_id=str(officer.pk))
        assert event.authority_id == authority_a.pk
        assert event.officer_id == admin_a.pk
        assert event.detail["authorities"] == ["ALPHA"]
        assert GOOD_PASSWORD not in str(event.detail)
        page = admin_client.get(response["Location"]).content.decode()
        assert "Nina Newcombe has been added" in page
        assert "govuk-notification-banner--success" in page
        assert "£1,250.50" in page

    def test_create_officer_refuses_a_council_the_administrator_does_not_see(
        self, admin_client, authority_a, authority_b
    ):
        response = admin_client.post(
            reverse("web:staff-new"), _new_officer(authority_a, authorities=[authority_b.pk])
        )

        assert response.status_code == 400
        assert "Select only councils from the list" in response.content.decode()
        assert not Officer.objects.filter(username="nina.newcombe").exists()

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"authorities": []}, "authorities", "Select at least one council"),
            ({"role": ""}, "role", "Select a role"),
            ({"role": "WIZARD"}, "role", "Select a role"),
            ({"write_off_limit": "lots"}, "write_off_limit", "in pounds and pence"),
            ({"write_off_limit": "-5"}, "write_off_limit", "must be 0 or more"),
            ({"username": ""}, "username", "Enter a username"),
            ({"username": "nina newcombe"}, "username", "can only have letters"),
            ({"password": ""}, "password", "Enter a first password"),
        ],
    )
    def test_create_officer_says_what_to_fix(
        self, admin_client, authority_a, changes, field, message
    ):
        response = admin_client.post(reverse("web:staff-new"), _new_officer(authority_a, **changes))

        html = response.content.decode()
        assert response.status_code == 400
        assert message in html
        assert f'href="#id_{field}"' in html
        assert not Officer.objects.filter(first_name="Nina", last_name="Newcombe").exists()

    def test_create_officer_refuses_a_username_that_is_taken(self, admin_client, authority_a):
        factories.OfficerFactory(username="Nina.Newcombe", authorities=[authority_a])

        response = admin_client.post(reverse("web:staff-new"), _new_officer(authority_a))

        assert response.status_code == 400
        assert "That username is taken" in response.content.decode()
        assert Officer.objects.filter(username__iexact="nina.newcombe").count() == 1


class TestChangeOfficer:
    def test_change_officer_sets_role_councils_and_limit_and_audits_before_and_after(
        self, admin_client, admin_a, authority_a
    ):
        authority_c = factories.AuthorityFactory(code="GAMMA", name="Gamma City Council")
        OfficerAuthority.objects.create(officer=admin_a, authority=authority_c)
        officer = factories.OfficerFactory(
            role=Role.ENFORCEMENT_AGENT.value, authorities=[authority_a]
        )

        response = admin_client.post(
            reverse("web:staff-change", kwargs={"officer_id": officer.pk}),
            _access([authority_c], write_off_limit="750.25"),
        )

        assert response.status_code == 302
        officer.refresh_from_db()
        assert officer.role == Role.TEAM_LEADER.value
        assert officer.write_off_limit == Decimal("750.25")
        assert selectors.visible_authority_ids(officer=officer) == {authority_c.pk}
        events = AuditEvent.objects.filter(
            action="staff.officer.changed", object_id=str(officer.pk)
        )
        assert {e.authority_id for e in events} == {authority_a.pk, authority_c.pk}
        detail = events.first().detail
        assert detail["before"]["role"] == Role.ENFORCEMENT_AGENT.value
        assert detail["before"]["authorities"] == ["ALPHA"]
        assert detail["after"] == {
            "role": Role.TEAM_LEADER.value,
            "authorities": ["GAMMA"],
            "write_off_limit": "750.25",
            "is_active": True,
        }

    def test_change_officer_keeps_councils_the_administrator_does_not_see(
        self, admin_client, authority_a, authority_b
    ):
        shared = factories.OfficerFactory(authorities=[authority_a, authority_b])

        form = admin_client.get(reverse("web:staff-change", kwargs={"officer_id": shared.pk}))
        response = admin_client.post(
            reverse("web:staff-change", kwargs={"officer_id": shared.pk}), _access([])
        )

        assert "1 other council" in form.content.decode()
        assert authority_b.name not in form.content.decode()
        assert response.status_code == 302
        assert selectors.visible_authority_ids(officer=shared) == {authority_b.pk}

    def test_change_officer_needs_at_least_one_council(self, admin_client, authority_a):
        officer = factories.OfficerFactory(authorities=[authority_a])

        response = admin_client.post(
            reverse("web:staff-change", kwargs={"officer_id": officer.pk}), _access([])
        )

        assert response.status_code == 400
        assert "Select at least one council" in response.content.decode()
        assert selectors.visible_authority_ids(officer=officer) == {authority_a.pk}

    def test_change_officer_form_shows_the_current_access(self, admin_client, authority_a):
        officer = factories.OfficerFactory(
            role=Role.AUDITOR.value, authorities=[authority_a], write_off_limit=Decimal("12.50")
        )

        html = admin_client.get(
            reverse("web:staff-change", kwargs={"officer_id": officer.pk})
        ).content.decode()

        assert f'value="{Role.AUDITOR.value}" checked' in html
        assert f'value="{authority_a.pk}" checked' in html
        assert 'value="12.50"' in html

    def test_administrator_cannot_take_away_their_own_administrator_role(
        self, admin_client, admin_a, authority_a
    ):
        response = admin_client.post(
            reverse("web:staff-change", kwargs={"officer_id": admin_a.pk}),
            _access([authority_a]),
        )

        assert response.status_code == 400
        assert "You cannot take away your own administrator role" in response.content.decode()
        admin_a.refresh_from_db()
        assert admin_a.role == Role.ADMINISTRATOR.value


class TestDeactivateOfficer:
    def test_deactivated_officer_cannot_sign_in_and_loses_their_session(
        self, admin_client, admin_a, authority_a, client_factory
    ):
        officer = factories.OfficerFactory(username="dan.deactivated", authorities=[authority_a])
        their_client = client_factory()
        their_client.force_login(officer)
        url = reverse("web:staff-deactivate", kwargs={"officer_id": officer.pk})

        confirm = admin_client.get(url)
        response = admin_client.post(url)

        assert "Are you sure you want to deactivate" in confirm.content.decode()
        assert response.status_code == 302
        officer.refresh_from_db()
        assert not officer.is_active
        assert their_client.get(reverse("web:home")).status_code == 302
        sign_in = _sign_in(client_factory(), "dan.deactivated", factories.PASSWORD)
        assert sign_in.status_code == 200
        assert "Enter a correct username and password" in sign_in.content.decode()
        event = AuditEvent.objects.get(
            action="staff.officer.deactivated", object_id=str(officer.pk)
        )
        assert (event.authority_id, event.officer_id) == (authority_a.pk, admin_a.pk)
        assert "has been deactivated" in admin_client.get(response["Location"]).content.decode()

    def test_administrator_cannot_deactivate_themselves(self, admin_client, admin_a):
        url = reverse("web:staff-deactivate", kwargs={"officer_id": admin_a.pk})

        page = admin_client.get(reverse("web:staff-officer", kwargs={"officer_id": admin_a.pk}))
        response = admin_client.post(url)

        assert url not in page.content.decode()
        assert response.status_code == 400
        assert "You cannot deactivate your own account" in response.content.decode()
        admin_a.refresh_from_db()
        assert admin_a.is_active

    def test_reactivated_officer_can_sign_in_again(self, admin_client, authority_a, client_factory):
        officer = factories.OfficerFactory(
            username="rita.returning", authorities=[authority_a], is_active=False
        )

        response = admin_client.post(
            reverse("web:staff-reactivate", kwargs={"officer_id": officer.pk})
        )

        assert response.status_code == 302
        assert _sign_in(client_factory(), "rita.returning", factories.PASSWORD).status_code == 302
        assert AuditEvent.objects.filter(
            action="staff.officer.reactivated", object_id=str(officer.pk)
        ).exists()


class TestUnlockOfficer:
    def test_unlock_lifts_a_sign_in_lockout(
        self, admin_client, admin_a, authority_a, client_factory
    ):
        officer = factories.OfficerFactory(username="lee.locked", authorities=[authority_a])
        guesser = client_factory()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _sign_in(guesser, "lee.locked", "not-my-password-1")
        assert _sign_in(client_factory(), "lee.locked", factories.PASSWORD).status_code == 429
        page = admin_client.get(reverse("web:staff-officer", kwargs={"officer_id": officer.pk}))
        listing = admin_client.get(reverse("web:staff")).content.decode()

        response = admin_client.post(reverse("web:staff-unlock", kwargs={"officer_id": officer.pk}))

        assert "Locked out" in page.content.decode()
        assert "Locked out" in listing
        assert reverse("web:staff-unlock", kwargs={"officer_id": officer.pk}) in (
            page.content.decode()
        )
        assert response.status_code == 302
        assert "has been unlocked" in admin_client.get(response["Location"]).content.decode()
        assert _sign_in(client_factory(), "lee.locked", factories.PASSWORD).status_code == 302
        event = AuditEvent.objects.get(action="staff.officer.unlocked", object_id=str(officer.pk))
        assert (event.authority_id, event.officer_id) == (authority_a.pk, admin_a.pk)

    def test_unlock_of_an_officer_who_is_not_locked_changes_nothing(
        self, admin_client, authority_a
    ):
        officer = factories.OfficerFactory(authorities=[authority_a])
        url = reverse("web:staff-unlock", kwargs={"officer_id": officer.pk})

        confirm = admin_client.get(url)
        response = admin_client.post(url)

        assert "sign-in is not locked" in confirm.content.decode()
        assert response.status_code == 302
        assert not AuditEvent.objects.filter(action="staff.officer.unlocked").exists()


class TestChangeOwnPassword:
    @pytest.fixture
    def signed_in(self, client, officer_a):
        assert _sign_in(client, "alice", factories.PASSWORD).status_code == 302
        return client

    def _change(self, client, current, new, confirm=None):
        return client.post(
            reverse("web:password-change"),
            {
                "current_password": current,
                "new_password": new,
                "confirm_password": new if confirm is None else confirm,
            },
        )

    @pytest.mark.parametrize("role", list(Role))
    def test_password_page_is_open_to_every_role_from_the_header(self, client, authority_a, role):
        client.force_login(factories.OfficerFactory(role=role.value, authorities=[authority_a]))

        response = client.get(reverse("web:password-change"))

        assert response.status_code == 200
        assert f'href="{reverse("web:password-change")}"' in response.content.decode()

    def test_password_page_sends_a_visitor_to_sign_in(self, client):
        response = client.get(reverse("web:password-change"))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))

    def test_change_password_with_the_wrong_current_password_fails(self, signed_in, officer_a):
        response = self._change(signed_in, "not-the-password", GOOD_PASSWORD)

        assert response.status_code == 400
        assert "Your current password is not correct" in response.content.decode()
        assert 'href="#id_current_password"' in response.content.decode()
        officer_a.refresh_from_db()
        assert officer_a.check_password(factories.PASSWORD)

    @pytest.mark.parametrize(
        ("new", "message"),
        [
            ("short-1", "This password is too short"),
            ("123456789012345", "This password is entirely numeric"),
            ("password12345", "This password is too common"),
        ],
    )
    def test_change_password_refuses_a_weak_new_password(self, signed_in, officer_a, new, message):
        response = self._change(signed_in, factories.PASSWORD, new)

        assert response.status_code == 400
        assert message in response.content.decode()
        assert 'href="#id_new_password"' in response.content.decode()
        officer_a.refresh_from_db()
        assert officer_a.check_password(factories.PASSWORD)

    def test_change_password_needs_the_same_new_password_twice(self, signed_in, officer_a):
        response = self._change(signed_in, factories.PASSWORD, GOOD_PASSWORD, "something-else-7")

        assert response.status_code == 400
        assert "The passwords you entered do not match" in response.content.decode()
        officer_a.refresh_from_db()
        assert officer_a.check_password(factories.PASSWORD)

    def test_change_password_keeps_the_officer_signed_in_and_retires_the_old_one(
        self, signed_in, officer_a, client_factory
    ):
        response = self._change(signed_in, factories.PASSWORD, GOOD_PASSWORD)

        assert response.status_code == 302
        banner = signed_in.get(response["Location"])
        assert "Your password has been changed" in banner.content.decode()
        assert signed_in.get(reverse("web:home")).status_code == 200
        old = _sign_in(client_factory(), "alice", factories.PASSWORD)
        assert old.status_code == 200
        assert "Enter a correct username and password" in old.content.decode()
        assert _sign_in(client_factory(), "alice", GOOD_PASSWORD).status_code == 302
        event = AuditEvent.objects.get(action="staff.password.changed", officer=officer_a)
        assert event.authority_id == officer_a.authorities.get().pk
        assert GOOD_PASSWORD not in str(event.detail)

    def test_change_password_ends_the_officers_other_sessions(
        self, signed_in, officer_a, client_factory
    ):
        elsewhere = client_factory()
        assert _sign_in(elsewhere, "alice", factories.PASSWORD).status_code == 302

        self._change(signed_in, factories.PASSWORD, GOOD_PASSWORD)

        assert elsewhere.get(reverse("web:home")).status_code == 302
        assert signed_in.get(reverse("web:home")).status_code == 200
