"""
What an officer types on the court pages, checked, with GOV.UK error messages: a new court
session, a hearing outcome, and the liability order register's filter.
"""

import datetime as dt
import re
from typing import Any

from django import forms

from arrears.accounts.models import DEBT_TYPE_CHOICES
from arrears.interfaces.web.party_changes.fields import DateField, radio_field
from arrears.recovery.selectors.cases import SessionRoom
from arrears.recovery.services.court import HEARING_OUTCOME_LABELS, HearingOutcome
from arrears.recovery.services.sessions import COURT_NAME_MAX_LENGTH

NOTE_MAX_LENGTH = 300
MAX_CAPACITY = 10_000
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")

OUTCOME_CHOICES = [(outcome.value, HEARING_OUTCOME_LABELS[outcome]) for outcome in HearingOutcome]
OUTCOME_HINTS = {
    HearingOutcome.GRANTED.value: "The liability order costs are added to the account.",
    HearingOutcome.WITHDRAWN.value: "The summons costs are taken off and the case is closed.",
    HearingOutcome.ADJOURNED.value: "The case moves to the later session you choose below.",
    HearingOutcome.PAID_BEFORE_HEARING.value: (
        "The sum and costs were paid or offered before the hearing, so the council may not "
        "proceed (regulation 34(5)). The case is closed."
    ),
}


def session_label(room: SessionRoom) -> str:
    """Return how a session is offered for an adjournment: court, date, time and room left."""
    return (
        f"{room.court_name}, {room.hearing_date.day} {room.hearing_date:%B %Y} at "
        f"{room.hearing_time:%H:%M} ({room.room} place{'s' if room.room != 1 else ''} left)"
    )


class NewSession(forms.Form):
    authority = forms.TypedChoiceField(
        label="Council",
        coerce=int,
        error_messages={
            "required": "Select the council the session is for",
            "invalid_choice": "Select the council the session is for",
        },
    )
    court_name = forms.CharField(
        label="Court",
        max_length=COURT_NAME_MAX_LENGTH,
        strip=True,
        error_messages={
            "required": "Enter the name of the magistrates' court",
            "max_length": f"The court name must be {COURT_NAME_MAX_LENGTH} characters or fewer",
        },
    )
    hearing_date = DateField(label="Hearing date")
    hearing_time = forms.CharField(
        label="Time",
        max_length=5,
        strip=True,
        error_messages={
            "required": "Enter the time the session starts",
            "max_length": "Enter the time like 10:00 or 14:30",
        },
    )
    capacity = forms.IntegerField(
        label="Most summonses the court will hear",
        max_value=MAX_CAPACITY,
        error_messages={
            "required": "Enter the most summonses the court will hear at the session",
            "invalid": "Enter the number of summonses as a whole number, like 150",
            "max_value": f"The court cannot hear more than {MAX_CAPACITY:,} summonses at once",
        },
    )

    def __init__(self, *args: Any, councils: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["authority"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = councils
        if len(councils) == 1:
            field.initial = councils[0][0]

    def clean_hearing_time(self) -> dt.time:
        text = self.cleaned_data["hearing_time"]
        match = _TIME.match(text)
        if match:
            hours, minutes = int(match.group(1)), int(match.group(2))
            if hours < 24 and minutes < 60:
                return dt.time(hours, minutes)
        raise forms.ValidationError("Enter the time like 10:00 or 14:30, using the 24-hour clock")


class Outcome(forms.Form):
    outcome = radio_field(
        label="What did the court decide?",
        choices=OUTCOME_CHOICES,
        required_message="Select what the court decided",
    )
    adjourned_to = forms.TypedChoiceField(
        label="Session the hearing is adjourned to",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Select one of the later sessions listed"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea,
        error_messages={"max_length": f"The note must be {NOTE_MAX_LENGTH} characters or fewer"},
    )
    # Asked on the check page only, when the account still owes something.
    is_paid_confirmed = forms.BooleanField(required=False)

    def __init__(self, *args: Any, sessions: list[SessionRoom], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["adjourned_to"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Choose a session")] + [
            (room.session_id, session_label(room)) for room in sessions
        ]

    def clean_note(self) -> str:
        return " ".join(self.cleaned_data["note"].split())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        outcome = cleaned.get("outcome")
        if outcome == HearingOutcome.ADJOURNED.value and not cleaned.get("adjourned_to"):
            self.add_error("adjourned_to", "Select the court session the hearing is adjourned to")
        if outcome != HearingOutcome.ADJOURNED.value:
            cleaned["adjourned_to"] = None
        return cleaned


ALL_DEBT_TYPES = ""


class OrderFilter(forms.Form):
    from_date = DateField(label="From", required=False)
    to_date = DateField(label="To", required=False)
    debt_type = forms.ChoiceField(
        label="Debt type",
        required=False,
        choices=[(ALL_DEBT_TYPES, "All debt types"), *DEBT_TYPE_CHOICES],
        error_messages={"invalid_choice": "Select a debt type from the list"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("from_date"), cleaned.get("to_date")
        if start and end and end < start:
            self.add_error("to_date", "The ‘to’ date must be the same as or after the ‘from’ date")
        return cleaned
