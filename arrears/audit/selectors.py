"""Reads of the audit trail, always limited to what the reader may see."""

from collections.abc import Collection

from django.db.models import Q, QuerySet

from arrears.audit.models import AuditEvent


def audit_events(
    *, authority_ids: Collection[int], party_id: int | None = None, action_prefix: str = ""
) -> QuerySet[AuditEvent]:
    """Return audit events of `authority_ids` (and system-wide ones), newest first."""
    rows = AuditEvent.objects.filter(
        Q(authority_id__in=list(authority_ids)) | Q(authority_id__isnull=True)
    ).select_related("officer")
    if party_id is not None:
        rows = rows.filter(party_id=party_id)
    if action_prefix:
        rows = rows.filter(action__startswith=action_prefix)
    return rows.order_by("-occurred_at", "-id")


def party_history(
    *, authority_ids: Collection[int], party_ids: Collection[int], limit: int = 200
) -> list[AuditEvent]:
    """
    Return up to `limit` changes recorded against these parties, newest first.

    Views of a party page (`*.viewed`) are left out: they are who looked, not what happened to
    the party, and stay in the full audit trail (`audit_events`).
    """
    return list(
        AuditEvent.objects.filter(
            authority_id__in=list(authority_ids), party_id__in=list(party_ids)
        )
        .exclude(action__endswith=".viewed")
        .select_related("officer")
        .order_by("-occurred_at", "-id")[:limit]
    )
