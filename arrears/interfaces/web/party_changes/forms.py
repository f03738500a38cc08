"""The forms of the party change pages, with GOV.UK error messages that name the field."""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import validate_email

from arrears.accounts.domain.markers import (
    BREATHING_SPACE_TYPE_LABELS,
    INSOLVENCY_TYPE_LABELS,
    MARKER_LABELS,
    VULNERABILITY_CATEGORY_HINTS,
    VULNERABILITY_CATEGORY_LABELS,
    BreathingSpaceType,
    InsolvencyType,
    MarkerKind,
    VulnerabilityCategory,
)
from arrears.accounts.domain.references import is_full_postcode, normalise_postcode
from arrears.accounts.models import AddressKind, ContactKind, LinkKind
from arrears.interfaces.web.party_changes.fields import (
    DateField,
    long_date,
    not_after_today,
    radio_field,
    text_field,
)

# --- Record a marker -----------------------------------------------------------------------------


class ChooseMarkerKind(forms.Form):
    """Which kind of marker to record; the next step asks for that kind's own details."""

    kind = radio_field(
        label="What do you want to record?",
        choices=[(kind.value, MARKER_LABELS[kind]) for kind in MarkerKind],
        required_message="Select what you want to record",
    )


MARKER_KIND_HINTS = {
    MarkerKind.VULNERABILITY: "Something that makes the person less able to deal with the debt",
    MarkerKind.RISK: "A risk to staff or agents; field staff see it before any contact",
    MarkerKind.DECEASED: "The person has died",
    MarkerKind.GONE_AWAY: "The party no longer lives or trades at the address we hold",
    MarkerKind.INSOLVENCY: "Bankruptcy, a debt relief order, an IVA or a company insolvency",
    MarkerKind.BREATHING_SPACE: "A debt respite moratorium: recovery must stop while it lasts",
    MarkerKind.CONFIDENTIAL_ADDRESS: "The address is left out of letters, exports and search",
}

MARKER_HEADINGS = {
    MarkerKind.VULNERABILITY: "Record a vulnerability",
    MarkerKind.RISK: "Record a risk: caution before contact",
    MarkerKind.DECEASED: "Record that the person has died",
    MarkerKind.GONE_AWAY: "Record that the party has gone away",
    MarkerKind.INSOLVENCY: "Record an insolvency",
    MarkerKind.BREATHING_SPACE: "Record a Breathing Space",
    MarkerKind.CONFIDENTIAL_ADDRESS: "Record a confidential address",
}


@dataclass(frozen=True)
class _Field:
    """One field of a marker kind's form: its form field and the hint shown under its label."""

    field: forms.Field
    hint: str = ""
    choice_hints: dict[str, str] | None = None


