"""Writes to the audit trail."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from arrears.audit.models import AuditEvent


@dataclass(frozen=True)
class Actor:
    """Who is acting and from where: an officer (or None for the system), IP and channel."""

    officer_id: int | None
    ip_address: str | None = None
    channel: str = "system"


SYSTEM = Actor(officer_id=None, channel="system")


def record_event(
    *,
    actor: Actor,
    action: str,
    authority_id: int | None = None,
    object_type: str = "",
    object_id: str | int = "",
    party_id: int | None = None,
    detail: dict[str, Any] | None = None,
    occurred_at: dt.datetime | None = None,
) -> AuditEvent:
    """Record one audited change or view; `occurred_at` is now unless a test pins it."""
    return AuditEvent.objects.create(
        occurred_at=occurred_at or timezone.now(),
        officer_id=actor.officer_id,
        authority_id=authority_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        party_id=party_id,
        ip_address=actor.ip_address,
        channel=actor.channel,
        detail=detail or {},
    )
