"""The service navigation: which links an officer sees, decided by the one policy module."""

from dataclasses import dataclass

from django.urls import reverse

from arrears.staff import selectors as staff_selectors
from arrears.staff.domain.policy import Permission
from arrears.staff.models import Officer


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: Permission


# Add a page here to put it in the navigation; it shows only to officers who may open it.
NAV_ITEMS = [
    NavItem(label="Search", url_name="web:home", permission=Permission.SEARCH_PARTIES),
    NavItem(label="Work queue", url_name="web:work-queue", permission=Permission.VIEW_WORK_QUEUE),
    NavItem(label="Imports", url_name="web:import-upload", permission=Permission.IMPORT_DATA),
    NavItem(label="Recovery runs", url_name="web:recovery-runs", permission=Permission.VIEW_LEDGER),
    NavItem(label="Letters", url_name="web:letters", permission=Permission.VIEW_LETTERS),
    NavItem(label="Court", url_name="web:court-sessions", permission=Permission.VIEW_COURT),
    NavItem(label="Audit trail", url_name="web:audit", permission=Permission.VIEW_AUDIT),
    NavItem(label="Staff", url_name="web:staff", permission=Permission.MANAGE_STAFF),
    NavItem(label="Streams", url_name="web:streams", permission=Permission.VIEW_STREAMS),
]


@dataclass(frozen=True)
class NavLink:
    label: str
    href: str
    is_current: bool


def nav_links(*, officer: Officer, current_url_name: str) -> list[NavLink]:
    """Return the navigation links `officer` may follow, marking the current page."""
    return [
        NavLink(
            label=item.label,
            href=reverse(item.url_name),
            is_current=item.url_name == current_url_name,
        )
        for item in NAV_ITEMS
        if staff_selectors.officer_can(officer=officer, permission=item.permission)
    ]
