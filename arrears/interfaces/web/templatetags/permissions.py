"""Ask the one policy module from a template: `{% officer_can user "EXPORT_DATA" as can_export %}`.

For a link shown only to officers who may follow it, on a page whose view does not already
say; the page the link leads to makes the same check (access.PermissionRequired).
"""

from django import template

from arrears.staff import selectors as staff_selectors
from arrears.staff.domain.policy import Permission
from arrears.staff.models import Officer

register = template.Library()


@register.simple_tag
def officer_can(officer: Officer, permission: str) -> bool:
    """Return whether `officer` holds the permission named `permission`."""
    return staff_selectors.officer_can(officer=officer, permission=Permission(permission))
