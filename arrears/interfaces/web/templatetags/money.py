"""Template filters for showing money to people (STYLE.md, "Money": format only in interfaces)."""

from decimal import Decimal

from django import template

from arrears.kernel.money import format_pounds

register = template.Library()


@register.filter
def pounds(amount: Decimal | None) -> str:
    """Return `amount` as `£1,234.50` (or `-£12.00` for a credit); blank for no amount."""
    if amount is None:
        return ""
    return format_pounds(Decimal(amount))
