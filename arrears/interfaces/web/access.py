"""
The access check every officer page makes, in `dispatch`, before it reads anything.

A page declares the `Permission` it needs; `PermissionRequired.dispatch` sends a visitor who has
not signed in to the login page, answers 404 for a record the officer may not see, and 403 to an
officer whose role lacks the permission.
The role question is asked only of `staff.selectors.officer_can` (the one policy module);
which records an officer may see is asked of the `*_for_officer` selectors, which answer 404.
"""

from typing import Any, ClassVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.views import View

from arrears.audit.services import Actor
from arrears.staff import selectors as staff_selectors
from arrears.staff.domain.policy import Permission
from arrears.staff.models import Officer


class PermissionRequired(View):
    """A page for a signed-in officer whose role holds `permission`."""

    permission: ClassVar[Permission | None] = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if self.permission is None:
            raise ImproperlyConfigured(f"{type(self).__name__} names no permission")
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        # The record comes first: another council's record must be a 404 for every role,
        # never a 403 that would tell the officer it exists (ADR 0004).
        self.load()
        if not staff_selectors.officer_can(officer=self.officer, permission=self.permission):
            raise PermissionDenied(self.permission.value)
        return super().dispatch(request, *args, **kwargs)

    def load(self) -> None:
        """Load what the page shows through a `*_for_officer` selector; raise `Http404` if the
        officer may not see it or it is not there. Runs before the role check, writes nothing."""

    @property
    def officer(self) -> Officer:
        return cast(Officer, self.request.user)

    @property
    def actor(self) -> Actor:
        return actor_for(self.request)


class Public(View):
    """A page anyone may open: only the login and logout pages."""

    is_public: ClassVar[bool] = True


def actor_for(request: HttpRequest) -> Actor:
    """Return who is acting, and from where, for the audit trail (channel "web")."""
    user = request.user
    return Actor(
        officer_id=user.pk if user.is_authenticated else None,
        ip_address=request.META.get("REMOTE_ADDR") or None,
        channel="web",
    )
