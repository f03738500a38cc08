"""Writes to the audit trail."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class NewEvent:
    """One event of a batch written by `record_events`."""

    action: str
    authority_id: int | None = None
    object_type: str = ""
    object_id: str | int = ""
    party_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def record_events(
    *, actor: Actor, events: Iterable[NewEvent], occurred_at: dt.datetime | None = None
) -> int:
    """Record many events by one actor at one moment (a file import) in bulk; return how many."""
    moment = occurred_at or timezone.now()
    rows = AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                occurred_at=moment,
                officer_id=actor.officer_id,
                authority_id=event.authority_id,
                action=event.action,
                object_type=event.object_type,
                object_id=str(event.object_id),
                party_id=event.party_id,
                ip_address=actor.ip_address,
                channel=actor.channel,
                detail=event.detail,
            )
            for event in events
        ),
        batch_size=500,
    )
    return len(rows)
