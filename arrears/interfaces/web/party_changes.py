"""
Recording and changing a party's details from the party page (issue 2, item 4).

Each page loads the party through `accounts.selectors.party_for_officer` in `load()`, so another
council's party answers 404 for every role, then asks the policy for `Permission.RECORD_MARKER`
(403 without it). A valid form makes one call to `accounts.services`, which writes the rows and
the audit event; a named service exception becomes a GOV.UK error on its field. After a change
the officer goes back to the party page, which shows a success notification banner.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, cast

from django import forms
from django.contrib import messages
from django.core.validators import validate_email
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from arrears.accounts import selectors as accounts_selectors
from arrears.accounts import services
from arrears.accounts.domain.markers import (
    BREATHING_SPACE_TYPE_LABELS,
    INSOLVENCY_TYPE_LABELS,
    MARKER_LABELS,
    VULNERABILITY_CATEGORY_HINTS,
    VULNERABILITY_CATEGORY_LABELS,
    BreathingSpaceType,
    InsolvencyType,
    MarkerKind,
    NoBreathingSpaceScheme,
    VulnerabilityCategory,
)
from arrears.accounts.domain.references import is_full_postcode, normalise_postcode
from arrears.accounts.models import (
    Address,
    AddressKind,
    ContactDetail,
    ContactKind,
    LinkKind,
    Marker,
    Party,
    PartyAlias,
    PartyLink,
)
from arrears.interfaces.web.views import Page
from arrears.kernel import clock
from arrears.staff.domain.policy import Permission

# --- A GOV.UK date input: day, month and year in three boxes -----------------------------------

_DATE_PARTS = ("day", "month", "year")


class DateParts(forms.Widget):
    """Reads `<name>-day`, `<name>-month` and `<name>-year` as one value (a tuple of strings)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> tuple[str, str, str]:
        day, month, year = (str(data.get(f"{name}-{part}", "")).strip() for part in _DATE_PARTS)
        return day, month, year

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in _DATE_PARTS)

    def id_for_label(self, id_: str) -> str:
        # The error summary links to the first box, as the GOV.UK date input pattern asks.
        return f"{id_}-day" if id_ else id_

    def format_value(self, value: Any) -> Any:
        return value


class DateField(forms.Field):
    """A date typed as day, month and year, with the GOV.UK date input's error messages."""

    widget = DateParts

    def __init__(self, *, label: str, required: bool = True, **kwargs: Any) -> None:
        super().__init__(
            label=label,
            required=required,
            error_messages={"required": f"Enter the {label.lower()}"},
            **kwargs,
        )

    def prepare_value(self, value: Any) -> tuple[str, str, str]:
        if isinstance(value, dt.date):
            return str(value.day), str(value.month), str(value.year)
        if isinstance(value, tuple):
            return value
        return "", "", ""

    def to_python(self, value: Any) -> dt.date | None:
        day, month, year = value if isinstance(value, tuple) else ("", "", "")
        if not (day or month or year):
            return None
        name = str(self.label)
        missing = [
            part for part, text in zip(_DATE_PARTS, (day, month, year), strict=True) if not text
        ]
        if missing:
            raise forms.ValidationError(f"{name} must include a {' and a '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{name} must be a real date")
        if len(year) != 4:
            raise forms.ValidationError(f"{name} year must include 4 numbers")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError as error:
            raise forms.ValidationError(f"{name} must be a real date") from error


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _not_after_today(field: forms.Form, name: str) -> None:
    value = field.cleaned_data.get(name)
    if value is not None and value > clock.today():
        label = str(field.fields[name].label)
        field.add_error(name, f"{label} must be today or in the past")


class Radios(forms.RadioSelect):
    """Radios whose field id is the first radio's, so the error summary can link to it."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return id_ if index is None else super().id_for_label(id_, index)


@dataclass(frozen=True)
class Option:
    """One radio: its value, plain-English label and optional hint."""

    value: str
    label: str
    hint: str = ""


def radio_options(field: forms.Field, hints: dict[str, str] | None = None) -> list[Option]:
    """Return a choice field's radios as plain data for `_radios.html`."""
    assert isinstance(field, forms.ChoiceField)
    choices = cast(list[tuple[str, str]], list(field.widget.choices))
    return [
        Option(value=str(value), label=str(label), hint=(hints or {}).get(str(value), ""))
        for value, label in choices
    ]


