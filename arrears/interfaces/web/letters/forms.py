"""Forms of the letters pages: the register's filters, releasing a batch key, withdrawing."""

from typing import Any

from django import forms

from arrears.letters.domain.catalogue import LETTER_TEMPLATES
from arrears.letters.models import LetterStatus

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


class RegisterFilter(forms.Form):
    """What the register lists: issue dates (inclusive), letter and status, all optional."""

    date_from = forms.DateField(
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": "Enter the earliest issue date as a real date, like 1/12/2026"},
    )
    date_to = forms.DateField(
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": "Enter the latest issue date as a real date, like 31/12/2026"},
    )
    template = forms.ChoiceField(
        required=False,
        choices=[("", "Any letter")] + [(code, t.title) for code, t in LETTER_TEMPLATES.items()],
    )
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *LetterStatus.choices])
    batch_key = forms.CharField(required=False, max_length=100)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error(
                "date_to", "The latest issue date must be the same as or after the earliest"
            )
        return cleaned


class Release(forms.Form):
    """The batch key whose letters are released to print."""

    batch_key = forms.CharField(
        max_length=100, error_messages={"required": "Choose the letters to release"}
    )


class Withdraw(forms.Form):
    """Why a letter is withdrawn before it is printed."""

    reason = forms.CharField(
        label="Why are you withdrawing this letter?",
        max_length=500,
        error_messages={
            "required": "Enter why you are withdrawing this letter",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )
