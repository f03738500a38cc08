"""
What each role may do: the one policy that the web UI, the API and the commands all ask.

Which authorities an officer may see is a separate question, answered by
`staff.selectors.visible_authority_ids`; both must say yes.
"""

from enum import StrEnum


class Role(StrEnum):
    DEBT_MANAGEMENT_OFFICER = "DEBT_MANAGEMENT_OFFICER"
    ENFORCEMENT_SUPPORT_OFFICER = "ENFORCEMENT_SUPPORT_OFFICER"
    ENFORCEMENT_AGENT = "ENFORCEMENT_AGENT"
    DEBTORS_COLLECTION_OFFICER = "DEBTORS_COLLECTION_OFFICER"
    TEAM_LEADER = "TEAM_LEADER"
    MANAGER = "MANAGER"
    AUDITOR = "AUDITOR"
    ADMINISTRATOR = "ADMINISTRATOR"


ROLE_LABELS = {
    Role.DEBT_MANAGEMENT_OFFICER: "Debt management officer",
    Role.ENFORCEMENT_SUPPORT_OFFICER: "Enforcement support officer",
    Role.ENFORCEMENT_AGENT: "Enforcement agent",
    Role.DEBTORS_COLLECTION_OFFICER: "Debtors and collection officer",
    Role.TEAM_LEADER: "Team leader",
    Role.MANAGER: "Manager",
    Role.AUDITOR: "Auditor (read only)",
    Role.ADMINISTRATOR: "Administrator",
}


class Permission(StrEnum):
    SEARCH_PARTIES = "SEARCH_PARTIES"
    VIEW_PARTY = "VIEW_PARTY"
    VIEW_LEDGER = "VIEW_LEDGER"
    EXPORT_DATA = "EXPORT_DATA"
    IMPORT_DATA = "IMPORT_DATA"
    POST_CHARGE = "POST_CHARGE"
    RECORD_PAYMENT = "RECORD_PAYMENT"
    REVERSE_ENTRY = "REVERSE_ENTRY"
    WRITE_OFF = "WRITE_OFF"
    APPROVE_REFUND = "APPROVE_REFUND"
    RECORD_MARKER = "RECORD_MARKER"
    EDIT_PARTY = "EDIT_PARTY"  # correct a name or date of birth; link parties
    VIEW_AUDIT = "VIEW_AUDIT"
    MANAGE_STAFF = "MANAGE_STAFF"
    APPROVE = "APPROVE"
    RECORD_HOLD = "RECORD_HOLD"  # record and end holds on an account (dispute, appeal, ...)
    RUN_RECOVERY = "RUN_RECOVERY"  # preview the daily recovery run and start it
    VIEW_WORK_QUEUE = "VIEW_WORK_QUEUE"  # the "Today" work queue of the officer's councils
    VIEW_STREAMS = "VIEW_STREAMS"  # read the recovery streams: stages, waits, letters, costs
    MANAGE_STREAMS = "MANAGE_STREAMS"  # make stream versions; change stages; add costs
    VIEW_COURT = "VIEW_COURT"  # court sessions, complaint lists, the liability order register
    MANAGE_COURT = "MANAGE_COURT"  # book court sessions and record hearing outcomes
    # After a liability order: attachment of earnings, deductions from benefits, referral to
    # enforcement agents, charging order, bankruptcy, committal; information replies.
    TAKE_REMEDY = "TAKE_REMEDY"
    VIEW_LETTERS = "VIEW_LETTERS"  # the document register: letters, print batches, their PDFs
    RELEASE_LETTERS = "RELEASE_LETTERS"  # release letters to print, withdraw, mark printed


_READ = frozenset({Permission.SEARCH_PARTIES, Permission.VIEW_PARTY, Permission.VIEW_LEDGER})
_CASEWORK = _READ | {
    Permission.RECORD_PAYMENT,
    Permission.RECORD_MARKER,
    Permission.VIEW_WORK_QUEUE,
}

# Officers who work cases after the liability order (RULES.md §2.5-§2.11, §4).
_REMEDIES = frozenset({Permission.TAKE_REMEDY})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.DEBT_MANAGEMENT_OFFICER: _CASEWORK
    | _REMEDIES
    | {
        Permission.EDIT_PARTY,
        Permission.POST_CHARGE,
        Permission.REVERSE_ENTRY,
        Permission.WRITE_OFF,
        Permission.EXPORT_DATA,
        Permission.IMPORT_DATA,
        Permission.VIEW_COURT,
        Permission.MANAGE_COURT,
        Permission.RECORD_HOLD,
        Permission.VIEW_LETTERS,
    },
    Role.ENFORCEMENT_SUPPORT_OFFICER: _CASEWORK
    | _REMEDIES
    | {Permission.WRITE_OFF, Permission.EDIT_PARTY, Permission.VIEW_COURT, Permission.RECORD_HOLD}
    | {Permission.VIEW_LETTERS},
    Role.ENFORCEMENT_AGENT: _CASEWORK,
    Role.DEBTORS_COLLECTION_OFFICER: _CASEWORK
    | _REMEDIES
    | {
        Permission.EDIT_PARTY,
        Permission.POST_CHARGE,
        Permission.REVERSE_ENTRY,
        Permission.IMPORT_DATA,
        Permission.EXPORT_DATA,
        Permission.VIEW_LETTERS,
    },
    Role.TEAM_LEADER: _CASEWORK
    | _REMEDIES
    | {
        Permission.EDIT_PARTY,
        Permission.POST_CHARGE,
        Permission.REVERSE_ENTRY,
        Permission.WRITE_OFF,
        Permission.APPROVE_REFUND,
        Permission.EXPORT_DATA,
        Permission.IMPORT_DATA,
        Permission.APPROVE,
        Permission.VIEW_AUDIT,
        Permission.VIEW_COURT,
        Permission.MANAGE_COURT,
        Permission.VIEW_STREAMS,
        Permission.RECORD_HOLD,
        Permission.RUN_RECOVERY,
        Permission.VIEW_LETTERS,
        Permission.RELEASE_LETTERS,
    },
    Role.MANAGER: _READ
    | {
        Permission.APPROVE,
        Permission.VIEW_WORK_QUEUE,
        Permission.APPROVE_REFUND,
        Permission.EXPORT_DATA,
        Permission.VIEW_AUDIT,
        Permission.VIEW_COURT,
        Permission.MANAGE_COURT,
        Permission.VIEW_STREAMS,
        Permission.RECORD_HOLD,
        Permission.VIEW_LETTERS,
        Permission.RELEASE_LETTERS,
    },
    Role.AUDITOR: _READ
    | {Permission.VIEW_AUDIT, Permission.VIEW_COURT, Permission.VIEW_STREAMS}
    | {Permission.VIEW_LETTERS},
    Role.ADMINISTRATOR: _READ
    | {
        Permission.IMPORT_DATA,
        Permission.MANAGE_STAFF,
        Permission.VIEW_AUDIT,
        Permission.VIEW_STREAMS,
        Permission.MANAGE_STREAMS,
    },
}


def can(*, role: Role | str, permission: Permission) -> bool:
    """Return whether an officer with `role` may do what `permission` names."""
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False


def is_read_only(*, role: Role | str) -> bool:
    """Return whether `role` may change nothing (the auditor)."""
    reads = {
        Permission.VIEW_AUDIT,
        Permission.EXPORT_DATA,
        Permission.VIEW_COURT,
        Permission.VIEW_STREAMS,
        Permission.VIEW_LETTERS,
    }
    writes = {p for p in Permission} - _READ - reads
    return not any(can(role=role, permission=p) for p in writes)