def _marker_fields(kind: MarkerKind) -> dict[str, _Field]:
    """Return the fields one kind of marker asks for, in the order they are shown."""
    start = "The date it started. It can be in the past"
    if kind is MarkerKind.VULNERABILITY:
        return {
            "category": _Field(
                radio_field(
                    label="Category",
                    choices=[
                        (c.value, VULNERABILITY_CATEGORY_LABELS[c]) for c in VulnerabilityCategory
                    ],
                    required_message="Select the category of vulnerability",
                ),
                choice_hints={
                    c.value: VULNERABILITY_CATEGORY_HINTS[c] for c in VulnerabilityCategory
                },
            ),
            "detail": _Field(
                text_field(
                    label="Detail",
                    required_message="Enter the detail of the vulnerability",
                    max_length=2000,
                    textarea=True,
                ),
                "What it is, and how staff should adjust what they do",
            ),
            "source": _Field(
                text_field(
                    label="Source",
                    required_message="Enter the source: who told us, or how we know",
                    max_length=100,
                ),
                "Who told us, or how we know; for example the person, a carer or an adviser",
            ),
            "start_date": _Field(DateField(label="Start date"), start),
            "review_date": _Field(
                DateField(label="Review date"), "When someone should check it still applies"
            ),
        }
    if kind is MarkerKind.RISK:
        return {
            "detail": _Field(
                text_field(
                    label="Detail",
                    required_message="Enter the detail of the risk",
                    max_length=2000,
                    textarea=True,
                ),
                "Field staff see this before any visit or call; for example 'Dog on premises'",
            ),
            "source": _Field(text_field(label="Source (optional)", max_length=100), "How we know"),
            "start_date": _Field(DateField(label="Start date"), start),
            "review_date": _Field(
                DateField(label="Review date", required=False),
                "Optional. When someone should check it still applies",
            ),
        }
    if kind is MarkerKind.DECEASED:
        return {
            "start_date": _Field(DateField(label="Date of death"), "For example, 27 3 2026"),
            "source": _Field(
                text_field(
                    label="Source",
                    required_message="Enter the source: how we know the person has died",
                    max_length=100,
                ),
                "For example a death certificate, Tell Us Once or a relative",
            ),
            "detail": _Field(
                text_field(label="Detail (optional)", max_length=2000, textarea=True),
                "For example the executor or the solicitor dealing with the estate",
            ),
        }
    if kind is MarkerKind.GONE_AWAY:
        return {
            "start_date": _Field(
                DateField(label="Date they left"),
                "If you do not know the exact date, enter the date we found out",
            ),
            "source": _Field(
                text_field(label="Source (optional)", max_length=100),
                "For example returned mail or a visit",
            ),
            "detail": _Field(text_field(label="Detail (optional)", max_length=2000, textarea=True)),
        }
    if kind is MarkerKind.INSOLVENCY:
        return {
            "category": _Field(
                radio_field(
                    label="Type of insolvency",
                    choices=[(t.value, INSOLVENCY_TYPE_LABELS[t]) for t in InsolvencyType],
                    required_message="Select the type of insolvency",
                )
            ),
            "start_date": _Field(
                DateField(label="Insolvency date"),
                "The date of the order, arrangement or appointment",
            ),
            "practitioner": _Field(
                text_field(label="Practitioner name (optional)", max_length=200),
                "The insolvency practitioner or official receiver; leave blank for a debt relief "
                "order",
            ),
            "source": _Field(
                text_field(label="Source (optional)", max_length=100),
                "For example the Insolvency Register or the London Gazette",
            ),
            "detail": _Field(text_field(label="Detail (optional)", max_length=2000, textarea=True)),
        }
    if kind is MarkerKind.BREATHING_SPACE:
        return {
            "category": _Field(
                radio_field(
                    label="Type of Breathing Space",
                    choices=[(t.value, BREATHING_SPACE_TYPE_LABELS[t]) for t in BreathingSpaceType],
                    required_message="Select the type of Breathing Space",
                )
            ),
            "start_date": _Field(
                DateField(label="Start date"),
                "The start date on the Insolvency Service notice. It can be in the past. A "
                "standard breathing space ends 60 days later, counting the start day as day 1; a "
                "mental health crisis breathing space stays open until you end it",
            ),
            "source": _Field(
                text_field(label="Source (optional)", max_length=100),
                "For example the Insolvency Service notification and its reference",
            ),
            "detail": _Field(text_field(label="Detail (optional)", max_length=2000, textarea=True)),
        }
    return {
        "detail": _Field(
            text_field(
                label="Reason",
                required_message="Enter the reason the address is confidential",
                max_length=2000,
                textarea=True,
            ),
            "For example a refuge, or a court order",
        ),
        "source": _Field(text_field(label="Source (optional)", max_length=100), "How we know"),
        "start_date": _Field(DateField(label="Start date"), start),
    }


