"""
Serializer fields that write values the way the JSON contracts do (shared/INTERFACES.md).

Money is a string with exactly two decimals (`"1234.50"`, STYLE.md "Money"); a date-time is
ISO 8601 in Europe/London with its offset, `+00:00` in winter rather than DRF's `Z`
(STYLE.md "Time and dates").
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from arrears.kernel.clock import to_london
from arrears.kernel.money import to_json


@extend_schema_field(
    {
        "type": "string",
        "format": "decimal",
        "pattern": r"^-?\d+\.\d{2}$",
        "example": "1234.50",
        "description": "Pounds, as a string with exactly two decimals.",
    }
)
class Money(serializers.Field):  # type: ignore[type-arg]
    """An amount of money, read only, written as a string with two decimals."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Decimal) -> str:
        return to_json(value)


@extend_schema_field(OpenApiTypes.DATETIME)
class LondonDateTime(serializers.Field):  # type: ignore[type-arg]
    """A moment, read only, written in ISO 8601 in London time with its offset."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: dt.datetime) -> str:
        return to_london(value).isoformat()