def _radios(
    *, label: str, choices: list[tuple[str, str]], required_message: str
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=Radios,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


def _text(
    *, label: str, required_message: str = "", max_length: int, textarea: bool = False
) -> forms.CharField:
    too_long = f"{label} must be {max_length} characters or fewer"
    return forms.CharField(
        label=label,
        required=bool(required_message),
        max_length=max_length,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput,
        error_messages={"required": required_message, "max_length": too_long},
    )


# --- Record a marker -----------------------------------------------------------------------------


class ChooseMarkerKind(forms.Form):
    """Which kind of marker to record; the next step asks for that kind's own details."""

    kind = _radios(
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
                _radios(
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
                _text(
                    label="Detail",
                    required_message="Enter the detail of the vulnerability",
                    max_length=2000,
                    textarea=True,
                ),
                "What it is, and how staff should adjust what they do",
            ),
            "source": _Field(
                _text(
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
                _text(
                    label="Detail",
                    required_message="Enter the detail of the risk",
                    max_length=2000,
                    textarea=True,
                ),
                "Field staff see this before any visit or call; for example 'Dog on premises'",
            ),
            "source": _Field(_text(label="Source (optional)", max_length=100), "How we know"),
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
                _text(
                    label="Source",
                    required_message="Enter the source: how we know the person has died",
                    max_length=100,
                ),
                "For example a death certificate, Tell Us Once or a relative",
            ),
            "detail": _Field(
                _text(label="Detail (optional)", max_length=2000, textarea=True),
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
                _text(label="Source (optional)", max_length=100),
                "For example returned mail or a visit",
            ),
            "detail": _Field(_text(label="Detail (optional)", max_length=2000, textarea=True)),
        }
    if kind is MarkerKind.INSOLVENCY:
        return {
            "category": _Field(
                _radios(
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
                _text(label="Practitioner name (optional)", max_length=200),
                "The insolvency practitioner or official receiver; leave blank for a debt relief "
                "order",
            ),
            "source": _Field(
                _text(label="Source (optional)", max_length=100),
                "For example the Insolvency Register or the London Gazette",
            ),
            "detail": _Field(_text(label="Detail (optional)", max_length=2000, textarea=True)),
        }
    if kind is MarkerKind.BREATHING_SPACE:
        return {
            "category": _Field(
                _radios(
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
                _text(label="Source (optional)", max_length=100),
                "For example the Insolvency Service notification and its reference",
            ),
            "detail": _Field(_text(label="Detail (optional)", max_length=2000, textarea=True)),
        }
    return {
        "detail": _Field(
            _text(
                label="Reason",
                required_message="Enter the reason the address is confidential",
                max_length=2000,
                textarea=True,
            ),
            "For example a refuge, or a court order",
        ),
        "source": _Field(_text(label="Source (optional)", max_length=100), "How we know"),
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
        _not_after_today(self, "start_date")
        start_date, review_date = cleaned.get("start_date"), cleaned.get("review_date")
        if start_date and review_date and review_date < start_date:
            self.add_error(
                "review_date",
                f"Review date must be the same as or after the start date, "
                f"{_long_date(start_date)}",
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
                f"{_long_date(self.start_date)}"
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
    kind = _radios(
        label="What kind of address is it?",
        choices=[(k.value, k.label) for k in NEW_ADDRESS_KINDS],
        required_message="Select what kind of address it is",
    )
    line_1 = _text(
        label="Address line 1",
        required_message="Enter address line 1, typically the building and street",
        max_length=100,
    )
    line_2 = _text(label="Address line 2 (optional)", max_length=100)
    line_3 = _text(label="Address line 3 (optional)", max_length=100)
    town = _text(label="Town or city", required_message="Enter the town or city", max_length=60)
    postcode = _text(label="Postcode", required_message="Enter the postcode", max_length=10)
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
    kind = _radios(
        label="What kind of contact detail is it?",
        choices=[(k.value, k.label) for k in ContactKind],
        required_message="Select telephone, mobile or email",
    )
    value = _text(
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
    name = _text(
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
    reference = _text(
        label="Party reference of the other party",
        required_message="Enter the party reference of the other party",
        max_length=40,
    )
    kind = _radios(
        label="How is this party linked to the other party?",
        choices=[(k.value, LINK_KIND_LABELS[k]) for k in NEW_LINK_KINDS],
        required_message="Select how the parties are linked",
    )


# --- Pages -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyHeading:
    """The party a change page is about, as plain data for its caption and back link."""

    party_id: int
    reference: str
    display_name: str
    href: str


class PartyChange(Page):
    """A page that changes one party: loads it for the officer, then one service call."""

    permission = Permission.RECORD_MARKER
    heading: ClassVar[str] = ""
    section: ClassVar[str] = ""  # the party page's section to return to
    # The named service exceptions `explain` turns into form errors.
    expected_errors: ClassVar[tuple[type[Exception], ...]] = ()
    party: Party

    def load(self) -> None:
        try:
            self.party = accounts_selectors.party_for_officer(
                officer=self.officer, party_id=self.kwargs["party_id"]
            )
        except Party.DoesNotExist as error:
            raise Http404("No such party") from error

    def make_form(self, data: Any = None) -> forms.Form:
        raise NotImplementedError

    def save(self, form: forms.Form) -> str:
        """Make the one service call; return the success message. May raise a named error."""
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.make_form())
        context["party"] = PartyHeading(
            party_id=self.party.pk,
            reference=self.party.reference,
            display_name=self.party.display_name,
            href=reverse("web:party", kwargs={"party_id": self.party.pk}),
        )
        context["heading"] = self.heading
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                message = self.save(form)
            except self.expected_errors as error:
                self.explain(form, error)
            else:
                messages.success(request, message)
                party_url = reverse("web:party", kwargs={"party_id": self.party.pk})
                return HttpResponseRedirect(f"{party_url}#{self.section}")
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def explain(self, form: forms.Form, error: Exception) -> None:
        """Turn one of `expected_errors` into an error on the field it is about."""
        raise error


class MarkerRecord(PartyChange):
    """Record a marker: first choose its kind, then give that kind's own details."""

    template_name = "web/party_changes/marker_record.html"
    section = "markers"
    expected_errors = (NoBreathingSpaceScheme,)

    def _kind(self, data: Any) -> MarkerKind | None:
        try:
            return MarkerKind(data.get("kind", ""))
        except ValueError:
            return None

    def make_form(self, data: Any = None) -> forms.Form:
        kind = self._kind(data if data is not None else self.request.GET)
        if kind is None:
            # Radios send nothing when none is chosen; the hidden `step` says the form was sent.
            is_sent = "kind" in self.request.GET or "step" in self.request.GET
            chooser_data = self.request.GET if is_sent else None
            return ChooseMarkerKind(chooser_data)
        initial = (
            {}
            if kind in (MarkerKind.DECEASED, MarkerKind.INSOLVENCY)
            else {"start_date": clock.today()}
        )
        return RecordMarker(data, kind=kind, initial=initial)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if isinstance(form, RecordMarker):
            context["kind"] = form.kind.value
            context["heading"] = MARKER_HEADINGS[form.kind]
            context["fields"] = [
                {
                    "field": form[name],
                    "hint": form.hints[name],
                    "options": (
                        radio_options(field, form.choice_hints[name])
                        if isinstance(field, forms.ChoiceField)
                        else []
                    ),
                }
                for name, field in form.fields.items()
            ]
        else:
            context["heading"] = "Record a marker"
            context["options"] = radio_options(
                form.fields["kind"], {k.value: MARKER_KIND_HINTS[k] for k in MarkerKind}
            )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self._kind(request.POST) is None:
            form = ChooseMarkerKind(request.POST)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return super().post(request, *args, **kwargs)

    def save(self, form: forms.Form) -> str:
        assert isinstance(form, RecordMarker)
        data = form.cleaned_data
        if form.kind is MarkerKind.BREATHING_SPACE:
            marker = services.record_breathing_space(
                party=self.party,
                breathing_space_type=BreathingSpaceType(data["category"]),
                start_date=data["start_date"],
                source=data.get("source", ""),
                detail=data.get("detail", ""),
                actor=self.actor,
            )
        else:
            marker = services.record_marker(
                party=self.party,
                kind=form.kind,
                start_date=data["start_date"],
                category=data.get("category", ""),
                detail=data.get("detail", ""),
                source=data.get("source", ""),
                practitioner=data.get("practitioner", ""),
                review_date=data.get("review_date"),
                actor=self.actor,
            )
        label = MARKER_LABELS[form.kind]
        until = f" to {_long_date(marker.end_date)}" if marker.end_date else ""
        return f"{label} recorded, from {_long_date(marker.start_date)}{until}"

    def explain(self, form: forms.Form, error: Exception) -> None:
        form.add_error(
            "start_date", "Start date must be on or after 4 May 2021, when the scheme began"
        )


class MarkerEnd(PartyChange):
    """End one of the party's markers; its history stays on the party page."""

    template_name = "web/party_changes/marker_end.html"
    section = "markers"
    expected_errors = (services.MarkerAlreadyEnded,)
    marker: Marker

    def load(self) -> None:
        super().load()
        try:
            # The party was found through the officer's access check; the marker must be its own.
            self.marker = self.party.markers.get(pk=self.kwargs["marker_id"])
        except Marker.DoesNotExist as error:
            raise Http404("No such marker") from error

    def make_form(self, data: Any = None) -> forms.Form:
        return EndMarker(
            data, start_date=self.marker.start_date, initial={"end_date": clock.today()}
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kind = MarkerKind(self.marker.kind)
        context["heading"] = f"End marker: {MARKER_LABELS[kind]}"
        context["marker"] = {
            "label": MARKER_LABELS[kind],
            "category": self.marker.category.replace("_", " ").capitalize(),
            "detail": self.marker.detail,
            "start_date": self.marker.start_date,
            "end_date": self.marker.end_date,
        }
        return context

    def save(self, form: forms.Form) -> str:
        marker = services.cut_marker_short(
            marker=self.marker,
            end_date=form.cleaned_data["end_date"],
            as_of=clock.today(),
            actor=self.actor,
        )
        assert marker.end_date is not None
        label = MARKER_LABELS[MarkerKind(marker.kind)]
        return f"{label} marker ended on {_long_date(marker.end_date)}"

    def explain(self, form: forms.Form, error: Exception) -> None:
        if self.marker.end_date and self.marker.end_date >= clock.today():
            ends = f"This marker already ends on {_long_date(self.marker.end_date)}"
            form.add_error("end_date", f"{ends}; enter an earlier end date")
        else:
            form.add_error("end_date", "This marker has already ended")


class AddressAdd(PartyChange):
    """Add a current, forwarding or correspondence address, with its coordinates if known."""

    template_name = "web/party_changes/address_add.html"
    heading = "Add an address"
    section = "addresses"

    def make_form(self, data: Any = None) -> forms.Form:
        return AddAddress(data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["options"] = radio_options(
            context["form"].fields["kind"],
            {k.value: ADDRESS_KIND_HINTS[k] for k in NEW_ADDRESS_KINDS},
        )
        return context

    def save(self, form: forms.Form) -> str:
        data = form.cleaned_data
        address: Address = services.add_address(
            party=self.party,
            kind=AddressKind(data["kind"]),
            line_1=data["line_1"],
            line_2=data["line_2"],
            line_3=data["line_3"],
            town=data["town"],
            postcode=data["postcode"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            from_date=data["from_date"],
            actor=self.actor,
        )
        return f"{AddressKind(address.kind).label} address added: {address}"


class ContactAdd(PartyChange):
    """Add a telephone number, mobile number or email address."""

    template_name = "web/party_changes/contact_add.html"
    heading = "Add contact details"
    section = "contacts"

    def make_form(self, data: Any = None) -> forms.Form:
        return AddContact(data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["options"] = radio_options(context["form"].fields["kind"])
        return context

    def save(self, form: forms.Form) -> str:
        data = form.cleaned_data
        contact: ContactDetail = services.record_contact(
            party=self.party,
            kind=ContactKind(data["kind"]),
            value=data["value"],
            is_preferred=data["is_preferred"],
            actor=self.actor,
        )
        preferred = " as the preferred contact" if contact.is_preferred else ""
        return f"{ContactKind(contact.kind).label} added{preferred}: {contact.value}"


class AliasAdd(PartyChange):
    """Add another name the party is or was known by."""

    template_name = "web/party_changes/alias_add.html"
    heading = "Add another name"
    section = "main-content"

    def make_form(self, data: Any = None) -> forms.Form:
        return AddAlias(data)

    def save(self, form: forms.Form) -> str:
        alias: PartyAlias = services.add_alias(
            party=self.party, name=form.cleaned_data["name"], actor=self.actor
        )
        return f"Other name added: {alias.name}"


class LinkAdd(PartyChange):
    """Link the party to another party of the same council, found by its party reference."""

    template_name = "web/party_changes/link_add.html"
    heading = "Link to another party"
    section = "links"
    # A reference at another council reads exactly like a missing one (ADR 0004).
    messages: ClassVar[dict[type[Exception], str]] = {
        services.NoSuchParty: "No party with that reference",
        services.LinkToSelf: "Enter the reference of a different party",
        services.PartiesAlreadyLinked: "These parties are already linked in this way",
    }
    expected_errors = tuple(messages)

    def make_form(self, data: Any = None) -> forms.Form:
        return LinkParty(data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["options"] = radio_options(context["form"].fields["kind"])
        return context

    def save(self, form: forms.Form) -> str:
        link: PartyLink = services.link_party_by_reference(
            from_party=self.party,
            to_reference=form.cleaned_data["reference"],
            kind=LinkKind(form.cleaned_data["kind"]),
            actor=self.actor,
        )
        return f"Linked to {link.to_party.display_name} ({link.to_party.reference})"

    def explain(self, form: forms.Form, error: Exception) -> None:
        form.add_error("reference", self.messages[type(error)])
