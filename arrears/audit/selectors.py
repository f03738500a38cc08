"""Reads of the audit trail, always limited to what the reader may see."""

from collections.abc import Collection

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet

from arrears.audit.models import AuditEvent


def audit_events(
    *, authority_ids: Collection[int], party_id: int | None = None, action_prefix: str = ""
) -> QuerySet[AuditEvent]:
    """
    Return audit events of `authority_ids`, newest first.

    Events that belong to no authority (sign-ins, system runs) are included only where the
    officer who caused them works for one of `authority_ids`, or where no officer did; so one
    council's auditor does not see the other council's staff signing in.
    """
    # Looked up by name: audit sits below staff in the layers (ADR 0001).
    officer_authority = apps.get_model("staff", "OfficerAuthority")
    same_council = Exists(
        officer_authority.objects.filter(
            officer_id=OuterRef("officer_id"), authority_id__in=list(authority_ids)
        )
    )
    rows = AuditEvent.objects.filter(
        Q(authority_id__in=list(authority_ids))
        | Q(authority_id__isnull=True, officer__isnull=True)
        | (Q(authority_id__isnull=True) & same_council)
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
