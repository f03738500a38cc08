"""GOV.UK form fields for the party change pages: the date input (day, month, year) and radios."""

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django import forms

from arrears.kernel import clock

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


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def not_after_today(field: forms.Form, name: str) -> None:
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


def radio_field(
    *, label: str, choices: list[tuple[str, str]], required_message: str
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=Radios,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


def text_field(
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
