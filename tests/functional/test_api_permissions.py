"""The API's one permission class asks the role policy (staff.domain.policy) for each view."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from arrears.interfaces.api.permissions import PolicyPermission
from arrears.staff.domain.policy import Permission, Role
from tests import factories

pytestmark = pytest.mark.django_db


class _AuditOnly(APIView):
    permission_classes = [PolicyPermission]
    required_permission = Permission.VIEW_AUDIT

    def get(self, request, **kwargs):
        return Response({"seen": True})


class _Undecided(APIView):
    permission_classes = [PolicyPermission]

    def get(self, request, **kwargs):
        return Response({"seen": True})


def _get(view, role, **kwargs):
    request = APIRequestFactory().get("/")
    force_authenticate(request, factories.OfficerFactory(role=role.value))
    return view.as_view()(request, **kwargs)


def _api_views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and (prefix + str(pattern.pattern)).startswith(
            "api/v1/"
        ):
            yield prefix + str(pattern.pattern), pattern.callback.view_class


class TestPolicyPermission:
    @pytest.mark.parametrize(
        ("role", "expected_status"),
        [(Role.AUDITOR, 200), (Role.TEAM_LEADER, 200), (Role.ENFORCEMENT_AGENT, 403)],
    )
    def test_policy_permission_follows_the_role_policy(self, role, expected_status):
        response = _get(_AuditOnly, role)

        assert response.status_code == expected_status

    def test_policy_permission_refuses_to_serve_a_view_without_a_required_permission(self):
        with pytest.raises(ImproperlyConfigured, match="_Undecided must set required_permission"):
            _get(_Undecided, Role.ADMINISTRATOR)

    def test_policy_permission_defers_a_records_url_to_the_object_check(self):
        # A record's URL is decided once the record has been fetched through the tenancy
        # selector (the view calls check_object_permissions), so another council's record is
        # 404 for every role rather than 403. This view fetches nothing, so nothing refuses it.
        response = _get(_AuditOnly, Role.ENFORCEMENT_AGENT, party_id=1)

        assert response.status_code == 200

    def test_policy_permission_refuses_a_lacking_role_once_the_record_is_found(self):
        class _AuditRecord(_AuditOnly):
            def get(self, request, **kwargs):
                self.check_object_permissions(request, object())
                return Response({"seen": True})

        response = _get(_AuditRecord, Role.ENFORCEMENT_AGENT, party_id=1)

        assert response.status_code == 403

    def test_policy_permission_guards_every_api_view(self):
        views = list(_api_views(get_resolver().url_patterns))

        assert views, "no /api/v1/ views found"
        for route, view_class in views:
            assert PolicyPermission in view_class.permission_classes, route
            assert isinstance(view_class.required_permission, Permission), route