class RecordMarker(forms.Form):
    """The details of one kind of marker; which fields it has depends on the kind."""

    def __init__(self, *args: Any, kind: MarkerKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.hints: dict[str, str] = {}
        self.choice_hints: dict[str, dict[str, str]] = {}
        for name, spec in _marker_fields(kind).items():
            self.fields[name] = spec.field
            self.hints[name] = spec.hint
            self.choice_hints[name] = spec.choice_hints or {}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        not_after_today(self, "start_date")
        start_date, review_date = cleaned.get("start_date"), cleaned.get("review_date")
        if start_date and review_date and review_date < start_date:
            self.add_error(
                "review_date",
                f"Review date must be the same as or after the start date, {long_date(start_date)}",
            )
        return cleaned


# --- End a marker ------------------------------------------------------------------------------


class EndMarker(forms.Form):
    end_date = DateField(label="End date")

    def __init__(self, *args: Any, start_date: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_date = start_date

    def clean_end_date(self) -> dt.date:
        end_date: dt.date = self.cleaned_data["end_date"]
        if end_date < self.start_date:
            raise forms.ValidationError(
                f"End date must be the same as or after the start date, "
                f"{long_date(self.start_date)}"
            )
        return end_date


# --- Addresses, contacts, aliases and links ----------------------------------------------------

NEW_ADDRESS_KINDS = [AddressKind.CURRENT, AddressKind.FORWARDING, AddressKind.CORRESPONDENCE]
ADDRESS_KIND_HINTS = {
    AddressKind.CURRENT: "Where they live or trade now; the current address becomes a previous one",
    AddressKind.FORWARDING: "Where they have moved to, or where mail should be forwarded",
    AddressKind.CORRESPONDENCE: "Where letters should go, if not the current address",
}


def _coordinate(*, label: str, limit: int) -> forms.DecimalField:
    message = f"{label} must be a number between -{limit} and {limit}"
    return forms.DecimalField(
        label=f"{label} (optional)",
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-limit),
        max_value=Decimal(limit),
        error_messages={
            "invalid": message,
            "min_value": message,
            "max_value": message,
            "max_digits": message,
            "max_decimal_places": f"{label} must have 6 decimal places or fewer",
            "max_whole_digits": message,
        },
    )


class AddAddress(forms.Form):
    kind = radio_field(
        label="What kind of address is it?",
        choices=[(k.value, k.label) for k in NEW_ADDRESS_KINDS],
        required_message="Select what kind of address it is",
    )
    line_1 = text_field(
        label="Address line 1",
        required_message="Enter address line 1, typically the building and street",
        max_length=100,
    )
    line_2 = text_field(label="Address line 2 (optional)", max_length=100)
    line_3 = text_field(label="Address line 3 (optional)", max_length=100)
    town = text_field(
        label="Town or city", required_message="Enter the town or city", max_length=60
    )
    postcode = text_field(label="Postcode", required_message="Enter the postcode", max_length=10)
    latitude = _coordinate(label="Latitude", limit=90)
    longitude = _coordinate(label="Longitude", limit=180)
    from_date = DateField(label="Date from")

    def clean_postcode(self) -> str:
        postcode: str = self.cleaned_data["postcode"]
        if not is_full_postcode(postcode):
            raise forms.ValidationError("Enter a full UK postcode, like KT1 1EU")
        return normalise_postcode(postcode)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if latitude is not None and longitude is None and "longitude" not in self.errors:
            self.add_error("longitude", "Enter the longitude as well as the latitude")
        if longitude is not None and latitude is None and "latitude" not in self.errors:
            self.add_error("latitude", "Enter the latitude as well as the longitude")
        return cleaned


_PHONE_PUNCTUATION = re.compile(r"[\s\-().]")


def uk_phone_number(text: str, *, is_mobile: bool) -> str:
    """
    Return a UK telephone number as its 11 digits ('07700900982'), or raise ValueError.

    Spaces, dashes, brackets and dots are ignored, and +44 or 0044 becomes 0. A mobile number
    starts 07; any number has 10 or 11 digits including the leading 0.
    """
    digits = _PHONE_PUNCTUATION.sub("", text)
    for prefix in ("+44", "0044"):
        if digits.startswith(prefix):
            digits = "0" + digits.removeprefix(prefix).removeprefix("0")
    if not digits.isdigit() or not digits.startswith("0") or len(digits) not in (10, 11):
        raise ValueError(text)
    if is_mobile and not (digits.startswith("07") and len(digits) == 11):
        raise ValueError(text)
    return digits


class AddContact(forms.Form):
    kind = radio_field(
        label="What kind of contact detail is it?",
        choices=[(k.value, k.label) for k in ContactKind],
        required_message="Select telephone, mobile or email",
    )
    value = text_field(
        label="Number or email address",
        required_message="Enter the telephone number or email address",
        max_length=200,
    )
    is_preferred = forms.BooleanField(label="Make this the preferred contact", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, value = cleaned.get("kind"), cleaned.get("value")
        if not kind or not value:
            return cleaned
        if kind == ContactKind.EMAIL:
            try:
                validate_email(value)
            except forms.ValidationError:
                self.add_error(
                    "value", "Enter an email address in the correct format, like name@example.com"
                )
        else:
            is_mobile = kind == ContactKind.MOBILE
            try:
                cleaned["value"] = uk_phone_number(value, is_mobile=is_mobile)
            except ValueError:
                self.add_error(
                    "value",
                    "Enter a UK mobile number, like 07700 900982"
                    if is_mobile
                    else "Enter a UK telephone number, like 01632 960001 or 07700 900982",
                )
        return cleaned


class AddAlias(forms.Form):
    name = text_field(
        label="Other name",
        required_message="Enter the other name the party is known by",
        max_length=250,
    )


NEW_LINK_KINDS = [LinkKind.JOINT_AND_SEVERAL, LinkKind.DIRECTOR, LinkKind.APPOINTEE]
LINK_KIND_LABELS = {
    LinkKind.JOINT_AND_SEVERAL: "Jointly and severally liable with the other party",
    LinkKind.DIRECTOR: "A director of the other party (a company)",
    LinkKind.APPOINTEE: "An appointee or representative for the other party",
}


class LinkParty(forms.Form):
    reference = text_field(
        label="Party reference of the other party",
        required_message="Enter the party reference of the other party",
        max_length=40,
    )
    kind = radio_field(
        label="How is this party linked to the other party?",
        choices=[(k.value, LINK_KIND_LABELS[k]) for k in NEW_LINK_KINDS],
        required_message="Select how the parties are linked",
    )


# --- Correct a name or date of birth ------------------------------------------------------------

EARLIEST_DATE_OF_BIRTH = dt.date(1900, 1, 1)


class CorrectDetails(forms.Form):
    """A person's name and date of birth, or an organisation's name, as they should be."""

    def __init__(self, *args: Any, is_person: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_person = is_person
        if not is_person:
            self.fields["organisation_name"] = text_field(
                label="Organisation name",
                required_message="Enter the organisation name",
                max_length=200,
            )
            return
        self.fields["title"] = text_field(label="Title (optional)", max_length=20)
        self.fields["forenames"] = text_field(
            label="First names", required_message="Enter the first names", max_length=100
        )
        self.fields["surname"] = text_field(
            label="Last name", required_message="Enter the last name", max_length=100
        )
        self.fields["date_of_birth"] = DateField(label="Date of birth", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.is_person:
            not_after_today(self, "date_of_birth")
            born = cleaned.get("date_of_birth")
            if born is not None and born < EARLIEST_DATE_OF_BIRTH:
                self.add_error("date_of_birth", "Date of birth must be after 1 January 1900")
        return cleaned
