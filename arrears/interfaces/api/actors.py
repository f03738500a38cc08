"""Who is calling the API, as the audit trail records them."""

from rest_framework.request import Request

from arrears.audit.services import Actor


def actor_for(request: Request) -> Actor:
    """Return the audit actor for an API request: the officer, their address, channel "api"."""
    return Actor(
        officer_id=request.user.pk,
        ip_address=request.META.get("REMOTE_ADDR") or None,
        channel="api",
    )
