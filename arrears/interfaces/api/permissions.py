"""
The one permission class of the API: each view names the policy `Permission` it needs.

Role permissions come from `staff.domain.policy` through `staff.selectors.officer_can`, the same
policy the web UI and the commands ask. Which authorities an officer sees is the other half of
access, applied by the selectors each view calls.

A view addressed to one record (its URL names the record, e.g. `/parties/<party_id>/`) is
checked only after the record has been fetched through the tenancy selector: another council's
record is then a 404 for every role, exactly like a missing one, and never a 403 that would
confirm it exists.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from arrears.staff.domain.policy import Permission
from arrears.staff.models import Officer
from arrears.staff.selectors import officer_can


def required_permission(view: APIView) -> Permission:
    """
    Return the policy permission `view` needs.

    :raises ImproperlyConfigured: if the view does not name one, so that a new endpoint cannot
        be served without an access decision.
    """
    permission = getattr(view, "required_permission", None)
    if not isinstance(permission, Permission):
        raise ImproperlyConfigured(
            f"{type(view).__name__} must set required_permission to a policy Permission"
        )
    return permission


def _officer_can(request: Request, view: APIView) -> bool:
    officer = request.user
    return isinstance(officer, Officer) and officer_can(
        officer=officer, permission=required_permission(view)
    )


class PolicyPermission(BasePermission):
    """Allow a signed-in officer whose role holds the view's `required_permission`."""

    message = "Your role does not allow this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if view.kwargs:
            # A record's URL: decided in has_object_permission once the record is found.
            required_permission(view)
            return True
        return _officer_can(request, view)

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        return _officer_can(request, view)
