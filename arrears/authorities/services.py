"""Writes of authorities and shared services."""

from django.db import transaction

from arrears.authorities.models import Authority, Nation, SharedService


@transaction.atomic
def ensure_authority(
    *, code: str, name: str, nation: str = Nation.ENGLAND, shared_service_name: str | None = None
) -> Authority:
    """Return the authority with `code`, creating it (and its shared service) if it is new."""
    shared_service = None
    if shared_service_name:
        shared_service, _ = SharedService.objects.get_or_create(name=shared_service_name)
    authority, _created = Authority.objects.get_or_create(
        code=code, defaults={"name": name, "nation": nation, "shared_service": shared_service}
    )
    return authority
